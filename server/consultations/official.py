"""Consultation pages for officials: write a draft and its questions, preview it, open and close it, publish
the decision, export the responses. Every form is small and works on its own, without JavaScript."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from participation.consultations import repository, rules
from participation.consultations.repository import ConsultationView
from participation.consultations.rules import ConsultationInput
from participation.consultations.services import authoring, decisions, exports
from participation.consultations.services.viewing import PersonalView
from participation.errors import Conflict, Invalid
from participation.i18n import _
from participation.numbers import whole_number
from server.consultations import forms
from server.consultations.participant import detail_context
from server.templating import flash, render
from server.web import attachment, encoded, link_to, now, page_role, path_id, redirect, safe_next


def _official(request: Request):
    return page_role(request, "official")


def edit_context(
    view: ConsultationView | None,
    *,
    details: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    question_form: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The editing page; `question_form` is one question's form sent back: {"key": id or "new", values, errors}."""
    context: dict[str, Any] = {
        "view": view,
        "consultation": view.consultation if view else None,
        "status": view.status if view else "draft",
        "details": details if details is not None else (forms.details_values(view.consultation) if view else {}),
        "errors": errors or {},
        "question_form": question_form or {"key": None, "values": {}, "errors": {}},
        "new_question": forms.new_question_values(),
        "question_values": {q.id: forms.question_values(q) for q in view.questions} if view else {},
        "editable_details": view is None or "edit_details" in view.actions,
        "editable_questions": view is None or "edit_questions" in view.actions,
        "frozen": rules.refusal(view.status, "edit_questions") if view else "",
        "closed_reason": rules.refusal(view.status, "edit_details") if view else "",
        "kinds": rules.QUESTION_KINDS,
    }
    return context


async def _edit_again(request: Request, status_code: int = 422, **changes: Any) -> Response:
    view = await repository.get_consultation(path_id(request), viewer=_official(request), now=now())
    return render(request, "consultations/edit.html", edit_context(view, **changes), status_code)


# --- the draft and its details ---------------------------------------------------------------------


async def new(request: Request) -> Response:
    user = _official(request)
    if request.method == "GET":
        return render(request, "consultations/edit.html", edit_context(None))
    details, typed, errors = forms.details_from(await request.form())
    try:
        if errors:
            raise Invalid(rules.details_errors(**details) | errors)
        consultation = await authoring.create_consultation(data=ConsultationInput(**details), by=user, now=now())
    except Invalid as exc:
        return render(request, "consultations/edit.html", edit_context(None, details=typed, errors=exc.fields), 422)
    flash(request, _("The draft is saved. Now add the questions."))
    return redirect(f"/consultations/{consultation.id}/edit#questions")


async def edit(request: Request) -> Response:
    user = _official(request)
    if request.method == "GET":
        view = await repository.get_consultation(path_id(request), viewer=user, now=now())
        return render(request, "consultations/edit.html", edit_context(view))
    details, typed, errors = forms.details_from(await request.form())
    try:
        if errors:
            raise Invalid(rules.details_errors(**details) | errors)
        await authoring.update_details(path_id(request), **details, by=user, now=now())
    except Invalid as exc:
        return await _edit_again(request, details=typed, errors=exc.fields)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect(f"/consultations/{path_id(request)}/edit")
    flash(request, _("The details are saved."))
    return redirect(f"/consultations/{path_id(request)}/edit")


# --- questions of a draft --------------------------------------------------------------------------


async def add_question(request: Request) -> Response:
    user = _official(request)
    question, typed, errors = forms.question_from(await request.form())
    try:
        if errors:
            raise Invalid(rules.question_errors(question) | errors)
        added = await authoring.add_question(path_id(request), question=question, by=user, now=now())
    except Invalid as exc:
        sent = {"key": "new", "values": typed, "errors": forms.fold_errors(exc.fields)}
        return await _edit_again(request, question_form=sent)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect(f"/consultations/{path_id(request)}/edit#questions")
    flash(request, _("The question is added."))
    return redirect(f"/consultations/{path_id(request)}/edit#question-{added.id}")


async def update_question(request: Request) -> Response:
    user = _official(request)
    question_id = request.path_params["question"]
    question, typed, errors = forms.question_from(await request.form())
    try:
        if errors:
            raise Invalid(rules.question_errors(question) | errors)
        await authoring.update_question(question_id, question=question, by=user, now=now())
    except Invalid as exc:
        sent = {"key": question_id, "values": typed, "errors": forms.fold_errors(exc.fields)}
        return await _edit_again(request, question_form=sent)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect(f"/consultations/{path_id(request)}/edit#questions")
    flash(request, _("The question is saved."))
    return redirect(f"/consultations/{path_id(request)}/edit#question-{question_id}")


async def remove_question(request: Request) -> Response:
    user = _official(request)
    try:
        await authoring.remove_question(request.path_params["question"], by=user, now=now())
    except Conflict as exc:
        flash(request, exc.message, "error")
    else:
        flash(request, _("The question is removed."))
    return redirect(f"/consultations/{path_id(request)}/edit#questions")


async def move_question(request: Request) -> Response:
    user = _official(request)
    question_id = request.path_params["question"]
    offset = {"up": -1, "down": 1}.get(forms.text(await request.form(), "direction"))
    if offset is None:
        flash(request, _("Choose to move the question up or down."), "error")
        return redirect(f"/consultations/{path_id(request)}/edit#questions")
    try:
        await authoring.move_question(question_id, offset=offset, by=user, now=now())
    except Conflict as exc:
        flash(request, exc.message, "error")
    return redirect(f"/consultations/{path_id(request)}/edit#question-{question_id}")


# --- preview, open, close --------------------------------------------------------------------------


async def preview(request: Request) -> Response:
    user = _official(request)
    view = await repository.get_consultation(path_id(request), viewer=user, now=now())
    context = detail_context(PersonalView(view), request, preview=True, official=False)
    context.update(can_respond=False, can_vote=False, can_propose=False, refusal=None)
    return render(request, "consultations/detail.html", context)


async def _transition(request: Request, action, done: str) -> Response:
    user = _official(request)
    back = safe_next(forms.text(await request.form(), "next"), f"/consultations/{path_id(request)}/edit")
    try:
        await action(path_id(request), by=user, now=now())
    except Conflict as exc:
        flash(request, exc.message, "error")
    else:
        flash(request, done)
    return redirect(back)


async def open_now(request: Request) -> Response:
    return await _transition(request, authoring.open_consultation, _("The consultation is open: citizens can answer."))


async def close_now(request: Request) -> Response:
    return await _transition(
        request, authoring.close_consultation, _("The consultation is closed. The results are public now.")
    )


# --- the decision ----------------------------------------------------------------------------------


def _decide_context(view: ConsultationView, **extra: Any) -> dict[str, Any]:
    return {"view": view, "consultation": view.consultation, "status": view.status, "values": {}, "errors": {}} | extra


async def decision(request: Request) -> Response:
    user = _official(request)
    if request.method == "GET":
        view = await repository.get_consultation(path_id(request), viewer=user, now=now())
        return render(request, "consultations/decide.html", _decide_context(view))
    form = await request.form()
    ids = [n for key in form if key.startswith("outcome-") and (n := whole_number(key[8:])) is not None]
    sent, typed = forms.decision_from(form, ids)
    try:
        await decisions.publish_decision(
            path_id(request),
            **sent,
            by=user,
            now=now(),
            link=link_to(request, "consultations:detail", id=path_id(request)),
        )
    except (Invalid, Conflict) as exc:
        errors = forms.decision_errors(exc.fields) if isinstance(exc, Invalid) else {"form": exc.message}
        view = await repository.get_consultation(path_id(request), viewer=user, now=now())
        context = _decide_context(view, values=typed, errors=errors)
        return render(request, "consultations/decide.html", context, 422 if isinstance(exc, Invalid) else 409)
    flash(request, _("The decision is published. Everyone who answered is told, in the site and by e-mail."))
    return redirect(f"/consultations/{path_id(request)}#decision")


# --- exports of the responses ----------------------------------------------------------------------


async def responses_export(request: Request) -> Response:
    user = _official(request)
    fmt = request.path_params["format"]
    if fmt not in ("csv", "json"):
        raise HTTPException(404)
    export = await exports.responses_export(
        path_id(request), by=user, key=request.app.state.settings.secret_key, now=now()
    )
    chunks = export.csv_chunks() if fmt == "csv" else export.json_chunks()
    return StreamingResponse(
        encoded(chunks),
        media_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json",
        headers=attachment(f"consultation-{path_id(request)}-responses.{fmt}"),
    )
