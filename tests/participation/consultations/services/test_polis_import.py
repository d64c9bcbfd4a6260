"""Importing Pol.is open-data exports (tests/data/polis, CC BY 4.0; see the README there)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from participation.accounts import services as accounts
from participation.accounts.models import User
from participation.consultations import repository
from participation.consultations.models import Consultation, ImportedConversation, Question, Statement, StatementVote
from participation.consultations.services import polis_import
from participation.errors import Invalid, NotAllowed
from tests.support.consultations import NOW

DATA = Path(__file__).resolve().parents[3] / "data" / "polis"
LONDON = DATA / "london.youth.policing"
VTAIWAN = DATA / "vtaiwan.uberx"


async def stored_counts() -> dict[str, int]:
    return {
        "consultations": await Consultation.all().count(),
        "statements": await Statement.all().count(),
        "hidden": await Statement.filter(status="hidden").count(),
        "votes": await StatementVote.all().count(),
        "users": await User.all().count(),
        "imports": await ImportedConversation.all().count(),
    }


async def test_london_is_imported_as_a_closed_consultation_with_every_statement_and_vote(orm_any):
    imported = await polis_import.import_folder(LONDON, now=NOW)
    assert imported.created
    consultation = await Consultation.get(id=imported.consultation_id)
    assert consultation.title == "What is the best way to engage more young people in local scrutiny of policing?"
    assert consultation.status == "closed"
    [question] = await Question.filter(consultation_id=consultation.id)
    assert question.kind == "statements"
    # 39 comments, 3 moderated out; 640 vote rows, two of which change an earlier vote: 638 final votes,
    # by 26 voters and one commenter who never voted.
    assert await stored_counts() == {
        "consultations": 1,
        "statements": 39,
        "hidden": 3,
        "votes": 638,
        "users": 27,
        "imports": 1,
    }
    assert question.votes_cast == 638
    # The tallies agree with the votes stored, statement by statement.
    for statement in await Statement.filter(question_id=question.id):
        votes = await StatementVote.filter(statement_id=statement.id).values_list("vote", flat=True)
        assert (statement.agree, statement.disagree, statement.passed) == (
            votes.count("agree"),
            votes.count("disagree"),
            votes.count("pass"),
        )
    hidden = await Statement.filter(question_id=question.id, status="hidden").values_list("text", flat=True)
    with (LONDON / "comments.csv").open(newline="") as f:
        removed = {r["comment-body"] for r in csv.DictReader(f) if r["moderated"] == "-1"}
    assert set(hidden) == removed
    # The public page shows the consultation, closed.
    view = await repository.visible(consultation.id, viewer=None, now=NOW)
    assert view.status == "closed"


async def test_a_changed_vote_counts_once_with_its_latest_value(orm):
    imported = await polis_import.import_folder(LONDON, now=NOW)
    with (LONDON / "votes.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    seen: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        seen.setdefault((row["voter-id"], row["comment-id"]), []).append(row)
    repeated = [key for key, votes in seen.items() if len(votes) > 1]
    assert repeated
    for voter, comment in repeated:
        latest = max(seen[(voter, comment)], key=lambda r: int(r["timestamp"]))["vote"]
        user = await User.get(display_name=f"Pol.is {voter}")
        [vote] = await StatementVote.filter(user_id=user.id, question_id=imported.question_id).filter(
            statement__text__in=await comment_text(comment)
        )
        assert vote.vote == polis_import.VOTES[latest]


async def comment_text(comment_id: str) -> list[str]:
    with (LONDON / "comments.csv").open(newline="") as f:
        return [r["comment-body"] for r in csv.DictReader(f) if r["comment-id"] == comment_id]


async def test_a_matrix_only_export_is_imported_from_participants_votes(orm):
    imported = await polis_import.import_folder(VTAIWAN, now=NOW)
    assert imported.created
    assert (imported.statements, imported.hidden, imported.votes, imported.participants) == (197, 78, 49443, 1921)
    assert await stored_counts() == {
        "consultations": 1,
        "statements": 197,
        "hidden": 78,
        "votes": 49443,
        "users": 1921,
        "imports": 1,
    }


async def test_the_same_folder_twice_makes_no_second_copy(orm):
    first = await polis_import.import_folder(LONDON, now=NOW)
    before = await stored_counts()
    again = await polis_import.import_folder(LONDON, now=NOW)
    assert not again.created
    assert again.consultation_id == first.consultation_id
    assert await stored_counts() == before


async def test_imported_participants_cannot_sign_in(orm):
    await polis_import.import_folder(LONDON, now=NOW)
    people = await User.all()
    assert people and all(p.email is None and p.password_hash == "" and not p.roles for p in people)
    assert {p.display_name for p in people} >= {"Pol.is 1", "Pol.is 2"}
    # Without an e-mail address there is nothing to sign in with, and no link or reset can reach them.
    with pytest.raises(NotAllowed):
        await accounts.authenticate(email="", password="", address="127.0.0.1", now=NOW)


def append(path: Path, line: str) -> None:
    with path.open("a") as f:
        f.write(line)


def broken_copy(tmp_path: Path, source: Path = LONDON) -> Path:
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    return folder


@pytest.mark.parametrize(
    ("break_it", "file", "says"),
    [
        (lambda f: (f / "comments.csv").unlink(), "comments.csv", "is missing"),
        (lambda f: (f / "summary.csv").unlink(), "summary.csv", "is missing"),
        (
            lambda f: [(f / "votes.csv").unlink(), (f / "participants-votes.csv").unlink()],
            "votes.csv",
            "neither votes.csv nor participants-votes.csv",
        ),
        (
            lambda f: (f / "votes.csv").write_text("when,comment,voter,vote\n1,1,1,1\n"),
            "votes.csv",
            "lacks the column(s) comment-id, voter-id",
        ),
        (
            lambda f: append(f / "votes.csv", "1658933760180,x,999,1,1\n"),
            "votes.csv",
            "a vote for comment 999, which comments.csv lacks",
        ),
        (
            lambda f: append(f / "votes.csv", "1658933760180,x,1,1,yes\n"),
            "votes.csv",
            "a vote is 1, -1 or 0",
        ),
    ],
    ids=["no comments", "no summary", "no votes", "wrong header", "unknown comment", "bad vote"],
)
async def test_a_malformed_folder_is_refused_with_a_clear_message_and_nothing_stored(
    orm, tmp_path, break_it, file, says
):
    folder = broken_copy(tmp_path)
    break_it(folder)
    before = await stored_counts()
    with pytest.raises(Invalid) as refused:
        await polis_import.import_folder(folder, now=NOW)
    assert says in refused.value.fields[file]
    assert await stored_counts() == before


async def test_an_unknown_comment_in_the_matrix_is_refused(orm, tmp_path):
    folder = broken_copy(tmp_path)
    (folder / "votes.csv").unlink()
    matrix = (folder / "participants-votes.csv").read_text().splitlines()
    matrix[0] += ",999"
    (folder / "participants-votes.csv").write_text("\n".join(matrix) + "\n")
    with pytest.raises(Invalid) as refused:
        await polis_import.import_folder(folder, now=NOW)
    assert "999" in refused.value.fields["participants-votes.csv"]
    assert (await stored_counts())["consultations"] == 0


async def test_a_failure_halfway_leaves_nothing_half_imported(orm_any):
    def fail_at_votes(what: str, done: int, total: int) -> None:
        if what == "votes" and done:
            raise RuntimeError("the disk is full")

    before = await stored_counts()
    with pytest.raises(RuntimeError):
        await polis_import.import_folder(LONDON, now=NOW, progress=fail_at_votes)
    assert await stored_counts() == before
    # And the folder can be imported afterwards.
    assert (await polis_import.import_folder(LONDON, now=NOW)).created
