"""Consultation pages for officials: write a draft and its questions, preview it, open and close it, publish
the decision, export the responses. Every form is small and works on its own, without JavaScript."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from participation.consultations import repository, rules
from participation.consultations.repository import ConsultationView
from participation.consultations.rules import ConsultationInput
from participation.consultations.services import authoring, decisions, exports
from participation.consultations.services.viewing import PersonalView
from participation.errors import Conflict, Invalid, NotFound
from participation.i18n import _
from server.consultations import confirming, forms
from server.consultations.participant import detail_context
from server.templating import flash, render
from server.web import download, link_to, now, page_role, path_id, redirect, redirect_to, safe_next


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
    sent = forms.details_from(await request.form())
    try:
        consultation = await authoring.create_consultation(data=ConsultationInput(**sent.valid()), by=user, now=now())
    except Invalid as exc:
        context = edit_context(None, details=sent.typed, errors=exc.fields)
        return render(request, "consultations/edit.html", context, 422)
    flash(request, _("The draft is saved. Now add the questions."))
    return redirect_to(request, "consultations:edit", "questions", id=consultation.id)


async def edit(request: Request) -> Response:
    user = _official(request)
    if request.method == "GET":
        view = await repository.get_consultation(path_id(request), viewer=user, now=now())
        return render(request, "consultations/edit.html", edit_context(view))
    sent = forms.details_from(await request.form())
    try:
        await authoring.update_details(path_id(request), **sent.valid(), by=user, now=now())
    except Invalid as exc:
        return await _edit_again(request, details=sent.typed, errors=exc.fields)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "consultations:edit", id=path_id(request))
    flash(request, _("The details are saved."))
    return redirect_to(request, "consultations:edit", id=path_id(request))


# --- questions of a draft --------------------------------------------------------------------------


async def add_question(request: Request) -> Response:
    user = _official(request)
    sent = forms.question_from(await request.form())
    try:
        added = await authoring.add_question(path_id(request), question=sent.valid(), by=user, now=now())
    except Invalid as exc:
        again = {"key": "new", "values": sent.typed, "errors": forms.fold_errors(exc.fields)}
        return await _edit_again(request, question_form=again)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "consultations:edit", "questions", id=path_id(request))
    flash(request, _("The question is added."))
    return redirect_to(request, "consultations:edit", f"question-{added.id}", id=path_id(request))


async def update_question(request: Request) -> Response:
    user = _official(request)
    question_id = request.path_params["question"]
    sent = forms.question_from(await request.form())
    try:
        await authoring.update_question(question_id, question=sent.valid(), by=user, now=now())
    except Invalid as exc:
        again = {"key": question_id, "values": sent.typed, "errors": forms.fold_errors(exc.fields)}
        return await _edit_again(request, question_form=again)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "consultations:edit", "questions", id=path_id(request))
    flash(request, _("The question is saved."))
    return redirect_to(request, "consultations:edit", f"question-{question_id}", id=path_id(request))


async def remove_question(request: Request) -> Response:
    if request.method == "GET":
        return await confirming.confirm_page(request, "remove", question_id=request.path_params["question"])
    user = _official(request)
    try:
        await authoring.remove_question(request.path_params["question"], by=user, now=now())
    except Conflict as exc:
        flash(request, exc.message, "error")
    else:
        flash(request, _("The question is removed."))
    return redirect_to(request, "consultations:edit", "questions", id=path_id(request))


async def move_question(request: Request) -> Response:
    user = _official(request)
    question_id = request.path_params["question"]
    offset = {"up": -1, "down": 1}.get(forms.text(await request.form(), "direction"))
    if offset is None:
        flash(request, _("Choose to move the question up or down."), "error")
        return redirect_to(request, "consultations:edit", "questions", id=path_id(request))
    try:
        await authoring.move_question(question_id, offset=offset, by=user, now=now())
    except Conflict as exc:
        flash(request, exc.message, "error")
    return redirect_to(request, "consultations:edit", f"question-{question_id}", id=path_id(request))


# --- preview, open, close --------------------------------------------------------------------------


async def preview(request: Request) -> Response:
    user = _official(request)
    view = await repository.get_consultation(path_id(request), viewer=user, now=now())
    context = detail_context(PersonalView(view), request, preview=True, official=False)
    context.update(can_respond=False, can_vote=False, can_propose=False, refusal=None)
    return render(request, "consultations/detail.html", context)


async def _transition(request: Request, action, done: str) -> Response:
    user = _official(request)
    edit_page = str(request.app.url_path_for("consultations:edit", id=path_id(request)))
    back = safe_next(forms.text(await request.form(), "next"), edit_page)
    try:
        await action(path_id(request), by=user, now=now())
    except Conflict as exc:
        flash(request, exc.message, "error")
    else:
        flash(request, done)
    return redirect(back)


async def open_now(request: Request) -> Response:
    if request.method == "GET":
        return await confirming.confirm_page(request, "open")
    return await _transition(request, authoring.open_consultation, _("The consultation is open: citizens can answer."))


async def close_now(request: Request) -> Response:
    if request.method == "GET":
        return await confirming.confirm_page(request, "close")
    return await _transition(
        request, authoring.close_consultation, _("The consultation is closed. The results are public now.")
    )


# --- the decision ----------------------------------------------------------------------------------


async def correct_decision(request: Request) -> Response:
    """Correct a published decision: the earlier text is kept and shown, nobody is mailed again."""
    user = _official(request)
    view = await repository.get_consultation(path_id(request), viewer=user, now=now())
    if view.decision is None:
        raise NotFound(_("This consultation has no published decision yet."))
    context = {"view": view, "consultation": view.consultation, "status": view.status, "errors": {}}
    if request.method == "GET":
        values = {"summary": view.decision.summary, "body": view.decision.body}
        values |= {f"outcome-{q.id}": q.question.outcome for q in view.questions if q.question.outcome}
        return render(request, "consultations/correct.html", context | {"values": values})
    sent = forms.decision_from(await request.form())
    try:
        await decisions.correct_decision(path_id(request), **sent.valid(), by=user, now=now())
    except (Invalid, Conflict) as exc:
        errors = forms.decision_errors(exc.fields) if isinstance(exc, Invalid) else {"form": exc.message}
        status = 422 if isinstance(exc, Invalid) else 409
        return render(request, "consultations/correct.html", context | {"values": sent.typed, "errors": errors}, status)
    flash(request, _("The decision is corrected. The page says so and keeps the earlier text; nobody is mailed again."))
    return redirect_to(request, "consultations:detail", "decision", id=path_id(request))


def _decide_context(view: ConsultationView, **extra: Any) -> dict[str, Any]:
    base = {"view": view, "consultation": view.consultation, "status": view.status, "values": {}, "errors": {}}
    return base | {"shown": None} | extra


async def decision(request: Request) -> Response:
    user = _official(request)
    if request.method == "GET":
        view = await repository.get_consultation(path_id(request), viewer=user, now=now())
        return render(request, "consultations/decide.html", _decide_context(view))
    form = await request.form()
    sent = forms.decision_from(form)
    if forms.text(form, "publish") != "yes":
        # First a preview, with what publishing will do; publishing is a second, deliberate step.
        try:
            shown = await decisions.preview_decision(path_id(request), **sent.valid(), by=user, now=now())
        except (Invalid, Conflict) as exc:
            errors = forms.decision_errors(exc.fields) if isinstance(exc, Invalid) else {"form": exc.message}
            view = await repository.get_consultation(path_id(request), viewer=user, now=now())
            context = _decide_context(view, values=sent.typed, errors=errors)
            return render(request, "consultations/decide.html", context, 422 if isinstance(exc, Invalid) else 409)
        view = await repository.get_consultation(path_id(request), viewer=user, now=now())
        return render(request, "consultations/decide.html", _decide_context(view, values=sent.typed, shown=shown))
    try:
        await decisions.publish_decision(
            path_id(request),
            **sent.valid(),
            by=user,
            now=now(),
            link=link_to(request, "consultations:detail", id=path_id(request)),
        )
    except (Invalid, Conflict) as exc:
        errors = forms.decision_errors(exc.fields) if isinstance(exc, Invalid) else {"form": exc.message}
        view = await repository.get_consultation(path_id(request), viewer=user, now=now())
        context = _decide_context(view, values=sent.typed, errors=errors)
        return render(request, "consultations/decide.html", context, 422 if isinstance(exc, Invalid) else 409)
    flash(request, _("The decision is published. Everyone who answered is told, in the site and by e-mail."))
    return redirect_to(request, "consultations:detail", "decision", id=path_id(request))


# --- exports of the responses ----------------------------------------------------------------------


async def responses_export(request: Request) -> Response:
    user = _official(request)
    export = await exports.responses_export(
        path_id(request), by=user, key=request.app.state.settings.secret_key, now=now()
    )
    return download(export, request.path_params["format"])
