"""Opinion groups on real Pol.is votes (tests/data/polis, CC BY 4.0), and their storage and staleness."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from participation.accounts.models import User
from participation.consultations.analysis import clustering, opinion_groups
from participation.consultations.models import OpinionGroups
from participation.consultations.services import results, statements
from participation.worker import Worker
from tests.support.consultations import NOW, make_park

DATA = Path(__file__).resolve().parents[3] / "data" / "polis" / "london.youth.policing"
VOTES = {"1": "agree", "-1": "disagree", "0": "pass"}


def polis_votes() -> list[tuple[int, int, str]]:
    """Each participant's last vote per comment, on comments moderation did not remove."""
    with (DATA / "comments.csv").open(newline="") as f:
        removed = {int(r["comment-id"]) for r in csv.DictReader(f) if r["moderated"] == "-1"}
    with (DATA / "votes.csv").open(newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["timestamp"]))
    last = {(int(r["voter-id"]), int(r["comment-id"])): VOTES[r["vote"]] for r in rows}
    return [(p, c, v) for (p, c), v in sorted(last.items()) if c not in removed]


def test_polis_participants_fall_into_groups():
    votes = polis_votes()
    found = clustering.cluster(votes)
    assert 2 <= len(found.groups) <= 5
    counts: dict[int, int] = {}
    for participant, _c, _v in votes:
        counts[participant] = counts.get(participant, 0) + 1
    eligible = {p for p, n in counts.items() if n >= clustering.MIN_VOTES}
    # Everyone who voted enough is in exactly one group; the groups add up.
    assert set(found.assignment) == eligible
    assert sum(g.size for g in found.groups) == len(eligible) == found.participants
    assert all(g.size >= 2 for g in found.groups)
    assert [g.size for g in found.groups] == sorted((g.size for g in found.groups), reverse=True)
    comments = {c for _p, c, _v in votes}
    for group in found.groups:
        assert group.representative and set(group.representative) <= comments
        assert set(group.directions) == set(group.representative)
    assert set(found.divide) <= comments and set(found.unite) <= comments


def test_polis_groups_really_differ_on_their_representative_statements():
    votes = polis_votes()
    found = clustering.cluster(votes)
    for index, group in enumerate(found.groups):
        statement = group.representative[0]
        members = {p for p, g in found.assignment.items() if g == index}
        inside = [v for p, c, v in votes if c == statement and p in members]
        outside = [v for p, c, v in votes if c == statement and p not in members and p in found.assignment]
        direction = group.directions[statement]
        share_in = inside.count(direction) / len(inside)
        share_out = outside.count(direction) / max(1, len(outside))
        assert share_in > share_out


def test_clustering_is_deterministic_whatever_the_input_order():
    votes = polis_votes()
    first = clustering.cluster(votes)
    again = clustering.cluster(list(reversed(votes)))
    assert first.assignment == again.assignment
    assert [(g.size, g.representative) for g in first.groups] == [(g.size, g.representative) for g in again.groups]
    assert (first.divide, first.unite) == (again.divide, again.unite)


def test_too_few_votes_give_no_groups():
    assert clustering.cluster([]).groups == []
    few = [(1, 1, "agree"), (1, 2, "agree"), (2, 1, "disagree"), (2, 2, "agree")]
    assert clustering.cluster(few).groups == []


async def two_camps(park, count: int = 12) -> list[User]:
    people = [await User.create(email=f"p{i}@example.nl", display_name=f"p{i}") for i in range(count)]
    for i, person in enumerate(people):
        camp = i % 2
        for index in range(3):
            vote = "agree" if (index == 0) == (camp == 0) else "disagree"
            await statements.vote_on_statement(park.statement(index), vote=vote, by=person, now=NOW)
    return people


async def test_results_show_the_stored_groups_and_never_compute_them(orm):
    park = await make_park()
    await two_camps(park)
    found = await results.results(park.id, viewer=park.official, now=NOW)
    # Not computed yet: a read does not do it.
    assert next(q for q in found.questions if q.kind == "statements").opinion is None
    assert not await OpinionGroups.exists()
    assert await opinion_groups.recompute_stale(now=NOW) == 1
    found = await results.results(park.id, viewer=park.official, now=NOW)
    opinion = next(q for q in found.questions if q.kind == "statements").opinion
    assert [g.size for g in opinion.groups] == [6, 6]
    assert opinion.computed_at == NOW
    assert {g.representative[0] for g in opinion.groups} <= {park.statement(i) for i in range(3)}
    stored = await OpinionGroups.get(question_id=park.statements)
    assert (stored.votes_cast, stored.computed_at) == (36, NOW)


def test_staleness_of_small_and_large_questions():
    stored = OpinionGroups(votes_cast=100_000, computed_at=NOW)
    later = NOW + timedelta(minutes=1)
    assert not opinion_groups.is_stale(stored, votes_cast=100_000, now=later)
    # A few new votes on a large question (under 10 %), a minute later: the stored result stands.
    assert not opinion_groups.is_stale(stored, votes_cast=100_100, now=later)
    # More than 10 % new, or older than the maximum age with a new vote since: recomputed.
    assert opinion_groups.is_stale(stored, votes_cast=111_000, now=later)
    assert opinion_groups.is_stale(stored, votes_cast=100_001, now=NOW + opinion_groups.MAX_AGE + timedelta(seconds=1))
    # A small question is cheap: any new vote makes it stale.
    small = OpinionGroups(votes_cast=36, computed_at=NOW)
    assert opinion_groups.is_stale(small, votes_cast=37, now=later)
    assert opinion_groups.is_stale(None, votes_cast=1, now=NOW)
    assert not opinion_groups.is_stale(None, votes_cast=0, now=NOW)


async def test_the_worker_recomputes_stale_groups(orm, settings):
    park = await make_park()
    await two_camps(park)
    worker = Worker.from_settings(settings, http=None)  # type: ignore[arg-type]
    done = await worker.run_once(now=NOW)
    assert done["opinion_groups_computed"] == 1
    assert (await OpinionGroups.get(question_id=park.statements)).participants == 12
    assert (await worker.run_once(now=NOW))["opinion_groups_computed"] == 0


async def test_without_groups_the_results_tell_how_far_the_votes_are_from_them(orm_any):
    # On both backends: the count of people with enough votes is one grouped SQL query.
    park = await make_park()
    people = [await User.create(email=f"w{i}@example.nl", display_name=f"w{i}") for i in range(5)]

    async def waiting():
        found = await results.results(park.id, viewer=park.official, now=NOW)
        question = next(q for q in found.questions if q.kind == "statements")
        return question.waiting

    first = await waiting()
    assert (first.state, first.statements, first.votes_needed, first.people_needed, first.people_ready) == (
        "few_votes",
        3,
        3,
        clustering.MIN_PARTICIPANTS,
        0,
    )
    # Three statements in the park: a person is placed with all three (Pol.is: 7, or every statement).
    for person, count in zip(people, [3, 3, 3, 2, 1], strict=True):
        for index in range(count):
            await statements.vote_on_statement(park.statement(index), vote="agree", by=person, now=NOW)
    assert ((await waiting()).state, (await waiting()).people_ready) == ("few_votes", 3)
    await statements.vote_on_statement(park.statement(2), vote="disagree", by=people[3], now=NOW)
    assert ((await waiting()).state, (await waiting()).people_ready) == ("calculating", 4)
