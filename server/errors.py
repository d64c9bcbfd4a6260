"""Mapping domain errors and HTTP errors to responses: JSON under /api, friendly pages elsewhere."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from participation import choices
from participation.errors import Conflict, Invalid, NotAllowed, NotFound, TooManyRequests
from participation.i18n import _, lazy
from server.api.base import ApiError
from server.templating import render

log = logging.getLogger(__name__)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _page(request: Request, status: int, title: str, message: str) -> Response:
    return render(request, "errors/error.html", {"status": status, "title": title, "message": message}, status)


TITLES = {
    400: lazy("The request could not be read"),
    403: lazy("You may not do this"),
    404: lazy("This page does not exist"),
    405: lazy("This cannot be done here"),
    409: lazy("This cannot be done now"),
    413: lazy("Too large"),
    422: lazy("Something is not right"),
    429: lazy("Too many attempts"),
    500: lazy("Something went wrong on our side"),
}


def api_error_from(exc: Exception) -> ApiError:
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, Invalid):
        # A machine client sends raw values: a "choose one of" names those, not the labels a page shows.
        fields = choices.for_machines(exc.fields)
        summary = exc.message if exc.message != Invalid(exc.fields).message else Invalid(fields).message
        return ApiError(422, "invalid", summary or _("Some fields are not valid."), fields=fields)
    if isinstance(exc, NotFound):
        return ApiError(404, exc.code, exc.message or _("Not found."))
    if isinstance(exc, NotAllowed):
        return ApiError(403, exc.code if exc.code != "not_allowed" else "forbidden", exc.message)
    if isinstance(exc, Conflict):
        extra = {"current": exc.current} if exc.current is not None else None
        return ApiError(409, exc.code, exc.message, extra=extra)
    if isinstance(exc, TooManyRequests):
        return ApiError(429, "too_many_requests", exc.message, headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, HTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 403: "forbidden", 400: "malformed"}
        return ApiError(
            exc.status_code, codes.get(exc.status_code, "error"), _(TITLES.get(exc.status_code, lazy("Error")))
        )
    return ApiError(500, "internal", _(TITLES[500]))


async def handle(request: Request, exc: Exception) -> Response:
    error = api_error_from(exc)
    if error.status >= 500:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if _is_api(request):
        return error.response()
    message = error.message if not isinstance(exc, HTTPException) else ""
    response = _page(request, error.status, _(TITLES.get(error.status, lazy("Error"))), message)
    if error.headers:
        response.headers.update(error.headers)
    return response


EXCEPTION_HANDLERS = {
    Exception: handle,
    HTTPException: handle,
    ApiError: handle,
    Invalid: handle,
    NotFound: handle,
    NotAllowed: handle,
    Conflict: handle,
    TooManyRequests: handle,
}
