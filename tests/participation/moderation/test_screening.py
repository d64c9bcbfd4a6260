"""screen without a query of its own in the usual case: word lists kept per process (a save here applies at
once), floods counted in memory over a sliding window per author, and a suspension kept per process that
still ends at its `until`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.errors import NotAllowed
from participation.moderation import restrictions, screening
from participation.moderation.models import ModerationDecision, Suspension
from participation.moderation.screening import FLOOD_POSTS, FLOOD_WINDOW
from tests.support.web import make_user

pytestmark = pytest.mark.usefixtures("orm")


def rules(screened: list[screening.Screening]) -> list[list[str]]:
    return [[hit["rule"] for hit in s.hits] for s in screened]


async def test_a_saved_word_list_applies_to_the_next_text_at_once(orm):
    admin, author = await make_user("admin@example.nl", "admin"), await make_user("een@example.nl")
    now = author.created_at + timedelta(days=2)
    assert rules(await screening.screen(["Wat een oplichters"], author=author, now=now)) == [[]]
    await screening.save_word_lists({"nl": "oplicht*"}, by=admin, now=now)
    assert rules(await screening.screen(["Wat een oplichters"], author=author, now=now)) == [["words:nl"]]
    await screening.save_word_lists({"nl": ""}, by=admin, now=now)
    assert rules(await screening.screen(["Wat een oplichters"], author=author, now=now)) == [[]]


async def test_a_flood_counts_one_authors_posts_within_the_window_only(orm):
    fast, other = await make_user("snel@example.nl"), await make_user("rustig@example.nl")
    start = fast.created_at + timedelta(days=2)
    for i in range(FLOOD_POSTS):
        assert rules(await screening.screen(["Meer bankjes"], author=fast, now=start + timedelta(seconds=i))) == [[]]
    flooded = await screening.screen(["Meer bankjes"], author=fast, now=start + timedelta(seconds=FLOOD_POSTS))
    assert rules(flooded) == [["flood"]]
    assert flooded[0].hits[0]["matched"] == f"{FLOOD_POSTS + 1} posts in 10 minutes" and not flooded[0].hold
    # Another author is not flooded by them; and once the window has passed, neither are they.
    assert rules(await screening.screen(["Ook bankjes"], author=other, now=start)) == [[]]
    later = start + FLOOD_WINDOW + timedelta(seconds=FLOOD_POSTS)
    assert rules(await screening.screen(["Meer bankjes"], author=fast, now=later)) == [[]]


async def test_a_suspension_kept_in_memory_still_ends_at_its_end(orm):
    moderator, author = await make_user("mod@example.nl", "moderator"), await make_user("een@example.nl")
    now = author.created_at + timedelta(days=2)
    assert await restrictions.current_suspension(author, now=now) is None
    decision = await ModerationDecision.create(
        ref="statement:1", action="suspend", ground="terms_spam", facts="Reclame.", automated=False,
        detected=False, source="own initiative", redress="", moderator_id=moderator.id, author_id=author.id,
        until=now + timedelta(seconds=1), created_at=now,
    )  # fmt: skip
    until = now + timedelta(seconds=1)
    await Suspension.create(user_id=author.id, decision_id=decision.id, until=until, created_at=now)
    # Made without telling this process: seen once the kept answer is `TTL` old.
    assert await restrictions.current_suspension(author, now=now) is None
    assert (await restrictions.current_suspension(author, now=now + restrictions.TTL)) is None  # it ended
    restrictions.suspended(author.id)
    found = await restrictions.current_suspension(author, now=now + timedelta(milliseconds=500))
    assert found is not None and found.decision.ground == "terms_spam"
    # Kept, and over at its end without another read.
    assert await restrictions.current_suspension(author, now=now + timedelta(seconds=1)) is None


async def test_the_suspension_ending_last_counts_for_its_own_account_only(orm):
    moderator, author = await make_user("mod@example.nl", "moderator"), await make_user("twee@example.nl")
    other = await make_user("drie@example.nl")
    now = author.created_at + timedelta(days=2)
    for ref, ground, until in (("statement:1", "terms_spam", now + timedelta(hours=1)),
                               ("statement:2", "illegal_hate", now + timedelta(days=3)),
                               ("statement:3", "terms_spam", now - timedelta(hours=1))):  # fmt: skip
        decision = await ModerationDecision.create(
            ref=ref, action="suspend", ground=ground, facts="Reclame.", automated=False, detected=False,
            source="own initiative", redress="", moderator_id=moderator.id, author_id=author.id, until=until,
            created_at=now - timedelta(days=1),
        )  # fmt: skip
        await Suspension.create(user_id=author.id, decision_id=decision.id, until=until, created_at=now)
    restrictions.suspended(author.id)
    found = await restrictions.current_suspension(author, now=now)
    assert found is not None and found.decision.ground == "illegal_hate"
    assert await restrictions.current_suspension(other, now=now) is None
    # Kept for the next call, and still the one ending last.
    later = await restrictions.current_suspension(author, now=now + timedelta(seconds=1))
    assert later is not None and later.until == now + timedelta(days=3)
    with pytest.raises(NotAllowed):
        await restrictions.require_may_write(author, now=now)
    await restrictions.require_may_write(other, now=now)


async def test_a_flood_counts_posts_that_arrive_out_of_order_by_their_time(orm):
    slow = await make_user("vier@example.nl")
    start = slow.created_at + timedelta(days=2)
    # Requests that took their time earlier come in later: each counts by its own time.
    for i in reversed(range(FLOOD_POSTS)):
        await screening.screen(["Meer bankjes"], author=slow, now=start + timedelta(seconds=10 + i))
    # A post dated before all of them sees only itself in its window.
    assert rules(await screening.screen(["Meer bankjes"], author=slow, now=start)) == [[]]
    flooded = await screening.screen(["Meer bankjes"], author=slow, now=start + timedelta(seconds=60))
    assert flooded[0].hits[0]["matched"] == f"{FLOOD_POSTS + 2} posts in 10 minutes"
    # Posts from before the window are no longer counted.
    at = start + FLOOD_WINDOW + timedelta(seconds=10, milliseconds=500)
    later = await screening.screen(["Meer bankjes"], author=slow, now=at)
    assert later[0].hits[0]["matched"] == f"{FLOOD_POSTS + 1} posts in 10 minutes"
