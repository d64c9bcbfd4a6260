"""Co-creation pages for officials: writing a task, publishing it, withdrawing it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from participation.cocreation.services import tasks
from participation.errors import Conflict, Invalid
from participation.i18n import _
from server.cocreation import forms
from server.templating import flash, render
from server.web import now, page_role, path_id, redirect_to


async def new_task(request: Request) -> Response:
    user = page_role(request, "official")
    if request.method == "GET":
        values = {"min_group_size": "1", "max_group_size": "10", "max_claims": "1"}
        return render(request, "cocreation/task_new.html", {"values": values, "errors": {}})
    sent = forms.task_from(await request.form(), now=now())
    try:
        view = await tasks.create_task(sent.valid(), by=user, now=now())
    except Invalid as exc:
        return render(request, "cocreation/task_new.html", {"values": sent.typed, "errors": exc.fields}, 422)
    flash(request, _("The draft task is saved. Publish it when it is ready."))
    return redirect_to(request, "tasks:detail", id=view.task.id)


async def _move(request: Request, action, success: str, **kwargs) -> Response:
    user = page_role(request, "official")
    try:
        await action(path_id(request), by=user, **kwargs)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "tasks:detail", id=path_id(request))
    flash(request, success)
    return redirect_to(request, "tasks:detail", id=path_id(request))


async def publish(request: Request) -> Response:
    return await _move(request, tasks.publish_task, _("The task is open for claims."), now=now())


async def withdraw(request: Request) -> Response:
    return await _move(request, tasks.withdraw_task, _("The task is withdrawn."))
