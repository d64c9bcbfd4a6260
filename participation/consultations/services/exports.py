"""Exports: the responses for officials (CSV and JSON for programs, an Excel workbook to open in Excel, with
headings in the reader's language and Amsterdam times) and the aggregate results as open data once closed.

Respondents are pseudonymous: an HMAC of the consultation id and user id under a secret key, stable within
one consultation and unlinkable across consultations. No e-mail address or name is exported. Responses are
read in batches and written as a stream, so an export of a million responses needs little memory.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.models import Answer, Consultation, Response, StatementVote
from participation.consultations.repository import QuestionView
from participation.consultations.services import results
from participation.errors import NotAllowed
from participation.exports import FORMATS, Document, Workbook, csv_line
from participation.i18n import _

BATCH = 500


def respondent_id(key: str | bytes, consultation_id: int, user_id: int) -> str:
    secret = key.encode() if isinstance(key, str) else key
    message = f"samenspraak-respondent:{consultation_id}:{user_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:20]


def _time(moment: datetime) -> str:
    return moment.isoformat()


@dataclass
class ResponsesExport:
    """Made by `responses_export` (permission checked); iterate `rows`, or `chunks("csv" | "json")`."""

    consultation: Consultation
    questions: list[QuestionView]
    key: str | bytes
    formats = (*FORMATS, "xlsx")

    @property
    def name(self) -> str:
        return f"consultation-{self.consultation.id}-responses"

    def chunks(self, fmt: str) -> AsyncIterator[str] | AsyncIterator[bytes]:
        if fmt == "xlsx":
            return self.xlsx_chunks()
        return self.csv_chunks() if fmt == "csv" else self.json_chunks()

    async def _batches(self) -> AsyncIterator[tuple[list[Response], dict[int, list[Answer]], dict[int, dict]]]:
        statement_questions = [q.id for q in self.questions if q.kind == "statements"]
        after = 0
        while True:
            batch = (
                await Response.filter(consultation_id=self.consultation.id, id__gt=after).order_by("id").limit(BATCH)
            )
            if not batch:
                return
            answers: dict[int, list[Answer]] = {}
            for answer in await Answer.filter(response_id__in=[r.id for r in batch]):
                answers.setdefault(answer.response_id, []).append(answer)
            votes: dict[int, dict[int, str]] = {}
            if statement_questions:
                rows = await StatementVote.filter(
                    question_id__in=statement_questions, user_id__in=[r.user_id for r in batch]
                ).values_list("user_id", "statement_id", "vote")
                for user_id, statement_id, vote in rows:
                    votes.setdefault(user_id, {})[statement_id] = vote
            yield batch, answers, votes
            after = batch[-1].id

    async def rows(self) -> AsyncIterator[dict[str, Any]]:
        """One dict per response: answers by question id as in the API (option ids), votes by statement id."""
        async for batch, answers, votes in self._batches():
            for response in batch:
                given: dict[str, Any] = {}
                for answer in answers.get(response.id, []):
                    if answer.value is not None:
                        given[str(answer.question_id)] = answer.value
                    elif answer.state != "hidden":
                        given[str(answer.question_id)] = answer.text
                yield {
                    "respondent": respondent_id(self.key, self.consultation.id, response.user_id),
                    "created_at": _time(response.created_at),
                    "updated_at": _time(response.updated_at),
                    "answers": given,
                    "votes": {str(k): v for k, v in sorted(votes.get(response.user_id, {}).items())},
                }

    def _columns(self) -> list[tuple[int, int | None, str, str, int]]:
        # (question number, statement id or None, text, kind of cell, id): one column per question, one per
        # statement of a statements question.
        columns: list[tuple[int, int | None, str, str, int]] = []
        for number, view in enumerate(self.questions, start=1):
            if view.kind == "statements":
                columns += [(number, s.id, s.text, "vote", s.id) for s in view.statements]
            else:
                columns.append((number, None, view.question.prompt, "answer", view.id))
        return columns

    async def _cells(self, columns: list[tuple], vote_names: dict[str, str]) -> AsyncIterator[list]:
        labels = {view.id: {o.id: o.label for o in view.options} for view in self.questions}
        async for row in self.rows():
            cells: list[Any] = [row["respondent"], row["created_at"], row["updated_at"]]
            for *_header, kind, ident in columns:
                if kind == "vote":
                    vote = row["votes"].get(str(ident), "")
                    cells.append(vote_names.get(vote, vote))
                    continue
                value = row["answers"].get(str(ident), "")
                options = labels[ident]
                if isinstance(value, list):
                    value = "; ".join(options.get(v, str(v)) for v in value)
                elif options and isinstance(value, int):
                    value = options.get(value, str(value))
                cells.append(value)
            yield cells

    async def csv_chunks(self) -> AsyncIterator[str]:
        columns = self._columns()
        headers = [f"Q{n} S{sid}: {text}" if sid else f"Q{n}: {text}" for n, sid, text, _kind, _id in columns]
        yield "\ufeff" + csv_line(["respondent", "created_at", "updated_at", *headers])
        async for cells in self._cells(columns, {}):
            yield csv_line(cells)

    def xlsx_chunks(self) -> AsyncIterator[bytes]:
        """The workbook, headings and votes in the reader's language (taken now, while the request's language
        is set), times as Excel dates in Amsterdam time."""
        columns = self._columns()
        headers = [_("Respondent"), _("Sent on"), _("Changed on")] + [
            _("Question %(number)s: %(text)s", number=n, text=text) for n, _sid, text, _kind, _id in columns
        ]
        votes = {"agree": _("agree"), "disagree": _("disagree"), "pass": _("pass")}
        sheet = _("Responses")

        async def chunks() -> AsyncIterator[bytes]:
            book = Workbook(sheet, headers)
            async for cells in self._cells(columns, votes):
                cells[1], cells[2] = datetime.fromisoformat(cells[1]), datetime.fromisoformat(cells[2])
                book.append(cells)
            yield book.bytes()

        return chunks()

    async def json_chunks(self) -> AsyncIterator[str]:
        head = {
            "consultation": {"id": self.consultation.id, "title": self.consultation.title},
            "questions": [
                {
                    "id": view.id,
                    "kind": view.kind,
                    "prompt": view.question.prompt,
                    "options": [{"id": o.id, "label": o.label} for o in view.options],
                    "statements": [{"id": s.id, "text": s.text} for s in view.statements],
                }
                for view in self.questions
            ],
        }
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "responses": ['
        first = True
        async for row in self.rows():
            yield ("" if first else ",") + json.dumps(row, ensure_ascii=False)
            first = False
        yield "]}"


async def responses_export(consultation_id: int, *, by: User, key: str | bytes, now: datetime) -> ResponsesExport:
    """Officials only (NotAllowed otherwise); checked here, before any streaming starts."""
    consultation = await repository.visible(consultation_id, viewer=by, now=now)
    if not rules.can_manage(by.roles):
        raise NotAllowed(_("Only officials export the responses."))
    return ResponsesExport(consultation, await repository.question_views(consultation.id), key)


# --- open data -------------------------------------------------------------------------------------

OPEN_DATA_COLUMNS = [
    "consultation_id",
    "question_id",
    "question",
    "kind",
    "item",
    "item_id",
    "label",
    "count",
    "percent",
    "agree",
    "disagree",
    "pass",
]


async def open_data(consultation_id: int, *, viewer: User | None, now: datetime) -> Document:
    """The aggregate results without open answers, as CSV or JSON: public once closed (officials any time)."""
    found = await results.results(consultation_id, viewer=viewer, now=now, answers_limit=0)
    return Document(
        name=f"consultation-{consultation_id}-results",
        csv=lambda: open_data_csv(found),
        json=lambda: open_data_json(found),
    )


def open_data_rows(found: results.Results) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    base = {"consultation_id": found.consultation.id}
    for q in found.questions:
        head = {**base, "question_id": q.id, "question": q.prompt, "kind": q.kind}
        if q.kind in ("single_choice", "multiple_choice"):
            rows += [
                {**head, "item": "option", "item_id": o.id, "label": o.label, "count": o.count, "percent": o.percent}
                for o in q.options
            ]
        elif q.kind == "scale":
            rows += [
                {**head, "item": "scale_value", "item_id": value, "label": str(value), "count": count}
                for value, count in q.distribution.items()
            ]
        elif q.kind == "text":
            rows.append({**head, "item": "answered", "count": q.answered})
        elif q.kind == "statements":
            rows += [
                {
                    **head,
                    "item": "statement",
                    "item_id": s.id,
                    "label": s.text,
                    "agree": s.agree,
                    "disagree": s.disagree,
                    "pass": s.passed,
                }
                for s in q.statements
                if s.status == "published"
            ]
    return rows


def open_data_csv(found: results.Results) -> str:
    lines = [csv_line(OPEN_DATA_COLUMNS)]
    for row in open_data_rows(found):
        lines.append(csv_line([row.get(c, "") for c in OPEN_DATA_COLUMNS]))
    return "".join(lines)


def open_data_json(found: results.Results) -> dict[str, Any]:
    c = found.consultation
    return {
        "consultation": {
            "id": c.id,
            "title": c.title,
            "status": found.status,
            "opens_at": c.opens_at.isoformat() if c.opens_at else None,
            "closes_at": c.closes_at.isoformat() if c.closes_at else None,
        },
        "responses": found.responses,
        "rows": open_data_rows(found),
    }
