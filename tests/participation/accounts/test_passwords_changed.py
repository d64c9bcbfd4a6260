"""A new password, by change or by reset, takes the account back: the API tokens go, and the person is told."""

from __future__ import annotations

from datetime import UTC, datetime

from participation.accounts import services as accounts
from participation.accounts.models import ApiToken
from participation.notifications.models import Notification
from tests.support.web import PASSWORD, make_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_a_password_change_revokes_every_token_and_notifies(orm):
    user = await make_user("els@example.nl")
    _token, secret = await accounts.create_token(user, name="script")
    other = await make_user("jan@example.nl")
    _other_token, other_secret = await accounts.create_token(other, name="script")

    await accounts.change_password(user, current=PASSWORD, new="a brand new passphrase", now=NOW)

    assert await accounts.user_for_token(secret, now=NOW) is None
    assert await ApiToken.filter(user=user, revoked_at=NOW).count() == 1
    assert (await accounts.user_for_token(other_secret, now=NOW)).id == other.id
    [told] = await Notification.filter(user=user)
    assert "API-tokens zijn ingetrokken" in told.body  # in the person's language: Dutch by default


async def test_a_change_without_tokens_says_nothing_about_tokens(orm):
    user = await make_user("els@example.nl")
    await accounts.change_password(user, current=PASSWORD, new="a brand new passphrase", now=NOW)
    [told] = await Notification.filter(user=user)
    assert told.title == "Je wachtwoord is gewijzigd"
    assert "API-tokens" not in told.body
