"""Moderation's figures on /transparency: per month a chart and the table with the same numbers (made from the
same Month rows, so they always agree), and the same figures as CSV and JSON open data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from participation import i18n
from participation.i18n import _
from participation.moderation import rules, transparency
from participation.moderation.transparency import Month
from server import charts
from server.web import download, now


def number(value: float) -> str:
    return format_decimal(value, format="#,##0.#", locale=i18n.current_language())


def month_label(month: str) -> str:
    return format_date(datetime(int(month[:4]), int(month[5:]), 1), "MMMM y", locale=i18n.current_language())


# Short names of the grounds for the table's column heads; the full text is listed under the table.
def ground_short(ground: str) -> str:
    return {
        "terms_respect": _("Terms 3.1 respect"),
        "terms_spam": _("Terms 3.2 spam"),
        "terms_on_topic": _("Terms 3.3 on topic"),
        "terms_privacy": _("Terms 3.4 privacy"),
        "terms_compatible": _("Within the terms"),
        "law_gdpr": _("Law: GDPR"),
        "law_criminal": _("Law: criminal"),
    }.get(ground, ground)


@dataclass
class Table:
    ident: str
    caption: str
    columns: list[str]
    # The first cell names the row (a row header); the others hold numbers.
    rows: list[list[str]]
    chart: Markup | None = None
    notes: tuple[str, ...] = ()


def _chart(ident: str, title: str, months: list[Month], value: Any) -> Markup:
    bars = [charts.Bar(month_label(m.month), value(m), number(value(m))) for m in months]
    return charts.bar_chart(
        chart_id=ident,
        title=title,
        description=_("One bar per month; the table beside it has the same numbers and more detail."),
        bars=bars,
    )


def tables(found: transparency.Figures) -> list[Table]:
    months = found.last()
    reports = Table(
        "reports-per-month",
        _("Reports per month, per reason"),
        [_("Month"), _("All reports"), *(rules.reason_label(r) for r in rules.REASONS)],
        [
            [month_label(m.month), number(m.reports_total), *(number(m.reports[r]) for r in rules.REASONS)]
            for m in months
        ],
        _chart("chart-reports", _("Reports per month"), months, lambda m: m.reports_total),
    )
    decisions = Table(
        "decisions-per-month",
        _("Decisions per month, per action"),
        [
            _("Month"),
            _("All decisions"),
            *(rules.action_label(a) for a in transparency.ALL_ACTIONS),
            _("Median hours to a decision"),
        ],
        [
            [
                month_label(m.month),
                number(m.decisions_total),
                *(number(m.decisions.get(a, 0)) for a in transparency.ALL_ACTIONS),
                "–" if m.median_hours is None else number(m.median_hours),
            ]
            for m in months
        ],
        _chart("chart-decisions", _("Decisions per month"), months, lambda m: m.decisions_total),
        (
            _(
                "Median hours to a decision: from the moment content came to the queue (its first report, an "
                "automatic rule, or waiting for pre-moderation) to the decision; half of the decisions took less "
                "time. Decisions on an appeal and on an account are not timed. “–”: no decision that month."
            ),
        ),
    )
    grounds = Table(
        "grounds-per-month",
        _("Decisions per month, per ground"),
        [_("Month"), *(ground_short(g) for g in rules.GROUNDS)],
        [[month_label(m.month), *(number(m.grounds.get(g, 0)) for g in rules.GROUNDS)] for m in months],
        None,
        tuple(f"{ground_short(g)}: {rules.ground_label(g)}" for g in rules.GROUNDS),
    )
    automation = Table(
        "automation-per-month",
        _("Automated means per month"),
        [
            _("Month"),
            _("Texts an automatic rule found something in"),
            _("Hidden automatically after reports"),
            _("Decisions on content a rule detected"),
            _("Decisions taken by automated means"),
        ],
        [
            [
                month_label(m.month),
                number(m.rule_hits),
                number(m.hidden_by_reports),
                number(m.detected),
                number(m.automated),
            ]
            for m in months
        ],
        None,
        (_("A person takes every decision; automatic rules only hold content back or bring it to the queue."),),
    )
    appeals = Table(
        "appeals-per-month",
        _("Appeals per month"),
        [_("Month"), _("Appeals made"), _("Appeals decided"), _("Decision upheld"), _("Decision changed")],
        [
            [
                month_label(m.month),
                number(m.appeals_made),
                number(m.appeals_decided),
                number(m.appeals_upheld),
                number(m.appeals_changed),
            ]
            for m in months
        ],
    )
    return [reports, decisions, grounds, automation, appeals]


@dataclass
class Section:
    figures: transparency.Figures
    tables: list[Table]


async def section(viewer: Any = None, *, now: datetime) -> Section:
    found = await transparency.figures(now=now)
    return Section(found, tables(found))


async def open_data(request: Request) -> Response:
    return download(await transparency.open_data(now=now()), request.path_params["format"])
