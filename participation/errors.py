"""The only exceptions handlers map to responses."""

from __future__ import annotations


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(DomainError):
    code = "not_found"


class NotAllowed(DomainError):
    code = "not_allowed"


class Conflict(DomainError):
    code = "conflict"

    def __init__(self, message: str = "", *, code: str | None = None, current: object = None) -> None:
        super().__init__(message, code=code)
        self.current = current


class Invalid(DomainError):
    code = "invalid"

    def __init__(self, fields: dict[str, str], message: str = "") -> None:
        super().__init__(message or "; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class TooManyRequests(DomainError):
    code = "too_many_requests"

    def __init__(self, message: str = "", *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
