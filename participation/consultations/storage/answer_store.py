"""Storing many validated responses in one transaction, with a number of queries that does not grow with them.

`store_batch` runs inside the caller's transaction (see answer_batches, which owns it). Whatever the batch
size it reads the consultations once, the batch's existing responses once and their answers once; inserts,
updates and deletes answers in bulk; and gives every counter row one atomic UPDATE for the whole batch (see
tallies). A submission whose consultation is no longer open is refused on its own; the others are stored.
The open answers moderation's rules found something in (`Submission.screened`) are held back or flagged into
the queue in the same transaction, so a flood (every post flagged) costs no write of its own either; only those
whose text the submission wrote (a text left as it was keeps what a moderator decided about it).

Two submissions of one person in a batch are applied in their order, as if one after the other: only the
state after the last is written, and each gets the outcome it would have had on its own (`created` for the
first response only, the moderation states of the answers it replaced).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from participation import sql
from participation.consultations import rules
from participation.consultations.models import Answer, Consultation, Response
from participation.consultations.storage import bulk
from participation.consultations.storage.tallies import Deltas
from participation.moderation import intake
from participation.moderation.screening import Screening


@dataclass(frozen=True)
class PreparedAnswer:
    """A validated answer ready to store: the value, or for text the source and its sanitised HTML."""

    question_id: int
    kind: str
    value: Any = None
    text: str = ""
    html: str = ""

    @property
    def as_sent(self) -> Any:
        return self.text if self.kind == "text" else self.value


@dataclass(frozen=True)
class Submission:
    """One person's whole response to one consultation, validated, waiting to be stored."""

    consultation_id: int
    user_id: int
    # The kind of every question of the consultation, by id.
    kinds: dict[int, str]
    answers: dict[int, PreparedAnswer]
    now: datetime
    # By question id: what moderation's rules found in an open answer (only those where they found something).
    screened: Mapping[int, Screening] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response as a batch stored it: what its callers read of it (a Response model cost a tenth of the
    batch's time to build, one per submission)."""

    id: int
    consultation_id: int
    user_id: int
    created_at: datetime
    updated_at: datetime


@dataclass
class Stored:
    response: StoredResponse
    created: bool
    # By question id: the moderation state of replaced answers that are not visible.
    states: dict[int, str]


@dataclass(frozen=True)
class Refused:
    """The consultation does not take answers now: its effective status (None: it is gone)."""

    status: str | None


@dataclass(slots=True)
class _Answer:
    # One answer as the batch works through it: as stored (`row_id` of its row), or as a submission left it
    # (`row_id` None for a new one until `_write` inserts it). A stored answer is read into one of these and
    # nothing else: it stands for both the stored state and, until a submission changes it, the current one.
    row_id: int | None
    value: Any
    text: str
    state: str
    html: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    changed: bool = False


@dataclass
class _Person:
    # One (consultation, user) pair of the batch: the stored response (if any), and its answers as they stand.
    response_id: int | None
    created_at: datetime | None
    stored: dict[int, _Answer]
    current: dict[int, _Answer]
    kinds: dict[int, str]
    updated_at: datetime | None = None


@dataclass(slots=True)
class _Step:
    # What one submission of the batch did to its person's answers (see _replace).
    person: _Person
    created: bool
    # By question id: the moderation state of replaced answers that are not visible.
    states: dict[int, str]
    # The questions whose text it wrote.
    written: set[int]


def _pairs(keys: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    """The (consultation id, user id) pairs, as {consultation id: user ids}."""
    users: defaultdict[int, set[int]] = defaultdict(set)
    for consultation_id, user_id in keys:
        users[consultation_id].add(user_id)
    return users


@dataclass(frozen=True)
class _Schedule:
    # What the effective status of a consultation is made from (rules.effective_status).
    status: str
    opens_at: datetime | None
    closes_at: datetime | None


def _replace(person: _Person, submission: Submission) -> tuple[dict[int, str], set[int]]:
    """Apply one submission to the person's answers in memory: the states of non-visible answers it replaced, and
    the questions whose text it wrote (new, or changed: only those go to moderation's rules)."""
    before = person.current
    states = {qid: c.state for qid, c in before.items() if qid in submission.answers and c.state != "visible"}
    now = submission.now
    after: dict[int, _Answer] = {}
    written = set()
    for qid, answer in submission.answers.items():
        was = before.get(qid)
        if was is None or was.text != answer.text:
            written.add(qid)
        if was is None:
            after[qid] = _Answer(None, answer.value, answer.text, "visible", answer.html, now, now, True)
        elif was.value != answer.value or was.text != answer.text:
            # Updated in place: the answer keeps its id (and `ref`) and its moderation state.
            after[qid] = _Answer(
                was.row_id, answer.value, answer.text, was.state, answer.html, was.created_at, now, True
            )
        else:
            after[qid] = was
    person.current = after
    return states, written


async def store_batch(submissions: Sequence[Submission]) -> list[Stored | Refused]:
    """Store every submission that may be stored, in the caller's transaction; the outcome of each, in order."""
    if not submissions:
        return []
    # Straight to the driver (bulk): in a batch of many, Tortoise building the queries and a model per row
    # cost more than the database did.
    db = Response._meta.db
    where, keys = bulk.where_pairs(
        db, "consultation_id", "user_id", _pairs((s.consultation_id, s.user_id) for s in submissions)
    )
    # A write first: it locks the stored responses of the batch (PostgreSQL) and takes the write lock
    # (SQLite), so a concurrent replacement elsewhere waits and this reads the answers that one leaves.
    responses = {
        (c, u): (rid, created)
        for rid, c, u, created in await bulk.touch(
            Response, "updated_at", ("id", "consultation_id", "user_id", "created_at"), where=where, values=keys
        )
    }
    ids = sorted({s.consultation_id for s in submissions})
    consultations = {
        cid: _Schedule(status, opens_at, closes_at)
        for cid, status, opens_at, closes_at in await bulk.rows_of(
            Consultation,
            ("id", "status", "opens_at", "closes_at"),
            where=f'"id" IN ({",".join(sql.marks(db, len(ids)))})',
            values=ids,
        )
    }
    stored: defaultdict[int, dict[int, _Answer]] = defaultdict(dict)
    if responses:
        response_ids = sorted(rid for rid, _ in responses.values())
        in_list = ",".join(sql.marks(db, len(response_ids)))
        fields = ("id", "response_id", "question_id", "value", "text", "state")
        for aid, rid, qid, value, text, state in await bulk.rows_of(
            Answer, fields, where=f'"response_id" IN ({in_list})', values=response_ids
        ):
            stored[rid][qid] = _Answer(aid, value, text, state)

    people: dict[tuple[int, int], _Person] = {}
    # Per submission: the refusal, or its _Step, to turn into its outcome once ids are known.
    steps: list[Refused | _Step] = []
    for s in submissions:
        consultation = consultations.get(s.consultation_id)
        status = rules.effective_status(consultation, s.now) if consultation is not None else None
        if status is None or not rules.allows(status, "respond"):
            steps.append(Refused(status))
            continue
        key = (s.consultation_id, s.user_id)
        person = people.get(key)
        if person is None:
            rid, created_at = responses.get(key, (None, None))
            answers = stored[rid] if rid is not None else {}
            person = people[key] = _Person(rid, created_at, answers, dict(answers), s.kinds)
        created = person.created_at is None
        if created:
            person.created_at = s.now
        person.updated_at = s.now
        steps.append(_Step(person, created, *_replace(person, s)))

    await _write(people)
    await _moderate(submissions, steps)
    outcomes: list[Stored | Refused] = []
    for s, step in zip(submissions, steps, strict=True):
        if isinstance(step, Refused):
            outcomes.append(step)
            continue
        person = step.person
        # The response as it was right after this submission: updated at its own `now`.
        response = StoredResponse(person.response_id, s.consultation_id, s.user_id, person.created_at, s.now)
        outcomes.append(Stored(response, step.created, step.states))
    return outcomes


async def _moderate(submissions: Sequence[Submission], steps: Sequence[Refused | _Step]) -> None:
    """Hold back (state `pending`) or flag the screened answers whose text the submission wrote, as responding
    does for one stored alone. A text left as it was is not brought back: a moderator's decision on it stands."""
    flagged = [
        (s, step) for s, step in zip(submissions, steps, strict=True) if s.screened and not isinstance(step, Refused)
    ]
    if not flagged:
        return
    pending: list[int] = []
    queued: list[intake.Found] = []
    for s, step in flagged:
        person, states = step.person, step.states
        for question_id, screened in s.screened.items():
            if question_id not in step.written:
                continue
            # The answer as written (`_write` gave new rows their ids): a later submission of the same person
            # in the batch may have left the question out, and then there is nothing to hold or flag.
            found = person.current.get(question_id)
            if found is None or found.row_id is None:
                continue
            if screened.hold and found.state == "visible":
                found.state = "pending"
                pending.append(found.row_id)
                states[question_id] = "pending"
            ref = f"answer:{found.row_id}"  # Answer.ref, without building a model
            queued.append(intake.Found(ref, s.user_id, screened.hold, screened.hits, s.now))
    if pending:
        await Answer.filter(id__in=sorted(pending)).update(state="pending")
    await intake.found_many(queued)


async def _write(people: dict[tuple[int, int], _Person]) -> None:
    """Write the final state of every person, and the counter changes from the stored state to it."""
    if not people:
        return
    deltas = Deltas()
    for person in people.values():
        kinds = person.kinds
        for qid, row in person.stored.items():
            deltas.add(kinds[qid], qid, row.value, -1)
        for qid, current in person.current.items():
            deltas.add(kinds[qid], qid, current.value, +1)

    replaced = sorted(((p.response_id,), [p.updated_at]) for p in people.values() if p.response_id is not None)
    fresh = {key: p for key, p in people.items() if p.response_id is None}
    if fresh:
        made = await bulk.insert_many(
            Response,
            ("consultation_id", "user_id", "created_at", "updated_at"),
            [(c, u, p.created_at, p.updated_at) for (c, u), p in fresh.items()],
            returning_ids=True,
        )
        for person, rid in zip(fresh.values(), made, strict=True):
            person.response_id = rid

    inserts: list[tuple[Any, ...]] = []
    inserted: list[_Answer] = []
    updates: list[tuple[tuple[int], list[Any]]] = []
    stale: list[int] = []
    for person in people.values():
        kept = {c.row_id for c in person.current.values()}
        stale += [row.row_id for row in person.stored.values() if row.row_id not in kept]
        for qid, c in person.current.items():
            if c.row_id is None:
                inserts.append((person.response_id, qid, c.value, c.text, c.html, c.state, c.created_at, c.updated_at))
                inserted.append(c)
            elif c.changed:
                updates.append(((c.row_id,), [c.value, c.text, c.html, c.updated_at]))
    if stale:
        await Answer.filter(id__in=sorted(stale)).delete()
    if updates:
        await bulk.update_each(Answer, ["value", "text", "text_html", "updated_at"], sorted(updates))
    if inserts:
        fields = ("response_id", "question_id", "value", "text", "text_html", "state", "created_at", "updated_at")
        for current, aid in zip(
            inserted, await bulk.insert_many(Answer, fields, inserts, returning_ids=True), strict=True
        ):
            current.row_id = aid
    if replaced:
        await bulk.update_each(Response, ["updated_at"], replaced)
    for consultation_id, _user_id in fresh:
        deltas.responses[consultation_id] += 1
    await deltas.apply()
