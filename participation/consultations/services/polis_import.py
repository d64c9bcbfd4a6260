"""Import a Pol.is open-data export (a folder of CSV files) as a closed consultation with one statements question.

The folder holds `summary.csv` (key, value rows: `topic`, `url`, `conversation-description` ...),
`comments.csv` (one row per comment, `moderated` -1 for removed ones) and the votes: `votes.csv` (every vote
cast, with timestamps; a changed vote appears again, the latest counts) and/or `participants-votes.csv` (each
participant's final votes as a matrix: one column per comment id, beside `participant`, `group-id`, `n-votes`
... and in some years `xid`). Exports differ between years, so columns are found by name; votes.csv is used
when present (it has times), the matrix otherwise.

Comments become statements (moderated-out ones hidden), participants pseudonymous accounts without e-mail or
password (nobody can sign in as them), votes statement votes with their tallies. Everything is written in one
transaction with multi-row INSERTs, and the conversation is recorded (ImportedConversation), so a second import
of the same folder adds nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation import sanitize
from participation.accounts.models import User
from participation.consultations.models import (
    Consultation,
    ImportedConversation,
    Question,
    Statement,
    StatementVote,
)
from participation.consultations.storage import bulk
from participation.errors import Invalid
from participation.text import clean_line, clean_text

VOTES = {"1": "agree", "-1": "disagree", "0": "pass"}
COMMENT_COLUMNS = ("comment-id", "moderated", "comment-body")
VOTE_COLUMNS = ("comment-id", "voter-id", "vote")
MATRIX_COLUMNS = ("participant",)
TITLE_MAX = 200
STATEMENT_MAX = 500
PROMPT_MAX = 500
# The votes are written in slices of this many rows, so the progress bar moves.
VOTE_SLICE = 20_000

# Reports progress: (what, done, total).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Comment:
    id: int
    author: int | None
    text: str
    hidden: bool
    created_at: datetime | None


@dataclass
class Export:
    """A Pol.is export read and checked, before anything is stored."""

    source: str
    topic: str
    description: str
    comments: list[Comment]
    # The final vote of each (participant, comment): (participant, comment id, "agree" | "disagree" | "pass").
    votes: list[tuple[int, int, str]]
    # When each final vote was cast, where the export says (votes.csv); same order as `votes`.
    voted_at: list[datetime | None]
    participants: list[int]
    # Pol.is's own opinion group of each participant (participants-votes.csv `group-id`), where it has one.
    polis_groups: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Imported:
    consultation_id: int
    question_id: int
    created: bool
    statements: int = 0
    hidden: int = 0
    votes: int = 0
    participants: int = 0


def _invalid(file: str, message: str) -> Invalid:
    return Invalid({file: message})


def _rows(folder: Path, name: str, required: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    path = folder / name
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            missing = [c for c in required if c not in header]
            if missing:
                raise _invalid(
                    name, f"{path} lacks the column(s) {', '.join(missing)}; its header is: {','.join(header)}"
                )
            return header, list(reader)
    except UnicodeDecodeError as exc:
        raise _invalid(name, f"{path} is not UTF-8 text ({exc.reason}).") from None


def _whole(value: str | None, *, file: str, line: int, column: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise _invalid(file, f"{file} line {line}: {column} must be a whole number, not {value!r}.") from None


def _time(value: str | None) -> datetime | None:
    # Pol.is timestamps are milliseconds since 1970.
    try:
        return datetime.fromtimestamp(int((value or "").strip()) / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _summary(folder: Path) -> dict[str, str]:
    path = folder / "summary.csv"
    if not path.is_file():
        raise _invalid("summary.csv", f"{path} is missing: a Pol.is export has summary.csv with the topic.")
    with path.open(newline="", encoding="utf-8-sig") as f:
        pairs = {row[0].strip(): row[1] for row in csv.reader(f) if len(row) >= 2}
    if not pairs.get("topic", "").strip():
        raise _invalid("summary.csv", f"{path} has no topic row.")
    return pairs


def _comments(folder: Path) -> list[Comment]:
    if not (folder / "comments.csv").is_file():
        raise _invalid("comments.csv", f"{folder / 'comments.csv'} is missing.")
    header, rows = _rows(folder, "comments.csv", COMMENT_COLUMNS)
    comments: dict[int, Comment] = {}
    for line, row in enumerate(rows, start=2):
        cid = _whole(row["comment-id"], file="comments.csv", line=line, column="comment-id")
        if cid in comments:
            raise _invalid("comments.csv", f"comments.csv line {line}: comment {cid} appears twice.")
        author = (row.get("author-id") or "").strip()
        text = clean_line(clean_text(row["comment-body"] or "")).strip()
        if len(text) > STATEMENT_MAX:
            text = text[: STATEMENT_MAX - 1].rstrip() + "…"
        comments[cid] = Comment(
            id=cid,
            author=int(author) if author.lstrip("-").isdecimal() else None,
            text=text,
            hidden=(row["moderated"] or "").strip() == "-1",
            created_at=_time(row.get("timestamp")),
        )
    return sorted(comments.values(), key=lambda c: c.id)


def _vote(value: str | None, *, file: str, line: int) -> str:
    vote = VOTES.get((value or "").strip())
    if vote is None:
        raise _invalid(file, f"{file} line {line}: a vote is 1, -1 or 0, not {value!r}.")
    return vote


def _votes_csv(folder: Path, known: set[int]) -> tuple[list[tuple[int, int, str]], list[datetime | None]]:
    header, rows = _rows(folder, "votes.csv", VOTE_COLUMNS)
    timed = "timestamp" in header
    last: dict[tuple[int, int], tuple[int, str, str]] = {}
    for line, row in enumerate(rows, start=2):
        try:
            comment, voter, vote = int(row["comment-id"]), int(row["voter-id"]), VOTES[row["vote"].strip()]
            order = int(row["timestamp"]) if timed else line
        except (ValueError, KeyError, AttributeError):
            # Say which value is wrong, in the words of the checks below.
            _whole(row["comment-id"], file="votes.csv", line=line, column="comment-id")
            _whole(row["voter-id"], file="votes.csv", line=line, column="voter-id")
            _vote(row["vote"], file="votes.csv", line=line)
            _whole(row["timestamp"], file="votes.csv", line=line, column="timestamp")
            raise
        if comment not in known:
            raise _invalid(
                "votes.csv", f"votes.csv line {line}: a vote for comment {comment}, which comments.csv lacks."
            )
        key = (voter, comment)
        # A changed vote appears again; the latest one counts (file order between equal times).
        if key not in last or order >= last[key][0]:
            last[key] = (order, vote, row["timestamp"] if timed else "")
    keys = sorted(last)
    return [(p, c, last[(p, c)][1]) for p, c in keys], [_time(last[k][2]) if timed else None for k in keys]


def _matrix(folder: Path, known: set[int]) -> tuple[list[tuple[int, int, str]], dict[int, int]]:
    """Final votes and Pol.is's groups from participants-votes.csv; comment columns are those named by a number."""
    header, rows = _rows(folder, "participants-votes.csv", MATRIX_COLUMNS)
    columns = [(name, int(name)) for name in header if name.isdecimal()]
    unknown = [cid for _name, cid in columns if cid not in known]
    if unknown:
        raise _invalid(
            "participants-votes.csv",
            f"participants-votes.csv has votes for comment(s) {', '.join(map(str, unknown[:5]))}, "
            "which comments.csv lacks.",
        )
    votes: list[tuple[int, int, str]] = []
    groups: dict[int, int] = {}
    for line, row in enumerate(rows, start=2):
        participant = _whole(row["participant"], file="participants-votes.csv", line=line, column="participant")
        group = (row.get("group-id") or "").strip()
        if group.isdecimal():
            groups[participant] = int(group)
        for name, cid in columns:
            cell = (row.get(name) or "").strip()
            if cell:
                votes.append((participant, cid, _vote(cell, file="participants-votes.csv", line=line)))
    votes.sort()
    return votes, groups


def read_export(folder: Path) -> Export:
    """Read and check a Pol.is export folder; Invalid ({file: message}) when it is not one we can import."""
    if not folder.is_dir():
        raise _invalid("folder", f"{folder} is not a folder.")
    summary = _summary(folder)
    comments = _comments(folder)
    known = {c.id for c in comments}
    has_votes, has_matrix = (folder / "votes.csv").is_file(), (folder / "participants-votes.csv").is_file()
    if not has_votes and not has_matrix:
        raise _invalid("votes.csv", f"{folder} has neither votes.csv nor participants-votes.csv: there are no votes.")
    groups: dict[int, int] = {}
    if has_matrix:
        matrix_votes, groups = _matrix(folder, known)
    if has_votes:
        votes, voted_at = _votes_csv(folder, known)
    else:
        votes, voted_at = matrix_votes, [None] * len(matrix_votes)
    participants = sorted({p for p, _c, _v in votes} | {c.author for c in comments if c.author is not None})
    topic = clean_line(summary["topic"]).strip()
    return Export(
        source=(summary.get("url") or "").strip() or f"polis:{folder.resolve().name}",
        topic=topic,
        description=clean_text(summary.get("conversation-description") or "").strip(),
        comments=comments,
        votes=votes,
        voted_at=voted_at,
        participants=participants,
        polis_groups=groups,
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def import_export(export: Export, *, now: datetime, progress: Progress | None = None) -> Imported:
    """Store the export as a closed consultation, in one transaction; the existing one if imported before."""
    report = progress or (lambda _what, _done, _total: None)
    existing = await ImportedConversation.get_or_none(source=export.source)
    if existing is not None:
        return await _existing(existing)
    texts = await sanitize.sanitize_many([c.text for c in export.comments], policy="plain")
    [body] = await sanitize.sanitize_many([export.description], policy="rich")
    times = [t for t in export.voted_at if t] + [c.created_at for c in export.comments if c.created_at]
    opened, closed = (min(times), max(times)) if times else (now, now)
    tally: dict[int, dict[str, int]] = {c.id: {"agree": 0, "disagree": 0, "pass": 0} for c in export.comments}
    for _p, comment, vote in export.votes:
        tally[comment][vote] += 1
    try:
        async with in_transaction():
            consultation = await Consultation.create(
                title=_short(export.topic, TITLE_MAX),
                body=body.source,
                body_html=body.html,
                status="closed",
                opens_at=opened,
                closes_at=closed,
                created_at=now,
                updated_at=now,
            )
            await ImportedConversation.create(source=export.source, consultation=consultation, imported_at=now)
            question = await Question.create(
                consultation=consultation,
                position=0,
                kind="statements",
                prompt=_short(export.topic, PROMPT_MAX),
                votes_cast=len(export.votes),
            )
            report("participants", 0, len(export.participants))
            user_ids = await bulk.insert_many(
                User,
                # No e-mail and no password: nobody can sign in as them, or ask for a link or a reset.
                ("email", "password_hash", "display_name", "display_name_html", "roles", "language")
                + ("created_at", "registered_from", "auth_version", "sign_in_link_version"),
                [(None, "", f"Pol.is {p}", f"Pol.is {p}", [], "nl", now, "", 1, 0) for p in export.participants],
                returning_ids=True,
            )
            user_of = dict(zip(export.participants, user_ids, strict=True))
            report("participants", len(user_ids), len(user_ids))
            statement_ids = await bulk.insert_many(
                Statement,
                (
                    "question_id",
                    "text",
                    "text_html",
                    "author_id",
                    "status",
                    "agree",
                    "disagree",
                    "passed",
                    "created_at",
                ),
                [
                    (
                        question.id,
                        clean.source,
                        clean.html,
                        user_of.get(c.author) if c.author is not None else None,
                        "hidden" if c.hidden else "published",
                        tally[c.id]["agree"],
                        tally[c.id]["disagree"],
                        tally[c.id]["pass"],
                        c.created_at or opened,
                    )
                    for c, clean in zip(export.comments, texts, strict=True)
                ],
                returning_ids=True,
            )
            statement_of = {c.id: sid for c, sid in zip(export.comments, statement_ids, strict=True)}
            report("statements", len(statement_ids), len(statement_ids))
            total = len(export.votes)
            for start in range(0, total, VOTE_SLICE):
                rows = []
                for (p, c, vote), at in zip(
                    export.votes[start : start + VOTE_SLICE], export.voted_at[start : start + VOTE_SLICE], strict=True
                ):
                    when = at or closed
                    rows.append((statement_of[c], question.id, user_of[p], vote, when, when))
                await bulk.insert_many(
                    StatementVote, ("statement_id", "question_id", "user_id", "vote", "created_at", "updated_at"), rows
                )
                report("votes", min(start + VOTE_SLICE, total), total)
    except IntegrityError:
        # The same conversation was imported meanwhile by someone else: theirs stands.
        existing = await ImportedConversation.get_or_none(source=export.source)
        if existing is None:
            raise
        return await _existing(existing)
    return Imported(
        consultation_id=consultation.id,
        question_id=question.id,
        created=True,
        statements=len(statement_ids),
        hidden=sum(c.hidden for c in export.comments),
        votes=len(export.votes),
        participants=len(user_ids),
    )


async def _existing(imported: ImportedConversation) -> Imported:
    question = await Question.filter(consultation_id=imported.consultation_id, kind="statements").first()
    assert question is not None
    return Imported(consultation_id=imported.consultation_id, question_id=question.id, created=False)


async def import_folder(folder: Path, *, now: datetime, progress: Progress | None = None) -> Imported:
    """Read, check and import a Pol.is export folder (see the module docstring)."""
    return await import_export(read_export(folder), now=now, progress=progress)
