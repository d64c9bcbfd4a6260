"""Pages of the e-mailed sign-in link: ask for one, and use it (a button, so that a mail scanner opening the
link does not use it up)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from participation.accounts import sign_in_links
from participation.errors import Invalid
from participation.i18n import _
from server.accounts.pages import account_links
from server.accounts.sessions import sign_in
from server.templating import flash, render
from server.web import client_address, form_values, now, redirect


async def ask(request: Request) -> Response:
    if request.method == "GET":
        values = {"email": request.query_params.get("email", "")[:254]}
        return render(request, "accounts/sign_in_link.html", {"values": values, "errors": {}})
    values = await form_values(request)
    settings = request.app.state.settings
    try:
        await sign_in_links.request_link(
            email=str(values.get("email", "")),
            address=client_address(request),
            urls=account_links(request),
            secret=settings.secret_key,
            now=now(),
        )
    except Invalid as exc:
        return render(request, "accounts/sign_in_link.html", {"values": values, "errors": exc.fields}, 422)
    flash(request, _("If an account with this address exists, we have sent it a sign-in link."))
    return redirect("/login")


async def use(request: Request) -> Response:
    token = request.path_params["token"]
    secret = request.app.state.settings.secret_key
    try:
        if request.method == "GET":
            await sign_in_links.user_for_link(token, secret=secret)
            return render(request, "accounts/sign_in_with_link.html", {"errors": {}, "token": token})
        user = await sign_in_links.sign_in_with_link(token, address=client_address(request), secret=secret, now=now())
    except Invalid as exc:
        return render(request, "accounts/sign_in_with_link.html", {"errors": exc.fields, "token": None}, 400)
    await sign_in(request, user)
    flash(request, _("Welcome, %(name)s.", name=user.display_name))
    return redirect("/")
