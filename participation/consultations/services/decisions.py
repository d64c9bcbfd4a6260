"""Officials close the loop: the decision on a closed consultation, and every respondent is told.

The decision, the new status and the notifications (in-app and e-mail through the outbox) are written in one
transaction: either everyone who answered is told, or nothing is published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from participation import sanitize, transitions
from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.models import (
    Consultation,
    Decision,
    DecisionRevision,
    Question,
    Response,
    StatementVote,
)
from participation.consultations.storage import snapshots
from participation.errors import Conflict, Invalid
from participation.i18n import _, language
from participation.notifications.services import notify
from participation.text import clean_text

BATCH = 500


async def _respondent_ids(consultation_id: int) -> list[int]:
    """Everyone who answered: a response, or a vote on one of its statements."""
    responded = await Response.filter(consultation_id=consultation_id).values_list("user_id", flat=True)
    voted = (
        await StatementVote.filter(question__consultation_id=consultation_id)
        .distinct()
        .values_list("user_id", flat=True)
    )
    return sorted(set(responded) | set(voted))


async def _notify_respondents(consultation: Consultation, decision: Decision, *, link: str, now: datetime) -> int:
    ids = await _respondent_ids(consultation.id)
    for start in range(0, len(ids), BATCH):
        for user in await User.filter(id__in=ids[start : start + BATCH]).order_by("id"):
            with language(user.language):
                await notify(
                    user,
                    kind="consultation_decision",
                    title=_("Decision on: %(title)s", title=consultation.title),
                    body=_(
                        'You answered the consultation "%(title)s". The decision is published:\n\n%(summary)s',
                        title=consultation.title,
                        summary=decision.summary,
                    ),
                    link=link,
                    now=now,
                )
    return len(ids)


@dataclass
class DecisionPreview:
    """A decision as it will be shown, before it is published: the summary, the body and each question's
    "what we did with this" as HTML (sanitised as on publishing), and how many people will be told."""

    summary: str
    body_html: str
    outcomes_html: dict[int, str]
    respondents: int


async def preview_decision(
    consultation_id: int, *, summary: str, body: str, by: User, now: datetime, outcomes: Mapping[int, str] | None = None
) -> DecisionPreview:
    """Checks the decision as `publish_decision` does and shows what it will look like; nothing is stored."""
    repository.require_manager(by)
    consultation = await repository.load(consultation_id)
    repository.require_action(await repository.settle(consultation, now), "decide")
    summary, body = clean_text(summary).strip(), clean_text(body)
    outcomes = {question_id: clean_text(text) for question_id, text in (outcomes or {}).items()}
    question_ids = set(await Question.filter(consultation_id=consultation.id).values_list("id", flat=True))
    errors = rules.decision_errors(summary=summary, body=body, outcomes=outcomes, question_ids=question_ids)
    if errors:
        raise Invalid(errors)
    clean, *outcomes_html = await sanitize.sanitize_many([body, *outcomes.values()], policy="rich")
    shown = {question_id: html.html for question_id, html in zip(outcomes, outcomes_html, strict=True)}
    return DecisionPreview(summary, clean.html, shown, len(await _respondent_ids(consultation.id)))


@snapshots.writes
async def publish_decision(
    consultation_id: int,
    *,
    summary: str,
    body: str,
    by: User,
    now: datetime,
    outcomes: Mapping[int, str] | None = None,
    link: str = "",
) -> Decision:
    """Publish the decision on a closed consultation (state becomes decided) and notify every respondent.

    `outcomes` is the optional "what we did with this" per question id; `link` is the consultation's page that
    the notifications point to, built by the caller with the site's address so that it works in an e-mail.
    """
    repository.require_manager(by)
    consultation = await repository.load(consultation_id)
    repository.require_action(await repository.settle(consultation, now), "decide")
    summary, body = clean_text(summary).strip(), clean_text(body)
    outcomes = {question_id: clean_text(text) for question_id, text in (outcomes or {}).items()}
    question_ids = set(await Question.filter(consultation_id=consultation.id).values_list("id", flat=True))
    errors = rules.decision_errors(summary=summary, body=body, outcomes=outcomes, question_ids=question_ids)
    if errors:
        raise Invalid(errors)
    clean, *outcomes_html = await sanitize.sanitize_many([body, *outcomes.values()], policy="rich")
    async with in_transaction():
        await transitions.move(
            Consultation,
            consultation.id,
            source="closed",
            refusal=rules.refusal("decided", "decide"),
            status="decided",
            updated_at=now,
        )
        consultation.status = "decided"
        decision = await Decision.create(
            consultation_id=consultation.id,
            summary=summary,
            body=clean.source,
            body_html=clean.html,
            published_at=now,
            published_by=by,
        )
        for question_id, outcome in zip(outcomes, outcomes_html, strict=True):
            await Question.filter(id=question_id).update(outcome=outcome.source, outcome_html=outcome.html)
        await _notify_respondents(consultation, decision, link=link, now=now)
    return decision


@snapshots.writes
async def correct_decision(
    consultation_id: int,
    *,
    summary: str,
    body: str,
    by: User,
    now: datetime,
    outcomes: Mapping[int, str] | None = None,
) -> Decision:
    """Correct a published decision (a typo, a wrong figure): the earlier text is kept as a revision, the page
    says "corrected on", and nobody is notified again (they were told when it was published)."""
    repository.require_manager(by)
    consultation = await repository.load(consultation_id)
    if await repository.settle(consultation, now) != "decided":
        raise Conflict(_("Only a published decision can be corrected."))
    decision = await Decision.get(consultation_id=consultation.id)
    summary, body = clean_text(summary).strip(), clean_text(body)
    outcomes = {question_id: clean_text(text) for question_id, text in (outcomes or {}).items()}
    question_ids = set(await Question.filter(consultation_id=consultation.id).values_list("id", flat=True))
    errors = rules.decision_errors(summary=summary, body=body, outcomes=outcomes, question_ids=question_ids)
    if errors:
        raise Invalid(errors)
    clean, *outcomes_html = await sanitize.sanitize_many([body, *outcomes.values()], policy="rich")
    async with in_transaction():
        shown_from = decision.corrected_at or decision.published_at
        changed = await Decision.filter(id=decision.id, summary=decision.summary, body=decision.body).update(
            summary=summary, body=clean.source, body_html=clean.html, corrected_at=now
        )
        if not changed:
            raise Conflict(_("The decision changed meanwhile; reload and try again."))
        await DecisionRevision.create(
            decision_id=decision.id,
            summary=decision.summary,
            body=decision.body,
            body_html=decision.body_html,
            shown_from=shown_from,
            replaced_at=now,
            replaced_by=by,
        )
        for question_id, outcome in zip(outcomes, outcomes_html, strict=True):
            await Question.filter(id=question_id).update(outcome=outcome.source, outcome_html=outcome.html)
    return await Decision.get(id=decision.id)


async def decision_history(consultation_id: int) -> list[DecisionRevision]:
    """The earlier texts of a consultation's decision, newest first."""
    return await DecisionRevision.filter(decision__consultation_id=consultation_id).order_by("-replaced_at", "-id")
