"""The results of a question as a figure: an SVG chart and the table with the same numbers, made from the same
rows so the two always agree. Numbers are written the way the reader's language writes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.numbers import format_decimal
from markupsafe import Markup

from participation import i18n
from participation.consultations.services.results import OpinionResult, QuestionResult, StatementResult
from participation.i18n import _, ngettext
from server import charts

VOTES = ("agree", "disagree", "pass")


def number(value: float) -> str:
    return format_decimal(value, format="#,##0.#", locale=i18n.current_language())


def percent(value: float) -> str:
    return f"{number(value)}%"


def share(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


@dataclass
class OpinionGroupView:
    name: str
    size: int
    # (statement, "agree" or "disagree"): what sets this group apart.
    leanings: list[tuple[StatementResult, str]]
    letter: str = ""
    # The centre of the group on the map, for the table beside it.
    centre: tuple[float, float] | None = None
    # One plain sentence: the group, its size and the statement that sets it apart most, with its direction.
    summary: str = ""


@dataclass
class OpinionView:
    participants: int
    groups: list[OpinionGroupView]
    divide: list[StatementResult]
    unite: list[StatementResult]
    # When the monitor last computed them: the page shows that result, not one made for the request.
    computed_at: datetime | None = None
    # The map of the groups (SVG), when the stored groups carry their members' places.
    map: Markup | None = None
    # Its legend, as page text under it.
    legend: Markup | None = None


def _choice(q: QuestionResult, chart_id: str) -> charts.Figure:
    bars = [charts.Bar(o.label, o.count, f"{number(o.count)} ({percent(o.percent)})") for o in q.options]
    top = max(q.options, key=lambda o: o.count, default=None)
    if top is None or top.count == 0:
        description = _("Nobody answered this question yet.")
    else:
        description = _(
            "Chosen most: %(label)s, by %(count)s of %(base)s people (%(percent)s).",
            label=top.label,
            count=number(top.count),
            base=number(q.answered),
            percent=percent(top.percent),
        )
    notes = []
    if q.kind == "multiple_choice":
        notes.append(_("People could choose more than one option, so the percentages add up to more than 100."))
    return charts.Figure(
        charts=[charts.bar_chart(chart_id=chart_id, title=q.prompt, description=description, bars=bars)],
        caption=q.prompt,
        columns=[_("Option"), _("People"), _("Share")],
        rows=[[o.label, number(o.count), percent(o.percent)] for o in q.options],
        notes=notes,
    )


def _scale_label(q: QuestionResult, value: int) -> str:
    if value == q.scale_min and q.min_label:
        return f"{value} ({q.min_label})"
    if value == q.scale_max and q.max_label:
        return f"{value} ({q.max_label})"
    return str(value)


def _scale(q: QuestionResult, chart_id: str) -> charts.Figure:
    total = sum(q.distribution.values())
    rows = [(_scale_label(q, v), c, share(c, total)) for v, c in q.distribution.items()]
    bars = [charts.Bar(label, count, f"{number(count)} ({percent(p)})") for label, count, p in rows]
    if q.mean is None:
        description = _("Nobody answered this question yet.")
    else:
        description = ngettext(
            "Average %(mean)s on a scale from %(low)s to %(high)s, from %(num)s answer.",
            "Average %(mean)s on a scale from %(low)s to %(high)s, from %(num)s answers.",
            total,
        ) % {"mean": number(q.mean), "low": q.scale_min, "high": q.scale_max, "num": number(total)}
    return charts.Figure(
        charts=[charts.bar_chart(chart_id=chart_id, title=q.prompt, description=description, bars=bars)],
        caption=q.prompt,
        columns=[_("Value"), _("People"), _("Share")],
        rows=[[label, number(count), percent(p)] for label, count, p in rows],
        notes=[description],
    )


def _statements(q: QuestionResult, chart_id: str, *, full: bool) -> charts.Figure:
    bars = []
    rows = []
    for s in q.statements:
        votes = s.votes
        counts = {"agree": s.agree, "disagree": s.disagree, "pass": s.passed}
        text = _("%(agree)s agree", agree=percent(share(s.agree, votes))) if votes else _("no votes yet")
        bars.append(charts.StackedBar(s.text, [charts.Segment(v, counts[v]) for v in VOTES], text))
        row = [s.text] + [f"{number(counts[v])} ({percent(share(counts[v], votes))})" for v in VOTES] + [number(votes)]
        if full:
            row.append(
                {"published": _("published"), "pending": _("waiting"), "hidden": _("hidden")}.get(s.status, s.status)
            )
        rows.append(row)
    columns = [_("Statement"), _("Agree"), _("Disagree"), _("Pass"), _("Votes")] + ([_("Status")] if full else [])
    description = _(
        "For each statement the share of votes that agree (green), disagree (red) and pass (grey); "
        "the table beside gives the numbers."
    )
    return charts.Figure(
        charts=[charts.stacked_bar_chart(chart_id=chart_id, title=q.prompt, description=description, bars=bars)],
        caption=q.prompt,
        columns=columns,
        rows=rows,
        wide=True,
    )


def figure(q: QuestionResult, *, full: bool) -> charts.Figure | None:
    """The chart and table of a question; None for open questions (their answers are listed instead)."""
    chart_id = f"chart-{q.id}"
    if q.kind in ("single_choice", "multiple_choice"):
        return _choice(q, chart_id)
    if q.kind == "scale":
        return _scale(q, chart_id)
    if q.kind == "statements" and q.statements:
        return _statements(q, chart_id, full=full)
    return None


# A group "much more often" agrees (or disagrees) when its share is at least this many times the others' share.
MUCH_MORE = 2.0


def group_summary(
    name: str, size: int, leanings: list[tuple[StatementResult, str]], shares: dict[int, tuple[float, float]]
) -> str:
    """ "Group A, 312 people, agrees much more often than others with ‘…’ (80% of the group, 25% of the others)."
    From the group's most representative statement and its direction."""
    people = ngettext("%(num)s person", "%(num)s people", size) % {"num": number(size)}
    if not leanings:
        return _("%(group)s, %(people)s: no statement sets this group clearly apart.", group=name, people=people)
    statement, direction = leanings[0]
    found = shares.get(statement.id)
    words = {"group": name, "people": people, "statement": statement.text}
    if found is None:
        if direction == "agree":
            return _("%(group)s, %(people)s, agrees more often than others with ‘%(statement)s’.", **words)
        return _("%(group)s, %(people)s, disagrees more often than others with ‘%(statement)s’.", **words)
    inside, outside = found
    words |= {"inside": percent(round(100 * inside)), "outside": percent(round(100 * outside))}
    much = inside >= MUCH_MORE * outside
    if direction == "agree" and much:
        return _(
            "%(group)s, %(people)s, agrees much more often than others with ‘%(statement)s’ "
            "(%(inside)s of the group, against %(outside)s of the others).",
            **words,
        )
    if direction == "agree":
        return _(
            "%(group)s, %(people)s, agrees more often than others with ‘%(statement)s’ "
            "(%(inside)s of the group, against %(outside)s of the others).",
            **words,
        )
    if much:
        return _(
            "%(group)s, %(people)s, disagrees much more often than others with ‘%(statement)s’ "
            "(%(inside)s of the group, against %(outside)s of the others).",
            **words,
        )
    return _(
        "%(group)s, %(people)s, disagrees more often than others with ‘%(statement)s’ "
        "(%(inside)s of the group, against %(outside)s of the others).",
        **words,
    )


def opinion(q: QuestionResult) -> OpinionView | None:
    """The opinion groups with their statements looked up; None when there are no groups (yet)."""
    found: OpinionResult | None = q.opinion
    if found is None or not found.groups:
        return None
    by_id = {s.id: s for s in q.statements}
    letters = "ABCDEFGHIJ"
    groups = [
        OpinionGroupView(
            name=_("Group %(letter)s", letter=letters[i] if i < len(letters) else str(i + 1)),
            size=g.size,
            leanings=[(by_id[sid], g.directions.get(sid, "agree")) for sid in g.representative if sid in by_id],
            letter=letters[i] if i < len(letters) else str(i + 1),
            centre=(
                (sum(x for x, _ in g.points) / len(g.points), sum(y for _, y in g.points) / len(g.points))
                if g.points
                else None
            ),
        )
        for i, g in enumerate(found.groups)
    ]
    for view, g in zip(groups, found.groups, strict=True):
        view.summary = group_summary(view.name, view.size, view.leanings, g.shares)
    placed = sum(len(g.points) for g in found.groups)
    drawn = legend = None
    if placed:
        dense = placed > charts.DENSITY_ABOVE
        how = (
            _(
                "Each mark stands for the people in that part of the map: the bigger the mark, the more people. "
                "People close together voted alike. Each group has its own shape, and its letter at its centre."
            )
            if dense
            else _(
                "Each mark is one person, placed by how they voted: people close together voted alike. "
                "Each group has its own shape, and its letter at its centre."
            )
        )
        shapes = [
            charts.ScatterGroup(view.letter, view.name, g.points) for view, g in zip(groups, found.groups, strict=True)
        ]
        drawn = charts.scatter_chart(
            chart_id=f"map-{q.id}",
            title=_("Map of the opinion groups"),
            # The map's text description tells what the map shows, then each group in one sentence.
            description=" ".join([how] + [view.summary for view in groups]),
            groups=shapes,
            people_here=lambda n: ngettext("%(num)d person here", "%(num)d people here", n) % {"num": n},
        )
        legend = charts.scatter_legend(shapes)
    return OpinionView(
        participants=found.participants,
        groups=groups,
        divide=[by_id[sid] for sid in found.divide if sid in by_id],
        unite=[by_id[sid] for sid in found.unite if sid in by_id],
        computed_at=found.computed_at,
        map=drawn,
        legend=legend,
    )
