"""The webcare dashboard (officials): posts per source per day, sentiment, the backlog and the median
first-response time for a chosen period, each as a chart with the table of the same numbers; and webcare's
section on a consultation's results page (social listening: the monitored posts that match it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date, format_interval
from babel.numbers import format_decimal
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from participation import i18n
from participation.accounts.models import User
from participation.errors import Invalid
from participation.i18n import _, lazy, ngettext
from participation.webcare import dashboard, listening, rules
from server import charts
from server.templating import render
from server.web import now, page_role

AGE_LABELS = {
    "hour": lazy("Under an hour"),
    "day": lazy("1 to 24 hours"),
    "week": lazy("1 to 7 days"),
    "older": lazy("Over a week"),
}


def number(value: float) -> str:
    return format_decimal(value, format="#,##0.#", locale=i18n.current_language())


def day_label(day: date, format: str | None = None) -> str:
    """A day as every page writes it (`i18n.day`: "1 March 2026"); a `format` only for the compact labels beside
    a chart's bars and in the day table's rows, short enough for one line on a phone."""
    if format is None:
        return i18n.day(day)
    return format_date(day, format=format, locale=i18n.current_language())


def duration(value: timedelta | None) -> str:
    if value is None:
        return "–"
    minutes = round(value.total_seconds() / 60)
    if minutes < 60:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
    days, hours = divmod(hours, 24)
    return _("%(days)s d %(hours)s h", days=days, hours=hours)


def _posts(n: int) -> str:
    return ngettext("%(num)d post", "%(num)d posts", n) % {"num": n}


def _bars(days: list[date]) -> tuple[str, list[tuple[str, list[date]]]]:
    """The volume chart's bars: one a day up to a month, one a week (from Monday) up to half a year, one a month
    beyond; each with its short label and its days. The table beside it has every day."""
    if len(days) <= 31:
        return "day", [(day_label(day, "EEE d MMM"), [day]) for day in days]
    groups: dict[date, list[date]] = {}
    if len(days) <= 183:
        for day in days:
            groups.setdefault(day - timedelta(days=day.weekday()), []).append(day)
        language = i18n.current_language()
        return "week", [
            (format_interval(group[0], group[-1], "MMMd", locale=language), group) for group in groups.values()
        ]
    for day in days:
        groups.setdefault(day.replace(day=1), []).append(day)
    return "month", [(day_label(group[0], "MMM yyyy"), group) for group in groups.values()]


def _volume_chart(found: dashboard.Dashboard) -> Markup:
    days = found.period.days
    per_day = found.per_day
    unit, bars = _bars(days)
    total = sum(per_day.values())
    if total:
        busiest = max(days, key=lambda d: per_day[d])
        description = _(
            "%(posts)s from %(first)s to %(last)s; the busiest day was %(day)s with %(count)s.",
            posts=_posts(total),
            first=day_label(days[0]),
            last=day_label(days[-1]),
            day=day_label(busiest),
            count=_posts(per_day[busiest]),
        )
    else:
        description = _("No posts from %(first)s to %(last)s.", first=day_label(days[0]), last=day_label(days[-1]))
    titles = {
        "day": _("Posts per day: %(source)s", source=_("All sources")),
        "week": _("Posts per week: %(source)s", source=_("All sources")),
        "month": _("Posts per month: %(source)s", source=_("All sources")),
    }
    return charts.bar_chart(
        chart_id="chart-volume",
        title=titles[unit],
        description=description,
        bars=[
            charts.Bar(label, sum(per_day[d] for d in group), number(sum(per_day[d] for d in group)))
            for label, group in bars
        ],
        compact=True,
    )


def volume(found: dashboard.Dashboard) -> charts.Figure:
    """All sources together a day (a week, a month for long periods), then the sources side by side (when
    there is more than one); the table has every source and day."""
    days = found.period.days
    drawn = [_volume_chart(found)]
    if len(found.sources) > 1:
        drawn.append(
            charts.bar_chart(
                chart_id="chart-volume-sources",
                title=_("Posts per source"),
                description=_(
                    "Posts from %(first)s to %(last)s per source: %(counts)s.",
                    first=day_label(days[0]),
                    last=day_label(days[-1]),
                    counts=", ".join(f"{s.name} {_posts(s.posts)}" for s in found.sources),
                ),
                bars=[charts.Bar(s.name, s.posts, _posts(s.posts)) for s in found.sources],
            )
        )
    return charts.Figure(
        charts=drawn,
        caption=_("Number of posts per day and source"),
        columns=[_("Day"), *(s.name for s in found.sources), _("All sources")],
        rows=[
            [day_label(day, "d MMM y"), *(number(s.per_day[day]) for s in found.sources), number(found.per_day[day])]
            for day in days
        ]
        + [[_("Total"), *(number(s.posts) for s in found.sources), number(found.posts)]],
        wide=True,
        day_rows=True,
    )


def _sentiment_row(name: str, counts: dict[str, int]) -> tuple[charts.StackedBar, list[str]]:
    total = sum(counts.values())

    def share(n: int) -> str:
        return f"{number(round(100 * n / total, 1) if total else 0)}%"

    text = _("%(share)s negative", share=share(counts["negative"])) if total else _("no posts")
    bar = charts.StackedBar(name, [charts.Segment(s, counts[s]) for s in ("positive", "neutral", "negative")], text)
    return bar, [
        name,
        *(f"{number(counts[s])} ({share(counts[s])})" for s in ("positive", "neutral", "negative")),
        number(total),
    ]


def sentiment(found: dashboard.Dashboard) -> charts.Figure:
    made = [_sentiment_row(s.name, s.sentiments) for s in found.sources]
    made.append(_sentiment_row(_("All sources"), found.sentiments))
    chart = charts.stacked_bar_chart(
        chart_id="chart-sentiment",
        title=_("Sentiment of the posts"),
        description=_(
            "For each source the share of posts that are positive (green), neutral (grey) and negative (red); "
            "the table gives the numbers."
        ),
        bars=[bar for bar, _row in made],
    )
    return charts.Figure(
        charts=[chart],
        caption=_("Sentiment of the posts per source"),
        columns=[_("Source"), _("Positive"), _("Neutral"), _("Negative"), _("Posts")],
        rows=[row for _bar, row in made],
    )


def backlog(found: dashboard.Dashboard) -> charts.Figure:
    totals = {key: sum(found.backlog[s][key] for s in dashboard.OPEN) for key in AGE_LABELS}
    open_now = sum(totals.values())
    chart = charts.bar_chart(
        chart_id="chart-backlog",
        title=_("Open conversations by how long they wait"),
        description=ngettext(
            "%(num)d conversation waits for an official, counted from its newest post.",
            "%(num)d conversations wait for an official, counted from their newest post.",
            open_now,
        )
        % {"num": open_now},
        bars=[charts.Bar(i18n.gettext(label), totals[key], number(totals[key])) for key, label in AGE_LABELS.items()],
    )
    rows = [
        [i18n.gettext(label), *(number(found.backlog[s][key]) for s in dashboard.OPEN), number(totals[key])]
        for key, label in AGE_LABELS.items()
    ]
    rows.append([_("Total"), *(number(sum(found.backlog[s].values())) for s in dashboard.OPEN), number(open_now)])
    return charts.Figure(
        charts=[chart],
        caption=_("Open conversations by status and waiting time"),
        columns=[_("Waiting"), *(i18n.gettext(rules.STATUS_LABELS[s]) for s in dashboard.OPEN), _("Open")],
        rows=rows,
        notes=[_("The backlog is counted now, whatever the period.")],
    )


def first_response(found: dashboard.Dashboard) -> charts.Figure:
    listed = [(s.name, s.median_response, s.answered, s.waiting) for s in found.sources]
    listed.append((_("All sources"), found.median_response, found.answered, found.waiting))
    chart = charts.bar_chart(
        chart_id="chart-response",
        title=_("Median time to the first response"),
        description=(
            _(
                "Half of the conversations answered got their first response within %(time)s.",
                time=duration(found.median_response),
            )
            if found.median_response is not None
            else _("No conversation of this period has been answered yet.")
        ),
        bars=[
            charts.Bar(name, median.total_seconds() if median else 0, duration(median))
            for name, median, _a, _w in listed
        ],
    )
    return charts.Figure(
        charts=[chart],
        caption=_("First response per source"),
        columns=[_("Source"), _("Median first response"), _("Answered"), _("Waiting for a first response")],
        rows=[
            [name, duration(median), number(answered), number(waiting)] for name, median, answered, waiting in listed
        ],
        notes=[_("Counted over the conversations that started in the period.")],
    )


async def dashboard_page(request: Request) -> Response:
    user = page_role(request, "official")
    moment = now()
    params = request.query_params
    errors: dict[str, str] = {}
    try:
        period = dashboard.period_from(params.get("from"), params.get("to"), now=moment)
    except Invalid as exc:
        errors, period = exc.fields, dashboard.default_period(moment)
    found = await dashboard.dashboard(period, by=user, now=moment)
    context = {
        "found": found,
        "figures": {
            "volume": volume(found),
            "sentiment": sentiment(found),
            "backlog": backlog(found),
            "response": first_response(found),
        },
        "values": {
            "from": params.get("from", period.first.isoformat()),
            "to": params.get("to", period.last.isoformat()),
        },
        "errors": errors,
        "period_label": _("%(first)s to %(last)s", first=day_label(period.first), last=day_label(period.last)),
        "max_days": dashboard.MAX_DAYS,
    }
    return render(request, "webcare/dashboard.html", context, 422 if errors else 200)


# --- social listening on a consultation's results page -----------------------------------------------------


@dataclass
class ListeningView:
    found: listening.Listening
    figure: charts.Figure | None


async def listening_section(viewer: User | None, consultation_id: int, *, now: datetime) -> ListeningView | None:
    """For officials: the posts matched to the consultation with their sentiment as a chart and table; None
    for everyone else (the section is then left out)."""
    if viewer is None or not viewer.has_role("official"):
        return None
    found = await listening.for_consultation(consultation_id, viewer=viewer)
    figure = None
    if found.count:
        bar, row = _sentiment_row(_("Matching posts"), found.sentiments)
        figure = charts.Figure(
            charts=[
                charts.stacked_bar_chart(
                    chart_id="chart-listening",
                    title=_("Sentiment of the monitored posts about this consultation"),
                    description=_(
                        "The share of posts that are positive (green), neutral (grey) and negative (red); "
                        "the table gives the numbers."
                    ),
                    bars=[bar],
                )
            ],
            caption=_("Sentiment of the monitored posts"),
            columns=[_("Posts"), _("Positive"), _("Neutral"), _("Negative"), _("Total")],
            rows=[row],
        )
    return ListeningView(found, figure)
