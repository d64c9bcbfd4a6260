"""Reading what the platform queued in the outbox table, as a person reading their mail would."""

from __future__ import annotations

import re

from participation.mail.models import OutboxMail

LINK = re.compile(r"https?://\S+")


async def mails_to(address: str) -> list[OutboxMail]:
    return await OutboxMail.filter(to=address).order_by("id")


def link_in(mail: OutboxMail, path_part: str) -> str:
    """The one link in the mail whose URL contains `path_part`, made relative to the site."""
    links = [link for link in LINK.findall(mail.body) if path_part in link]
    assert len(links) == 1, f"expected one link with {path_part!r} in: {mail.body!r}"
    return re.sub(r"^https?://[^/]+", "", links[0])
