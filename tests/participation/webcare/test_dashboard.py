"""The dashboard's figures, counted by the database on SQLite and PostgreSQL: posts per source per Amsterdam
day (across the change to summer time), sentiment, the backlog by status and age, the median first response."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from participation.errors import Invalid, NotAllowed
from participation.webcare import dashboard
from participation.webcare.models import Conversation, Post, Source
from tests.support.web import make_user

# Summer time starts on 29 March 2026 at 01:00 UTC: Amsterdam goes from UTC+1 to UTC+2.
NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)


async def _thread(source: Source, at: datetime, *, sentiment: str, answered_after: timedelta | None, status="new"):
    n = await Post.all().count()
    conversation = await Conversation.create(
        source=source,
        status="replied" if answered_after is not None else status,
        sentiment=sentiment,
        created_at=at,
        last_post_at=at,
        first_response_at=at + answered_after if answered_after is not None else None,
    )
    await Post.create(
        source=source,
        conversation=conversation,
        uri=f"https://social.example/statuses/{n}",
        external_id=str(n),
        sentiment=sentiment,
        created_at=at,
        fetched_at=NOW,
    )


async def test_the_figures_are_counted_per_source_and_amsterdam_day(orm_any):
    official = await make_user("official@example.nl", "official")
    mastodon = await Source.create(kind="mastodon", name="Mastodon", base_url="https://social.example", created_at=NOW)
    feed = await Source.create(kind="rss", name="Nieuws", base_url="https://news.example/feed", created_at=NOW)
    minutes = timedelta(minutes=1)
    # 28 March 23:30 UTC is 29 March 00:30 in Amsterdam (winter time, UTC+1); 29 March 22:30 UTC is 30 March 00:30
    # (summer time, UTC+2), after the period's last day.
    await _thread(
        mastodon, datetime(2026, 3, 28, 23, 30, tzinfo=UTC), sentiment="negative", answered_after=10 * minutes
    )
    await _thread(
        mastodon, datetime(2026, 3, 28, 22, 30, tzinfo=UTC), sentiment="negative", answered_after=20 * minutes
    )
    await _thread(mastodon, datetime(2026, 3, 29, 9, 0, tzinfo=UTC), sentiment="positive", answered_after=None)
    await _thread(mastodon, datetime(2026, 3, 29, 22, 30, tzinfo=UTC), sentiment="positive", answered_after=None)
    await _thread(feed, datetime(2026, 3, 29, 10, 0, tzinfo=UTC), sentiment="neutral", answered_after=60 * minutes)
    await _thread(
        feed, datetime(2026, 3, 29, 11, 0, tzinfo=UTC), sentiment="neutral", answered_after=None, status="assigned"
    )
    # Before the period: counted nowhere but in the backlog (it still waits).
    await _thread(feed, datetime(2026, 2, 1, 10, 0, tzinfo=UTC), sentiment="negative", answered_after=None)

    period = dashboard.period_from("2026-03-28", "2026-03-29", now=NOW)
    found = await dashboard.dashboard(period, by=official, now=NOW)

    by_name = {s.name: s for s in found.sources}
    assert by_name["Mastodon"].per_day == {date(2026, 3, 28): 1, date(2026, 3, 29): 2}
    assert by_name["Nieuws"].per_day == {date(2026, 3, 28): 0, date(2026, 3, 29): 2}
    assert found.per_day == {date(2026, 3, 28): 1, date(2026, 3, 29): 4} and found.posts == 5
    assert by_name["Mastodon"].sentiments == {"positive": 1, "neutral": 0, "negative": 2}
    assert found.sentiments == {"positive": 1, "neutral": 2, "negative": 2}
    # Two answered in 10 and 20 minutes: the median is 15; with the feed's hour the middle one is 20.
    assert by_name["Mastodon"].median_response == timedelta(minutes=15)
    assert by_name["Nieuws"].median_response == timedelta(minutes=60)
    assert found.median_response == timedelta(minutes=20)
    assert (found.answered, found.waiting) == (3, 2)
    # Waiting since: 3 h, 1 h (assigned), about 8 weeks; the post at 22:30 lies in the future of NOW.
    assert found.backlog == {
        "new": {"hour": 1, "day": 1, "week": 0, "older": 1},
        "assigned": {"hour": 0, "day": 1, "week": 0, "older": 0},
    }


async def test_the_period_defaults_to_thirty_amsterdam_days_and_refuses_nonsense(orm):
    # 23:30 UTC on 31 December is already 1 January in Amsterdam.
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    period = dashboard.default_period(late)
    assert (period.first, period.last) == (date(2026, 12, 3), date(2027, 1, 1)) and len(period.days) == 30
    assert period.start == datetime(2026, 12, 2, 23, 0, tzinfo=UTC)
    assert dashboard.period_from("", None, now=late) == period
    for first, last, field in [
        ("2026-13-01", "", "from"),
        ("1 maart", "", "from"),
        ("2026-03-02", "2026-03-01", "to"),
        ("2020-01-01", "2026-03-01", "from"),
    ]:
        with pytest.raises(Invalid) as refused:
            dashboard.period_from(first, last, now=late)
        assert field in refused.value.fields


async def test_only_officials_see_the_figures(orm):
    citizen = await make_user("citizen@example.nl")
    with pytest.raises(NotAllowed):
        await dashboard.dashboard(dashboard.default_period(NOW), by=citizen, now=NOW)
