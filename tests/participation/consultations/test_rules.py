from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from participation.consultations import rules
from participation.consultations.rules import ConsultationInput, QuestionInput, QuestionSpec, validate_answers

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class Plan:
    status: str
    opens_at: datetime | None = None
    closes_at: datetime | None = None


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (Plan("draft"), "draft"),
        (Plan("draft", opens_at=NOW + timedelta(seconds=1)), "draft"),
        (Plan("draft", opens_at=NOW), "open"),
        (Plan("draft", opens_at=NOW - timedelta(days=2), closes_at=NOW - timedelta(days=1)), "closed"),
        (Plan("open"), "open"),
        (Plan("open", closes_at=NOW + timedelta(minutes=1)), "open"),
        (Plan("open", closes_at=NOW), "closed"),
        (Plan("closed", closes_at=NOW + timedelta(days=1)), "closed"),
        (Plan("decided", closes_at=NOW - timedelta(days=1)), "decided"),
    ],
)
def test_the_schedule_moves_the_status_on_without_anyone_looking(plan, expected):
    assert rules.effective_status(plan, NOW) == expected


def test_actions_per_status():
    assert rules.allows("draft", "edit_questions")
    assert not rules.allows("open", "edit_questions")
    assert {s for s in rules.STATUSES if rules.allows(s, "respond")} == {"open"}
    assert {s for s in rules.STATUSES if rules.allows(s, "vote")} == {"open"}
    assert {s for s in rules.STATUSES if rules.allows(s, "propose")} == {"open"}
    assert {s for s in rules.STATUSES if rules.allows(s, "decide")} == {"closed"}
    assert "closed" in rules.refusal("closed", "respond")


@pytest.mark.parametrize("status", rules.STATUSES)
def test_who_sees_what(status):
    assert rules.can_view(["official"], status)
    assert rules.can_view([], status) == (status != "draft")
    assert rules.can_view(["admin", "moderator"], status) == (status != "draft")
    assert rules.can_see_results(["official"], status)
    assert rules.can_see_results([], status) == (status in ("closed", "decided"))


QUESTIONS = [
    QuestionSpec(1, "text", required=True),
    QuestionSpec(2, "single_choice", option_ids=frozenset({10, 11})),
    QuestionSpec(3, "multiple_choice", option_ids=frozenset({20, 21, 22})),
    QuestionSpec(4, "scale", scale_min=1, scale_max=5),
    QuestionSpec(5, "statements"),
]


def test_valid_answers_come_back_clean():
    clean, errors = validate_answers(QUESTIONS, {"1": "  Meer bankjes  ", "2": 11, "3": [22, 20], "4": 5})
    assert errors == {}
    assert clean[1].text == "Meer bankjes"
    assert clean[2].value == 11
    assert clean[3].value == [20, 22]
    assert clean[4].value == 5


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"1": 5}, "1"),
        ({"1": ["x"]}, "1"),
        ({"1": "x" * (rules.TEXT_ANSWER_MAX + 1)}, "1"),
        ({"1": "a", "2": True}, "2"),
        ({"1": "a", "2": "10"}, "2"),
        ({"1": "a", "2": 10.0}, "2"),
        ({"1": "a", "2": 20}, "2"),
        ({"1": "a", "3": 20}, "3"),
        ({"1": "a", "3": [20, 20]}, "3"),
        ({"1": "a", "3": [20, 10]}, "3"),
        ({"1": "a", "3": [True]}, "3"),
        ({"1": "a", "4": 0}, "4"),
        ({"1": "a", "4": 6}, "4"),
        ({"1": "a", "4": False}, "4"),
        ({"1": "a", "4": 4.5}, "4"),
        ({"1": "a", "5": "agree"}, "5"),
        ({"1": "a", "99": 1}, "99"),
        ({"1": "a", "abc": 1}, "abc"),
        ({}, "1"),
        ({"1": "   "}, "1"),
        ({"1": None}, "1"),
    ],
)
def test_each_bad_answer_is_named_by_its_question(answers, key):
    clean, errors = validate_answers(QUESTIONS, answers)
    assert list(errors) == [key]
    assert errors[key]


def test_empty_optional_answers_count_as_not_given():
    clean, errors = validate_answers(QUESTIONS, {"1": "ok", "2": None, "3": []})
    assert errors == {}
    assert set(clean) == {1}


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        (QuestionInput("poll", "x"), {"kind"}),
        (QuestionInput("text", " "), {"prompt"}),
        (QuestionInput("text", "x", options=["a", "b"]), {"options"}),
        (QuestionInput("single_choice", "x", options=["a"]), {"options"}),
        (QuestionInput("single_choice", "x", options=["a", "A "]), {"options.1"}),
        (QuestionInput("multiple_choice", "x", options=["a", ""]), {"options.1"}),
        (QuestionInput("scale", "x"), {"scale_min", "scale_max"}),
        (QuestionInput("scale", "x", scale_min=5, scale_max=5), {"scale_max"}),
        (QuestionInput("scale", "x", scale_min=1, scale_max=11), {"scale_max"}),
        (QuestionInput("text", "x", scale_min=1), {"scale_min"}),
        (QuestionInput("statements", "x", statements=["a" * (rules.STATEMENT_MAX + 1)]), {"statements.0"}),
        (QuestionInput("scale", "x", scale_min=1, scale_max=5, statements=[]), {"statements"}),
    ],
)
def test_question_input_errors(question, fields):
    assert set(rules.question_errors(question)) == fields


def test_good_questions_pass():
    for question in [
        QuestionInput("text", "Wat vindt u?"),
        QuestionInput("single_choice", "Welke?", options=["a", "b"]),
        QuestionInput("scale", "Hoe?", scale_min=1, scale_max=5, min_label="slecht", max_label="goed"),
        QuestionInput("statements", "Eens?", statements=["Meer groen", "Minder auto's"]),
    ]:
        assert rules.question_errors(question) == {}


def test_closing_before_opening_is_refused():
    errors = rules.details_errors(title="t", summary="", body="", opens_at=NOW, closes_at=NOW - timedelta(hours=1))
    assert set(errors) == {"closes_at"}
    naive = rules.details_errors(title="t", summary="", body="", opens_at=datetime(2025, 1, 1), closes_at=None)
    assert set(naive) == {"opens_at"}


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9b"])
def test_control_characters_are_dropped_but_tabs_and_line_breaks_kept(control):
    text = QuestionSpec(id=1, kind="text")
    clean, errors = validate_answers([text], {"1": f"Meer{control}bankjes"})
    assert errors == {} and clean[1].text == ("Meer\nbankjes" if control == "\x85" else "Meerbankjes")
    clean, errors = validate_answers([text], {"1": "Meer\tbankjes,\r\nen bomen\u200f"})
    assert errors == {} and clean[1].text == "Meer\tbankjes,\nen bomen\u200f"
    assert rules.details_errors(title=f"Park{control}plein", summary="", body="", opens_at=None, closes_at=None) == (
        {"title": "This must be one line."} if control == "\x85" else {}
    )
    assert rules.cleaned(ConsultationInput(title=f"Park{control}plein")).title == (
        "Park\nplein" if control == "\x85" else "Parkplein"
    )


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\u200e", "\u202e", "\u2067", "\u2069", "\ufeff", "\t"])
def test_one_line_fields_lose_invisible_and_direction_changing_characters(hidden):
    question = QuestionInput("single_choice", f"Hoe{hidden}?", options=[f"Lo{hidden}pend", "Lopend"], min_label="")
    data = rules.cleaned(ConsultationInput(title=f"{hidden}Park{hidden}", summary=f"a{hidden}b", questions=[question]))
    expected = " " if hidden == "\t" else ""
    assert data.title == "Park"
    assert data.questions[0].prompt == f"Hoe{expected}?"
    # Without the hidden character the two labels are the same: refused as the same option twice.
    if hidden != "\t":
        assert rules.consultation_errors(data) == {"questions.0.options.1": "This appears twice."}
    # Multi-line text keeps what it can legitimately hold (direction marks in right-to-left text, tabs).
    assert data.summary == f"a{hidden}b"


@pytest.mark.parametrize("field", ["title", "prompt", "option", "scale label"])
@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_a_one_line_field_with_a_line_break_is_refused(field, line_break):
    broken = f"Park{line_break}plein"
    question = QuestionInput(
        "scale" if field == "scale label" else "single_choice",
        broken if field == "prompt" else "Vraag",
        options=None if field == "scale label" else [broken if field == "option" else "Ja", "Nee"],
        scale_min=1 if field == "scale label" else None,
        scale_max=5 if field == "scale label" else None,
        min_label=broken if field == "scale label" else "",
    )
    data = rules.cleaned(ConsultationInput(title=broken if field == "title" else "Park", questions=[question]))
    key = {
        "title": "title",
        "prompt": "questions.0.prompt",
        "option": "questions.0.options.0",
        "scale label": "questions.0.min_label",
    }[field]
    assert rules.consultation_errors(data) == {key: "This must be one line."}
