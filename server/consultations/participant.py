"""Consultation pages for participants: the list, one consultation (the decision first once decided), answering,
voting on statements and proposing them. Officials' pages are in `consultations_official`, results and open
data in `consultation_results`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.services import decisions, responding, statements, viewing
from participation.consultations.services.viewing import PersonalView
from participation.errors import Conflict, Invalid, NotAllowed
from participation.i18n import _
from server import visitor_pages
from server.consultations import forms
from server.moderation.pages import file_report
from server.templating import render
from server.web import confirm_required, now, page_user, path_id, redirect_to

# The order of the list page, with each group's heading.
GROUPS = ("open", "decided", "closed", "draft")


def is_official(request: Request) -> bool:
    user = request.state.user
    return user is not None and rules.is_official(user.roles)


OPEN_NOW = 5
RECENTLY_DECIDED = 3


async def home_section(viewer: User | None, *, now: datetime) -> dict[str, Any]:
    """What the home page shows of consultations: the newest ones open now, and the latest decisions."""
    found = await repository.list_consultations(viewer=viewer, now=now, status="open", limit=OPEN_NOW)
    decided = await repository.recent_decisions(limit=RECENTLY_DECIDED)
    return {"open_now": found.items, "more_open": found.next is not None, "decided": decided}


async def account_section(user: User, *, now: datetime) -> dict[str, Any]:
    """What the account page shows of consultations: the person's responses."""
    return {"my_responses": await responding.my_responses(user=user, now=now)}


async def index(request: Request) -> Response:
    official = is_official(request)
    choices = [s for s in GROUPS if s != "draft" or official]
    status = request.query_params.get("status", "")
    error = None
    if status and status not in choices:
        error = _("Choose one of the states in the list.")
        status = ""
    items = await repository.consultation_index(viewer=request.state.user, now=now(), status=status or None)
    groups = [(name, [c for c in items if c.status == name]) for name in GROUPS]
    context = {
        "groups": [(name, found) for name, found in groups if found],
        "choices": choices,
        "status": status,
        "error": error,
        "official": official,
    }
    return render(request, "consultations/list.html", context, 422 if error else 200)


def detail_context(found: PersonalView, request: Request, **extra: Any) -> dict[str, Any]:
    """What the consultation page shows; `extra` carries a form sent back with its messages."""
    view = found.view
    actions = view.actions
    context: dict[str, Any] = {
        "view": view,
        "consultation": view.consultation,
        "status": view.status,
        "decision": view.decision,
        "answerable": [q for q in view.questions if q.kind != "statements"],
        "statement_questions": [q for q in view.questions if q.kind == "statements"],
        "my_response": found.my_response,
        "votes": found.votes,
        "pending": found.pending,
        "values": forms.response_values(found.my_response),
        "errors": {},
        "propose_values": {},
        "propose_errors": {},
        "can_respond": "respond" in actions,
        "can_vote": "vote" in actions,
        "can_propose": "propose" in actions,
        "official": is_official(request),
        "refusal": None if "respond" in actions else rules.refusal(view.status, "respond"),
        "preview": False,
        "saved": None,
        "history": [],
        "unsent": False,
        "vote_notice": {},
        "propose_notice": {},
        "report_sent": {},
    }
    context.update(extra)
    return context


# The confirmation of saved answers, shown in the answer section where the page lands (not at the top).
SAVED = "consultation_saved"


async def detail(request: Request) -> Response:
    found = await viewing.consultation_for(path_id(request), viewer=request.state.user, now=now())
    # A visitor's page is made from the snapshot alone (its questions and decision) and the effective status.
    view = found.view
    key, basis = ("consultations:detail", view.consultation.id), (view.questions, view.decision, view.status)
    if (page := visitor_pages.kept(request, key, basis)) is not None:
        return page
    notice = request.session.pop(SAVED, None) if "session" in request.scope else None
    decision = view.decision
    history = await decisions.decision_history(view.consultation.id) if decision and decision.corrected_at else []
    context = detail_context(found, request, history=history, **notice_context(notice))
    return visitor_pages.render(request, "consultations/detail.html", context, key=key, basis=basis)


def remember(request: Request, where: str, number: int, message: str, failed: bool = False) -> None:
    """A confirmation (or refusal) for the next page, shown at `where`: "answer", "statement" or "question"."""
    request.session[SAVED] = [where, number, message, failed]


def notice_context(notice: Any) -> dict[str, Any]:
    if not isinstance(notice, list) or len(notice) != 4:
        return {}
    where, number, message, failed = notice
    if where == "answer":
        return {"saved": message}
    if where == "statement":
        return {"vote_notice": {number: (message, failed)}}
    if where == "question":
        return {"propose_notice": {number: message}}
    return {}


def carried_answers(form: FormData, found: PersonalView) -> dict[str, Any] | None:
    """The answers typed in the answer form when a vote or a proposal was sent with it (its buttons belong to
    the answer form), if they differ from what is stored: they are shown again, not thrown away."""
    if not any(key[:1] == "q" and key[1:].isdigit() for key in form):
        return None
    _answers, typed = forms.answers_from(form, found.view.questions)
    stored = forms.response_values(found.my_response)
    given = {k: v for k, v in typed.items() if v not in ("", [])}
    return None if given == stored else typed


def proposals_typed(form: FormData) -> dict[int, str]:
    """Statements typed in a propose field (`propose-<question id>`) of the answer form, not yet sent."""
    found: dict[int, str] = {}
    for key in form:
        if key.startswith("propose-") and key[8:].isdigit() and (typed := forms.text(form, key)).strip():
            found[int(key[8:])] = typed
    return found


def wants_json(request: Request) -> bool:
    """A vote sent by the page's script (without a reload) asks for JSON."""
    return request.headers.get("accept", "").startswith("application/json")


async def _again(request: Request, status_code: int, **extra: Any) -> Response:
    """The consultation page again, with what was sent and why it was not taken."""
    found = await viewing.consultation_for(path_id(request), viewer=request.state.user, now=now())
    return render(request, "consultations/detail.html", detail_context(found, request, **extra), status_code)


async def answer(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    view = await repository.get_consultation(path_id(request), viewer=user, now=now())
    answers, typed = forms.answers_from(form, view.questions)
    try:
        outcome = await responding.put_my_response(
            view.consultation.id, user=user, answers=answers, now=now(), require_confirmed=confirm_required(request)
        )
    except Invalid as exc:
        return await _again(request, 422, values=typed, errors=exc.fields)
    except (Conflict, NotAllowed) as exc:
        return await _again(request, 409 if isinstance(exc, Conflict) else 403, values=typed, problem=exc.message)
    message = _("Thank you: your answers are saved.") if outcome.created else _("Your changed answers are saved.")
    proposals = proposals_typed(form)
    if proposals:
        # Enter in a propose field sends the answer form: keep the statement typed there, not yet sent.
        return await _again(request, 200, saved=message, propose_values=proposals)
    remember(request, "answer", view.consultation.id, message)
    return redirect_to(request, "consultations:detail", "answer", id=view.consultation.id)


async def vote(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    statement_id = request.path_params["statement"]
    choice = forms.text(form, "vote")
    try:
        await statements.vote_on_statement(
            statement_id, vote=choice, by=user, now=now(), require_confirmed=confirm_required(request)
        )
    except (Invalid, Conflict, NotAllowed) as exc:
        message, failed = (exc.fields.get("vote", exc.message) if isinstance(exc, Invalid) else exc.message), True
    else:
        message, failed = _("Your vote is saved."), False
    if wants_json(request):
        return JSONResponse({"message": message, "vote": None if failed else choice}, 422 if failed else 200)
    return await _at_statement(request, form, statement_id, message, failed)


async def _at_statement(
    request: Request,
    form: FormData,
    statement_id: int,
    message: str,
    failed: bool,
    refused_report: dict[str, Any] | None = None,
) -> Response:
    """The page after a vote or a report of a statement sent with the answer form, landing at the statement. A
    `refused_report` ({"reason", "note", "errors"}) is shown again at the statement with its errors."""
    found = await viewing.consultation_for(path_id(request), viewer=request.state.user, now=now())
    typed, proposals = carried_answers(form, found), proposals_typed(form)
    if typed is None and not proposals and refused_report is None:
        if message:
            remember(request, "statement", statement_id, message, failed)
        return redirect_to(request, "consultations:detail", f"statement-{statement_id}", id=path_id(request))
    # The answers typed above are not sent yet: show them again as they were, with the outcome at the
    # statement, where the page lands.
    notice = {statement_id: (message, failed)} if message else {}
    extra: dict[str, Any] = {"vote_notice": notice, "propose_values": proposals}
    if refused_report is not None:
        extra["report_sent"] = {statement_id: refused_report}
    if typed is not None:
        extra["values"] = typed
        extra["unsent"] = True
    return render(request, "consultations/detail.html", detail_context(found, request, **extra), 422 if failed else 200)


async def report(request: Request) -> Response:
    """A report of a statement: its button belongs to the answer form (the button's value is the ref; the reason
    and note are named after it), so the answers typed but not sent are shown again, as after a vote, with the
    report's outcome at the statement instead of at the top of the page. Moderation files it; a refused report
    comes back with the reason and note as they were sent and the errors at their fields."""
    page_user(request)
    form = await request.form()
    ref = forms.text(form, "report")
    reason, note = forms.text(form, f"reason-{ref}"), forms.text(form, f"note-{ref}")
    errors = await file_report(request, ref=ref, reason=reason, note=note)
    flashed = request.session.pop("flash", [])
    *earlier, (category, message) = flashed or [("success", "")]
    if earlier:
        request.session["flash"] = earlier
    refused = None
    if errors.keys() & {"reason", "note"}:
        message = _("Your report is not sent. See below what to change.")
        refused = {"reason": reason, "note": note, "errors": errors}
    return await _at_statement(
        request, form, request.path_params["statement"], message, category == "error", refused_report=refused
    )


async def propose(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    question_id = request.path_params["question"]
    proposals = proposals_typed(form)
    typed = forms.text(form, "text") or forms.text(form, f"propose-{question_id}")
    found = await viewing.consultation_for(path_id(request), viewer=user, now=now())
    answers = carried_answers(form, found)
    kept: dict[str, Any] = {"values": answers, "unsent": True} if answers is not None else {}
    try:
        await statements.propose_statement(
            question_id, text=typed, by=user, now=now(), require_confirmed=confirm_required(request)
        )
    except Invalid as exc:
        message = exc.fields.get("text") or exc.fields.get("question") or exc.message
        status = 422
    except (Conflict, NotAllowed) as exc:
        message, status = exc.message, 409 if isinstance(exc, Conflict) else 403
    else:
        message = _("Thank you. Your statement is shown to others once a moderator has checked it.")
        if answers is None and not [k for k in proposals if k != question_id]:
            remember(request, "question", question_id, message)
            return redirect_to(request, "consultations:detail", f"propose-{question_id}", id=path_id(request))
        proposals.pop(question_id, None)
        found = await viewing.consultation_for(path_id(request), viewer=user, now=now())
        context = detail_context(found, request, propose_notice={question_id: message}, propose_values=proposals)
        return render(request, "consultations/detail.html", context | kept)
    context = detail_context(
        found, request, propose_values=proposals | {question_id: typed}, propose_errors={question_id: message}
    )
    return render(request, "consultations/detail.html", context | kept, status)
