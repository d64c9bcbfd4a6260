"""A long history does not make the document slower: saving and reading it read revisions one by one by (claim,
version), never the history; the workspace lists the newest revisions a page at a time; the diff reads the two
versions it compares. Checked on the SQL the requests send, with a history of 60 revisions."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from participation.cocreation.models import Claim, Revision
from participation.cocreation.services import claims
from tests.support.cocreation import group_of, task_in
from tests.support.consultation_pages import text_of
from tests.support.web import make_user, sign_in, token_for

HISTORY = 60
PARAGRAPH = "Een alinea van het plan, lang genoeg om op een echt document te lijken. " * 4


def body(version: int) -> str:
    return "".join(f"{PARAGRAPH}{n}\n\n" for n in range(100)) + f"Versie {version}.\n"


@pytest.fixture
async def claim(client):
    coord = await make_user("coord@example.nl", name="Coco")
    group = await group_of(1, coordinator=coord)
    view = await task_in()
    claim = await claims.claim_task(view.task.id, group_id=group.id, by=coord, now=datetime.now(UTC))
    now = datetime.now(UTC)
    await Revision.bulk_create(
        [
            Revision(claim_id=claim.id, version=v, body=body(v), body_html="<p>…</p>", author=coord, created_at=now)
            for v in range(1, HISTORY + 1)
        ]
    )
    await Claim.filter(id=claim.id).update(document_version=HISTORY)
    return claim


def revision_reads(records: list[logging.LogRecord]) -> list[str]:
    statements = [r.getMessage() for r in records if r.name == "tortoise.db_client"]
    return [s for s in statements if s.startswith("SELECT") and 'FROM "cocreation_revisions"' in s]


async def test_saving_and_reading_read_single_revisions_by_version(client, claim, caplog):
    headers = await token_for(client, "coord@example.nl")
    url = f"/api/v1/claims/{claim.id}/document"
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        # From an older version: merged against the latest, so base and latest are both read.
        mine = body(HISTORY - 1).replace(f"{PARAGRAPH}0\n", "Een nieuwe eerste alinea.\n", 1)
        saved = await client.put(url, json={"body": mine, "base_version": HISTORY - 1}, headers=headers)
        read = await client.get(url, headers=headers)
    assert saved.status_code == 200 and saved.json() == {"version": HISTORY + 1, "merged": True}, saved.text
    assert read.json()["version"] == HISTORY + 1 and read.json()["body"].startswith("Een nieuwe eerste alinea.")
    assert read.json()["body"].endswith(f"Versie {HISTORY}.\n")
    reads = revision_reads(caplog.records)
    assert reads and all('"claim_id"=' in s and '"version"=' in s for s in reads), reads
    assert len(reads) <= 3


async def test_the_workspace_lists_the_newest_revisions_a_page_at_a_time(client, claim, caplog):
    await sign_in(client, "coord@example.nl")
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        page = await client.get(f"/claims/{claim.id}")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert f"Revisions ({HISTORY})" in shown and f"Version {HISTORY} —" in shown
    assert f"Version {HISTORY - 20} —" not in shown
    # The list reads 20 rows without their texts; the document one row.
    reads = revision_reads(caplog.records)
    assert all('"version"=' in s or "LIMIT" in s for s in reads), reads
    assert not any('"body"' in s and '"version"=' not in s for s in reads), reads
    older = await client.get(f"/claims/{claim.id}?before={HISTORY - 19}")
    shown = text_of(older.text)
    assert f"Version {HISTORY - 20} —" in shown and f"Version {HISTORY - 19} —" not in shown
    assert "The newest revisions" in shown and "Older revisions" in shown
    last = text_of((await client.get(f"/claims/{claim.id}?before=3")).text)
    assert "Version 1 —" in last and "Older revisions" not in last


async def test_the_diff_reads_the_two_versions_it_compares(client, claim, caplog):
    await sign_in(client, "coord@example.nl")
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        diff = await client.get(f"/claims/{claim.id}/diff?from=3&to={HISTORY}")
    assert diff.status_code == 200
    assert "Versie 3." in diff.text and f"Versie {HISTORY}." in diff.text
    reads = revision_reads(caplog.records)
    assert len(reads) == 2 and all('"version"=' in s for s in reads), reads
