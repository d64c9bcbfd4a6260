"""What every JSON endpoint shares: body and query parsing into pydantic models, errors, the operation record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from participation.accounts.models import User
from participation.i18n import _
from participation.numbers import whole_number

M = TypeVar("M", bound=BaseModel)


class Input(BaseModel):
    """Request bodies: unknown fields and wrong types are refused, not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any, info: ValidationInfo) -> Any:
        if info.context is NUL_FREE:
            return value
        return _refuse_nul(value)


# The validation context of a JSON body in which no text can hold a NUL: neither the escape nor the byte is in it
# (a NUL byte inside a JSON string is not valid JSON anyway), so the fields need not be walked for one.
NUL_FREE: dict[str, bool] = {"nul_free": True}


def _refuse_nul(value: Any) -> Any:
    # PostgreSQL cannot store (or compare with) a NUL character in text: refuse it here, naming the field.
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


class Query(BaseModel):
    """Query parameters of an operation, declared with `@operation(query=…)` and read with `parse_query`, so
    they are checked like bodies and documented as parameters. Every value arrives as text: an empty one counts
    as not given (an empty form field), unknown ones are ignored (links carry others), of a repeated one the
    last counts."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _given(cls, values: Any) -> Any:
        if isinstance(values, Mapping):
            return {name: value for name, value in values.items() if value != ""}
        return values

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return _refuse_nul(value)


def _whole_number(value: Any) -> Any:
    if isinstance(value, str):
        number = whole_number(value)
        if number is None:
            raise PydanticCustomError("int_parsing", "not a whole number")
        return number
    return value


# The shared paging parameters: `?cursor=` from the previous page's `next`, `?limit=` items a page. A number in a
# query is plain digits (not "²", " 5" or "1_0"); its bounds come before the validator that reads the text, so
# that the document shows them as minimum and maximum.
Cursor = Annotated[str | None, Field(max_length=100, description="from the previous page's next")]
Limit = Annotated[int, Field(ge=1, le=100, description="1-100"), BeforeValidator(_whole_number)]


# A moment in a response: ISO 8601 with the offset written out ("2026-12-02T09:30:00.123456+00:00"), as API.md
# asks. (Remembering the text, as participation/db.py does for SQLite, saved nothing here: hashing an aware moment
# costs what isoformat does.)
Time = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str)]


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def json_of(out: BaseModel, *, status_code: int = 200) -> Response:
    """The response of an output model, serialised by pydantic straight to JSON: what JSONResponse(out.model_dump())
    sends, without the dict in between (on the busiest operations, answering, that was 8% of the CPU time)."""
    return Response(out.__pydantic_serializer__.to_json(out), status_code=status_code, media_type="application/json")


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
        "int_parsing": _("This must be a whole number."),
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
    if kind == "greater_than_equal":
        return _("This must be %(n)s or more.", n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("This must be %(n)s or less.", n=ctx.get("le"))
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
        nul_free = b"\\u0000" not in body and b"\x00" not in body
        return model.model_validate_json(body, context=NUL_FREE if nul_free else None)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise ApiError(400, "malformed", _("The request body is not valid JSON.")) from None
        if any(e["type"] == "model_type" and not e["loc"] for e in exc.errors()):
            raise ApiError(400, "malformed", _("The request body must be a JSON object.")) from None
        raise ApiError(422, "invalid", _("Some fields are not valid."), fields=validation_fields(exc)) from None


Q = TypeVar("Q", bound=Query)


def parse_query(request: Request, model: type[Q]) -> Q:
    """The query parameters as `model`, the schema this operation declares (so the document cannot differ from
    what is read); 422 naming each bad parameter in `fields`."""
    declared = getattr(request.scope.get("endpoint"), "operation", None)
    if declared is None or declared.query is not model:
        raise TypeError(f"declare @operation(query={model.__name__}) on the operation that reads it")
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as exc:
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
    query: type[Query] | None = None
    content_type: str = "application/json"


Endpoint = Callable[[Request], Awaitable[Any]]


def operation(summary: str, **kwargs: Any) -> Callable[[Endpoint], Endpoint]:
    def decorate(endpoint: Endpoint) -> Endpoint:
        endpoint.operation = Operation(summary=summary, **kwargs)  # type: ignore[attr-defined]
        return endpoint

    return decorate
