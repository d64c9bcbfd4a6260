"""The queue pages by its sort key (most reported first, then the longest waiting): nothing is skipped or shown
twice when items are decided between pages, a page far in costs the same queries as the first, the page has
next and previous links, and a cursor that is not one is a 422 in the API (the first page on the page)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from participation.moderation.models import ModerationItem
from tests.support.consultation_pages import in_english, text_of
from tests.support.queries import counting_queries
from tests.support.web import make_user, sign_in, token_for

pytestmark = pytest.mark.usefixtures("orm")

START = datetime(2026, 11, 1, 9, tzinfo=UTC)


async def waiting_items(count: int) -> list[str]:
    """`count` waiting items (their content gone: the queue says so), in queue order: reports 3, 2, 1 in turn,
    equal waiting times among some of them so that the id decides."""
    await ModerationItem.bulk_create(
        [
            ModerationItem(
                ref=f"statement:{100000 + i}",
                status="waiting",
                reports=1 + i % 3,
                waiting_since=START + timedelta(minutes=i // 2),
                updated_at=START,
            )
            for i in range(count)
        ]
    )
    rows = await ModerationItem.all().order_by("-reports", "waiting_since", "id")
    return [row.ref for row in rows]


async def pages_of(client, headers, limit: int) -> list[list[str]]:
    pages, cursor = [], ""
    while True:
        body = (
            await client.get("/api/v1/moderation/queue", params={"limit": limit, "cursor": cursor}, headers=headers)
        ).json()
        pages.append([item["ref"] for item in body["items"]])
        if body["next"] is None:
            return pages
        cursor = body["next"]


async def test_the_api_pages_through_the_queue_in_order_without_skipping(client):
    order = await waiting_items(23)
    await make_user("mod@example.nl", "moderator")
    headers = await token_for(client, "mod@example.nl")
    pages = await pages_of(client, headers, 5)
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert [ref for page in pages for ref in page] == order
    # Items on the first page decided between pages: the second page is still the rows after the first.
    first = (await client.get("/api/v1/moderation/queue", params={"limit": 5}, headers=headers)).json()
    await ModerationItem.filter(ref__in=[i["ref"] for i in first["items"]]).update(status="decided")
    second = await client.get("/api/v1/moderation/queue", params={"limit": 5, "cursor": first["next"]}, headers=headers)
    assert [i["ref"] for i in second.json()["items"]] == order[5:10]


async def test_a_page_far_in_costs_the_queries_of_the_first(client):
    await waiting_items(60)
    await make_user("mod@example.nl", "moderator")
    headers = await token_for(client, "mod@example.nl")
    url = "/api/v1/moderation/queue"
    # The token's first use is written down once: not part of what a page costs.
    await client.get(url, params={"limit": 1}, headers=headers)
    with counting_queries() as first_sent:
        first = (await client.get(url, params={"limit": 10}, headers=headers)).json()
    cursor = first["next"]
    for _ in range(3):
        cursor = (await client.get(url, params={"limit": 10, "cursor": cursor}, headers=headers)).json()["next"]
    with counting_queries() as far_sent:
        far = (await client.get(url, params={"limit": 10, "cursor": cursor}, headers=headers)).json()
    assert len(far["items"]) == 10
    assert len(far_sent) == len(first_sent), far_sent.statements
    # No OFFSET: the rows after the key are read.
    assert not any("OFFSET" in s for s in far_sent.statements)


@pytest.mark.parametrize(
    "cursor", ["abc", "20", "1-2", "1-2-3-4", "١-2-3", "1-999999999999999999-3", "-1-2-3", "1-2-3 ", "1-2-9999999999"]
)
async def test_a_cursor_that_is_not_one_is_a_422(client, cursor):
    await make_user("mod@example.nl", "moderator")
    headers = await token_for(client, "mod@example.nl")
    answer = await client.get("/api/v1/moderation/queue", params={"cursor": cursor}, headers=headers)
    assert answer.status_code == 422 and "cursor" in answer.json()["error"]["fields"]


async def test_the_page_has_next_and_previous_links(client):
    order = await waiting_items(45)
    await make_user("mod@example.nl", "moderator")
    await sign_in(in_english(client), "mod@example.nl")
    first = await client.get("/moderation")
    assert 'rel="prev"' not in first.text
    shown = text_of(first.text)
    assert order[0] in shown and order[19] in shown and order[20] not in shown
    next_link = first.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = await client.get(next_link)
    shown = text_of(second.text)
    assert order[20] in shown and order[39] in shown and order[19] not in shown
    assert "First page" in shown and 'rel="prev"' in second.text
    previous_link = second.text.split('rel="prev"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    back = text_of((await client.get(previous_link)).text)
    assert order[0] in back and order[19] in back and order[20] not in back
    # A bad cursor on the page shows the first page.
    bad = await client.get("/moderation", params={"cursor": "nonsense"})
    assert bad.status_code == 200 and order[0] in text_of(bad.text)
