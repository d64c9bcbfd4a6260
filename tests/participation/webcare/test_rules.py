"""The classifier on a labelled sample (tests/data/webcare_sample.json, 60 Dutch and English posts written for
this test): it reports its accuracy and the test bounds it, so a change that makes it worse fails."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

from participation.webcare import rules

SAMPLE = json.loads((Path(__file__).parents[2] / "data" / "webcare_sample.json").read_text())


def test_the_classifier_is_right_on_most_of_the_labelled_sample(capsys):
    categories = sentiments = 0
    confusion: Counter = Counter()
    for text, category, sentiment in SAMPLE:
        verdict = rules.classify(text)
        categories += verdict.category == category
        sentiments += verdict.sentiment == sentiment
        confusion[(category, verdict.category)] += 1
    n = len(SAMPLE)
    with capsys.disabled():
        print(f"\nwebcare classifier on {n} posts: category {categories / n:.0%}, sentiment {sentiments / n:.0%}")
        print("  mistakes (labelled -> said):", {k: v for k, v in confusion.items() if k[0] != k[1]})
    assert n >= 60
    assert set(category for _t, category, _s in SAMPLE) == set(rules.CATEGORY_LABELS)
    assert categories / n >= 0.8
    assert sentiments / n >= 0.75


def test_the_classifier_explains_itself():
    verdict = rules.classify("De straatverlichting is kapot, gevaarlijk!")
    assert verdict.category == "complaint" and verdict.sentiment == "negative"
    assert verdict.explanation == "kapot, gevaarlijk"
    assert rules.classify("Waarom is het park dicht?").explanation == ""
    assert rules.decisive_words(verdict.explanation) == ["kapot", "gevaarlijk"]
    # Stored before explanations held the words alone.
    assert rules.decisive_words("complaint: kapot; sentiment -3 (kapot, gevaarlijk, weer)") == [
        "kapot",
        "gevaarlijk",
        "weer",
    ]
    assert rules.decisive_words("other: -; sentiment +0 (-)") == [] == rules.decisive_words("")
    assert rules.classify("Het is niet goed zo.").sentiment == "negative"
    assert rules.classify("Not bad at all").sentiment == "positive"


def test_back_off_starts_within_ten_seconds_and_is_bounded():
    assert rules.backoff(1) <= timedelta(seconds=10)
    assert rules.backoff(2) > rules.backoff(1)
    assert rules.backoff(50) == timedelta(hours=1)
