"""The workspace pages of a claim: the document (editing, merged saves, the conflict view), its revisions and
the accessible diff between two of them, the discussion and the checklist."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from participation.cocreation import moderation
from participation.cocreation.services import delivery, drafts, workspace
from participation.errors import Conflict, Invalid
from participation.i18n import _
from server.cocreation import forms
from server.moderation.pages import file_report, keep_refused, refused_reports
from server.templating import flash, render
from server.web import now, page_role, page_user, path_id, redirect, redirect_to


async def _context(request: Request, **extra: Any) -> dict[str, Any]:
    user = page_user(request)
    found = await workspace.access(path_id(request), viewer=user)
    claim_id = found.claim.id
    document = await workspace.document(claim_id, viewer=user)
    context: dict[str, Any] = {
        "claim": found.claim,
        "task": found.claim.task,
        "group": found.claim.group,
        "member": found.member,
        "writable": found.member and found.claim.status == "active",
        "document": document,
        "editor": {"body": document.body, "base_version": document.version},
        "revisions": await workspace.revisions(
            claim_id, viewer=user, before=forms.whole(request.query_params, "before")
        ),
        "comments": await workspace.comments(claim_id, viewer=user),
        "checklist": await workspace.checklist(claim_id, viewer=user),
        "errors": {},
        "comment_values": {},
        "comment_errors": {},
        "item_values": {},
        "item_errors": {},
        "conflict": None,
        "unsaved": False,
        "official": found.official,
        "submitted": None,
        "review_values": {},
        "review_errors": {},
        "report_sent": refused_reports(request),
        # Whether the viewer reads a text moderation hid (its author, officials, moderators) or its placeholder.
        "shown": lambda state, author_id: moderation.shown_to(state, author_id=author_id, viewer=user),
    }
    draft = await drafts.kept(claim_id, by=user) if found.member else None
    if draft is not None and context["writable"]:
        context["editor"], context["unsaved"] = {"body": draft.body, "base_version": draft.base_version}, True
    # Kept text the workspace no longer takes (the work was handed in meanwhile): shown to copy.
    context["stale_draft"] = draft if draft is not None and not context["writable"] else None
    if found.claim.submitted_version:
        context["submitted"] = await workspace.revision(claim_id, found.claim.submitted_version)
    context.update(extra)
    return context


async def _keep(request: Request, form: Any) -> bool:
    """Keep the editor's text a message, checklist, report or hand-in button sent along (those buttons belong to
    the editor's form) when it differs from the revision the person started from, and say whether it does. Kept
    server-side with that same base revision, so the page after the redirect shows it and a later save merges
    against what they saw. Never saved here: only the Save button saves."""
    base = forms.whole(form, "base_version")
    if base is None or "body" not in form:
        return False
    body = forms.text(form, "body")
    return await drafts.keep(path_id(request), body=body, base_version=base, by=page_user(request), now=now())


# A refusal for the next page: [claim id, field, error]. The refused text itself is kept server-side
# (drafts.keep_refused): it can be longer than the session cookie holds.
REFUSED = "cocreation_refused"
# Each refused field: where its value and error go on the page, and where the page lands.
_FIELDS = {
    "message": ("comment_values", "comment_errors", "discussion"),
    "text": ("item_values", "item_errors", "checklist"),
    "body": ("editor", "errors", "document"),
}


async def _refused(request: Request, form: Any, field: str, text: str, error: str) -> Response:
    """A refused message or sub-task (Post/Redirect/Get): its text and the error kept for the next page, the
    editor's unsaved text kept as with every button; 303 to the workspace, which shows both at the field."""
    await drafts.keep_refused(path_id(request), field=field, body=text, by=page_user(request), now=now())
    request.session[REFUSED] = [path_id(request), field, error]
    return await _done(request, form, _FIELDS[field][2])


async def _refusal(request: Request) -> dict[str, Any]:
    """What a refusal left for this page (shown once, as a flash is): the field's text and error."""
    notice = request.session.get(REFUSED) if "session" in request.scope else None
    if not (isinstance(notice, list) and len(notice) == 3 and notice[0] == path_id(request)):
        return {}
    del request.session[REFUSED]
    _claim, field, error = notice
    if field not in _FIELDS:
        return {}
    values, errors, _anchor = _FIELDS[field]
    if field == "body":  # the editor's text is the person's draft, shown with it anyway
        return {errors: {field: error}}
    return {
        values: {field: await drafts.take_refused(path_id(request), field=field, by=page_user(request))},
        errors: {field: error},
    }


async def _done(request: Request, form: Any, anchor: str) -> Response:
    """After a message, checklist or report action: back to the page (303), which shows the editor's unsaved text
    again if there is any, so reloading it never sends the action twice."""
    await _keep(request, form)  # the page says so beside the editor
    return redirect_to(request, "claims:workspace", anchor, id=path_id(request))


async def page(request: Request) -> Response:
    return render(request, "cocreation/workspace.html", await _context(request, **await _refusal(request)))


async def save(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    body = forms.text(form, "body")
    base = forms.whole(form, "base_version")
    try:
        if base is None:
            raise Invalid({"body": _("The form is incomplete: load the page again.")})
        saved = await workspace.save_document(path_id(request), body=body, base_version=base, by=user, now=now())
        await drafts.forget(path_id(request), by=user)
    except Invalid as exc:
        # Text the editor refuses (too long) is kept as the person's draft; the page after the redirect shows it
        # with the error. A form without a usable base revision (tampered, or stale) is shown again at once.
        if (
            base is not None
            and "body" in exc.fields
            and await drafts.keep(path_id(request), body=body, base_version=base, by=user, now=now())
        ):
            request.session[REFUSED] = [path_id(request), "body", exc.fields["body"]]
            return redirect_to(request, "claims:workspace", "document", id=path_id(request))
        context = await _context(request, errors=exc.fields)
        context["editor"] = {"body": body, "base_version": base if base is not None else context["document"].version}
        return render(request, "cocreation/workspace.html", context, 422)
    except Conflict as exc:
        if exc.current is None:
            flash(request, exc.message, "error")
            return redirect_to(request, "claims:workspace", id=path_id(request))
        # Both versions side by side; the person's own text stays in the editor, now based on the current one,
        # and is kept for them (leaving the page does not lose it).
        await drafts.keep(path_id(request), body=body, base_version=exc.current["version"], by=user, now=now())
        context = await _context(request, conflict={"message": exc.message, "current": exc.current, "mine": body})
        context["editor"] = {"body": body, "base_version": exc.current["version"]}
        return render(request, "cocreation/workspace.html", context, 409)
    if saved.merged:
        flash(
            request,
            _(
                "Saved. Someone else changed another part meanwhile: both changes are in version %(v)s.",
                v=saved.version,
            ),
        )
    else:
        flash(request, _("Saved as version %(v)s.", v=saved.version))
    return redirect_to(request, "claims:workspace", "document", id=path_id(request))


async def diff(request: Request) -> Response:
    user = page_user(request)
    found = await workspace.access(path_id(request), viewer=user)
    latest = found.claim.document_version
    old = forms.whole(request.query_params, "from")
    new = forms.whole(request.query_params, "to")
    old = max(latest - 1, 0) if old is None else old
    new = latest if new is None else new
    try:
        parts = await workspace.diff(found.claim.id, viewer=user, old=old, new=new)
    except Invalid as exc:
        context = {"claim": found.claim, "task": found.claim.task, "parts": [], "old": old, "new": new}
        return render(request, "cocreation/diff.html", {**context, "errors": exc.fields, "latest": latest}, 422)
    context = {"claim": found.claim, "task": found.claim.task, "parts": parts, "old": old, "new": new}
    return render(request, "cocreation/diff.html", {**context, "errors": {}, "latest": latest})


async def comment(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    # The workspace's message field is "message" (its "body" is the editor's); a lone form may send "body".
    body = forms.text(form, "message") if "message" in form else forms.text(form, "body")
    try:
        await workspace.add_comment(path_id(request), body=body, by=user, now=now())
    except Invalid as exc:
        return await _refused(
            request, form, "message", body, exc.fields.get("body", next(iter(exc.fields.values()), ""))
        )
    return await _done(request, form, "discussion")


async def add_item(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    text = forms.text(form, "text")
    try:
        await workspace.add_item(path_id(request), text=text, by=user, now=now())
    except Invalid as exc:
        return await _refused(request, form, "text", text, exc.fields.get("text", next(iter(exc.fields.values()), "")))
    except Conflict as exc:
        flash(request, exc.message, "error")
    return await _done(request, form, "checklist")


async def take_item(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    try:
        await workspace.take_item(path_id(request), request.path_params["item"], by=user)
    except Conflict as exc:
        flash(request, exc.message, "error")
    return await _done(request, form, "checklist")


async def tick_item(request: Request) -> Response:
    user = page_user(request)
    form = await request.form()
    done = forms.text(form, "done") == "1"
    try:
        await workspace.tick_item(path_id(request), request.path_params["item"], done=done, by=user, now=now())
    except Conflict as exc:
        flash(request, exc.message, "error")
    return await _done(request, form, "checklist")


async def submit(request: Request) -> Response:
    """Hand in the latest saved version. The button belongs to the editor's form: when the editor holds text that
    is not saved, nothing is handed in (handing in is final, and the button names a version that text is not
    in; saving it on the way could hand in a merge nobody read). The text is kept and the person is told to save
    first."""
    user = page_user(request)
    form = await request.form()
    if await _keep(request, form):
        flash(
            request,
            _(
                "Not handed in: the editor holds changes that are not saved. They are kept in the editor. "
                "Save them first and then hand in the new version, or throw them away."
            ),
            "error",
        )
        return redirect_to(request, "claims:workspace", "document", id=path_id(request))
    link = str(request.app.url_path_for("claims:workspace", id=path_id(request)))
    try:
        await delivery.submit(path_id(request), by=user, now=now(), link=link)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "claims:workspace", id=path_id(request))
    flash(request, _("Handed in. An official reviews it; everyone in the group hears the outcome."))
    return redirect_to(request, "claims:workspace", id=path_id(request))


async def discard(request: Request) -> Response:
    """Throw away the person's kept editor text: the editor shows the latest version again."""
    user = page_user(request)
    await workspace.access(path_id(request), viewer=user)
    await drafts.forget(path_id(request), by=user)
    flash(request, _("Your changes that were not saved are thrown away."))
    return redirect_to(request, "claims:workspace", "document", id=path_id(request))


async def go(request: Request) -> Response:
    """The workspace's links (the task, other revisions, what changed, Compare) where the editor is: buttons of
    its form, as a plain link would leave the page and lose typed text. The editor's text is kept, then 303 to
    where the link leads (`next` in the button's query: only these places, never an open redirect)."""
    found = await workspace.access(path_id(request), viewer=page_user(request))
    form = await request.form()
    await _keep(request, form)
    query = request.query_params
    where = query.get("next", "")
    if where == "task":
        return redirect_to(request, "tasks:detail", id=found.claim.task_id)
    if where == "diff":
        # A revision's "what changed" names its versions in the query; Compare sends the chosen ones in the form.
        chosen = query if "from" in query or "to" in query else form
        numbers = {name: forms.whole(chosen, name) for name in ("from", "to")}
        versions = urlencode({name: number for name, number in numbers.items() if number is not None})
        path = request.app.url_path_for("claims:diff", id=found.claim.id)
        return redirect(f"{path}?{versions}" if versions else str(path))
    before = forms.whole(query, "before")
    path = request.app.url_path_for("claims:workspace", id=found.claim.id)
    return redirect(f"{path}?before={before}#revisions" if before is not None else f"{path}#revisions")


# Where on the workspace each kind of reported text is.
_REPORTED = {"document": "document", "comment": "comment-", "checklist_item": "item-"}


async def report(request: Request) -> Response:
    """A report from the workspace: its report buttons belong to the editor's form (the editor's text is kept as
    with the other buttons). The button's value is the ref; the reason and note are named after it. A refused
    report is shown again after the redirect, open, with what was typed (moderation's `keep_refused`)."""
    await workspace.access(path_id(request), viewer=page_user(request))
    form = await request.form()
    ref = forms.text(form, "report")
    reason, note = forms.text(form, f"reason-{ref}"), forms.text(form, f"note-{ref}")
    errors = await file_report(request, ref=ref, reason=reason, note=note)
    keep_refused(request, ref=ref, reason=reason, note=note, errors=errors)
    kind, _sep, number = ref.partition(":")
    anchor = _REPORTED.get(kind, "")
    return await _done(request, form, anchor + number if anchor.endswith("-") else anchor)


async def review(request: Request) -> Response:
    user = page_role(request, "official")
    form = await request.form()
    verdict, feedback = forms.text(form, "verdict"), forms.text(form, "feedback")
    link = str(request.app.url_path_for("claims:workspace", id=path_id(request)))
    try:
        claim = await delivery.review(
            path_id(request), verdict=verdict, feedback=feedback, by=user, now=now(), link=link
        )
    except Invalid as exc:
        values = {"verdict": verdict, "feedback": feedback}
        context = await _context(request, review_values=values, review_errors=exc.fields)
        return render(request, "cocreation/workspace.html", context, 422)
    except Conflict as exc:
        flash(request, exc.message, "error")
        return redirect_to(request, "claims:workspace", id=path_id(request))
    if claim.status == "accepted":
        flash(request, _("Accepted: the result is published on the task page."))
    else:
        flash(request, _("The group is asked for changes."))
    return redirect_to(request, "claims:workspace", id=path_id(request))
