"""Adding and reading sources (admins), and the one place a source's token is opened: towards its network
client (config_of) and for redacting it out of messages (token_of)."""

from __future__ import annotations

import logging
from datetime import datetime

from participation.accounts.models import User
from participation.errors import Invalid, NotAllowed, NotFound
from participation.i18n import _
from participation.webcare import protection, rules
from participation.webcare.models import Source
from participation.webcare.sources.base import Config, SourceError

log = logging.getLogger(__name__)


def _admin(user: User) -> None:
    if not user.has_role("admin"):
        raise NotAllowed(_("Only admins manage sources."))


async def add_source(data: rules.SourceInput, *, by: User, now: datetime) -> Source:
    _admin(by)
    errors = rules.source_errors(data)
    if "base_url" not in errors and (refusal := await protection.address_refusal(data.base_url.strip())):
        errors["base_url"] = refusal
    if errors:
        raise Invalid(errors)
    values = rules.clean_source(data)
    values["access_token"] = protection.seal(values["access_token"])
    source = await Source.create(**values, created_at=now, next_poll_at=now)
    log.info("source %s (%s) added by user %s", source.id, source.kind, by.id)
    return source


async def get_source(source_id: int) -> Source:
    source = await Source.get_or_none(id=source_id)
    if source is None:
        raise NotFound(_("There is no such source."))
    return source


def token_of(source: Source) -> str:
    """The source's token in plain text ("" when it cannot be read): for its network client and for redacting."""
    try:
        return protection.unseal(source.access_token)
    except protection.Unreadable:
        return ""


def config_of(source: Source) -> Config:
    try:
        token = protection.unseal(source.access_token)
    except protection.Unreadable:
        raise SourceError(
            "The access token can no longer be read (SECRET_KEY was changed?): add the source again with its token."
        ) from None
    return Config(
        base_url=source.base_url,
        access_token=token,
        hashtags=tuple(source.hashtags),
        keywords=tuple(source.keywords),
        account=source.account,
        etag=source.etag,
        last_modified=source.last_modified,
    )
