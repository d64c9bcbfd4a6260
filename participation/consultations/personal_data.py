"""This person's part in consultations, for "download my data": answers, proposed statements and votes."""

from __future__ import annotations

from typing import Any

from participation.accounts.models import User
from participation.consultations.models import Answer, Response, Statement, StatementVote


async def personal_data(user: User) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    responses = await Response.filter(user_id=user.id).order_by("id").prefetch_related("consultation")
    answers: dict[int, list[Answer]] = {}
    if responses:
        for answer in await Answer.filter(response_id__in=[r.id for r in responses]).prefetch_related(
            "question__options"
        ):
            answers.setdefault(answer.response_id, []).append(answer)
    by_consultation: dict[int, dict[str, Any]] = {}
    for response in responses:
        entry = by_consultation[response.consultation_id] = {
            "consultation_id": response.consultation_id,
            "consultation": response.consultation.title,
            "responded_at": response.created_at.isoformat(),
            "updated_at": response.updated_at.isoformat(),
            "answers": [],
            "statements_proposed": [],
            "votes": [],
        }
        for answer in sorted(answers.get(response.id, []), key=lambda a: (a.question.position, a.question_id)):
            labels = {o.id: o.label for o in answer.question.options}
            value = answer.value
            shown: Any = answer.text if answer.question.kind == "text" else value
            if isinstance(value, list):
                shown = [labels.get(v, v) for v in value]
            elif answer.question.kind == "single_choice":
                shown = labels.get(value, value)
            entry["answers"].append(
                {"ref": answer.ref, "question": answer.question.prompt, "answer": shown, "state": answer.state}
            )

    def entry_for(consultation_id: int, title: str) -> dict[str, Any]:
        return by_consultation.setdefault(
            consultation_id,
            {
                "consultation_id": consultation_id,
                "consultation": title,
                "responded_at": None,
                "updated_at": None,
                "answers": [],
                "statements_proposed": [],
                "votes": [],
            },
        )

    for statement in (
        await Statement.filter(author_id=user.id).order_by("id").prefetch_related("question__consultation")
    ):
        consultation = statement.question.consultation
        entry_for(consultation.id, consultation.title)["statements_proposed"].append(
            {
                "ref": statement.ref,
                "text": statement.text,
                "status": statement.status,
                "at": statement.created_at.isoformat(),
            }
        )
    votes = (
        await StatementVote.filter(user_id=user.id)
        .order_by("id")
        .prefetch_related("statement", "question__consultation")
    )
    for vote in votes:
        consultation = vote.question.consultation
        entry_for(consultation.id, consultation.title)["votes"].append(
            {
                "statement": vote.statement.text,
                "ref": vote.statement.ref,
                "vote": vote.vote,
                "at": vote.updated_at.isoformat(),
            }
        )
    found = [by_consultation[k] for k in sorted(by_consultation)]
    return found
