"""The webcare dashboard's figures for a period of Amsterdam days: posts per source per day, their sentiment,
the backlog of open conversations by status and age, and the median first-response time.

Every figure is counted by the database (GROUP BY, a window for the median): the work here is bounded by the
number of sources, days and hours, never by the number of posts. Posts are counted per source and UTC hour,
and the hours are folded into Amsterdam days here: Amsterdam's offset is always whole hours, so every UTC hour
lies within one Amsterdam day, summer time and its changes included, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import connections
from tortoise.functions import Count

from participation import sql
from participation.accounts.models import User
from participation.errors import Invalid, NotAllowed
from participation.i18n import _
from participation.webcare.models import SENTIMENTS, Conversation, Post, Source

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEFAULT_DAYS = 30
MAX_DAYS = 366
# Conversations that wait for an official, and the ages the backlog is counted in (waiting since the newest
# outside post): (key, at least, less than).
OPEN = ("new", "assigned")
AGES: tuple[tuple[str, timedelta, timedelta | None], ...] = (
    ("hour", timedelta(0), timedelta(hours=1)),
    ("day", timedelta(hours=1), timedelta(days=1)),
    ("week", timedelta(days=1), timedelta(days=7)),
    ("older", timedelta(days=7), None),
)


@dataclass(frozen=True)
class Period:
    """From the start of Amsterdam day `first` to the end of Amsterdam day `last`."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), AMSTERDAM).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), AMSTERDAM).astimezone(UTC)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def today(now: datetime) -> date:
    return now.astimezone(AMSTERDAM).date()


def default_period(now: datetime) -> Period:
    last = today(now)
    return Period(last - timedelta(days=DEFAULT_DAYS - 1), last)


def _date(value: str, name: str, errors: dict[str, str]) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        errors[name] = _("Give a date as year-month-day, for example 2026-03-01.")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = _("This date does not exist.")
        return None


def period_from(first: str | None, last: str | None, *, now: datetime) -> Period:
    """The period asked for (dates as YYYY-MM-DD, Amsterdam days); what is left out comes from the default
    period. Invalid names the fields."""
    chosen = default_period(now)
    errors: dict[str, str] = {}
    start = _date(first.strip(), "from", errors) if first and first.strip() else None
    end = _date(last.strip(), "to", errors) if last and last.strip() else None
    if errors:
        raise Invalid(errors)
    end = end or chosen.last
    start = start or min(chosen.first, end)
    if start > end:
        raise Invalid({"to": _("The last day comes on or after the first day.")})
    if (end - start).days + 1 > MAX_DAYS:
        raise Invalid({"from": _("Choose a period of at most %(n)s days.", n=MAX_DAYS)})
    return Period(start, end)


@dataclass
class SourceFigures:
    id: int
    name: str
    # Per Amsterdam day of the period (every day, zeros included).
    per_day: dict[date, int] = field(default_factory=dict)
    # Every sentiment in the order of SENTIMENTS.
    sentiments: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    waiting: int = 0
    median_response: timedelta | None = None

    @property
    def posts(self) -> int:
        return sum(self.per_day.values())


@dataclass
class Dashboard:
    period: Period
    now: datetime
    sources: list[SourceFigures]
    # Per day: all sources together.
    per_day: dict[date, int]
    sentiments: dict[str, int]
    # Status -> age key -> open conversations.
    backlog: dict[str, dict[str, int]]
    answered: int
    waiting: int
    median_response: timedelta | None

    @property
    def posts(self) -> int:
        return sum(self.per_day.values())


# --- raw SQL where the ORM has no words for it (hours of a timestamp, a median), on this area's tables only --


def _dialect() -> str:
    return connections.get("default").capabilities.dialect


def _moment(value: datetime, dialect: str) -> Any:
    # SQLite keeps times as text in UTC ("2026-03-01 09:00:00.123456+00:00", as Tortoise writes them).
    value = value.astimezone(UTC)
    return value.isoformat(sep=" ") if dialect == "sqlite" else value


_EXPRESSIONS = {
    "sqlite": {
        "hour": "strftime('%Y-%m-%d %H', created_at)",
        "seconds": "((julianday(first_response_at) - julianday(created_at)) * 86400.0)",
    },
    "postgres": {
        "hour": "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')",
        "seconds": "EXTRACT(EPOCH FROM (first_response_at - created_at))",
    },
}

# Placeholders are written [] so that str.format leaves them to sql.filled.
VOLUME = (
    "SELECT source_id, {hour} AS bucket, COUNT(*) AS n FROM webcare_posts "
    "WHERE created_at >= [] AND created_at < [] GROUP BY source_id, bucket"
)
# The median of each group: the middle row (odd count) or the mean of the two middle rows (even count).
MEDIAN = (
    "SELECT grouped, AVG(seconds) AS median FROM ("
    " SELECT grouped, seconds, ROW_NUMBER() OVER (PARTITION BY grouped ORDER BY seconds) AS place,"
    " COUNT(*) OVER (PARTITION BY grouped) AS counted FROM ("
    "  SELECT {group} AS grouped, {seconds} AS seconds FROM webcare_conversations"
    "  WHERE first_response_at IS NOT NULL AND created_at >= [] AND created_at < []"
    " ) AS answered"
    ") AS ranked WHERE place IN ((counted + 1) / 2, (counted + 2) / 2) GROUP BY grouped"
)


async def _medians(period: Period, *, per_source: bool) -> dict[int, timedelta]:
    dialect = _dialect()
    text = MEDIAN.format(group="source_id" if per_source else "0", seconds=_EXPRESSIONS[dialect]["seconds"])
    rows = await connections.get("default").execute_query_dict(
        sql.filled(text.replace("[]", "{}"), dialect), [_moment(v, dialect) for v in (period.start, period.end)]
    )
    return {int(r["grouped"]): timedelta(seconds=round(float(r["median"]))) for r in rows}


async def _volume(period: Period) -> list[tuple[int, date, int]]:
    dialect = _dialect()
    text = VOLUME.format(hour=_EXPRESSIONS[dialect]["hour"]).replace("[]", "{}")
    rows = await connections.get("default").execute_query_dict(
        sql.filled(text, dialect), [_moment(v, dialect) for v in (period.start, period.end)]
    )
    found = []
    for row in rows:
        hour = datetime.strptime(row["bucket"], "%Y-%m-%d %H").replace(tzinfo=UTC)
        found.append((int(row["source_id"]), hour.astimezone(AMSTERDAM).date(), int(row["n"])))
    return found


async def dashboard(period: Period, *, by: User, now: datetime) -> Dashboard:
    if not by.has_role("official"):
        raise NotAllowed(_("Only officials work in the webcare inbox."))
    in_period = {"created_at__gte": period.start, "created_at__lt": period.end}
    sources = {
        sid: SourceFigures(sid, name, per_day=dict.fromkeys(period.days, 0), sentiments=dict.fromkeys(SENTIMENTS, 0))
        for sid, name in await Source.all().order_by("id").values_list("id", "name")
    }
    for sid, day, n in await _volume(period):
        if sid in sources and day in sources[sid].per_day:
            sources[sid].per_day[day] += n
    feelings = (
        await Post.filter(**in_period)
        .annotate(n=Count("id"))
        .group_by("source_id", "sentiment")
        .values_list("source_id", "sentiment", "n")
    )
    for sid, sentiment, n in feelings:
        if sid in sources and sentiment in sources[sid].sentiments:
            sources[sid].sentiments[sentiment] += n
    responded = (
        await Conversation.filter(**in_period, first_response_at__isnull=False)
        .annotate(n=Count("id"))
        .group_by("source_id")
        .values_list("source_id", "n")
    )
    for sid, n in responded:
        if sid in sources:
            sources[sid].answered = n
    unanswered = (
        await Conversation.filter(**in_period, first_response_at__isnull=True, status__in=OPEN)
        .annotate(n=Count("id"))
        .group_by("source_id")
        .values_list("source_id", "n")
    )
    for sid, n in unanswered:
        if sid in sources:
            sources[sid].waiting = n
    for sid, median in (await _medians(period, per_source=True)).items():
        if sid in sources:
            sources[sid].median_response = median
    backlog = {status: {key: 0 for key, _low, _high in AGES} for status in OPEN}
    for key, low, high in AGES:
        waiting = {"last_post_at__lte": now - low} | ({"last_post_at__gt": now - high} if high else {})
        rows = (
            await Conversation.filter(status__in=OPEN, **waiting)
            .annotate(n=Count("id"))
            .group_by("status")
            .values_list("status", "n")
        )
        for status, n in rows:
            backlog[status][key] += n
    # A post dated in the future (a wrong clock) waits for "under an hour".
    for status, n in (
        await Conversation.filter(status__in=OPEN, last_post_at__gt=now)
        .annotate(n=Count("id"))
        .group_by("status")
        .values_list("status", "n")
    ):
        backlog[status]["hour"] += n
    listed = list(sources.values())
    return Dashboard(
        period=period,
        now=now,
        sources=listed,
        per_day={day: sum(s.per_day[day] for s in listed) for day in period.days},
        sentiments={s: sum(src.sentiments[s] for src in listed) for s in SENTIMENTS},
        backlog=backlog,
        answered=sum(s.answered for s in listed),
        waiting=sum(s.waiting for s in listed),
        median_response=(await _medians(period, per_source=False)).get(0),
    )
