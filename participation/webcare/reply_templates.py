"""Reply templates: ready answers officials manage and start a reply from.

A template's text may hold placeholders, filled when an official picks it in a conversation: `{name}` (the
display name of the post's author) and `{consultation_url}` (the full public address of the consultation the
conversation matched; the web layer builds it and passes it in, the domain builds no URLs). Any other
`{...}` is refused when the template is saved, so a typo never reaches the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from participation.accounts.models import User
from participation.errors import Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.text import clean_line, clean_text
from participation.webcare import rules
from participation.webcare.models import ReplyTemplate

PLACEHOLDERS = ("name", "consultation_url")
NAME_MAX = 100
_PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")


def unknown_placeholders(body: str) -> list[str]:
    """The `{...}` in `body` that are not placeholders, in order of appearance, each once."""
    found: list[str] = []
    for match in _PLACEHOLDER.finditer(body):
        if match.group(1) not in PLACEHOLDERS and match.group(0) not in found:
            found.append(match.group(0))
    return found


def template_errors(name: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the template a name.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("At most %(n)s characters.", n=NAME_MAX)
    if not body:
        errors["body"] = _("Write the text of the template.")
    elif len(body) > rules.MAX_REPLY:
        errors["body"] = _("At most %(n)s characters.", n=rules.MAX_REPLY)
    elif unknown := unknown_placeholders(body):
        errors["body"] = _(
            "Unknown placeholder %(found)s. You can use %(known)s.",
            found=", ".join(unknown),
            known=", ".join("{" + p + "}" for p in PLACEHOLDERS),
        )
    return errors


@dataclass(frozen=True)
class Filled:
    text: str
    # The placeholders that had nothing to fill in (a conversation without a consultation).
    empty: tuple[str, ...] = ()


def fill(body: str, *, name: str, consultation_url: str | None) -> Filled:
    """The template's text with its placeholders filled in; a placeholder without a value is left out."""
    values = {"name": name, "consultation_url": consultation_url or ""}
    empty = tuple(p for p in PLACEHOLDERS if not values[p] and "{" + p + "}" in body)

    def value(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    text = _PLACEHOLDER.sub(value, body)
    # A left-out value must not leave a double space or a space before a full stop.
    if empty:
        text = re.sub(r"[ \t]{2,}", " ", text)
        text = re.sub(r" ([.,!?:;])", r"\1", text)
    return Filled(text=text.strip(), empty=empty)


def _official(user: User) -> None:
    if not user.has_role("official"):
        raise NotAllowed(_("Only officials manage reply templates."))


async def list_templates() -> list[ReplyTemplate]:
    return await ReplyTemplate.all().order_by("name", "id")


async def get_template(template_id: int) -> ReplyTemplate:
    found = await ReplyTemplate.get_or_none(id=template_id)
    if found is None:
        raise NotFound(_("There is no such template."))
    return found


def _cleaned(name: str, body: str) -> tuple[str, str]:
    return clean_line(name).strip(), clean_text(body).strip()


async def add_template(name: str, body: str, *, by: User, now: datetime) -> ReplyTemplate:
    _official(by)
    name, body = _cleaned(name, body)
    if errors := template_errors(name, body):
        raise Invalid(errors)
    return await ReplyTemplate.create(name=name, body=body, author=by, created_at=now, updated_at=now)


async def change_template(template_id: int, name: str, body: str, *, by: User, now: datetime) -> ReplyTemplate:
    _official(by)
    template = await get_template(template_id)
    name, body = _cleaned(name, body)
    if errors := template_errors(name, body):
        raise Invalid(errors)
    await ReplyTemplate.filter(id=template.id).update(name=name, body=body, updated_at=now)
    return await get_template(template.id)


async def delete_template(template_id: int, *, by: User) -> None:
    _official(by)
    template = await get_template(template_id)
    await template.delete()
