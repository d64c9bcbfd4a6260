"""Reading consultations: one with its questions and decision, and lists by (effective) status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from participation.accounts.models import User
from participation.consultations import queries, rules
from participation.consultations.models import Consultation
from participation.consultations.queries import ConsultationView
from participation.errors import Invalid
from participation.i18n import _

LIST_LIMIT_MAX = 100
# The order of the public index: what can be answered first, then what was decided, then the rest.
INDEX_ORDER = ("open", "decided", "closed", "draft")


@dataclass
class ConsultationPage:
    items: list[Consultation]
    next: str | None


async def get_consultation(consultation_id: int, *, viewer: User | None, now: datetime) -> ConsultationView:
    """The consultation with its questions (options, published statements), decision and the viewer's actions.

    A draft is NotFound to everyone but officials.
    """
    return await queries.consultation_view(consultation_id, viewer=viewer, now=now)


def parse_cursor(cursor: str | None) -> int | None:
    if cursor is None or cursor == "":
        return None
    if not cursor.isdigit():
        raise Invalid({"cursor": _("This cursor is not valid.")})
    return int(cursor)


async def list_consultations(
    *, viewer: User | None, now: datetime, status: str | None = None, cursor: str | None = None, limit: int = 20
) -> ConsultationPage:
    """Newest first. Without a status: every non-draft one. Drafts only for officials asking for them."""
    status = status or None
    if status is not None and status not in rules.STATUSES:
        raise Invalid({"status": _("Choose one of: %(values)s", values=", ".join(rules.STATUSES))})
    limit = max(1, min(limit, LIST_LIMIT_MAX))
    after = parse_cursor(cursor)
    if status == "draft" and not rules.is_official(queries.roles_of(viewer)):
        return ConsultationPage([], None)
    query = (
        Consultation.filter(queries.status_filter(status, now))
        if status
        else Consultation.exclude(queries.status_filter("draft", now))
    )
    if after is not None:
        query = query.filter(id__lt=after)
    rows = await query.order_by("-id").limit(limit + 1)
    for row in rows:
        row.status = rules.effective_status(row, now)
    more = len(rows) > limit
    rows = rows[:limit]
    return ConsultationPage(rows, str(rows[-1].id) if more and rows else None)


async def consultation_index(
    *, viewer: User | None, now: datetime, status: str | None = None, limit: int = 100
) -> list[Consultation]:
    """For the /consultations page: open first, then decided, then closed (officials: drafts last)."""
    statuses = (
        [status] if status else [s for s in INDEX_ORDER if s != "draft" or rules.is_official(queries.roles_of(viewer))]
    )
    found: list[Consultation] = []
    for name in statuses:
        found += (await list_consultations(viewer=viewer, now=now, status=name, limit=limit)).items
    return found
