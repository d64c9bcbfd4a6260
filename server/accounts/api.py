"""JSON API of accounts: tokens, registration, who am I."""

from __future__ import annotations

from pydantic import Field
from starlette.requests import Request
from starlette.responses import JSONResponse

from participation.accounts import rules
from participation.accounts import services as accounts
from participation.errors import NotAllowed
from server.accounts.pages import account_links
from server.api.base import ApiError, Input, Output, current_user, operation, parse_body
from server.web import client_address, now


class Credentials(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)


class TokenOut(Output):
    token: str


class Registration(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    display_name: str = Field(max_length=80)


class Registered(Output):
    """The same for a new address and one that has an account already (its owner gets a mail instead)."""

    email: str
    message: str


class Me(Output):
    id: int
    email: str | None
    display_name: str
    roles: list[str]


def me_out(user) -> dict:
    return Me(id=user.id, email=user.email, display_name=user.display_name, roles=user.roles).model_dump()


@operation(
    "Exchange e-mail and password for a personal API token",
    body=Credentials,
    responses={201: TokenOut},
    errors=(400, 401, 422, 429),
    tags=["accounts"],
)
async def create_token(request: Request) -> JSONResponse:
    body = await parse_body(request, Credentials)
    try:
        secret = await accounts.issue_token_for_credentials(
            email=body.email, password=body.password, address=client_address(request), now=now()
        )
    except NotAllowed as exc:
        raise ApiError(401, "bad_credentials", exc.message) from None
    return JSONResponse({"token": secret}, status_code=201)


@operation(
    "Register a citizen account; a confirmation link is e-mailed (to an address with an account: a notice)",
    body=Registration,
    responses={201: Registered},
    errors=(400, 422, 429),
    tags=["accounts"],
)
async def register(request: Request) -> JSONResponse:
    body = await parse_body(request, Registration)
    settings = request.app.state.settings
    await accounts.register(
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        address=client_address(request),
        registrations_per_hour=settings.registrations_per_hour,
        urls=account_links(request),
        secret=settings.secret_key,
        now=now(),
    )
    email = rules.normalise_email(body.email)
    out = Registered(email=email, message=accounts.registered_message(email))
    return JSONResponse(out.model_dump(), status_code=201)


@operation("The signed-in account", responses={200: Me}, auth=True, errors=(401,), tags=["accounts"])
async def me(request: Request) -> JSONResponse:
    return JSONResponse(me_out(current_user(request)))
