"""Pages of webcare: the sources (admins), the inbox and a conversation (officials)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from participation.accounts.models import User
from participation.errors import Conflict, Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.numbers import whole_number
from participation.webcare import listening, reply_templates, repository, rules, services
from server.templating import flash, render
from server.web import form_values, now, page_role, page_user, path_id, redirect_to


async def sources(request: Request) -> Response:
    admin = page_role(request, "admin")
    values: dict = {"kind": "mastodon"}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = await form_values(request)
        data = rules.SourceInput(
            kind=str(values.get("kind", "")),
            name=str(values.get("name", "")),
            base_url=str(values.get("base_url", "")),
            access_token=str(values.get("access_token", "")),
            hashtags=tuple(rules.split_terms(str(values.get("hashtags", "")))),
            keywords=tuple(rules.split_terms(str(values.get("keywords", "")))),
            account=str(values.get("account", "")),
        )
        # The token is never shown again, not even in a form sent back with errors.
        values.pop("access_token", None)
        try:
            source = await services.add_source(data, by=admin, now=now())
        except Invalid as exc:
            errors, status = exc.fields, 422
        else:
            flash(request, _("Source %(name)s added. It is polled within a few minutes.", name=source.name))
            return redirect_to(request, "webcare:sources")
    listed = await repository.list_sources()
    return render(request, "webcare/sources.html", {"sources": listed, "values": values, "errors": errors}, status)


async def poll(request: Request) -> Response:
    user = page_user(request)
    if not (user.has_role("admin") or user.has_role("official")):
        page_role(request, "official")
    try:
        polled = await services.poll_source(path_id(request), http=request.app.state.http, now=now(), by=user)
    except Conflict as exc:
        flash(request, exc.message, "error")
    else:
        if polled.error:
            flash(request, _("Polling failed: %(error)s", error=polled.error), "error")
        else:
            flash(request, _("%(fetched)s posts fetched, %(new)s new.", fetched=polled.fetched, new=polled.new))
    target = "webcare:sources" if user.has_role("admin") else "webcare:inbox"
    return redirect_to(request, target)


def _number(value: str | None) -> int | None:
    return whole_number(value) if value else None


async def inbox(request: Request) -> Response:
    user = page_role(request, "official")
    params = request.query_params
    status = params.get("status") if params.get("status") in rules.STATUS_LABELS else None
    sentiment = params.get("sentiment") if params.get("sentiment") in rules.SENTIMENT_LABELS else None
    mine = params.get("mine") == "1"
    filters = repository.Filters(
        status=status,
        source=_number(params.get("source")),
        consultation=_number(params.get("consultation")),
        sentiment=sentiment,
        assignee=user.id if mine else None,
    )
    try:
        page = await repository.list_conversations(filters, cursor=params.get("cursor"), limit=50)
    except Invalid:
        page = await repository.list_conversations(filters, limit=50)
    return render(
        request,
        "webcare/inbox.html",
        {
            "page": page,
            "filters": filters,
            "mine": mine,
            "sources": await repository.list_sources(),
            "consultations": await listening.consultation_names(),
            "statuses": rules.STATUS_LABELS,
            "sentiments": rules.SENTIMENT_LABELS,
            "categories": rules.CATEGORY_LABELS,
        },
    )


async def _officials() -> list[User]:
    return [u for u in await User.all().order_by("display_name") if u.has_role("official")]


async def conversation(
    request: Request,
    errors: dict | None = None,
    status: int = 200,
    *,
    values: dict | None = None,
    notice: str = "",
) -> Response:
    """The conversation; `values` keeps what the official typed in the reply form (a refused reply, a template
    filled in), `notice` says something about it."""
    user = page_role(request, "official")
    thread = await repository.conversation(path_id(request))
    return render(
        request,
        "webcare/conversation.html",
        {
            "thread": thread,
            "consultations": await listening.consultation_names() if thread.conversation.consultation_id else {},
            "officials": await _officials(),
            "statuses": rules.STATUS_LABELS,
            "sentiments": rules.SENTIMENT_LABELS,
            "categories": rules.CATEGORY_LABELS,
            "decisive_words": rules.decisive_words,
            "reply_labels": rules.REPLY_LABELS,
            "moves": rules.MOVES,
            "max_reply": rules.reply_limit(thread.posts[-1].author) if thread.posts else rules.MAX_REPLY,
            "errors": errors or {},
            "values": values or {},
            "notice": notice,
            "templates": await reply_templates.list_templates(),
            "approval": request.app.state.settings.reply_approval,
            "me": user,
        },
        status,
    )


async def assign(request: Request) -> Response:
    user = page_role(request, "official")
    values = await form_values(request)
    chosen = str(values.get("assignee", ""))
    target = user if chosen == "me" else None
    if chosen not in ("me", ""):
        target = await User.get_or_none(id=whole_number(chosen) or 0)
        if target is None:
            flash(request, _("There is no such official."), "error")
            return redirect_to(request, "webcare:conversation", id=path_id(request))
    try:
        await services.assign(path_id(request), to=target, by=user, now=now())
    except (Invalid, NotAllowed) as exc:
        flash(request, "; ".join(getattr(exc, "fields", {}).values()) or exc.message, "error")
    else:
        flash(request, _("Assignment saved."))
    return redirect_to(request, "webcare:conversation", id=path_id(request))


async def set_status(request: Request) -> Response:
    user = page_role(request, "official")
    values = await form_values(request)
    try:
        await services.set_status(path_id(request), str(values.get("status", "")), by=user, now=now())
    except Invalid as exc:
        flash(request, "; ".join(exc.fields.values()), "error")
    except Conflict as exc:
        flash(request, exc.message, "error")
    else:
        flash(request, _("Status saved."))
    return redirect_to(request, "webcare:conversation", id=path_id(request))


async def add_note(request: Request) -> Response:
    user = page_role(request, "official")
    values = await form_values(request)
    # The field is "note" (the reply form's is "body": one page, distinct ids); "body" is still taken.
    text = str(values.get("note", values.get("body", "")))
    try:
        await services.add_note(path_id(request), text, by=user, now=now())
    except Invalid as exc:
        return await conversation(request, {"note": exc.fields.get("body", "")}, 422, values={"note": text})
    flash(request, _("Note saved."))
    return redirect_to(request, "webcare:conversation", "notes", id=path_id(request))


async def reply(request: Request) -> Response:
    user = page_role(request, "official")
    values = await form_values(request)
    approval = request.app.state.settings.reply_approval
    try:
        queued = await services.queue_reply(
            path_id(request), str(values.get("body", "")), by=user, now=now(), approval=approval
        )
    except Invalid as exc:
        return await conversation(request, {"reply": exc.fields.get("body", "")}, 422, values=values)
    except (Conflict, NotFound) as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "webcare:conversation", id=path_id(request))
    if queued.status == "awaiting_approval":
        flash(request, _("Reply saved. It is sent once another official approves it."))
        return redirect_to(request, "webcare:conversation", "replies", id=path_id(request))
    sent = await services.deliver(queued.id, http=request.app.state.http, now=now())
    if sent.status == "sent":
        flash(request, _("Reply sent."))
    else:
        flash(request, _("The reply is queued and will be tried again: %(error)s", error=sent.error), "error")
    return redirect_to(request, "webcare:conversation", "replies", id=path_id(request))
