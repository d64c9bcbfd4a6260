"""Matching a monitored post to what it is about: a phrase in the text, a hashtag, or a long hashtag that is part
of a title written without spaces."""

from __future__ import annotations

from participation.matching import MatchTarget, match

PARK = MatchTarget(kind="consultation", id=1, phrases=("Het Julianapark opnieuw inrichten",))
ROUTE = MatchTarget(kind="consultation", id=2, phrases=("Een fietsroute langs het kanaal",), hashtags=("kanaal",))
TASK = MatchTarget(kind="task", id=3, phrases=("Het Julianapark opnieuw inrichten",))


def test_a_post_matches_by_its_title_a_hashtag_or_a_long_hashtag_inside_the_title():
    targets = [TASK, PARK, ROUTE]
    assert match("Wat vind ik van het julianapark opnieuw inrichten? Goed!", (), targets, kind="consultation") == 1
    assert match("Mooi!", ("Julianapark",), targets, kind="consultation") == 1
    assert match("Mooi!", ("#kanaal",), targets, kind="consultation") == 2
    assert match("Mooi!", ("fietsroute",), targets, kind="consultation") == 2


def test_short_hashtags_and_other_kinds_match_nothing():
    assert match("Mooi!", ("park",), [PARK], kind="consultation") is None
    assert match("Het Julianapark opnieuw inrichten", (), [TASK], kind="consultation") is None
    assert match("Iets anders", ("gemeente",), [PARK, ROUTE], kind="consultation") is None
