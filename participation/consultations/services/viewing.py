"""What the consultation pages show in one read: a consultation as one person sees it, and the open answers of
one question with their context. Composes the reading services so a page handler calls one service."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from participation.accounts.models import User
from participation.consultations import repository
from participation.consultations.models import Consultation, Question, Statement
from participation.consultations.repository import ConsultationView
from participation.consultations.services import responding, results, statements
from participation.consultations.services.responding import MyResponse
from participation.paging import Page


@dataclass
class PersonalView:
    view: ConsultationView
    # None for anonymous visitors and for people who have not answered.
    my_response: MyResponse | None = None
    # This person's votes by statement id, and the statements they proposed that wait for moderation.
    votes: dict[int, str] = field(default_factory=dict)
    pending: list[Statement] = field(default_factory=list)


async def consultation_for(consultation_id: int, *, viewer: User | None, now: datetime) -> PersonalView:
    """The consultation (drafts NotFound to all but officials) with the viewer's own response, votes and
    pending statements."""
    view = await repository.get_consultation(consultation_id, viewer=viewer, now=now)
    if viewer is None:
        return PersonalView(view)
    # The view is visible to this person (get_consultation): their response needs no second look at the row;
    # votes and proposals exist only where there is a statements question.
    found = PersonalView(view, my_response=await responding.response_of(view.consultation.id, user=viewer))
    if any(q.kind == "statements" for q in view.questions):
        found.votes = await statements.my_votes(view.consultation.id, user=viewer)
        found.pending = await statements.my_pending_statements(view.consultation.id, user=viewer)
    return found


@dataclass
class AnswersView:
    consultation: Consultation
    question: Question
    page: Page[results.AnswerItem]


async def answers_of(
    question_id: int,
    *,
    viewer: User | None,
    now: datetime,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> AnswersView:
    """A page of the open answers of a text question (permission checked by `results.text_answers`), with the
    question and its consultation for the page's heading."""
    page = await results.text_answers(question_id, viewer=viewer, now=now, search=search, cursor=cursor, limit=limit)
    question = await Question.get(id=question_id).prefetch_related("consultation")
    return AnswersView(consultation=question.consultation, question=question, page=page)
