"""Who may use what: every route of the app × anonymous, citizen, official, moderator, admin.

The matrix is checked against `app.routes` (pages and /api/v1, Mounts walked; /static left out): a route
without an entry fails `test_every_route_has_an_entry_in_the_matrix`, so no route escapes it. Each entry
lists one or more cases (a concrete URL on real objects: a draft, an open and a closed consultation) with
the outcome for each role: a status code, or LOGIN for a redirect to the sign-in page."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from starlette.routing import Mount, Route

from participation.accounts import services as accounts
from participation.accounts.models import User
from participation.notifications.models import Notification
from tests.support.cocreation import matrix_world
from tests.support.consultation_pages import answer_park, park_in
from tests.support.web import PASSWORD, csrf_from, make_user, post_form, sign_in, token_for
from tests.support.webcare import webcare_matrix_world

ROLES = ["anonymous", "citizen", "official", "moderator", "admin"]
LOGIN = "login"  # 303 to /login?next=…
_counter = itertools.count()


def expect(anonymous, citizen, official, moderator, admin) -> dict[str, int | str]:
    return dict(zip(ROLES, (anonymous, citizen, official, moderator, admin), strict=True))


def everyone(outcome: int | str) -> dict[str, int | str]:
    return expect(outcome, outcome, outcome, outcome, outcome)


ALL_200 = everyone(200)
SIGNED_IN = expect(LOGIN, 200, 200, 200, 200)
OFFICIALS = expect(LOGIN, 403, 200, 403, 403)
OFFICIALS_ACT = expect(LOGIN, 403, 303, 403, 403)
PARTICIPANTS_ACT = expect(LOGIN, 303, 303, 303, 303)
# A draft is not there for anyone but officials.
DRAFT_PAGE = expect(404, 404, 200, 404, 404)
API_SIGNED_IN = expect(401, 200, 200, 200, 200)
API_OFFICIALS = expect(401, 403, 200, 403, 403)
MODERATORS = expect(LOGIN, 403, 403, 200, 403)
API_MODERATORS = expect(401, 403, 403, 200, 403)


@dataclass(frozen=True)
class Case:
    """One request: `url` with placeholders filled from the world (see `build_world`), a form or JSON body."""

    url: str
    expected: dict[str, int | str]
    data: dict | None = None


CONSULTATION_FORM = {"title": "Een nieuw plein", "summary": "Wat wil je op het plein?", "body": "Het plein."}
CONSULTATION_JSON = {
    **CONSULTATION_FORM,
    "questions": [{"kind": "text", "prompt": "Wat wil je op het plein?", "required": False}],
}

TASK_FORM = {
    "title": "Een plan voor het park",
    "description": "Wat moet er anders?",
    "deliverable": "Een plan.",
    "due_at": "2099-06-01T17:00",
}
TASK_JSON = {**TASK_FORM, "due_at": "2099-06-01T17:00:00+02:00"}

# Objects in the world, each made in the state named. The first three are only read; each of the others is
# changed by the one case that names it, so no case sees another's change.
PARKS = {
    "draft": "draft",
    "open": "open",
    "closed": "closed",
    "edited": "draft",
    "to_open": "draft",
    "to_close": "open",
    "to_decide": "closed",
    "decided": "decided",
    "api_draft": "draft",
    "api_open": "open",
    "api_to_open": "draft",
    "api_to_close": "open",
    "api_to_decide": "closed",
    "moderated": "closed",
}

# (method, route path as the app declares it) -> cases. Pages are visited with the session, the API with a
# token. Entries run in this order; signing out comes last.
MATRIX: dict[tuple[str, str], list[Case]] = {
    # --- shared pages ---
    ("GET", "/"): [Case("/", ALL_200)],
    ("GET", "/transparency"): [Case("/transparency", ALL_200)],
    ("POST", "/language"): [Case("/language", everyone(303), {"lang": "en", "next": "/"})],
    ("GET", "/healthz"): [Case("/healthz", ALL_200)],
    # --- accounts ---
    ("GET", "/login"): [Case("/login", ALL_200)],
    # A wrong password: the form again, whoever sends it (and nobody's session changes).
    ("POST", "/login"): [Case("/login", everyone(400), {"email": "nobody@example.nl", "password": "wrong"})],
    ("GET", "/register"): [Case("/register", ALL_200)],
    ("POST", "/register"): [Case("/register", everyone(422), {"email": "", "password": "", "display_name": ""})],
    ("GET", "/account"): [Case("/account", SIGNED_IN)],
    ("GET", "/account/confirm/{token}"): [Case("/account/confirm/not-a-token", everyone(303))],
    ("GET", "/login/link"): [Case("/login/link", ALL_200)],
    ("POST", "/login/link"): [Case("/login/link", everyone(303), {"email": "nobody@example.nl"})],
    ("GET", "/login/link/{token}"): [Case("/login/link/not-a-token", everyone(400))],
    ("POST", "/login/link/{token}"): [Case("/login/link/not-a-token", everyone(400), {})],
    ("GET", "/account/forgot"): [Case("/account/forgot", ALL_200)],
    ("POST", "/account/forgot"): [Case("/account/forgot", everyone(303), {"email": "nobody@example.nl"})],
    ("GET", "/account/reset/{token}"): [Case("/account/reset/not-a-token", everyone(400))],
    ("POST", "/account/reset/{token}"): [Case("/account/reset/not-a-token", everyone(422), {"password": PASSWORD})],
    ("POST", "/account/profile"): [
        Case("/account/profile", expect(LOGIN, 303, 303, 303, 303), {"display_name": "Zelf", "language": "en"})
    ],
    # A wrong current password: the account page with the message, the password unchanged.
    ("POST", "/account/password"): [
        Case(
            "/account/password",
            expect(LOGIN, 422, 422, 422, 422),
            {"current_password": "wrong", "new_password": "a new long password"},
        )
    ],
    ("POST", "/account/tokens"): [Case("/account/tokens", expect(LOGIN, 303, 303, 303, 303), {"name": "script"})],
    ("GET", "/account/tokens/new"): [Case("/account/tokens/new", SIGNED_IN)],
    ("POST", "/account/tokens/{id:int}/revoke"): [
        Case("/account/tokens/{token}/revoke", expect(LOGIN, 303, 303, 303, 303), {})
    ],
    ("POST", "/account/preferences"): [Case("/account/preferences", PARTICIPANTS_ACT, {"email": "decision"})],
    ("POST", "/account/notifications/read"): [Case("/account/notifications/read", PARTICIPANTS_ACT, {})],
    ("GET", "/account/my-data"): [Case("/account/my-data", SIGNED_IN)],
    # A wrong password: nothing is deleted.
    ("POST", "/account/delete"): [Case("/account/delete", expect(LOGIN, 422, 422, 422, 422), {"password": "wrong"})],
    ("GET", "/admin/accounts"): [Case("/admin/accounts", expect(LOGIN, 403, 403, 403, 200))],
    ("POST", "/admin/accounts/{id:int}/roles"): [
        Case("/admin/accounts/{target}/roles", expect(LOGIN, 403, 403, 403, 303), {"roles": "moderator"})
    ],
    # --- consultations: participants ---
    ("GET", "/consultations"): [
        Case("/consultations", ALL_200),
        Case("/consultations?status=draft", expect(422, 422, 200, 422, 422)),
    ],
    ("GET", "/consultations/{id:int}"): [
        Case("/consultations/{draft}", DRAFT_PAGE),
        Case("/consultations/{open}", ALL_200),
        Case("/consultations/{closed}", ALL_200),
    ],
    ("POST", "/consultations/{id:int}/response"): [
        Case("/consultations/{draft}/response", expect(LOGIN, 404, 409, 404, 404), {"q{draft_text}": "Bomen"}),
        Case("/consultations/{open}/response", PARTICIPANTS_ACT, {"q{open_text}": "Bomen"}),
        Case("/consultations/{closed}/response", expect(LOGIN, 409, 409, 409, 409), {"q{closed_text}": "Bomen"}),
    ],
    ("POST", "/consultations/{id:int}/statements/{statement:int}/vote"): [
        Case("/consultations/{open}/statements/{open_statement}/vote", PARTICIPANTS_ACT, {"vote": "agree"}),
    ],
    ("POST", "/consultations/{id:int}/statements/{statement:int}/report"): [
        Case(
            "/consultations/{open}/statements/{open_statement}/report",
            PARTICIPANTS_ACT,
            {},
        ),
    ],
    ("POST", "/consultations/{id:int}/questions/{question:int}/statements"): [
        Case(
            "/consultations/{open}/questions/{open_statements}/statements",
            PARTICIPANTS_ACT,
            {"text": "Meer bankjes in de schaduw"},
        ),
        Case(
            "/consultations/{closed}/questions/{closed_statements}/statements",
            expect(LOGIN, 409, 409, 409, 409),
            {"text": "Meer bankjes in de schaduw"},
        ),
    ],
    ("GET", "/consultations/{id:int}/results"): [
        Case("/consultations/{draft}/results", DRAFT_PAGE),
        Case("/consultations/{open}/results", expect(403, 403, 200, 403, 403)),
        Case("/consultations/{closed}/results", ALL_200),
    ],
    ("GET", "/consultations/{id:int}/results/questions/{question:int}/answers"): [
        Case("/consultations/{open}/results/questions/{open_text}/answers", expect(403, 403, 200, 403, 403)),
        Case("/consultations/{closed}/results/questions/{closed_text}/answers", ALL_200),
    ],
    ("GET", "/consultations/{id:int}/export/results.{format:str}"): [
        Case("/consultations/{open}/export/results.csv", expect(403, 403, 200, 403, 403)),
        Case("/consultations/{closed}/export/results.csv", ALL_200),
        Case("/consultations/{closed}/export/results.json", ALL_200),
    ],
    # --- consultations: officials ---
    ("GET", "/consultations/new"): [Case("/consultations/new", OFFICIALS)],
    ("POST", "/consultations/new"): [Case("/consultations/new", OFFICIALS_ACT, CONSULTATION_FORM)],
    ("GET", "/consultations/{id:int}/edit"): [
        Case("/consultations/{draft}/edit", OFFICIALS),
        Case("/consultations/{open}/edit", OFFICIALS),
    ],
    ("POST", "/consultations/{id:int}/edit"): [Case("/consultations/{edited}/edit", OFFICIALS_ACT, CONSULTATION_FORM)],
    ("POST", "/consultations/{id:int}/questions"): [
        Case("/consultations/{edited}/questions", OFFICIALS_ACT, {"kind": "text", "prompt": "Nog iets?"})
    ],
    ("POST", "/consultations/{id:int}/questions/{question:int}/edit"): [
        Case(
            "/consultations/{edited}/questions/{edited_text}/edit",
            OFFICIALS_ACT,
            {"kind": "text", "prompt": "Wat mis je in het park?"},
        )
    ],
    ("GET", "/consultations/{id:int}/questions/{question:int}/remove"): [
        Case("/consultations/{edited}/questions/{edited_scale}/remove", OFFICIALS)
    ],
    ("POST", "/consultations/{id:int}/questions/{question:int}/remove"): [
        Case("/consultations/{edited}/questions/{edited_scale}/remove", OFFICIALS_ACT, {})
    ],
    ("POST", "/consultations/{id:int}/questions/{question:int}/move"): [
        Case("/consultations/{edited}/questions/{edited_single}/move", OFFICIALS_ACT, {"direction": "up"})
    ],
    ("GET", "/consultations/{id:int}/preview"): [Case("/consultations/{draft}/preview", OFFICIALS)],
    ("GET", "/consultations/{id:int}/open"): [Case("/consultations/{to_open}/open", OFFICIALS)],
    ("POST", "/consultations/{id:int}/open"): [Case("/consultations/{to_open}/open", OFFICIALS_ACT, {})],
    ("GET", "/consultations/{id:int}/close"): [Case("/consultations/{to_close}/close", OFFICIALS)],
    ("POST", "/consultations/{id:int}/close"): [Case("/consultations/{to_close}/close", OFFICIALS_ACT, {})],
    ("GET", "/consultations/{id:int}/decision"): [Case("/consultations/{closed}/decision", OFFICIALS)],
    ("GET", "/consultations/{id:int}/decision/correct"): [
        Case("/consultations/{decided}/decision/correct", OFFICIALS),
        Case("/consultations/{closed}/decision/correct", expect(LOGIN, 403, 404, 403, 403)),
    ],
    ("POST", "/consultations/{id:int}/decision/correct"): [
        Case("/consultations/{decided}/decision/correct", OFFICIALS_ACT, {"summary": "Er komt een plein, geen park."}),
        Case("/consultations/{closed}/decision/correct", expect(LOGIN, 403, 404, 403, 403), {"summary": "Te vroeg."}),
    ],
    ("POST", "/consultations/{id:int}/decision"): [
        Case(
            "/consultations/{to_decide}/decision",
            OFFICIALS_ACT,
            {"summary": "We leggen een plein aan.", "publish": "yes"},
        ),
        Case("/consultations/{open}/decision", expect(LOGIN, 403, 409, 403, 403), {"summary": "Te vroeg."}),
    ],
    ("GET", "/consultations/{id:int}/export/responses.{format:str}"): [
        Case("/consultations/{closed}/export/responses.csv", OFFICIALS),
        Case("/consultations/{closed}/export/responses.json", OFFICIALS),
        Case("/consultations/{closed}/export/responses.xml", expect(LOGIN, 403, 404, 403, 403)),
    ],
    # --- the JSON API ---
    ("GET", "/api/openapi.json"): [Case("/api/openapi.json", ALL_200)],
    ("GET", "/api/v1/me"): [Case("/api/v1/me", API_SIGNED_IN)],
    # The anonymous visitor has no account, so no password of theirs is right.
    ("POST", "/api/v1/tokens"): [
        Case("/api/v1/tokens", expect(401, 201, 201, 201, 201), {"email": "{email}", "password": PASSWORD})
    ],
    ("POST", "/api/v1/users"): [
        Case(
            "/api/v1/users",
            everyone(201),
            {"email": "new{n}@example.nl", "password": PASSWORD, "display_name": "New {n}"},
        )
    ],
    ("GET", "/api/v1/consultations"): [
        Case("/api/v1/consultations", ALL_200),
        Case("/api/v1/consultations?status=draft", ALL_200),
    ],
    ("POST", "/api/v1/consultations"): [
        Case("/api/v1/consultations", expect(401, 403, 201, 403, 403), CONSULTATION_JSON)
    ],
    ("GET", "/api/v1/consultations/{id:int}"): [
        Case("/api/v1/consultations/{draft}", DRAFT_PAGE),
        Case("/api/v1/consultations/{open}", ALL_200),
    ],
    ("PUT", "/api/v1/consultations/{id:int}"): [
        Case("/api/v1/consultations/{api_draft}", API_OFFICIALS, CONSULTATION_JSON)
    ],
    ("POST", "/api/v1/consultations/{id:int}/open"): [
        Case("/api/v1/consultations/{api_to_open}/open", API_OFFICIALS, {}),
        Case("/api/v1/consultations/{closed}/open", expect(401, 403, 409, 403, 403), {}),
    ],
    ("POST", "/api/v1/consultations/{id:int}/close"): [
        Case("/api/v1/consultations/{api_to_close}/close", API_OFFICIALS, {})
    ],
    ("PUT", "/api/v1/consultations/{id:int}/my-response"): [
        Case(
            "/api/v1/consultations/{api_open}/my-response",
            expect(401, 201, 201, 201, 201),
            {"answers": {"{api_open_text}": "Bomen"}},
        ),
        Case(
            "/api/v1/consultations/{draft}/my-response",
            expect(401, 404, 409, 404, 404),
            {"answers": {"{draft_text}": "Bomen"}},
        ),
    ],
    # The world gave every signed-in role an answer to the open consultation.
    ("GET", "/api/v1/consultations/{id:int}/my-response"): [
        Case("/api/v1/consultations/{open}/my-response", API_SIGNED_IN),
        Case("/api/v1/consultations/{closed}/my-response", expect(401, 404, 404, 404, 404)),
    ],
    ("GET", "/api/v1/consultations/{id:int}/results"): [
        Case("/api/v1/consultations/{draft}/results", DRAFT_PAGE),
        Case("/api/v1/consultations/{open}/results", expect(401, 403, 200, 403, 403)),
        Case("/api/v1/consultations/{closed}/results", ALL_200),
    ],
    ("GET", "/api/v1/consultations/{id:int}/results.csv"): [
        Case("/api/v1/consultations/{open}/results.csv", expect(401, 403, 200, 403, 403)),
        Case("/api/v1/consultations/{closed}/results.csv", ALL_200),
    ],
    ("GET", "/api/v1/consultations/{id:int}/results.json"): [
        Case("/api/v1/consultations/{closed}/results.json", ALL_200)
    ],
    ("POST", "/api/v1/consultations/{id:int}/decision"): [
        Case("/api/v1/consultations/{api_to_decide}/decision", expect(401, 403, 201, 403, 403), {"summary": "Besluit"}),
    ],
    ("GET", "/api/v1/consultations/{id:int}/responses.csv"): [
        Case("/api/v1/consultations/{closed}/responses.csv", API_OFFICIALS)
    ],
    ("GET", "/api/v1/consultations/{id:int}/responses.json"): [
        Case("/api/v1/consultations/{closed}/responses.json", API_OFFICIALS)
    ],
    ("POST", "/api/v1/questions/{id:int}/statements"): [
        Case(
            "/api/v1/questions/{api_open_statements}/statements",
            expect(401, 201, 201, 201, 201),
            {"text": "Meer bankjes in de schaduw"},
        ),
    ],
    ("GET", "/api/v1/questions/{id:int}/answers"): [
        Case("/api/v1/questions/{open_text}/answers", expect(401, 403, 200, 403, 403)),
        Case("/api/v1/questions/{closed_text}/answers", ALL_200),
    ],
    ("PUT", "/api/v1/statements/{id:int}/vote"): [
        Case("/api/v1/statements/{api_open_statement}/vote", expect(401, 201, 201, 201, 201), {"vote": "agree"}),
    ],
    # --- co-creation: tasks (pages) ---
    ("GET", "/tasks"): [Case("/tasks", ALL_200)],
    ("GET", "/tasks/new"): [Case("/tasks/new", OFFICIALS)],
    ("POST", "/tasks/new"): [Case("/tasks/new", OFFICIALS_ACT, TASK_FORM)],
    ("GET", "/tasks/{id:int}"): [Case("/tasks/{task_draft}", DRAFT_PAGE), Case("/tasks/{task_open}", ALL_200)],
    ("POST", "/tasks/{id:int}/claims"): [
        Case("/tasks/{task_to_claim}/claims", PARTICIPANTS_ACT, {"group_id": "{my_group}"}),
        Case("/tasks/{task_to_claim}/claims", expect(LOGIN, 403, 403, 403, 403), {"group_id": "{other_group}"}),
    ],
    ("POST", "/tasks/{id:int}/publish"): [Case("/tasks/{task_to_publish}/publish", OFFICIALS_ACT, {})],
    ("POST", "/tasks/{id:int}/withdraw"): [Case("/tasks/{task_to_withdraw}/withdraw", OFFICIALS_ACT, {})],
    # --- co-creation: groups (pages); the signed-in person coordinates `my_group` ---
    ("GET", "/groups/new"): [Case("/groups/new", SIGNED_IN)],
    ("POST", "/groups/new"): [Case("/groups/new", PARTICIPANTS_ACT, {"name": "Nieuwe groep"})],
    ("GET", "/groups/join"): [Case("/groups/join", SIGNED_IN)],
    ("POST", "/groups/join"): [Case("/groups/join", PARTICIPANTS_ACT, {"code": "{their_code}"})],
    ("GET", "/groups/{id:int}"): [Case("/groups/{my_group}", ALL_200), Case("/groups/999999", everyone(404))],
    ("POST", "/groups/{id:int}/invites"): [
        Case("/groups/{my_group}/invites", PARTICIPANTS_ACT, {}),
        Case("/groups/{their_group}/invites", expect(LOGIN, 403, 403, 403, 403), {}),
    ],
    ("POST", "/groups/{id:int}/invites/{invite:int}/revoke"): [
        Case("/groups/{my_group}/invites/{my_invite}/revoke", PARTICIPANTS_ACT, {})
    ],
    ("POST", "/groups/{id:int}/leave"): [Case("/groups/{leave_group}/leave", PARTICIPANTS_ACT, {})],
    ("POST", "/groups/{id:int}/requests"): [
        Case("/groups/{other_group}/requests", PARTICIPANTS_ACT, {"message": "Mag ik meedoen?"})
    ],
    ("POST", "/groups/{id:int}/requests/withdraw"): [
        Case("/groups/{asked_group}/requests/withdraw", PARTICIPANTS_ACT, {})
    ],
    ("POST", "/groups/{id:int}/requests/{request:int}"): [
        Case(
            "/groups/{their_group}/requests/{my_join_request}", expect(LOGIN, 403, 403, 403, 403), {"answer": "accept"}
        ),
        Case("/groups/{my_group}/requests/{my_join_request}", PARTICIPANTS_ACT, {"answer": "decline"}),
    ],
    ("POST", "/groups/{id:int}/members/{member:int}/coordinator"): [
        Case("/groups/{their_group}/members/{my_member}/coordinator", expect(LOGIN, 403, 403, 403, 403), {}),
        Case("/groups/{my_group}/members/{my_member}/coordinator", PARTICIPANTS_ACT, {}),
    ],
    ("POST", "/groups/{id:int}/members/{member:int}/remove"): [
        Case("/groups/{my_group}/members/{my_member2}/remove", PARTICIPANTS_ACT, {})
    ],
    # --- co-creation: the workspace of a claim of `my_group`, and of someone else's group ---
    ("GET", "/claims/{id:int}"): [
        Case("/claims/{my_workspace}", SIGNED_IN),
        Case("/claims/{their_workspace}", expect(LOGIN, 404, 200, 404, 404)),
    ],
    ("POST", "/claims/{id:int}/document"): [
        Case(
            "/claims/{their_workspace}/document", expect(LOGIN, 404, 403, 404, 404), {"body": "x", "base_version": "0"}
        ),
        Case("/claims/{my_workspace}/document", PARTICIPANTS_ACT, {"body": "Ons plan.", "base_version": "0"}),
    ],
    ("GET", "/claims/{id:int}/diff"): [
        Case("/claims/{my_workspace}/diff?from=0&to=1", SIGNED_IN),
        Case("/claims/{their_workspace}/diff", expect(LOGIN, 404, 200, 404, 404)),
    ],
    ("POST", "/claims/{id:int}/go"): [
        Case("/claims/{my_workspace}/go?next=task", PARTICIPANTS_ACT, {}),
        Case("/claims/{their_workspace}/go?next=diff", expect(LOGIN, 404, 303, 404, 404), {}),
    ],
    ("POST", "/claims/{id:int}/comments"): [
        Case("/claims/{my_workspace}/comments", PARTICIPANTS_ACT, {"body": "Goed plan!"}),
        Case("/claims/{their_workspace}/comments", expect(LOGIN, 404, 303, 404, 404), {"body": "Goed plan!"}),
    ],
    ("POST", "/claims/{id:int}/checklist"): [
        Case("/claims/{my_workspace}/checklist", PARTICIPANTS_ACT, {"text": "Bellen"}),
        Case("/claims/{their_workspace}/checklist", expect(LOGIN, 404, 403, 404, 404), {"text": "Bellen"}),
    ],
    ("POST", "/claims/{id:int}/checklist/{item:int}/take"): [
        Case("/claims/{my_workspace}/checklist/{my_item}/take", PARTICIPANTS_ACT, {})
    ],
    ("POST", "/claims/{id:int}/checklist/{item:int}/tick"): [
        Case("/claims/{my_workspace}/checklist/{my_item}/tick", PARTICIPANTS_ACT, {"done": "1"})
    ],
    ("POST", "/claims/{id:int}/draft/discard"): [
        Case("/claims/{my_workspace}/draft/discard", PARTICIPANTS_ACT, {}),
        Case("/claims/{their_workspace}/draft/discard", expect(LOGIN, 404, 303, 404, 404), {}),
    ],
    ("POST", "/claims/{id:int}/report"): [
        Case("/claims/{my_workspace}/report", PARTICIPANTS_ACT, {"report": "checklist_item:{my_item}"}),
        Case("/claims/{their_workspace}/report", expect(LOGIN, 404, 303, 404, 404), {"report": "document:1"}),
    ],
    ("POST", "/claims/{id:int}/submit"): [
        Case("/claims/{their_workspace}/submit", expect(LOGIN, 404, 403, 404, 404), {}),
        Case("/claims/{claim_to_submit}/submit", PARTICIPANTS_ACT, {}),
    ],
    ("POST", "/claims/{id:int}/review"): [
        Case("/claims/{claim_to_review}/review", OFFICIALS_ACT, {"verdict": "changes", "feedback": "Meer graag."}),
    ],
    ("GET", "/tasks/results.{format:str}"): [
        Case("/tasks/results.json", ALL_200),
        Case("/tasks/results.csv", ALL_200),
        Case("/tasks/results.xml", everyone(404)),
    ],
    ("POST", "/claims/{id:int}/release"): [Case("/claims/{my_claim}/release", PARTICIPANTS_ACT, {})],
    # --- co-creation: API ---
    ("POST", "/api/v1/groups"): [Case("/api/v1/groups", expect(401, 201, 201, 201, 201), {"name": "API-groep"})],
    ("POST", "/api/v1/groups/join"): [
        Case("/api/v1/groups/join", API_SIGNED_IN, {"code": "{their_code}"}),
    ],
    ("GET", "/api/v1/groups/{id:int}"): [Case("/api/v1/groups/{my_group}", ALL_200)],
    ("POST", "/api/v1/groups/{id:int}/invites"): [
        Case("/api/v1/groups/{api_my_group}/invites", expect(401, 201, 201, 201, 201), {}),
        Case("/api/v1/groups/{their_group}/invites", expect(401, 403, 403, 403, 403), {}),
    ],
    ("GET", "/api/v1/tasks"): [Case("/api/v1/tasks", ALL_200)],
    ("POST", "/api/v1/tasks"): [Case("/api/v1/tasks", expect(401, 403, 201, 403, 403), TASK_JSON)],
    ("GET", "/api/v1/tasks/{id:int}"): [
        Case("/api/v1/tasks/{task_draft}", expect(404, 404, 200, 404, 404)),
        Case("/api/v1/tasks/{task_open}", ALL_200),
    ],
    ("POST", "/api/v1/tasks/{id:int}/publish"): [
        Case("/api/v1/tasks/{api_task_to_publish}/publish", API_OFFICIALS, None)
    ],
    ("POST", "/api/v1/tasks/{id:int}/claims"): [
        Case(
            "/api/v1/tasks/{api_task_to_claim}/claims", expect(401, 403, 403, 403, 403), {"group_id": "{other_group}"}
        ),
        Case(
            "/api/v1/tasks/{api_task_to_claim}/claims", expect(401, 201, 201, 201, 201), {"group_id": "{api_my_group}"}
        ),
    ],
    ("GET", "/api/v1/claims/{id:int}/comments"): [
        Case("/api/v1/claims/{api_workspace}/comments", API_SIGNED_IN),
        Case("/api/v1/claims/{their_workspace}/comments", expect(401, 404, 200, 404, 404)),
    ],
    ("POST", "/api/v1/claims/{id:int}/comments"): [
        Case("/api/v1/claims/{api_workspace}/comments", expect(401, 201, 201, 201, 201), {"body": "Goed plan!"}),
        Case("/api/v1/claims/{their_workspace}/comments", expect(401, 404, 201, 404, 404), {"body": "Goed plan!"}),
    ],
    ("GET", "/api/v1/claims/{id:int}/checklist"): [
        Case("/api/v1/claims/{api_workspace}/checklist", API_SIGNED_IN),
        Case("/api/v1/claims/{their_workspace}/checklist", expect(401, 404, 200, 404, 404)),
    ],
    ("POST", "/api/v1/claims/{id:int}/checklist"): [
        Case("/api/v1/claims/{api_workspace}/checklist", expect(401, 201, 201, 201, 201), {"text": "Bellen"}),
        Case("/api/v1/claims/{their_workspace}/checklist", expect(401, 404, 403, 404, 404), {"text": "Bellen"}),
    ],
    ("POST", "/api/v1/claims/{id:int}/checklist/{item:int}/take"): [
        Case("/api/v1/claims/{their_workspace}/checklist/{api_item}/take", expect(401, 404, 403, 404, 404), None),
        Case("/api/v1/claims/{api_workspace}/checklist/{api_item}/take", API_SIGNED_IN, None),
    ],
    ("PUT", "/api/v1/claims/{id:int}/checklist/{item:int}/done"): [
        Case("/api/v1/claims/{api_workspace}/checklist/{api_item}/done", API_SIGNED_IN, {"done": True})
    ],
    ("GET", "/api/v1/claims/{id:int}/document"): [
        Case("/api/v1/claims/{api_workspace}/document", API_SIGNED_IN),
        Case("/api/v1/claims/{their_workspace}/document", expect(401, 404, 200, 404, 404)),
    ],
    ("PUT", "/api/v1/claims/{id:int}/document"): [
        Case("/api/v1/claims/{api_workspace}/document", API_SIGNED_IN, {"body": "Ons plan.", "base_version": 0}),
        Case(
            "/api/v1/claims/{their_workspace}/document",
            expect(401, 404, 403, 404, 404),
            {"body": "Ons plan.", "base_version": 0},
        ),
    ],
    ("POST", "/api/v1/claims/{id:int}/submit"): [
        Case("/api/v1/claims/{their_workspace}/submit", expect(401, 404, 403, 404, 404), None),
        Case("/api/v1/claims/{claim_api_to_submit}/submit", expect(401, 201, 201, 201, 201), None),
    ],
    ("POST", "/api/v1/claims/{id:int}/review"): [
        Case("/api/v1/claims/{claim_api_to_review}/review", API_OFFICIALS, {"verdict": "accept"}),
    ],
    # --- webcare: sources (admins), the inbox (officials); the world's source is the demo's, never polled ---
    ("GET", "/webcare"): [Case("/webcare", OFFICIALS), Case("/webcare?status=new&mine=1", OFFICIALS)],
    ("GET", "/webcare/dashboard"): [
        Case("/webcare/dashboard", OFFICIALS),
        Case("/webcare/dashboard?from=2026-03-01&to=2026-03-31", OFFICIALS),
    ],
    ("GET", "/webcare/sources"): [Case("/webcare/sources", expect(LOGIN, 403, 403, 403, 200))],
    ("POST", "/webcare/sources"): [Case("/webcare/sources", expect(LOGIN, 403, 403, 403, 422), {"name": ""})],
    ("POST", "/webcare/sources/{id:int}/poll"): [
        Case("/webcare/sources/{webcare_source}/poll", expect(LOGIN, 403, 303, 403, 303), {})
    ],
    ("GET", "/webcare/conversations/{id:int}"): [Case("/webcare/conversations/{webcare_conversation}", OFFICIALS)],
    ("POST", "/webcare/conversations/{id:int}/assign"): [
        Case("/webcare/conversations/{webcare_conversation}/assign", OFFICIALS_ACT, {"assignee": "me"})
    ],
    ("POST", "/webcare/conversations/{id:int}/status"): [
        Case("/webcare/conversations/{webcare_conversation}/status", OFFICIALS_ACT, {"status": "no_reply_needed"})
    ],
    ("POST", "/webcare/conversations/{id:int}/notes"): [
        Case("/webcare/conversations/{webcare_conversation}/notes", OFFICIALS_ACT, {"body": "Even navragen."})
    ],
    ("POST", "/webcare/conversations/{id:int}/replies"): [
        Case("/webcare/conversations/{webcare_conversation}/replies", OFFICIALS_ACT, {"body": "Dank je, we kijken."})
    ],
    ("POST", "/webcare/conversations/{id:int}/template"): [
        Case("/webcare/conversations/{webcare_conversation}/template", OFFICIALS, {"template": "{webcare_template}"})
    ],
    ("POST", "/webcare/replies/{id:int}/approve"): [
        Case("/webcare/replies/{webcare_reply_waiting}/approve", OFFICIALS_ACT, {})
    ],
    ("POST", "/webcare/replies/{id:int}/return"): [
        Case("/webcare/replies/{webcare_reply_waiting}/return", OFFICIALS_ACT, {"note": "Korter graag."})
    ],
    ("GET", "/webcare/templates"): [Case("/webcare/templates", OFFICIALS)],
    ("POST", "/webcare/templates"): [
        Case("/webcare/templates", OFFICIALS_ACT, {"name": "Bedankt", "body": "Dank je {{name}}."})
    ],
    ("GET", "/webcare/templates/{id:int}"): [Case("/webcare/templates/{webcare_template}", OFFICIALS)],
    ("POST", "/webcare/templates/{id:int}"): [
        Case("/webcare/templates/{webcare_template}", OFFICIALS_ACT, {"name": "Bedankt", "body": "Dank je."})
    ],
    ("POST", "/webcare/templates/{id:int}/delete"): [
        Case("/webcare/templates/{webcare_template}/delete", OFFICIALS_ACT, {})
    ],
    ("POST", "/api/v1/sources"): [
        Case(
            "/api/v1/sources",
            expect(401, 403, 403, 403, 201),
            {
                "kind": "rss",
                "name": "Nieuws",
                "base_url": "https://example.nl/feed.xml",
                "hashtags": [],
                "keywords": [],
            },
        )
    ],
    ("GET", "/api/v1/sources"): [Case("/api/v1/sources", expect(401, 403, 403, 403, 200))],
    ("GET", "/api/v1/sources/{id:int}"): [Case("/api/v1/sources/{webcare_source}", expect(401, 403, 403, 403, 200))],
    ("POST", "/api/v1/sources/{id:int}/poll"): [
        Case("/api/v1/sources/{webcare_source}/poll", expect(401, 403, 409, 403, 409), {})
    ],
    ("GET", "/api/v1/webcare/conversations"): [Case("/api/v1/webcare/conversations", API_OFFICIALS)],
    ("GET", "/api/v1/webcare/conversations/{id:int}"): [
        Case("/api/v1/webcare/conversations/{webcare_conversation}", API_OFFICIALS)
    ],
    ("POST", "/api/v1/webcare/conversations/{id:int}/replies"): [
        Case(
            "/api/v1/webcare/conversations/{webcare_conversation}/replies",
            expect(401, 403, 201, 403, 403),
            {"body": "Dank je, we kijken ernaar."},
        )
    ],
    # --- moderation ---
    ("GET", "/moderation"): [Case("/moderation", MODERATORS)],
    ("POST", "/moderation/reports"): [
        Case(
            "/moderation/reports",
            PARTICIPANTS_ACT,
            {"ref": "statement:{closed_statement}", "reason": "spam", "next": "/"},
        )
    ],
    ("POST", "/moderation/decisions"): [
        Case(
            "/moderation/decisions",
            expect(LOGIN, 403, 403, 303, 403),
            {"ref": "statement:{moderated_statement}", "action": "hide", "ground": "terms_spam", "facts": "Reclame."},
        )
    ],
    ("POST", "/moderation/restrictions"): [
        Case(
            "/moderation/restrictions",
            expect(LOGIN, 403, 403, 422, 403),
            {"ref": "statement:{moderated_statement}", "action": "warn", "ground": "", "facts": ""},
        )
    ],
    ("POST", "/moderation/alerts"): [Case("/moderation/alerts", expect(LOGIN, 403, 403, 303, 403), {"alerts": "on"})],
    # Someone else's decision (or none): not there.
    ("GET", "/moderation/decisions/{id:int}"): [
        Case("/moderation/decisions/999999", expect(LOGIN, 404, 404, 404, 404))
    ],
    ("POST", "/moderation/decisions/{id:int}/appeal"): [
        Case("/moderation/decisions/999999/appeal", expect(LOGIN, 404, 404, 404, 404), {"text": "Niet eens."})
    ],
    ("POST", "/api/v1/moderation/decisions/{id:int}/appeal"): [
        Case("/api/v1/moderation/decisions/999999/appeal", expect(401, 404, 404, 404, 404), {"text": "Niet eens."})
    ],
    ("GET", "/transparency/moderation.{format:str}"): [
        Case("/transparency/moderation.csv", ALL_200),
        Case("/transparency/moderation.json", ALL_200),
    ],
    ("GET", "/moderation/statements.{format:str}"): [
        Case("/moderation/statements.json?from=2026-01-01&to=2026-01-31", expect(LOGIN, 403, 403, 403, 200)),
        Case("/moderation/statements.json?from=2026-02-01&to=2026-01-31", expect(LOGIN, 403, 403, 403, 422)),
    ],
    ("GET", "/moderation/word-lists"): [Case("/moderation/word-lists", expect(LOGIN, 403, 403, 403, 200))],
    ("POST", "/moderation/word-lists"): [
        Case("/moderation/word-lists", expect(LOGIN, 403, 403, 403, 303), {"words_nl": "oplicht*", "words_en": ""})
    ],
    ("POST", "/api/v1/reports"): [
        Case(
            "/api/v1/reports",
            expect(401, 201, 201, 201, 201),
            {"ref": "statement:{to_decide_statement}", "reason": "abuse"},
        )
    ],
    ("GET", "/api/v1/moderation/queue"): [Case("/api/v1/moderation/queue", API_MODERATORS)],
    ("POST", "/api/v1/moderation/decisions"): [
        Case(
            "/api/v1/moderation/decisions",
            expect(401, 403, 403, 201, 403),
            {
                "ref": "statement:{api_to_decide_statement}",
                "action": "keep",
                "ground": "terms_compatible",
                "facts": "Past.",
            },
        )
    ],
    # Last: it ends the session.
    ("POST", "/logout"): [Case("/logout", everyone(303), {})],
}


def app_routes(routes, prefix: str = "") -> list[tuple[str, str]]:
    """(method, full path) of every route the app serves, Mounts walked; /static (files, no routes) left out."""
    found: list[tuple[str, str]] = []
    for route in routes:
        if isinstance(route, Route):
            found += [(method, prefix + route.path) for method in sorted(route.methods - {"HEAD"})]
        elif isinstance(route, Mount) and prefix + route.path == "/static":
            continue
        elif isinstance(route, Mount):
            found += app_routes(route.routes, prefix + route.path)
        else:
            raise AssertionError(f"a route the matrix cannot walk: {route!r}")
    return found


def test_every_route_has_an_entry_in_the_matrix(app):
    served = app_routes(app.routes)
    # The walk reaches into Mounts (the consultation pages are one) and leaves the static files out.
    assert ("POST", "/consultations/{id:int}/questions/{question:int}/move") in served
    assert ("PUT", "/api/v1/statements/{id:int}/vote") in served
    assert not any(path.startswith("/static") for _method, path in served)
    missing = [f"{method} {path}" for method, path in served if (method, path) not in MATRIX]
    assert not missing, "routes without an entry in the roles matrix: " + ", ".join(missing)
    stale = [f"{method} {path}" for method, path in MATRIX if (method, path) not in served]
    assert not stale, "entries in the roles matrix for routes the app does not serve: " + ", ".join(stale)


async def build_world(role: str) -> dict[str, object]:
    """The objects the cases name: consultations by state (and their question and statement ids), the signed-in
    person's e-mail and a token of theirs (anonymous: of someone else), another person (`target`)."""
    target = await make_user("target@example.nl", name="Target")
    token, _secret = await accounts.create_token(target, name="kept")
    world: dict[str, object] = {
        "n": next(_counter),
        "target": target.id,
        "token": token.id,
        "email": f"{role}@example.nl",
    }
    parks = {name: await park_in(state) for name, state in PARKS.items()}
    for name, park in parks.items():
        world |= {
            name: park.id,
            f"{name}_text": park.text,
            f"{name}_single": park.single,
            f"{name}_scale": park.scale,
            f"{name}_statements": park.statements,
            f"{name}_statement": park.statement(0),
        }
    user = None
    world |= await webcare_matrix_world()
    if role != "anonymous":
        user = await make_user(str(world["email"]), *([role] if role != "citizen" else []))
        await answer_park(parks["open"], user)
        token, _secret = await accounts.create_token(user, name="revoked by the matrix")
        world["token"] = token.id
    world |= await matrix_world(user)
    return world


def fill(value, world):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1].isidentifier():
        # A whole placeholder keeps the type of what it names: an id stays a number in JSON.
        return world[value[1:-1]]
    if isinstance(value, str):
        return value.format(**world)
    if isinstance(value, dict):
        return {fill(k, world): fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    return value


def outcome_of(response) -> int | str:
    if response.status_code == 303 and response.headers["location"].startswith("/login?next="):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
async def test_every_route_answers_each_role_as_the_matrix_says(client, role):
    world = await build_world(role)
    headers: dict[str, str] = {}
    if role != "anonymous":
        await sign_in(client, str(world["email"]))
        headers = await token_for(client, str(world["email"]))
    csrf = csrf_from((await client.get("/")).text)
    wrong: list[str] = []
    for (method, route), cases in MATRIX.items():
        api = route.startswith("/api/")
        for case in cases:
            url = fill(case.url, world)
            data = fill(case.data, world)
            if api:
                response = await client.request(method, url, json=data, headers=headers)
            elif method == "GET":
                response = await client.get(url)
            else:
                response = await client.post(url, data={"csrftoken": csrf, **(data or {})})
            found, wanted = outcome_of(response), case.expected[role]
            if found != wanted:
                wrong.append(f"{method} {url} ({route}): {found}, expected {wanted}")
                continue
            if response.is_success and (api or route == "/healthz" or "export" in route or route.endswith("my-data")):
                assert "text/html" not in response.headers.get("content-type", ""), (method, url)
            if api and response.status_code >= 400:
                assert set(response.json()["error"]) >= {"code", "message"}, (method, url)
            if not api and response.status_code == 403:
                assert "You may not do this" in response.text, (method, url)
            if not api and response.status_code == 404:
                assert "This page does not exist" in response.text, (method, url)
            assert "Traceback" not in response.text, (method, url)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    # Only the admin's form post changed the target's roles.
    assert (await User.get(id=world["target"])).roles == (["moderator"] if role == "admin" else [])


async def test_me_tells_who_is_signed_in_with_the_roles(client):
    user = await make_user("mod@example.nl", "moderator", "official", name="Mo")
    response = await client.post("/api/v1/tokens", json={"email": "mod@example.nl", "password": PASSWORD})
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.json()['token']}"})
    assert me.json() == {
        "id": user.id,
        "email": "mod@example.nl",
        "display_name": "Mo",
        "roles": ["moderator", "official"],
    }


async def test_only_the_admin_sees_the_accounts_link(client):
    await make_user("admin@example.nl", "admin")
    await make_user("official@example.nl", "official")
    await sign_in(client, "official@example.nl")
    assert 'href="/admin/accounts"' not in (await client.get("/")).text
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, "admin@example.nl")
    assert 'href="/admin/accounts"' in (await client.get("/")).text


# --- the admin's accounts page -------------------------------------------------------------------


@pytest.fixture
async def admin(client):
    user = await make_user("admin@example.nl", "admin", name="Admin")
    await sign_in(client, "admin@example.nl")
    return user


async def set_roles(client, user_id: int, roles: list[str]):
    return await post_form(client, f"/admin/accounts/{user_id}/roles", {"roles": roles}, page="/admin/accounts")


async def test_the_admin_grants_and_takes_away_roles_and_the_person_is_told(client, admin):
    person = await make_user("els@example.nl", name="Els")
    page = await client.get("/admin/accounts")
    assert "els@example.nl" in page.text
    assert f'id="role-{person.id}-official"' in page.text

    granted = await set_roles(client, person.id, ["official", "moderator"])
    assert granted.status_code == 303
    assert granted.headers["location"] == "/admin/accounts"
    assert (await User.get(id=person.id)).roles == ["moderator", "official"]
    assert (
        f'id="role-{person.id}-official" name="roles" value="official" checked'
        in (await client.get("/admin/accounts")).text
    )

    taken = await set_roles(client, person.id, ["moderator"])
    assert taken.status_code == 303
    assert (await User.get(id=person.id)).roles == ["moderator"]

    titles = [n.title for n in await Notification.filter(user_id=person.id).order_by("id")]
    # Written in Els's language (Dutch, an account's default), not in the English of the admin's pages.
    assert titles == ["Je rollen zijn gewijzigd: moderator, ambtenaar", "Je rollen zijn gewijzigd: moderator"]


async def test_the_admin_can_search_accounts(client, admin):
    await make_user("els@example.nl", name="Els")
    await make_user("jan@example.nl", name="Jan Jansen")
    for query in ["JAN@", "jansen"]:  # by e-mail or by name, any case
        page = await client.get("/admin/accounts", params={"q": query})
        assert page.status_code == 200
        assert "jan@example.nl" in page.text
        assert "els@example.nl" not in page.text


async def test_the_last_admin_cannot_take_away_their_own_admin_role(client, admin):
    response = await set_roles(client, admin.id, ["official"])
    assert response.status_code == 303
    assert "You are the last admin" in (await client.get(response.headers["location"])).text
    assert (await User.get(id=admin.id)).roles == ["admin"]


async def test_an_admin_may_step_down_when_another_admin_remains(client, admin):
    await make_user("second@example.nl", "admin")
    response = await set_roles(client, admin.id, [])
    assert response.status_code == 303
    assert (await User.get(id=admin.id)).roles == []
    # The page now refuses the former admin.
    assert (await client.get("/admin/accounts")).status_code == 403


async def test_an_unknown_role_is_refused(client, admin):
    person = await make_user("els@example.nl")
    response = await set_roles(client, person.id, ["superuser"])
    assert response.status_code == 303
    assert "Unknown role: superuser" in (await client.get(response.headers["location"])).text
    assert (await User.get(id=person.id)).roles == []


async def test_roles_of_an_unknown_account_say_so(client, admin):
    response = await set_roles(client, 999_999, ["official"])
    assert response.status_code == 303
    assert "There is no such account." in (await client.get(response.headers["location"])).text
