"""The statements of reasons of a period, for admins, as JSON shaped after the records of the EU's DSA
Transparency Database (the fields of its statement API), so they can be checked or submitted there.

Only decisions that restrict something are statements in the DSA's sense: hiding content (its visibility is
disabled, never removed: hidden content stays stored) and suspending an account (until its end date). A kept
or restored item and a warning restrict nothing and are left out. Nothing names the author: the `puid` is the
decision's own number here, which admins can look up.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from participation.accounts.models import User
from participation.errors import Invalid, NotAllowed
from participation.exports import Document
from participation.i18n import _
from participation.moderation import rules
from participation.moderation.models import ModerationDecision

RESTRICTING = ("hide", "suspend")
PERIOD_MAX_DAYS = 366
# The DSA Transparency Database's categories, by our ground.
CATEGORIES = {
    "terms_respect": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "terms_spam": "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    "terms_on_topic": "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    "terms_privacy": "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "terms_compatible": "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    "law_gdpr": "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "law_criminal": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
}


def period_errors(start: date | None, end: date | None) -> dict[str, str]:
    errors = {}
    if start is None:
        errors["from"] = _("Give the first day as YYYY-MM-DD.")
    if end is None:
        errors["to"] = _("Give the last day as YYYY-MM-DD.")
    if start and end:
        if end < start:
            errors["to"] = _("The last day comes on or after the first day.")
        elif (end - start).days >= PERIOD_MAX_DAYS:
            errors["to"] = _("A period is at most %(n)s days.", n=PERIOD_MAX_DAYS)
    return errors


def _day(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).date().isoformat() if moment else None


def statement(decision: ModerationDecision) -> dict[str, Any]:
    """One decision as a DSA Transparency Database statement of reasons."""
    kind, _label = rules.GROUNDS.get(decision.ground, ("terms", None))
    ground = rules.ground_label(decision.ground)
    illegal = kind == "law"
    found: dict[str, Any] = {
        "puid": f"samenspraak-decision-{decision.id}",
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_DISABLED"] if decision.action == "hide" else [],
        "end_date_visibility_restriction": None,
        "decision_account": "DECISION_ACCOUNT_SUSPENDED" if decision.action == "suspend" else None,
        "end_date_account_restriction": _day(decision.until) if decision.action == "suspend" else None,
        "account_type": "ACCOUNT_TYPE_PRIVATE",
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT" if illegal else "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "illegal_content_legal_ground": ground if illegal else None,
        "illegal_content_explanation": decision.facts if illegal else None,
        "incompatible_content_ground": None if illegal else ground,
        "incompatible_content_explanation": None if illegal else decision.facts,
        "incompatible_content_illegal": None if illegal else "No",
        "category": CATEGORIES.get(decision.ground, "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"),
        "content_type": ["CONTENT_TYPE_TEXT"],
        "content_date": _day(decision.content_created_at),
        "application_date": _day(decision.created_at),
        "decision_facts": decision.facts,
        "source_type": "SOURCE_ARTICLE_16" if decision.source.startswith("report:") else "SOURCE_VOLUNTARY",
        "automated_detection": "Yes" if decision.detected else "No",
        "automated_decision": "AUTOMATED_DECISION_FULLY" if decision.automated else "AUTOMATED_DECISION_NOT_AUTOMATED",
        "territorial_scope": ["NL"],
        # Ours, beside the database's fields: what the decision was about and how to seek redress.
        "samenspraak": {
            "decision_id": decision.id,
            "ref": decision.ref,
            "action": decision.action,
            "ground": decision.ground,
            "source": decision.source,
            "redress": decision.redress,
            "decided_at": decision.created_at.isoformat(),
        },
    }
    return found


async def statements_of_reasons(start: date | None, end: date | None, *, by: User) -> Document:
    """Every restricting decision taken from the first day through the last (UTC), oldest first; admins only."""
    if "admin" not in by.roles:
        raise NotAllowed(_("Only admins download the statements of reasons."))
    if errors := period_errors(start, end):
        raise Invalid(errors)
    assert start is not None and end is not None
    since = datetime.combine(start, time(0, 0), tzinfo=UTC)
    until = datetime.combine(end, time(0, 0), tzinfo=UTC) + timedelta(days=1)
    found = await ModerationDecision.filter(
        action__in=RESTRICTING, created_at__gte=since, created_at__lt=until
    ).order_by("created_at", "id")
    document = {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "about": "Statements of reasons (DSA art. 17) of decisions that restricted content or an account, in the "
        "fields of the DSA Transparency Database; kept or restored content and warnings restrict nothing.",
        "statements": [statement(decision) for decision in found],
    }
    return Document(name=f"statements-of-reasons-{start.isoformat()}-{end.isoformat()}", json=lambda: document)
