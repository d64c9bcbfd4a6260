"""Webcare over HTTP: the sources (admins), the inbox and conversations (officials), the JSON API."""

from __future__ import annotations

from starlette.routing import Mount, Route

from participation.i18n import lazy
from participation.webcare import addresses, protection
from server.web import NavLink, Section
from server.webcare import api, dashboard, pages, replies

navigation = [
    NavLink("webcare:inbox", lazy("Webcare"), prefix="/webcare", role="official"),
    NavLink("webcare:sources", lazy("Sources"), prefix="/webcare/sources", role="admin"),
]
home_sections: list = []
# The outgoing HTTP client (server/app.py builds it): it connects only to the address it checked.
http_client = addresses.client


def configure(settings) -> None:
    """At start (the app, the monitor): the key that seals source tokens, and whether private addresses may be
    polled (ALLOW_PRIVATE_SOURCE_ADDRESSES)."""
    protection.configure(
        secret_key=settings.secret_key, allow_private_addresses=settings.allow_private_source_addresses
    )


account_sections: list = []
# On a consultation's results page, for officials: the monitored posts that match it.
result_sections = [Section("webcare/_listening.html", dashboard.listening_section)]

routes = [
    Route("/webcare", pages.inbox, name="webcare:inbox"),
    Mount(
        "/webcare",
        name="webcare",
        routes=[
            Route("/dashboard", dashboard.dashboard_page, name="dashboard"),
            Route("/sources", pages.sources, methods=["GET", "POST"], name="sources"),
            Route("/sources/{id:int}/poll", pages.poll, methods=["POST"], name="poll"),
            Route("/conversations/{id:int}", pages.conversation, name="conversation"),
            Route("/conversations/{id:int}/assign", pages.assign, methods=["POST"], name="assign"),
            Route("/conversations/{id:int}/status", pages.set_status, methods=["POST"], name="status"),
            Route("/conversations/{id:int}/notes", pages.add_note, methods=["POST"], name="note"),
            Route("/conversations/{id:int}/replies", pages.reply, methods=["POST"], name="reply"),
            Route("/conversations/{id:int}/template", replies.use_template, methods=["POST"], name="use_template"),
            Route("/replies/{id:int}/approve", replies.approve, methods=["POST"], name="approve"),
            Route("/replies/{id:int}/return", replies.send_back, methods=["POST"], name="send_back"),
            Route("/templates", replies.templates, methods=["GET", "POST"], name="templates"),
            Route("/templates/{id:int}", replies.template, methods=["GET", "POST"], name="template"),
            Route("/templates/{id:int}/delete", replies.delete_template, methods=["POST"], name="template_delete"),
        ],
    ),
]

api_routes = [
    Route("/sources", api.create_source, methods=["POST"]),
    Route("/sources", api.list_sources, methods=["GET"]),
    Route("/sources/{id:int}", api.get_source, methods=["GET"]),
    Route("/sources/{id:int}/poll", api.poll_source, methods=["POST"]),
    Route("/webcare/conversations", api.list_conversations, methods=["GET"]),
    Route("/webcare/conversations/{id:int}", api.get_conversation, methods=["GET"]),
    Route("/webcare/conversations/{id:int}/replies", api.create_reply, methods=["POST"]),
]
