"""Moderation over HTTP: reporting content (pages and API), the moderators' queue and their decisions."""

from __future__ import annotations

from starlette.routing import Mount, Route

from participation.i18n import lazy
from participation.moderation import services
from server.moderation import api, pages, transparency
from server.web import NavLink, Section


async def _waiting(user: object) -> int:
    return await services.waiting_count()


navigation = [NavLink("moderation:queue", lazy("Moderation"), prefix="/moderation", role="moderator", count=_waiting)]
home_sections: list = []
account_sections = [Section("moderation/_account.html", pages.account_section)]
# The moderation figures on the shared /transparency page.
transparency_sections = [Section("moderation/_transparency.html", transparency.section)]

routes = [
    Route("/moderation", pages.queue, name="moderation:queue"),
    Route("/transparency/moderation.{format:str}", transparency.open_data, name="moderation:open_data"),
    Mount(
        "/moderation",
        name="moderation",
        routes=[
            Route("/reports", pages.report, methods=["POST"], name="report"),
            Route("/word-lists", pages.word_lists, methods=["GET", "POST"], name="word_lists"),
            Route("/decisions", pages.decide, methods=["POST"], name="decide"),
            Route("/restrictions", pages.restrict, methods=["POST"], name="restrict"),
            Route("/decisions/{id:int}", pages.decision, name="decision"),
            Route("/decisions/{id:int}/appeal", pages.appeal, methods=["POST"], name="appeal"),
            Route("/statements.{format:str}", pages.statements_of_reasons, name="statements"),
            Route("/alerts", pages.choose_alerts, methods=["POST"], name="alerts"),
        ],
    ),
]

api_routes = [
    Route("/reports", api.report, methods=["POST"]),
    Route("/moderation/queue", api.queue, methods=["GET"]),
    Route("/moderation/decisions", api.decide, methods=["POST"]),
    Route("/moderation/decisions/{id:int}/appeal", api.appeal, methods=["POST"]),
]
