"""What every JSON endpoint shares: body parsing into pydantic models, errors, the operation record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from starlette.requests import Request
from starlette.responses import JSONResponse

from participation.accounts.models import User
from participation.i18n import _

M = TypeVar("M", bound=BaseModel)


class Input(BaseModel):
    """Request bodies: unknown fields and wrong types are refused, not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # PostgreSQL cannot store a NUL character in text: refuse it here, naming the field.
        if _has_nul(value):
            raise ValueError("NUL character")
        return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers, self.extra = fields, headers, extra

    def response(self) -> JSONResponse:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields is not None:
            error["fields"] = self.fields
        return JSONResponse({"error": error, **(self.extra or {})}, status_code=self.status, headers=self.headers)


def _field_message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    messages = {
        "missing": _("This field is required."),
        "extra_forbidden": _("This field is unknown."),
        "string_type": _("This must be text."),
        "int_type": _("This must be a whole number."),
        "bool_type": _("This must be true or false."),
        "list_type": _("This must be a list."),
        "dict_type": _("This must be an object."),
        "model_type": _("This must be an object."),
        "datetime_type": _("This must be a date and time in ISO 8601, with offset."),
        "datetime_from_date_parsing": _("This must be a date and time in ISO 8601, with offset."),
        "datetime_parsing": _("This must be a date and time in ISO 8601, with offset."),
        "timezone_aware": _("Give the time with its offset, for example +01:00."),
        "value_error": _("This value is not valid."),
        "literal_error": _("Choose one of: %(values)s", values=ctx.get("expected", "")),
        "enum": _("Choose one of: %(values)s", values=ctx.get("expected", "")),
    }
    if kind == "string_too_long":
        return _("At most %(n)s characters.", n=ctx.get("max_length"))
    if kind == "string_too_short":
        return _("At least %(n)s characters.", n=ctx.get("min_length"))
    if kind == "too_long":
        return _("At most %(n)s items.", n=ctx.get("max_length"))
    if kind in ("greater_than_equal", "less_than_equal"):
        return _("This number is out of range.")
    return messages.get(kind, error.get("msg", _("This value is not valid.")))


def validation_fields(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "body"
        fields.setdefault(name, _field_message(error))
    return fields


async def parse_body(request: Request, model: type[M]) -> M:
    body = await request.body()  # at most server.app.MAX_BODY bytes (BodyLimit)
    if not body.strip():
        body = b"{}"
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise ApiError(400, "malformed", _("The request body is not valid JSON.")) from None
        if any(e["type"] == "model_type" and not e["loc"] for e in exc.errors()):
            raise ApiError(400, "malformed", _("The request body must be a JSON object.")) from None
        raise ApiError(422, "invalid", _("Some fields are not valid."), fields=validation_fields(exc)) from None


def current_user(request: Request) -> User:
    user = request.state.user
    if user is None:
        if request.state.token_presented:
            raise ApiError(401, "unauthenticated", _("The token is not valid or has been revoked."))
        raise ApiError(401, "unauthenticated", _("Sign in: send a token as Authorization: Bearer TOKEN."))
    return user


def require_role(request: Request, role: str) -> User:
    user = current_user(request)
    if not user.has_role(role):
        raise ApiError(403, "forbidden", _("This needs the role %(role)s.", role=_(role)))
    return user


# --- the operation record, from which the OpenAPI document is generated --------------------------


@dataclass
class Operation:
    summary: str
    body: type[BaseModel] | None = None
    responses: dict[int, type[BaseModel] | str | None] = field(default_factory=dict)
    auth: bool = False
    tags: list[str] = field(default_factory=list)
    errors: tuple[int, ...] = ()
    query: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


Endpoint = Callable[[Request], Awaitable[Any]]


def operation(summary: str, **kwargs: Any) -> Callable[[Endpoint], Endpoint]:
    def decorate(endpoint: Endpoint) -> Endpoint:
        endpoint.operation = Operation(summary=summary, **kwargs)  # type: ignore[attr-defined]
        return endpoint

    return decorate
