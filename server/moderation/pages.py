"""Moderation pages: the report form's target (next to each item on the areas' pages), the moderators' queue
and their decisions, and the page where an author reads a decision about their content."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from participation.accounts.models import User
from participation.errors import Conflict, Invalid, NotFound
from participation.i18n import LANGUAGES, TIME_ZONE, _
from participation.moderation import alerts, rules, screening, services, statements
from participation.moderation.models import ModerationDecision
from participation.paging import Page
from server.templating import flash, render
from server.web import (
    download,
    form_values,
    link_to,
    now,
    page_role,
    page_user,
    path_id,
    redirect,
    redirect_to,
    safe_next,
)

QUEUE_PAGE = 20


def decision_link(request: Request) -> Callable[[ModerationDecision], str]:
    """The full link to the page where the author reads a decision (for the notification and its mail)."""
    return lambda decision: link_to(request, "moderation:decision", id=decision.id)


async def file_report(request: Request, *, ref: str, reason: str, note: str) -> dict[str, str]:
    """Report `ref` for the signed-in person and say how it went (a flash message): for this page's form and for
    the report buttons that belong to another form (the co-creation workspace's editor). Returns the field errors
    of a refused report (empty otherwise), for a page that shows the report form again with them."""
    try:
        outcome = await services.report(
            ref,
            reason=reason,
            note=note,
            by=page_user(request),
            now=now(),
            threshold=request.app.state.settings.report_threshold,
        )
    except Invalid as exc:
        flash(request, exc.fields.get("reason") or exc.fields.get("note") or exc.message, "error")
        return exc.fields
    except NotFound as exc:
        flash(request, exc.message, "error")
        return {}
    if outcome.created:
        flash(request, _("Thank you for your report. A moderator will look at it."))
    else:
        flash(request, _("You reported this before; your report still counts once."))
    return {}


# A refused report for the page after the redirect (Post/Redirect/Get), shown once as a flash is:
# {"ref", "reason", "note", "errors"}. The form is shown there again, open, as it was sent, the errors at their fields.
REFUSED = "moderation_refused_report"
# The session is a cookie (4 kB at most, its JSON escaped to ASCII): the note goes along as far as this many
# characters of JSON hold it. The form takes 1000 characters, which fit unless they are mostly other scripts.
NOTE_KEPT = 1800


def keep_refused(request: Request, *, ref: str, reason: str, note: str, errors: dict[str, str]) -> None:
    """Keep a report refused for its reason or note (`file_report`'s errors) for the next page."""
    if not errors.keys() & {"reason", "note"}:
        return
    while (size := len(json.dumps(note))) > NOTE_KEPT:
        note = note[: len(note) * NOTE_KEPT // size]
    request.session[REFUSED] = {"ref": ref, "reason": reason, "note": note, "errors": errors}


def refused_reports(request: Request) -> dict[str, dict[str, object]]:
    """The report refused just before, by ref, for a page's `report_form(..., sent=...)` (taken: shown once)."""
    found = request.session.pop(REFUSED, None) if "session" in request.scope else None
    if not (isinstance(found, dict) and isinstance(found.get("ref"), str) and isinstance(found.get("errors"), dict)):
        return {}
    # The page shows the errors at the fields: its message at the top says where to look instead.
    errors = set(found["errors"].values())
    if flashed := request.session.get("flash"):
        request.session["flash"] = [
            [category, _("Your report is not sent. See below what to change.") if message in errors else message]
            for category, message in flashed
        ]
    return {found["ref"]: found}


async def report(request: Request) -> Response:
    """The report form next to content on other areas' pages: back to the page it was sent from (`next`), where a
    refused report is shown again with what was typed (`refused_reports`)."""
    page_user(request)
    values = await form_values(request)
    back = safe_next(str(values.get("next", "")), "/")
    ref, reason, note = (str(values.get(name, "")) for name in ("ref", "reason", "note"))
    keep_refused(
        request, ref=ref, reason=reason, note=note, errors=await file_report(request, ref=ref, reason=reason, note=note)
    )
    return redirect(back)


def queue_context(page: Page, *, cursor: str, **extra: object) -> dict[str, object]:
    return {
        "page": page,
        "cursor": cursor,
        "reasons": rules.REASONS,
        "actions": rules.ACTIONS,
        "grounds": rules.GROUNDS,
        "account_actions": rules.ACCOUNT_ACTIONS,
        "reason_label": rules.reason_label,
        "choice_label": rules.choice_label,
        "action_label": rules.action_label,
        "ground_label": rules.ground_label,
        "state_label": rules.state_label,
        "rule_label": rules.rule_label,
        "kind_label": services.kind_label,
        "errors": {},
        "typed": {},
        "account_errors": {},
        "account_typed": {},
        **extra,
    }


async def queue(request: Request) -> Response:
    user = page_role(request, "moderator")
    cursor = request.query_params.get("cursor", "")
    before = request.query_params.get("before", "")
    try:
        page = await services.queue(viewer=user, cursor=cursor, before=before, limit=QUEUE_PAGE)
    except Invalid:
        cursor = ""
        page = await services.queue(viewer=user, limit=QUEUE_PAGE)
    cursor = cursor or before
    waiting = await services.waiting_count()
    return render(request, "moderation/queue.html", queue_context(page, cursor=cursor, waiting=waiting))


async def decide(request: Request) -> Response:
    user = page_role(request, "moderator")
    values = await form_values(request)
    ref = str(values.get("ref", ""))
    try:
        await services.decide(
            ref,
            action=str(values.get("action", "")),
            ground=str(values.get("ground", "")),
            facts=str(values.get("facts", "")),
            by=user,
            now=now(),
            link=decision_link(request),
        )
    except Invalid as exc:
        page = await services.queue(viewer=user, limit=QUEUE_PAGE)
        context = queue_context(
            page, cursor="", waiting=await services.waiting_count(), errors={ref: exc.fields}, typed={ref: values}
        )
        return render(request, "moderation/queue.html", context, 422)
    flash(request, _("Your decision about %(ref)s is saved and the author is told.", ref=ref))
    return redirect_to(request, "moderation:queue")


async def _decision_page(request: Request, user: User, status_code: int = 200, **extra: object) -> Response:
    found = await services.decision_for(path_id(request), viewer=user)
    context = {
        "decision": found,
        "appeal": await services.appeal_of(found),
        "mine": found.author_id == user.id,
        "action_label": rules.action_label,
        "ground_label": rules.ground_label,
        "redress": rules.redress(),
        "error": None,
        "typed": "",
        **extra,
    }
    return render(request, "moderation/decision.html", context, status_code)


async def decision(request: Request) -> Response:
    return await _decision_page(request, page_user(request))


async def appeal(request: Request) -> Response:
    user = page_user(request)
    values = await form_values(request)
    typed = str(values.get("text", ""))
    try:
        await services.appeal(path_id(request), text=typed, by=user, now=now())
    except Invalid as exc:
        return await _decision_page(request, user, 422, error=exc.fields.get("text", exc.message), typed=typed)
    except Conflict as exc:
        return await _decision_page(request, user, 409, error=exc.message, typed=typed)
    flash(request, _("Your appeal is sent. Another moderator will look at it, and you will be told the outcome."))
    return redirect_to(request, "moderation:decision", id=path_id(request))


async def word_lists(request: Request) -> Response:
    """Admins edit the word lists per language: one word or phrase a line, `*` for inflections and compounds."""
    user = page_role(request, "admin")
    if request.method == "POST":
        values = await form_values(request)
        await screening.save_word_lists(
            {language: str(values.get(f"words_{language}", "")) for language in LANGUAGES}, by=user, now=now()
        )
        flash(request, _("The word lists are saved; they apply to everything written from now on."))
        return redirect_to(request, "moderation:word_lists")
    context = {"lists": await screening.word_lists(), "languages": LANGUAGES}
    return render(request, "moderation/word_lists.html", context)


def _end_date(value: str) -> datetime | None:
    """A date (YYYY-MM-DD) as the end of that day in the Netherlands, the time zone every page writes times in
    (so "until 7 december" reads as "7 december 2026, 23:59"); None for anything else."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return datetime.combine(day, time(23, 59), tzinfo=ZoneInfo(TIME_ZONE)).astimezone(UTC)


async def restrict(request: Request) -> Response:
    user = page_role(request, "moderator")
    values = await form_values(request)
    ref = str(values.get("ref", ""))
    try:
        await services.restrict(
            ref,
            action=str(values.get("action", "")),
            ground=str(values.get("ground", "")),
            facts=str(values.get("facts", "")),
            until=_end_date(str(values.get("until", ""))),
            by=user,
            now=now(),
            link=decision_link(request),
        )
    except Invalid as exc:
        page = await services.queue(viewer=user, limit=QUEUE_PAGE)
        context = queue_context(
            page,
            cursor="",
            waiting=await services.waiting_count(),
            account_errors={ref: exc.fields},
            account_typed={ref: values},
        )
        return render(request, "moderation/queue.html", context, 422)
    flash(request, _("Your decision about the author of %(ref)s is saved and the author is told.", ref=ref))
    return redirect_to(request, "moderation:queue")


def _day_of(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


async def statements_of_reasons(request: Request) -> Response:
    """Admins download the statements of reasons of a period (`?from=YYYY-MM-DD&to=YYYY-MM-DD`) as JSON."""
    user = page_role(request, "admin")
    params = request.query_params
    found = await statements.statements_of_reasons(
        _day_of(params.get("from", "")), _day_of(params.get("to", "")), by=user
    )
    return download(found, request.path_params["format"])


async def account_section(user: User, *, now: datetime) -> dict[str, object]:
    """What the account page shows of moderation: for moderators the choice of a mail when the queue grows, for
    admins the download of the statements of reasons (last month filled in)."""
    today = now.date()
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    moderator = rules.can_moderate(user.roles)
    return {
        "moderator": moderator,
        "alerts": await alerts.wants_alerts(user) if moderator else False,
        "admin": "admin" in user.roles,
        "period": (first.isoformat(), (today.replace(day=1) - timedelta(days=1)).isoformat()),
    }


async def choose_alerts(request: Request) -> Response:
    """A moderator turns the mail about a growing queue on or off (a checkbox on the account page)."""
    user = page_role(request, "moderator")
    values = await form_values(request)
    wants = str(values.get("alerts", "")) == "on"
    await alerts.choose(user, wants=wants, link=link_to(request, "moderation:queue"), now=now())
    if wants:
        flash(request, _("You will get a mail when the moderation queue grows, at most once an hour."))
    else:
        flash(request, _("You will no longer get a mail when the moderation queue grows."))
    return redirect_to(request, "account", "queue-alerts")
