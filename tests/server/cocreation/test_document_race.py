"""Saving the document from many members at once, through several server processes on one database (SQLite file
and PostgreSQL): every save is merged or refused with a 409 carrying `current`; no change that was saved is lost
or overwritten by a later revision; the revisions form one chain of versions without gaps or repeats."""

from __future__ import annotations

import asyncio

import httpx
from tortoise import Tortoise

from participation import db
from participation.accounts import services as accounts
from participation.accounts.models import User
from participation.cocreation.models import Claim, Membership, Revision
from participation.cocreation.services import claims, workspace
from tests.support.cocreation import group_of, task_in
from tests.support.servers import servers

PARAGRAPHS = 12
# Members who each change a paragraph of their own, and two who change the same one.
OWN = 8
CLASHING = PARAGRAPHS - 1


def base_text() -> str:
    return "".join(f"Alinea {n}: nog leeg.\n\n" for n in range(PARAGRAPHS))


def changed(paragraph: int, by: int) -> str:
    return base_text().replace(f"Alinea {paragraph}: nog leeg.", f"Alinea {paragraph}: ingevuld door lid {by}.")


async def _world(url: str) -> tuple[int, list[str]]:
    await Tortoise.init(config=db.tortoise_config(url))
    try:
        group = await group_of(OWN + 2)
        view = await task_in(max_group_size=OWN + 2)
        people = [m.user for m in await Membership.filter(group=group).order_by("id").prefetch_related("user")]
        claim = await claims.claim_task(view.task.id, group_id=group.id, by=people[0], now=group.created_at)
        await workspace.save_document(claim.id, body=base_text(), base_version=0, by=people[0], now=group.created_at)
        tokens = [(await accounts.create_token(p, name="race"))[1] for p in people]
        return claim.id, tokens
    finally:
        await Tortoise.close_connections()


async def test_members_saving_at_once_through_several_processes_merge_or_get_current_and_lose_nothing(
    any_db_url, tmp_path
):
    claim_id, tokens = await _world(any_db_url)
    # Member i changes paragraph i; the last two both change the same paragraph.
    plans = [(tokens[i], i, changed(i, i)) for i in range(OWN)]
    plans += [(tokens[OWN + j], CLASHING, changed(CLASHING, OWN + j)) for j in range(2)]
    with servers(any_db_url, tmp_path / "servers", 3) as urls:
        async with httpx.AsyncClient(timeout=120) as http:
            responses = await asyncio.gather(
                *(
                    http.put(
                        f"{urls[n % len(urls)]}/api/v1/claims/{claim_id}/document",
                        json={"body": body, "base_version": 1},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    for n, (token, _paragraph, body) in enumerate(plans)
                )
            )
    assert {r.status_code for r in responses} <= {200, 409}, [r.text for r in responses]
    saved = [(r.json()["version"], plan) for r, plan in zip(responses, plans, strict=True) if r.status_code == 200]
    for refused in (r.json() for r in responses if r.status_code == 409):
        assert refused["error"]["code"] == "edit_conflict"
        assert set(refused["current"]) == {"body", "version"} and refused["current"]["version"] >= 2
    # Every member with a paragraph of their own got their change in; of the two who clashed, exactly one did.
    assert sorted(p for _v, (_t, p, _b) in saved) == [*range(OWN), CLASHING]
    versions = sorted(v for v, _plan in saved)
    assert versions == list(range(2, 2 + len(saved)))
    # One save from the base version was saved as it was; every later one was merged.
    merged = [r.json()["merged"] for r in responses if r.status_code == 200]
    assert merged.count(False) == 1

    await Tortoise.init(config=db.tortoise_config(any_db_url))
    try:
        revisions = {r.version: r for r in await Revision.filter(claim_id=claim_id)}
        claim = await Claim.get(id=claim_id)
        authors = {u.id: u for u in await User.all()}
    finally:
        await Tortoise.close_connections()
    assert sorted(revisions) == list(range(1, 2 + len(saved))) and claim.document_version == 1 + len(saved)
    for version, (_token, paragraph, body) in saved:
        line = next(line for line in body.splitlines() if line.startswith(f"Alinea {paragraph}:"))
        # In the revision it made and in every one after it: nothing overwritten.
        for later in range(version, claim.document_version + 1):
            assert line in revisions[later].body.splitlines(), (version, later, line)
        assert revisions[version].author_id in authors
    final = revisions[claim.document_version].body
    assert final.count("Alinea") == PARAGRAPHS and final.count("nog leeg") == PARAGRAPHS - OWN - 1
