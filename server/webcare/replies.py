"""Pages for what surrounds a reply: the reply templates officials manage, filling one into the reply form
(without JavaScript: the server fills it in and keeps what was typed), and four-eyes approval."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.numbers import whole_number
from participation.webcare import approval, reply_templates, repository, rules, services
from server.templating import flash, render
from server.web import form_values, link_to, now, page_role, path_id, redirect_to
from server.webcare import pages


def _template_page(request: Request, template, values: dict, errors: dict, status: int = 200):
    return render(
        request,
        "webcare/template.html",
        {
            "template": template,
            "values": values,
            "errors": errors,
            "max_reply": rules.MAX_REPLY,
            "placeholders": reply_templates.PLACEHOLDERS,
        },
        status,
    )


async def templates(request: Request) -> Response:
    user = page_role(request, "official")
    values: dict = {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = await form_values(request)
        try:
            added = await reply_templates.add_template(
                str(values.get("name", "")), str(values.get("body", "")), by=user, now=now()
            )
        except Invalid as exc:
            errors, status = exc.fields, 422
        else:
            flash(request, _("Template %(name)s saved.", name=added.name))
            return redirect_to(request, "webcare:templates")
    return render(
        request,
        "webcare/templates.html",
        {
            "templates": await reply_templates.list_templates(),
            "values": values,
            "errors": errors,
            "max_reply": rules.MAX_REPLY,
            "placeholders": reply_templates.PLACEHOLDERS,
        },
        status,
    )


async def template(request: Request) -> Response:
    user = page_role(request, "official")
    found = await reply_templates.get_template(path_id(request))
    if request.method == "GET":
        return _template_page(request, found, {"name": found.name, "body": found.body}, {})
    values = await form_values(request)
    try:
        changed = await reply_templates.change_template(
            found.id, str(values.get("name", "")), str(values.get("body", "")), by=user, now=now()
        )
    except Invalid as exc:
        return _template_page(request, found, values, exc.fields, 422)
    flash(request, _("Template %(name)s saved.", name=changed.name))
    return redirect_to(request, "webcare:templates")


async def delete_template(request: Request) -> Response:
    user = page_role(request, "official")
    found = await reply_templates.get_template(path_id(request))
    await reply_templates.delete_template(found.id, by=user)
    flash(request, _("Template %(name)s deleted.", name=found.name))
    return redirect_to(request, "webcare:templates")


async def use_template(request: Request) -> Response:
    """The reply form with the chosen template filled in after what was typed already (nothing is lost)."""
    page_role(request, "official")
    values = await form_values(request)
    typed = str(values.get("body", "")).strip()
    chosen = whole_number(str(values.get("template", ""))) if values.get("template") else None
    if chosen is None:
        return await pages.conversation(request, {"template": _("Choose a template.")}, 422, values=values)
    try:
        found = await reply_templates.get_template(chosen)
    except NotFound as exc:
        return await pages.conversation(request, {"template": exc.message}, 422, values=values)
    thread = await repository.conversation(path_id(request))
    newest = thread.posts[-1] if thread.posts else None
    name = (newest.author_name or newest.author) if newest else ""
    consultation_id = thread.conversation.consultation_id
    url = link_to(request, "consultations:detail", id=consultation_id) if consultation_id else None
    filled = reply_templates.fill(found.body, name=name, consultation_url=url)
    notice = ""
    if "consultation_url" in filled.empty:
        notice = _("This conversation matches no consultation, so the template's consultation link is left out.")
    body = f"{typed}\n\n{filled.text}" if typed else filled.text
    return await pages.conversation(request, values={"body": body, "template": str(found.id)}, notice=notice)


async def _reply_conversation(reply_id: int) -> int:
    found = await repository.reply(reply_id)
    return found.conversation_id


async def approve(request: Request) -> Response:
    user = page_role(request, "official")
    conversation_id = await _reply_conversation(path_id(request))
    try:
        approved = await approval.approve(path_id(request), by=user, now=now())
    except (NotAllowed, Conflict) as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "webcare:conversation", "replies", id=conversation_id)
    sent = await services.deliver(approved.id, http=request.app.state.http, now=now())
    if sent.status == "sent":
        flash(request, _("Reply approved and sent."))
    else:
        flash(request, _("The reply is queued and will be tried again: %(error)s", error=sent.error), "error")
    return redirect_to(request, "webcare:conversation", "replies", id=conversation_id)


async def send_back(request: Request) -> Response:
    user = page_role(request, "official")
    reply_id = path_id(request)
    conversation_id = await _reply_conversation(reply_id)
    values = await form_values(request)
    # The page's field is named after the reply (several can wait on one page); "note" is taken too.
    key = f"review-{reply_id}"
    note = str(values.get(key, values.get("note", "")))
    try:
        await approval.send_back(reply_id, note, by=user, now=now())
    except Invalid as exc:
        # The conversation page again, the note kept, its error beside it.
        request.path_params["id"] = conversation_id
        return await pages.conversation(request, {key: exc.fields.get("note", "")}, 422, values={key: note})
    except (NotAllowed, Conflict) as exc:
        flash(request, exc.message, "error")
    else:
        flash(request, _("Reply sent back to its writer."))
    return redirect_to(request, "webcare:conversation", "replies", id=conversation_id)
