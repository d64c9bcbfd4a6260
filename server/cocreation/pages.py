"""Co-creation pages for citizens: groups (forming, inviting, joining, leaving, coordinators' work), the task
list and a task's page, claiming a task for a group and releasing the claim. Officials' pages are in
`official`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from participation.accounts.models import User
from participation.cocreation import moderation, rules
from participation.cocreation.services import claims, delivery, groups, joining, tasks
from participation.errors import Conflict, Invalid, NotFound
from participation.i18n import _
from server.cocreation import forms
from server.moderation.pages import refused_reports
from server.templating import flash, render
from server.web import download, link_to, now, page_user, path_id, redirect_to

OPEN_NOW = 5


def is_official(request: Request) -> bool:
    user = request.state.user
    return user is not None and rules.is_official(user.roles)


async def home_section(viewer: User | None, *, now: datetime) -> dict[str, Any]:
    """What the home page shows of co-creation: open tasks, nearest deadline first."""
    found = await tasks.list_tasks(viewer=None, state="open")
    return {"open_tasks": found[:OPEN_NOW], "more": len(found) > OPEN_NOW}


async def account_section(user: User, *, now: datetime) -> dict[str, Any]:
    """What the account page shows of co-creation: the person's groups."""
    return {"my_groups": await groups.my_groups(user)}


# --- groups ----------------------------------------------------------------------------------------


async def new_group(request: Request) -> Response:
    user = page_user(request)
    if request.method == "GET":
        return render(request, "cocreation/group_new.html", {"values": {}, "errors": {}})
    sent = forms.group_from(await request.form())
    try:
        group = await groups.form_group(sent.valid(), by=user, now=now())
    except Invalid as exc:
        return render(request, "cocreation/group_new.html", {"values": sent.typed, "errors": exc.fields}, 422)
    flash(request, _("Your group is formed. Invite others with a code."))
    return redirect_to(request, "groups:detail", id=group.id)


async def group_detail(request: Request, *, status_code: int = 200, **extra: Any) -> Response:
    view = await groups.group_view(path_id(request), viewer=request.state.user, now=now())
    sees = view.my_role is not None or moderation.shown_to(
        view.group.moderation, author_id=view.group.created_by_id, viewer=request.state.user
    )
    viewer = request.state.user
    context = {
        "view": view,
        "group": view.group,
        "sees_group": sees,
        "join_values": {},
        "join_errors": {},
        "requests": await joining.waiting(view.group.id, by=viewer) if view.my_role == "coordinator" else [],
        "my_request": await joining.mine(view.group.id, viewer) if view.my_role is None else None,
        "ask_values": {},
        "ask_errors": {},
        "report_sent": refused_reports(request),
        **extra,
    }
    return render(request, "cocreation/group.html", context, status_code)


async def ask_to_join(request: Request) -> Response:
    user = page_user(request)
    message = forms.text(await request.form(), "message")
    link = link_to(request, "groups:detail", id=path_id(request)) + "#requests"
    try:
        await joining.ask(path_id(request), message=message, by=user, now=now(), link=link)
    except Invalid as exc:
        return await group_detail(request, status_code=422, ask_values={"message": message}, ask_errors=exc.fields)
    except Conflict as exc:
        return await group_detail(
            request, status_code=409, ask_values={"message": message}, ask_errors={"message": exc.message}
        )
    flash(request, _("Your request is sent. The group's coordinators answer it; you get a message."))
    return redirect_to(request, "groups:detail", "join-request", id=path_id(request))


async def withdraw_request(request: Request) -> Response:
    user = page_user(request)
    try:
        await joining.withdraw(path_id(request), by=user, now=now())
    except NotFound as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "groups:detail", id=path_id(request))
    flash(request, _("Your request is withdrawn."))
    return redirect_to(request, "groups:detail", "join-request", id=path_id(request))


async def answer_request(request: Request) -> Response:
    """A coordinator accepts or declines a waiting join request."""
    user = page_user(request)
    answer = forms.text(await request.form(), "answer")
    await groups.require_coordinator(path_id(request), user)
    if answer not in ("accept", "decline"):
        flash(request, _("Choose accept or decline."), "error")
        return redirect_to(request, "groups:detail", "requests", id=path_id(request))
    link = link_to(request, "groups:detail", id=path_id(request))
    try:
        found = await joining.decide(
            path_id(request), request.path_params["request"], accept=answer == "accept", by=user, now=now(), link=link
        )
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "groups:detail", "requests", id=path_id(request))
    if found.status == "accepted":
        flash(request, _("Accepted: they are a member of the group now."))
    else:
        flash(request, _("Declined: they are told."))
    return redirect_to(request, "groups:detail", "requests", id=path_id(request))


async def join(request: Request) -> Response:
    """GET: the form to join with a code (an invite link fills it in); POST: join."""
    user = page_user(request)
    if request.method == "GET":
        values = {"code": request.query_params.get("code", "")}
        return render(request, "cocreation/join.html", {"values": values, "errors": {}})
    form = await request.form()
    code = forms.text(form, "code")
    try:
        group = await groups.join(code, by=user, now=now())
    except Invalid as exc:
        return render(request, "cocreation/join.html", {"values": {"code": code}, "errors": exc.fields}, 422)
    except Conflict as exc:
        return render(request, "cocreation/join.html", {"values": {"code": code}, "errors": {"code": exc.message}}, 409)
    flash(request, _("Welcome: you are a member of this group now."))
    return redirect_to(request, "groups:detail", id=group.id)


async def _act(request: Request, action: Any, success: str, **kwargs: Any) -> Response:
    """Run a coordinator's or member's action on the group, then back to its page with the outcome."""
    user = page_user(request)
    try:
        await action(path_id(request), by=user, **kwargs)
    except (Conflict, Invalid) as exc:
        flash(request, exc.message if isinstance(exc, Conflict) else "; ".join(exc.fields.values()), "error")
        return redirect_to(request, "groups:detail", id=path_id(request))
    flash(request, success)
    return redirect_to(request, "groups:detail", id=path_id(request))


async def create_invite(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    raw = forms.text(form, "days").strip()
    days = forms.whole(form, "days") if raw else None
    try:
        if raw and days is None:
            raise Invalid({"days": _("This must be a whole number.")})
        invite = await groups.create_invite(path_id(request), by=user, now=now(), days=days)
    except Invalid as exc:
        return await group_detail(request, status_code=422, invite_errors=exc.fields, invite_values={"days": raw})
    flash(request, _("A new invite code: %(code)s", code=invite.code))
    return redirect_to(request, "groups:detail", "invites", id=path_id(request))


async def revoke_invite(request: Request) -> Response:
    invite_id = request.path_params["invite"]
    return await _act(request, groups.revoke_invite, _("The code no longer works."), invite_id=invite_id, now=now())


async def leave(request: Request) -> Response:
    user = page_user(request)
    try:
        await groups.leave(path_id(request), by=user)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "groups:detail", id=path_id(request))
    flash(request, _("You have left the group."))
    return redirect_to(request, "account")


async def make_coordinator(request: Request) -> Response:
    member = request.path_params["member"]
    return await _act(request, groups.make_coordinator, _("They are a coordinator now."), user_id=member)


async def remove_member(request: Request) -> Response:
    member = request.path_params["member"]
    return await _act(request, groups.remove_member, _("They are no longer a member."), user_id=member)


# --- tasks -----------------------------------------------------------------------------------------


async def index(request: Request) -> Response:
    official = is_official(request)
    choices = [*rules.LIST_ORDER, *(("draft", "withdrawn") if official else ())]
    state = request.query_params.get("state", "")
    tag = request.query_params.get("tag", "").strip().lower()
    error = None
    if state and state not in choices:
        error = _("Choose one of the states in the list.")
        state = ""
    found = await tasks.list_tasks(viewer=request.state.user, state=state or None, tag=tag or None)
    sections = [(name, [v for v in found if v.state == name]) for name in choices]
    context = {
        "sections": [(name, items) for name, items in sections if items],
        "choices": choices,
        "state": state,
        "tag": tag,
        "tags": await tasks.all_tags(),
        "error": error,
        "official": official,
    }
    return render(request, "cocreation/tasks.html", context, 422 if error else 200)


async def task_detail(request: Request, *, status_code: int = 200, **extra: Any) -> Response:
    viewer = request.state.user
    view = await tasks.get_task(path_id(request), viewer=viewer)
    mine = await groups.my_groups(viewer) if viewer is not None else []
    held = {c.group_id: c for c in view.holding}
    context = {
        "view": view,
        "results": await delivery.accepted_results(view.task.id) if view.accepted else [],
        "task": view.task,
        "my_groups": mine,
        "held": held,
        "my_holding": [(g, held[g.id]) for g, _role in mine if g.id in held],
        "held_by_me": {g.id for g, _role in mine},
        "official": is_official(request),
        "claim_errors": {},
        "now": now(),
        **extra,
    }
    return render(request, "cocreation/task.html", context, status_code)


async def claim(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    group_id = forms.whole(form, "group_id")
    try:
        if group_id is None:
            raise Invalid({"group_id": _("Choose the group you claim this task for.")})
        await claims.claim_task(path_id(request), group_id=group_id, by=user, now=now())
    except Invalid as exc:
        return await task_detail(request, status_code=422, claim_errors=exc.fields)
    except Conflict as exc:
        return await task_detail(request, status_code=409, claim_problem=exc.message)
    except NotFound:
        # The group is gone (the task exists: detail would say otherwise).
        return await task_detail(request, status_code=422, claim_errors={"group_id": _("There is no such group.")})
    flash(request, _("Your group holds this task now. Good luck!"))
    return redirect_to(request, "tasks:detail", id=path_id(request))


async def release(request: Request) -> Response:
    user = page_user(request)
    try:
        claim = await claims.release_claim(path_id(request), by=user, now=now())
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "tasks:index")
    flash(request, _("Your group has released the task. Others can claim it now."))
    return redirect_to(request, "tasks:detail", id=claim.task_id)


async def open_data(request: Request) -> Response:
    """Accepted results as open data, JSON or CSV."""
    return download(await delivery.results_export(), request.path_params["format"])
