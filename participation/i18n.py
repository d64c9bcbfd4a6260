"""Translation of user-facing text: Dutch (default) and English.

Message catalogues are the .po files under `locale/`; they are compiled in memory at start-up so no
binary file is kept in the repository. The current language lives in a context variable, set per
request by the web layer and per recipient by whoever writes a notification or e-mail.
"""

from __future__ import annotations

import contextvars
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANGUAGE = "nl"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)


@cache
def translations(language: str) -> NullTranslations:
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> contextvars.Token:
    return _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def language(code: str) -> Iterator[None]:
    token = set_language(code)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def _(message: str, **params: object) -> str:
    text = gettext(message)
    return text % params if params else text


def lazy(message: str) -> str:
    """Marks a string for extraction without translating it now (translate when shown)."""
    return message


# The one way people read a moment: "1 december 2026, 09:54", in Amsterdam time and the current language. Pages
# (the `datetime` template filter), notifications and mails, and messages of the domain all write it so.
DATE_TIME = "d MMMM y, HH:mm"
DATE = "d MMMM y"
TIME_ZONE = "Europe/Amsterdam"


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, format=DATE_TIME, tzinfo=TIME_ZONE, locale=_current.get())


def day(value: date) -> str:
    """A day the same way, without the time: "1 december 2026"."""
    return format_date(value, format=DATE, locale=_current.get())
