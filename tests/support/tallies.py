"""Checking the stored tallies of a consultation against a recount of its answer rows."""

from __future__ import annotations

from collections import Counter

from participation.consultations.models import Answer, Consultation, Option, Question, Response, ScaleTally


async def assert_tallies_match_answers(consultation_id: int) -> None:
    """Every counter of the consultation equals what its stored responses and answers add up to."""
    questions = {q.id: q for q in await Question.filter(consultation_id=consultation_id)}
    responses = await Response.filter(consultation_id=consultation_id).count()
    assert (await Consultation.get(id=consultation_id)).response_count == responses
    chosen: Counter[int] = Counter()
    scale: Counter[tuple[int, int]] = Counter()
    answered: Counter[int] = Counter()
    for answer in await Answer.filter(question_id__in=list(questions)):
        answered[answer.question_id] += 1
        kind = questions[answer.question_id].kind
        if kind == "single_choice":
            chosen[answer.value] += 1
        elif kind == "multiple_choice":
            chosen.update(answer.value)
        elif kind == "scale":
            scale[(answer.question_id, answer.value)] += 1
    for option in await Option.filter(question_id__in=list(questions)):
        assert option.count == chosen[option.id], (option.label, option.count, chosen[option.id])
    for tally in await ScaleTally.filter(question_id__in=list(questions)):
        assert tally.count == scale[(tally.question_id, tally.value)], (tally.value, tally.count)
    for question in questions.values():
        assert question.answer_count == answered[question.id], (question.prompt, question.answer_count)
