"""Pages of accounts: sign-in, registration, password reset, the account page, admin's accounts page."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from participation import personal_data
from participation.accounts import rules
from participation.accounts import services as accounts
from participation.accounts.links import AccountLinks
from participation.areas import delete_account, notification_kinds
from participation.errors import Conflict, Invalid, NotAllowed, NotFound, TooManyRequests
from participation.exports import Document
from participation.i18n import _
from participation.notifications import services as notifications
from participation.numbers import whole_number
from participation.text import clean_line
from server.accounts import token_handoff
from server.accounts.sessions import sign_in, sign_out
from server.templating import flash, render
from server.web import (
    client_address,
    download,
    form_values,
    link_to,
    now,
    page_role,
    page_user,
    redirect,
    redirect_to,
    safe_next,
)


def account_links(request: Request) -> AccountLinks:
    """The links account mails carry, from this app's routes and the site's address."""
    return AccountLinks(
        confirm=lambda token: link_to(request, "confirm", token=token),
        reset=lambda token: link_to(request, "reset", token=token),
        sign_in=lambda token: link_to(request, "sign_in_with_link", token=token),
        login=link_to(request, "login"),
        forgot=link_to(request, "forgot"),
    )


def _settings(request: Request):
    return request.app.state.settings


# Where to go once the address is confirmed, when registering started from another page.
AFTER_CONFIRM = "after_confirm"


async def login(request: Request) -> Response:
    values = {"email": "", "next": safe_next(request.query_params.get("next"))}
    if request.method == "GET":
        return render(request, "accounts/login.html", {"values": values, "errors": {}})
    values.update(await form_values(request))
    values["next"] = safe_next(values.get("next"))
    empty = {
        name: message
        for name, message in (("email", _("Enter your e-mail address.")), ("password", _("Enter your password.")))
        if not str(values.get(name, "")).strip()
    }
    if empty:
        values.pop("password", None)
        return render(request, "accounts/login.html", {"values": values, "errors": empty}, 400)
    try:
        user = await accounts.authenticate(
            email=str(values.get("email", "")),
            password=str(values.get("password", "")),
            address=client_address(request),
            now=now(),
        )
    except NotAllowed as exc:
        values.pop("password", None)
        return render(request, "accounts/login.html", {"values": values, "errors": {"form": exc.message}}, 400)
    except TooManyRequests as exc:
        values.pop("password", None)
        response = render(request, "accounts/login.html", {"values": values, "errors": {"form": exc.message}}, 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    after_confirm = request.session.get(AFTER_CONFIRM)
    await sign_in(request, user)
    if after_confirm and user.confirmed_at is None:
        request.session[AFTER_CONFIRM] = after_confirm
    flash(request, _("Welcome, %(name)s.", name=user.display_name))
    return redirect(values["next"])


async def logout(request: Request) -> Response:
    await sign_out(request)
    flash(request, _("You are signed out."))
    return redirect("/")


async def register(request: Request) -> Response:
    # `next`: where the person came from (the consultation they wanted to answer), carried through signing in
    # and, in this browser, through confirming the address.
    if request.method == "GET":
        values = {"next": safe_next(request.query_params.get("next"), "")}
        return render(request, "accounts/register.html", {"values": values, "errors": {}})
    values = await form_values(request)
    values["next"] = safe_next(values.get("next"), "")
    settings = _settings(request)
    try:
        await accounts.register(
            email=str(values.get("email", "")),
            password=str(values.get("password", "")),
            display_name=str(values.get("display_name", "")),
            address=client_address(request),
            registrations_per_hour=settings.registrations_per_hour,
            urls=account_links(request),
            secret=settings.secret_key,
            now=now(),
        )
    except Invalid as exc:
        values.pop("password", None)
        return render(request, "accounts/register.html", {"values": values, "errors": exc.fields}, 422)
    except TooManyRequests as exc:
        values.pop("password", None)
        response = render(request, "accounts/register.html", {"values": values, "errors": {"form": exc.message}}, 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    # The same for a new address and a taken one (whose owner gets a mail): not signed in, so nothing shows which.
    flash(request, accounts.registered_message(str(values.get("email", ""))))
    if values["next"]:
        request.session[AFTER_CONFIRM] = values["next"]
        return redirect(f"/login?next={quote(values['next'])}")
    return redirect("/login")


async def confirm(request: Request) -> Response:
    try:
        await accounts.confirm_email(request.path_params["token"], secret=_settings(request).secret_key, now=now())
    except Invalid as exc:
        flash(request, exc.fields["token"], "error")
        return redirect("/")
    flash(request, _("Your e-mail address is confirmed."))
    target = safe_next(request.session.pop(AFTER_CONFIRM, None), "")
    if target and request.state.user is None:
        return redirect(f"/login?next={quote(target)}")
    return redirect(target or "/account")


async def forgot(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "accounts/forgot.html", {"values": {}, "errors": {}})
    values = await form_values(request)
    settings = _settings(request)
    try:
        await accounts.request_password_reset(
            email=str(values.get("email", "")),
            address=client_address(request),
            urls=account_links(request),
            secret=settings.secret_key,
            now=now(),
        )
    except Invalid as exc:
        return render(request, "accounts/forgot.html", {"values": values, "errors": exc.fields}, 422)
    flash(request, _("If an account with this address exists, we have sent it a link to set a new password."))
    return redirect("/login")


async def reset(request: Request) -> Response:
    token = request.path_params["token"]
    secret = _settings(request).secret_key
    if request.method == "GET":
        try:
            await accounts.user_for_reset(token, secret=secret)
        except Invalid as exc:
            return render(request, "accounts/reset.html", {"errors": exc.fields, "token": None}, 400)
        return render(request, "accounts/reset.html", {"errors": {}, "token": token})
    values = await form_values(request)
    try:
        user = await accounts.reset_password(token, password=str(values.get("password", "")), secret=secret, now=now())
    except Invalid as exc:
        usable = "token" not in exc.fields
        return render(request, "accounts/reset.html", {"errors": exc.fields, "token": token if usable else None}, 422)
    await sign_in(request, user)
    flash(request, _("Your new password is set and you are signed in."))
    return redirect("/account")


async def _account_context(request: Request, user, **extra) -> dict:
    return {
        "tokens": await accounts.list_tokens(user),
        "notifications": await notifications.list_for(user),
        "preferences": await notifications.preferences(user, kinds=notification_kinds()),
        "kinds": notification_kinds(),
        "sections": await personal_data.summary(user),
        "account_sections": [
            (section.template, await section.load(user, now=now()))
            for area in request.app.state.areas
            for section in area.account_sections
        ],
        "values": {"display_name": user.display_name, "language": user.language},
        "errors": {},
        **extra,
    }


async def account(request: Request) -> Response:
    user = page_user(request)
    return render(request, "accounts/account.html", await _account_context(request, user))


async def _account_form(request: Request, action, ok_message: str, *, keep: tuple[str, ...] = ()) -> Response:
    """Runs one account action from a form; on invalid input re-renders the page with the messages."""
    user = page_user(request)
    values = await form_values(request)
    try:
        result = await action(user, values)
    except Invalid as exc:
        context = await _account_context(request, user, errors=exc.fields)
        context["values"].update({k: values.get(k, "") for k in keep})
        return render(request, "accounts/account.html", context, 422)
    except NotFound as exc:
        flash(request, exc.message, "error")
        return redirect("/account")
    if isinstance(result, Response):
        return result
    flash(request, ok_message)
    return redirect("/account")


async def profile(request: Request) -> Response:
    async def action(user, values):
        await accounts.update_profile(
            user, display_name=str(values.get("display_name", "")), language=str(values.get("language", ""))
        )

    return await _account_form(request, action, _("Your profile is saved."), keep=("display_name",))


async def password(request: Request) -> Response:
    async def action(user, values):
        await accounts.change_password(
            user, current=str(values.get("current_password", "")), new=str(values.get("new_password", "")), now=now()
        )
        await sign_in(request, user)

    return await _account_form(request, action, _("Your password is changed."))


async def create_token(request: Request) -> Response:
    """Makes the token and goes to the page that shows it once (POST, 303, GET: a reload sends nothing again)."""

    async def action(user, values):
        token, secret = await accounts.create_token(user, name=str(values.get("name", "")))
        token_handoff.hand_over(request, secret=secret, name=token.name, key=_settings(request).secret_key)
        return redirect_to(request, "new_token", "token")

    return await _account_form(request, action, "", keep=("name",))


async def new_token(request: Request) -> Response:
    page_user(request)
    taken = token_handoff.take(request, key=_settings(request).secret_key)
    name, secret = taken if taken else ("", "")
    return render(request, "accounts/new_token.html", {"name": name, "secret": secret})


async def revoke_token(request: Request) -> Response:
    async def action(user, values):
        await accounts.revoke_token(user, request.path_params["id"], now=now())

    return await _account_form(request, action, _("The token is revoked."))


async def preferences(request: Request) -> Response:
    async def action(user, values):
        form = await request.form()
        await notifications.set_preferences(user, kinds=notification_kinds(), email_kinds=set(form.getlist("email")))

    return await _account_form(request, action, _("Your notification choices are saved."))


async def notifications_read(request: Request) -> Response:
    async def action(user, values):
        await notifications.mark_all_read(user, now=now())

    return await _account_form(request, action, _("All notifications are marked as read."))


async def my_data(request: Request) -> Response:
    user = page_user(request)
    data = await personal_data.export(user)
    return download(Document(name="samenspraak-my-data", json=lambda: data), "json")


async def delete(request: Request) -> Response:
    async def action(user, values):
        # Through the list of areas: each does its part (a group whose last coordinator this was gets another).
        await delete_account(
            user,
            password=str(values.get("password", "")),
            now=now(),
            link_to=lambda name, **params: link_to(request, name, **params),
        )
        request.session.clear()
        flash(request, _("Your account is deleted. What you wrote stays, under a pseudonym."))
        return redirect("/")

    return await _account_form(request, action, "")


async def admin_accounts(request: Request) -> Response:
    page_role(request, "admin")
    query = clean_line(request.query_params.get("q", "")[:100])
    # Anything but a plain number is the first page.
    offset = whole_number(request.query_params.get("offset", "")) or 0
    users, total = await accounts.list_accounts(query=query, offset=offset)
    return render(
        request,
        "accounts/admin.html",
        {"users": users, "total": total, "query": query, "offset": offset, "roles": rules.ASSIGNABLE_ROLES},
    )


async def admin_set_roles(request: Request) -> Response:
    admin = page_role(request, "admin")
    form = await request.form()
    try:
        target = await accounts.set_roles(
            request.path_params["id"], roles=list(form.getlist("roles")), by=admin, now=now()
        )
    except (Invalid, Conflict, NotFound) as exc:
        flash(request, exc.message, "error")
        return redirect("/admin/accounts")
    flash(request, _("Roles of %(name)s saved.", name=target.display_name))
    return redirect(safe_next(str(form.get("next", "")), "/admin/accounts"))
