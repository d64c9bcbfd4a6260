"""Consultation pages for participants: the list, one consultation (the decision first once decided), answering,
voting on statements and proposing them. Officials' pages are in `consultations_official`, results and open
data in `consultation_results`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from participation.accounts.models import User
from participation.consultations import repository, rules
from participation.consultations.services import responding, statements, viewing
from participation.consultations.services.viewing import PersonalView
from participation.errors import Conflict, Invalid, NotAllowed
from participation.i18n import _
from server.consultations import forms
from server.templating import flash, render
from server.web import confirm_required, now, page_user, path_id, redirect_to

# The order of the list page, with each group's heading.
GROUPS = ("open", "decided", "closed", "draft")


def is_official(request: Request) -> bool:
    user = request.state.user
    return user is not None and rules.is_official(user.roles)


OPEN_NOW = 5


async def home_section(viewer: User | None, *, now: datetime) -> dict[str, Any]:
    """What the home page shows of consultations: the newest ones open now."""
    found = await repository.list_consultations(viewer=viewer, now=now, status="open", limit=OPEN_NOW)
    return {"open_now": found.items, "more_open": found.next is not None}


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
    }
    context.update(extra)
    return context


async def detail(request: Request) -> Response:
    found = await viewing.consultation_for(path_id(request), viewer=request.state.user, now=now())
    return render(request, "consultations/detail.html", detail_context(found, request))


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
    if outcome.created:
        flash(request, _("Thank you: your answers are saved."))
    else:
        flash(request, _("Your changed answers are saved."))
    return redirect_to(request, "consultations:detail", "answer", id=view.consultation.id)


async def vote(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    statement_id = request.path_params["statement"]
    try:
        await statements.vote_on_statement(
            statement_id,
            vote=forms.text(form, "vote"),
            by=user,
            now=now(),
            require_confirmed=confirm_required(request),
        )
    except (Invalid, Conflict, NotAllowed) as exc:
        message = exc.fields.get("vote", exc.message) if isinstance(exc, Invalid) else exc.message
        flash(request, message, "error")
    else:
        flash(request, _("Your vote is saved."))
    return redirect_to(request, "consultations:detail", f"statement-{statement_id}", id=path_id(request))


async def propose(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    question_id = request.path_params["question"]
    typed = forms.text(form, "text")
    try:
        await statements.propose_statement(
            question_id, text=typed, by=user, now=now(), require_confirmed=confirm_required(request)
        )
    except Invalid as exc:
        message = exc.fields.get("text") or exc.fields.get("question") or exc.message
        return await _again(request, 422, propose_values={question_id: typed}, propose_errors={question_id: message})
    except (Conflict, NotAllowed) as exc:
        return await _again(
            request,
            409 if isinstance(exc, Conflict) else 403,
            propose_values={question_id: typed},
            propose_errors={question_id: exc.message},
        )
    flash(request, _("Thank you. Your statement is shown to others once a moderator has checked it."))
    return redirect_to(request, "consultations:detail", f"question-{question_id}", id=path_id(request))
