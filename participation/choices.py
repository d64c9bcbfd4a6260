"""The message for a value that is not one of the choices. People read it on a page next to the field, so it
names each choice by its label in their language ("spam or advertising"), or, when nothing was chosen, says what
to choose ("Choose why you report this."); a client of the JSON API must send one
of the values themselves ("spam"), so the API's answer names those (`for_machines`).

The message is a `str` (what pages and the command line show), so it travels in `Invalid.fields` like every
other message; server/errors.py turns it into the values for the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from participation.i18n import _


class NotAChoice(str):
    """ "Choose one of these: “spam or advertising”, …", which also knows the values it stands for."""

    values: tuple[str, ...]

    def __new__(cls, values: Iterable[str], label: Callable[[str], str], text: str | None = None) -> NotAChoice:
        values = tuple(values)
        if text is None:
            # Labels may hold a comma or a semicolon themselves ("abuse, threats or discrimination"): quotes keep
            # them apart.
            choices = ", ".join(f"“{label(value)}”" for value in values)
            text = _("Choose one of these: %(choices)s.", choices=choices)
        message = super().__new__(cls, text)
        message.values = values
        return message

    def for_machines(self) -> str:
        return _("Choose one of: %(values)s", values=", ".join(self.values))


def one_of(
    values: Iterable[str], label: Callable[[str], str], *, chosen: object = None, missing: str | None = None
) -> NotAChoice:
    """The message for a value not among `values`, each named by `label(value)` (translated when called).
    Where nothing was `chosen` and the caller has a `missing` message ("Choose why you report this."), that is
    the message instead: the page shows the choices beside it, so naming them all again only makes it long
    (the grounds of a decision take seven lines on a phone)."""
    if missing is not None and not chosen:
        return NotAChoice(values, label, missing)
    return NotAChoice(values, label)


def for_machines(fields: Mapping[str, str]) -> dict[str, str]:
    """Field messages as the JSON API gives them: a choice names the raw values a client sends."""
    return {name: m.for_machines() if isinstance(m, NotAChoice) else m for name, m in fields.items()}
