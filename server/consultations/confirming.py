"""Confirmation pages for the officials' actions that cannot be undone: opening, closing, removing a question.

Each action's address answers GET with a page that says what will happen and a button that sends the POST; the
links in the officials' panel and on the edit page lead there, so no action happens in one click, with or
without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from participation.consultations import repository
from participation.errors import NotFound
from participation.i18n import _
from server.templating import render
from server.web import now, page_role, path_id, safe_next


@dataclass
class Confirmation:
    title: str
    consequences: list[str]
    button: str
    danger: bool = False


def _opening() -> Confirmation:
    return Confirmation(
        _("Open this consultation now?"),
        [
            _("Everyone can read it, and residents with an account can answer."),
            _("The questions can no longer change: not their text, their options or their order."),
            _("It closes by itself at its closing time, if one is set; otherwise you close it by hand."),
        ],
        _("Yes, open it now"),
    )


def _closing() -> Confirmation:
    return Confirmation(
        _("Close this consultation now?"),
        [
            _("No more answers or votes are taken, and it cannot be opened again."),
            _("The results become public."),
            _("Then you publish the decision; everyone who answered is told."),
        ],
        _("Yes, close it now"),
        danger=True,
    )


async def confirm_page(request: Request, action: str, *, question_id: int | None = None) -> Response:
    user = page_role(request, "official")
    view = await repository.get_consultation(path_id(request), viewer=user, now=now())
    edit_page = str(request.app.url_path_for("consultations:edit", id=view.consultation.id))
    back = safe_next(request.query_params.get("next"), edit_page)
    question = None
    if action == "open":
        confirmation = _opening()
        target = request.app.url_path_for("consultations:open", id=view.consultation.id)
    elif action == "close":
        confirmation = _closing()
        target = request.app.url_path_for("consultations:close", id=view.consultation.id)
    else:
        question = next((q for q in view.questions if q.id == question_id), None)
        if question is None:
            raise NotFound(_("This question does not exist."))
        confirmation = Confirmation(
            _("Remove this question?"),
            [_("The question and its options or statements are deleted. This cannot be undone.")],
            _("Yes, remove the question"),
            danger=True,
        )
        target = request.app.url_path_for(
            "consultations:remove_question", id=view.consultation.id, question=question.id
        )
    context = {
        "view": view,
        "consultation": view.consultation,
        "status": view.status,
        "confirmation": confirmation,
        "question": question,
        "target": str(target),
        "back": back,
        "allowed": (action if action != "remove" else "edit_questions") in view.actions,
    }
    return render(request, "consultations/confirm.html", context)
