"""What moderation may do with the content of consultations: proposed statements (`statement:ID`) and open
answers (`answer:ID`), registered in participation/areas.py.

What hiding does to numbers: a hidden open answer's text is withheld (a placeholder on pages, left out of the
API) but its response still counts in every tally, since the person did answer; a hidden statement leaves the
statement list, its tallies and the opinion groups (the stored clustering is dropped so it is computed again
without it). Every change drops the snapshots, so pages show it at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from participation.consultations import rules
from participation.consultations.models import Answer, OpinionGroups, Statement
from participation.consultations.storage import snapshots
from participation.i18n import lazy
from participation.moderated import Moderated
from participation.moderation.rules import ContentKind, ContentSummary

# The content states as moderation names them (published, pending, review, hidden).
_ANSWER_STATES = {"visible": "published"}


async def statement_visible_to(statement_id: int, user: Any, now: datetime) -> bool:
    """A statement is seen where its consultation is: a draft only by officials."""
    statement = await Statement.get_or_none(id=statement_id).prefetch_related("question__consultation")
    if statement is None:
        return False
    return rules.can_view(user.roles, rules.effective_status(statement.question.consultation, now))


async def answer_visible_to(answer_id: int, user: Any, now: datetime) -> bool:
    """An open answer is seen in the results: by officials, by everyone once closed, and by its author."""
    answer = await Answer.get_or_none(id=answer_id).prefetch_related("response", "question__consultation")
    if answer is None:
        return False
    status = rules.effective_status(answer.question.consultation, now)
    return user.id == answer.response.user_id or rules.can_see_results(user.roles, status)


def _statement(s: Statement) -> ContentSummary:
    return ContentSummary(
        ref=s.ref,
        text=s.text,
        author_id=s.author_id,
        created_at=s.created_at,
        state=s.status,
        title=s.question.consultation.title,
        route="consultations:detail",
        params={"id": s.question.consultation_id},
    )


async def _statement_changed(statement_id: int) -> None:
    question_id = await Statement.filter(id=statement_id).first().values_list("question_id", flat=True)
    if question_id is None:
        return
    # Computed again without (or with) it at the next read.
    await OpinionGroups.filter(question_id=question_id).delete()
    snapshots.changed()


statements = Moderated(
    Statement, _statement, prefetch=("question__consultation",), state="status", changed=_statement_changed
)


def _answer(a: Answer) -> ContentSummary | None:
    if a.question.kind != "text":
        return None
    return ContentSummary(
        ref=a.ref,
        text=a.text,
        author_id=a.response.user_id,
        created_at=a.created_at,
        state=_ANSWER_STATES.get(a.state, a.state),
        title=a.question.consultation.title,
        route="consultations:answers",
        params={"id": a.question.consultation_id, "question": a.question_id},
    )


async def _answer_changed(answer_id: int) -> None:
    snapshots.changed()


answers = Moderated(
    Answer,
    _answer,
    prefetch=("response", "question__consultation"),
    state="state",
    published="visible",
    changed=_answer_changed,
)


CONTENT = {
    "statement": ContentKind(
        label=lazy("proposed statement"),
        load=statements.load,
        hide=statements.hide,
        publish=statements.publish,
        visible_to=statement_visible_to,
    ),
    "answer": ContentKind(
        label=lazy("open answer"),
        load=answers.load,
        hide=answers.hide,
        publish=answers.publish,
        visible_to=answer_visible_to,
    ),
}
