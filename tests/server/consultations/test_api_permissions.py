"""The permission matrix of the consultations API: every role x every state x every action."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from participation.consultations.models import Consultation, Decision, Response, Statement, StatementVote
from participation.consultations.rules import STATUSES
from participation.consultations.services import authoring, decisions
from tests.support.consultations import make_park
from tests.support.web import make_user, token_for

ROLES = ("anonymous", "citizen", "moderator", "admin", "official")  # the official last: their actions change state
ACTIONS = ("get", "open", "close", "respond", "propose", "vote", "results", "open_data", "decision", "export")


def expected(action: str, role: str, state: str) -> int:
    signed_in, official = role != "anonymous", role == "official"
    hidden = state == "draft" and not official
    if action == "get":
        return 404 if hidden else 200
    if action in ("open", "close", "decision", "export"):
        if not signed_in:
            return 401
        if not official:
            return 403
        return {
            "open": 200 if state == "draft" else 409,
            "close": 200 if state == "open" else 409,
            "decision": 201 if state == "closed" else 409,
            "export": 200,
        }[action]
    if action in ("respond", "propose", "vote"):
        if not signed_in:
            return 401
        if hidden:
            return 404
        return 201 if state == "open" else 409
    # results and open data
    if hidden:
        return 404
    if official or state in ("closed", "decided"):
        return 200
    return 401 if not signed_in else 403


async def in_state(state: str, official):
    park = await make_park(opened=state != "draft", by=official)
    now = datetime.now(UTC)
    if state in ("closed", "decided"):
        await authoring.close_consultation(park.id, by=official, now=now)
    if state == "decided":
        await decisions.publish_decision(park.id, summary="Besluit", body="", by=official, now=now)
    return park


async def call(client, action: str, park, headers: dict[str, str], role: str):
    base = f"/api/v1/consultations/{park.id}"
    if action == "get":
        return await client.get(base, headers=headers)
    if action in ("open", "close"):
        return await client.post(f"{base}/{action}", headers=headers)
    if action == "respond":
        return await client.put(f"{base}/my-response", json={"answers": {str(park.text): "Ja"}}, headers=headers)
    if action == "propose":
        body = {"text": f"Een stelling van {role}"}
        return await client.post(f"/api/v1/questions/{park.statements}/statements", json=body, headers=headers)
    if action == "vote":
        return await client.put(f"/api/v1/statements/{park.statement(0)}/vote", json={"vote": "agree"}, headers=headers)
    if action == "results":
        return await client.get(f"{base}/results", headers=headers)
    if action == "open_data":
        return await client.get(f"{base}/results.csv", headers=headers)
    if action == "decision":
        return await client.post(f"{base}/decision", json={"summary": "Ons besluit"}, headers=headers)
    if action == "export":
        return await client.get(f"{base}/responses.csv", headers=headers)
    raise AssertionError(action)


@pytest.mark.parametrize("state", STATUSES)
async def test_permission_matrix(client, state):
    users = {
        "citizen": await make_user("citizen@example.nl"),
        "moderator": await make_user("moderator@example.nl", "moderator"),
        "admin": await make_user("admin@example.nl", "admin"),
        "official": await make_user("official@example.nl", "official"),
    }
    headers = {"anonymous": {}} | {role: await token_for(client, user.email) for role, user in users.items()}
    parks = {action: await in_state(state, users["official"]) for action in ACTIONS}
    found: dict[tuple[str, str], int] = {}
    wanted: dict[tuple[str, str], int] = {}
    for role in ROLES:
        for action in ACTIONS:
            response = await call(client, action, parks[action], headers[role], role)
            found[(role, action)] = response.status_code
            wanted[(role, action)] = expected(action, role, state)
    assert found == wanted
    # What the refused calls left behind: nothing. Each state change, answer, proposal and vote stored is one
    # the matrix allowed.
    allowed = {action: [role for role in ROLES if wanted[(role, action)] in (200, 201)] for action in ACTIONS}
    changed = {"open": ("draft", "open"), "close": ("open", "closed"), "decision": ("closed", "decided")}
    for action, park in parks.items():
        before, after = changed.get(action, (None, None))
        stored = (await Consultation.get(id=park.id)).status
        assert stored == (after if state == before and allowed[action] else state), (action, stored)
    decisions_before = 1 if state == "decided" else 0
    stored_decisions = await Decision.filter(consultation_id=parks["decision"].id).count()
    assert stored_decisions == decisions_before + len(allowed["decision"])
    assert await Response.filter(consultation_id=parks["respond"].id).count() == len(allowed["respond"])
    proposed = await Statement.filter(question_id=parks["propose"].statements, status="pending").count()
    assert proposed == len(allowed["propose"])
    assert await StatementVote.filter(statement_id=parks["vote"].statement(0)).count() == len(allowed["vote"])
