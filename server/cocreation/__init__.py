"""Co-creation over HTTP: groups, tasks and claims as pages and as the JSON API."""

from __future__ import annotations

from starlette.routing import Mount, Route

from participation.i18n import lazy
from server.cocreation import api, official, pages, workspace
from server.web import NavLink, Section

navigation = [NavLink("tasks:index", lazy("Tasks"), prefix="/tasks")]
home_sections = [Section("cocreation/_home.html", pages.home_section)]
account_sections = [Section("cocreation/_account.html", pages.account_section)]

routes = [
    Route("/tasks", pages.index, name="tasks:index"),
    Route("/tasks/results.{format:str}", pages.open_data, name="tasks:open_data"),
    Mount(
        "/tasks",
        name="tasks",
        routes=[
            Route("/new", official.new_task, methods=["GET", "POST"], name="new"),
            Route("/{id:int}", pages.task_detail, name="detail"),
            Route("/{id:int}/claims", pages.claim, methods=["POST"], name="claim"),
            Route("/{id:int}/publish", official.publish, methods=["POST"], name="publish"),
            Route("/{id:int}/withdraw", official.withdraw, methods=["POST"], name="withdraw"),
        ],
    ),
    Mount(
        "/groups",
        name="groups",
        routes=[
            Route("/new", pages.new_group, methods=["GET", "POST"], name="new"),
            Route("/join", pages.join, methods=["GET", "POST"], name="join"),
            Route("/{id:int}", pages.group_detail, name="detail"),
            Route("/{id:int}/invites", pages.create_invite, methods=["POST"], name="invite"),
            Route("/{id:int}/invites/{invite:int}/revoke", pages.revoke_invite, methods=["POST"], name="revoke"),
            Route("/{id:int}/leave", pages.leave, methods=["POST"], name="leave"),
            Route("/{id:int}/requests", pages.ask_to_join, methods=["POST"], name="ask"),
            Route("/{id:int}/requests/withdraw", pages.withdraw_request, methods=["POST"], name="withdraw_request"),
            Route("/{id:int}/requests/{request:int}", pages.answer_request, methods=["POST"], name="answer_request"),
            Route(
                "/{id:int}/members/{member:int}/coordinator",
                pages.make_coordinator,
                methods=["POST"],
                name="make_coordinator",
            ),
            Route("/{id:int}/members/{member:int}/remove", pages.remove_member, methods=["POST"], name="remove"),
        ],
    ),
    Mount(
        "/claims",
        name="claims",
        routes=[
            Route("/{id:int}", workspace.page, name="workspace"),
            Route("/{id:int}/release", pages.release, methods=["POST"], name="release"),
            Route("/{id:int}/document", workspace.save, methods=["POST"], name="save"),
            Route("/{id:int}/diff", workspace.diff, name="diff"),
            Route("/{id:int}/go", workspace.go, methods=["POST"], name="go"),
            Route("/{id:int}/comments", workspace.comment, methods=["POST"], name="comment"),
            Route("/{id:int}/checklist", workspace.add_item, methods=["POST"], name="add_item"),
            Route("/{id:int}/checklist/{item:int}/take", workspace.take_item, methods=["POST"], name="take_item"),
            Route("/{id:int}/checklist/{item:int}/tick", workspace.tick_item, methods=["POST"], name="tick_item"),
            Route("/{id:int}/draft/discard", workspace.discard, methods=["POST"], name="discard"),
            Route("/{id:int}/report", workspace.report, methods=["POST"], name="report"),
            Route("/{id:int}/submit", workspace.submit, methods=["POST"], name="submit"),
            Route("/{id:int}/review", workspace.review, methods=["POST"], name="review"),
        ],
    ),
]

api_routes = [
    Route("/groups", api.form_group, methods=["POST"]),
    Route("/groups/join", api.join_group, methods=["POST"]),
    Route("/groups/{id:int}", api.get_group, methods=["GET"]),
    Route("/groups/{id:int}/invites", api.create_invite, methods=["POST"]),
    Route("/tasks", api.list_tasks, methods=["GET"]),
    Route("/tasks", api.create_task, methods=["POST"]),
    Route("/tasks/{id:int}", api.get_task, methods=["GET"]),
    Route("/tasks/{id:int}/publish", api.publish_task, methods=["POST"]),
    Route("/tasks/{id:int}/claims", api.claim_task, methods=["POST"]),
    Route("/claims/{id:int}/document", api.get_document, methods=["GET"]),
    Route("/claims/{id:int}/document", api.put_document, methods=["PUT"]),
    Route("/claims/{id:int}/comments", api.list_comments, methods=["GET"]),
    Route("/claims/{id:int}/comments", api.post_comment, methods=["POST"]),
    Route("/claims/{id:int}/checklist", api.list_checklist, methods=["GET"]),
    Route("/claims/{id:int}/checklist", api.add_item, methods=["POST"]),
    Route("/claims/{id:int}/checklist/{item:int}/take", api.take_item, methods=["POST"]),
    Route("/claims/{id:int}/checklist/{item:int}/done", api.mark_item, methods=["PUT"]),
    Route("/claims/{id:int}/submit", api.submit_claim, methods=["POST"]),
    Route("/claims/{id:int}/review", api.review_claim, methods=["POST"]),
]
