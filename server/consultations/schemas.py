"""Request and response bodies of the consultations API, and the conversion of domain objects to them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import orjson
from pydantic import ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from participation.consultations import rules
from participation.consultations.models import Consultation, Decision, Statement
from participation.consultations.repository import ConsultationView
from participation.consultations.services.responding import MyResponse
from participation.consultations.services.results import AnswerItem, QuestionResult, Results
from participation.paging import Page
from server.api.base import Cursor, Input, Limit, Output, Query, Time

Kind = Literal["text", "single_choice", "multiple_choice", "scale", "statements"]
Label = Annotated[str, Field(max_length=rules.OPTION_LABEL_MAX)]
SeedStatement = Annotated[str, Field(max_length=rules.STATEMENT_MAX)]


# --- input -----------------------------------------------------------------------------------------


class QuestionIn(Input):
    kind: Kind
    prompt: str = Field(max_length=rules.PROMPT_MAX)
    required: bool = False
    options: list[Label] | None = Field(default=None, max_length=rules.OPTIONS_MAX)
    scale_min: int | None = Field(default=None, ge=-1000, le=1000)
    scale_max: int | None = Field(default=None, ge=-1000, le=1000)
    min_label: str = Field(default="", max_length=rules.SCALE_LABEL_MAX)
    max_label: str = Field(default="", max_length=rules.SCALE_LABEL_MAX)
    statements: list[SeedStatement] | None = Field(default=None, max_length=rules.SEED_STATEMENTS_MAX)

    def domain(self) -> rules.QuestionInput:
        return rules.QuestionInput(**self.model_dump())


class ConsultationIn(Input):
    title: str = Field(max_length=rules.TITLE_MAX)
    summary: str = Field(default="", max_length=rules.SUMMARY_MAX)
    body: str = Field(default="", max_length=rules.BODY_MAX)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    questions: list[QuestionIn] = Field(default_factory=list, max_length=rules.QUESTIONS_MAX)

    @field_validator("opens_at", "closes_at", mode="before")
    @classmethod
    def _iso_time(cls, value: Any) -> Any:
        # Read ISO 8601 text here: strict mode takes no text for a datetime once a before-validator ran.
        if value is None or isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        raise PydanticCustomError("datetime_parsing", "not an ISO 8601 date and time")

    def domain(self) -> rules.ConsultationInput:
        return rules.ConsultationInput(
            title=self.title,
            summary=self.summary,
            body=self.body,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            questions=[q.domain() for q in self.questions],
        )


class MyResponseIn(Input):
    # QUESTION_ID -> text, option id, list of option ids or scale value; checked per question by the domain.
    answers: dict[str, Any] = Field(max_length=rules.QUESTIONS_MAX + 10)


class StatementIn(Input):
    text: str = Field(max_length=rules.STATEMENT_MAX)


class VoteIn(Input):
    vote: Literal["agree", "disagree", "pass"]


class DecisionIn(Input):
    summary: str = Field(max_length=rules.DECISION_SUMMARY_MAX)
    body: str = Field(default="", max_length=rules.DECISION_BODY_MAX)
    # QUESTION_ID -> "what we did with this" for that question (Markdown).
    outcomes: dict[str, Annotated[str, Field(max_length=rules.OUTCOME_MAX)]] = Field(
        default_factory=dict, max_length=rules.QUESTIONS_MAX
    )


# --- query parameters ------------------------------------------------------------------------------


# One of rules.STATUSES.
Status = Literal["draft", "open", "closed", "decided"]


class ConsultationListQuery(Query):
    status: Status | None = Field(None, description="draft (officials only), open, closed or decided")
    cursor: Cursor = None
    limit: Limit = 20


class AnswerListQuery(Query):
    # Its length is checked by the domain, after whether the answers may be read at all (403 before 422).
    q: str | None = Field(None, description="only answers containing this text")
    cursor: Cursor = None
    limit: Limit = 20


# --- output ----------------------------------------------------------------------------------------


class OptionOut(Output):
    id: int
    label: str


class StatementOut(Output):
    id: int
    ref: str
    text: str
    text_html: str


class ProposedStatementOut(StatementOut):
    status: str
    question_id: int


class QuestionOut(Output):
    id: int
    position: int
    kind: str
    prompt: str
    required: bool
    options: list[OptionOut]
    statements: list[StatementOut]
    scale_min: int | None
    scale_max: int | None
    min_label: str
    max_label: str
    # "What we did with this", once decided.
    outcome_html: str | None


class DecisionOut(Output):
    summary: str
    body_html: str
    published_at: Time


class ConsultationOut(Output):
    id: int
    title: str
    summary: str
    body_html: str
    status: str
    opens_at: Time | None
    closes_at: Time | None
    created_at: Time
    response_count: int
    questions: list[QuestionOut]
    decision: DecisionOut | None


class ConsultationSummaryOut(Output):
    id: int
    title: str
    summary: str
    status: str
    opens_at: Time | None
    closes_at: Time | None
    response_count: int


class ConsultationListOut(Output):
    items: list[ConsultationSummaryOut]
    next: str | None


class MyResponseOut(Output):
    consultation_id: int
    answers: dict[str, Any]
    created_at: Time
    updated_at: Time


class VoteOut(Output):
    statement_id: int
    vote: str


class DecisionPublishedOut(DecisionOut):
    consultation_id: int
    status: str


class OptionResultOut(Output):
    id: int
    label: str
    count: int
    percent: float


class AnswerOut(Output):
    id: int
    ref: str
    text_html: str
    created_at: Time
    # Only for officials: visible, pending or hidden.
    state: str | None = None


class AnswerListOut(Output):
    items: list[AnswerOut]
    next: str | None


class StatementResultOut(Output):
    model_config = ConfigDict(populate_by_name=True)

    id: int
    ref: str
    text: str
    text_html: str
    agree: int
    disagree: int
    passed: int = Field(alias="pass")
    # Only for officials: published, pending or hidden.
    status: str | None = None


class LeaningOut(Output):
    # A representative statement of the group, and which way the group leans on it compared to the rest.
    id: int
    direction: str


class GroupOut(Output):
    size: int
    representative: list[int]
    # The representative statements again, in the same order, each with its direction.
    leanings: list[LeaningOut] = []


class QuestionResultOut(Output):
    id: int
    kind: str
    prompt: str
    # Responses that answer this question: the base of the percentages.
    answered: int
    options: list[OptionResultOut] | None = None
    distribution: dict[str, int] | None = None
    mean: float | None = None
    answers: list[AnswerOut] | None = None
    answers_next: str | None = None
    statements: list[StatementResultOut] | None = None
    groups: list[GroupOut] | None = None
    divide: list[int] | None = None
    unite: list[int] | None = None
    # When the groups were last computed (by the monitor); null until they first are.
    groups_computed_at: Time | None = None


class ResultsOut(Output):
    consultation_id: int
    status: str
    responses: int
    questions: list[QuestionResultOut]


# --- conversion ------------------------------------------------------------------------------------


def _statement(s: Statement) -> StatementOut:
    return StatementOut(id=s.id, ref=s.ref, text=s.text, text_html=s.text_html)


def _decision(decision: Decision | None) -> DecisionOut | None:
    if decision is None:
        return None
    return DecisionOut(summary=decision.summary, body_html=decision.body_html, published_at=decision.published_at)


def consultation_out(view: ConsultationView) -> dict[str, Any]:
    c = view.consultation
    questions = [
        QuestionOut(
            id=q.question.id,
            position=q.question.position,
            kind=q.question.kind,
            prompt=q.question.prompt,
            required=q.question.required,
            options=[OptionOut(id=o.id, label=o.label) for o in q.options],
            statements=[_statement(s) for s in q.statements],
            scale_min=q.question.scale_min,
            scale_max=q.question.scale_max,
            min_label=q.question.min_label,
            max_label=q.question.max_label,
            outcome_html=q.question.outcome_html or None,
        )
        for q in view.questions
    ]
    return ConsultationOut(
        id=c.id,
        title=c.title,
        summary=c.summary,
        body_html=c.body_html,
        status=view.status,
        opens_at=c.opens_at,
        closes_at=c.closes_at,
        created_at=c.created_at,
        response_count=c.response_count,
        questions=questions,
        decision=_decision(view.decision),
    ).model_dump()


def summary_out(c: Consultation) -> ConsultationSummaryOut:
    return ConsultationSummaryOut(
        id=c.id,
        title=c.title,
        summary=c.summary,
        status=c.status,
        opens_at=c.opens_at,
        closes_at=c.closes_at,
        response_count=c.response_count,
    )


def list_out(page: Page[Consultation]) -> dict[str, Any]:
    return ConsultationListOut(items=[summary_out(c) for c in page.items], next=page.next).model_dump()


def my_response_out(consultation_id: int, mine: MyResponse) -> MyResponseOut:
    return MyResponseOut(
        consultation_id=consultation_id,
        answers={str(k): v for k, v in mine.answers.items()},
        created_at=mine.response.created_at,
        updated_at=mine.response.updated_at,
    )


def answer_out(item: AnswerItem, *, full: bool) -> AnswerOut:
    return AnswerOut(
        id=item.id,
        ref=item.ref,
        text_html=item.text_html,
        created_at=item.created_at,
        state=item.state if full else None,
    )


def answers_out(page: Page[AnswerItem], *, full: bool) -> dict[str, Any]:
    shown = [answer_out(a, full=full) for a in page.items if full or a.state == "visible"]
    data = AnswerListOut(items=shown, next=page.next).model_dump()
    for item in data["items"]:
        if item["state"] is None:
            del item["state"]
    return data


def _question_result(q: QuestionResult, *, full: bool) -> QuestionResultOut:
    out = QuestionResultOut(id=q.id, kind=q.kind, prompt=q.prompt, answered=q.answered)
    if q.kind in rules.CHOICE_KINDS:
        out.options = [OptionResultOut(id=o.id, label=o.label, count=o.count, percent=o.percent) for o in q.options]
    elif q.kind == "scale":
        out.distribution = {str(v): c for v, c in q.distribution.items()}
        out.mean = q.mean
    elif q.kind == "text" and q.answers is not None:
        # Moderated answers are left out of public results (pages show a placeholder).
        out.answers = [answer_out(a, full=full) for a in q.answers.items if full or a.state == "visible"]
        out.answers_next = q.answers.next
    elif q.kind == "statements":
        out.statements = [
            StatementResultOut(
                id=s.id,
                ref=s.ref,
                text=s.text,
                text_html=s.text_html,
                agree=s.agree,
                disagree=s.disagree,
                passed=s.passed,
                status=s.status if full else None,
            )
            for s in q.statements
        ]
        opinion = q.opinion
        out.groups = (
            [
                GroupOut(
                    size=g.size,
                    representative=g.representative,
                    leanings=[LeaningOut(id=sid, direction=g.directions.get(sid, "agree")) for sid in g.representative],
                )
                for g in opinion.groups
            ]
            if opinion
            else []
        )
        out.groups_computed_at = opinion.computed_at if opinion else None
        out.divide = opinion.divide if opinion else []
        out.unite = opinion.unite if opinion else []
    return out


def _drop_unset(data: dict[str, Any], kind: str) -> dict[str, Any]:
    keep = {
        "text": {"answers", "answers_next"},
        "single_choice": {"options"},
        "multiple_choice": {"options"},
        "scale": {"distribution", "mean"},
        "statements": {"statements", "groups", "divide", "unite", "groups_computed_at"},
    }[kind]
    base = {"id", "kind", "prompt", "answered"}
    return {k: v for k, v in data.items() if k in base or k in keep}


def results_out(found: Results) -> dict[str, Any]:
    questions = []
    for q in found.questions:
        data = _question_result(q, full=found.full).model_dump(by_alias=True)
        data = _drop_unset(data, q.kind)
        for item in data.get("answers") or []:
            if item.get("state") is None:
                item.pop("state", None)
        for item in data.get("statements") or []:
            if item.get("status") is None:
                item.pop("status", None)
        questions.append(data)
    return {
        "consultation_id": found.consultation.id,
        "status": found.status,
        "responses": found.responses,
        "questions": questions,
    }


def results_body(found: Results) -> bytes:
    """`results_out` encoded, made once per results snapshot and status (every reader of a snapshot sees the
    same body; who may read it is checked by the service on every request)."""
    key = ("api", found.status)
    body = found.renderings.get(key)
    if body is None:
        body = found.renderings[key] = orjson.dumps(results_out(found))
    return body
