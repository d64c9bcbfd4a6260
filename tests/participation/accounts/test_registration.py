"""Registering says nothing about whether the address has an account: the owner of a taken one gets a mail."""

from __future__ import annotations

from datetime import UTC, datetime

from participation.accounts import services as accounts
from participation.accounts import throttle
from participation.accounts.models import ThrottleEvent, User
from participation.mail.models import OutboxMail
from tests.support.web import PASSWORD, TEST_LINKS, make_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def register(email: str, address: str = "10.0.0.1", password: str = "another passphrase") -> None:
    await accounts.register(
        email=email,
        password=password,
        display_name="Someone",
        address=address,
        registrations_per_hour=30,
        urls=TEST_LINKS,
        secret="s" * 40,
        now=NOW,
    )


async def test_a_new_address_gets_an_account_and_a_confirmation_link(orm):
    await register("Jan@example.nl")
    user = await User.get(email="jan@example.nl")
    assert user.registered_from == "10.0.0.1"
    [mail] = await OutboxMail.filter(to="jan@example.nl")
    assert "https://x.example/account/confirm/" in mail.body


async def test_a_taken_address_keeps_its_account_and_its_owner_is_told_in_their_language(orm):
    owner = await make_user("els@example.nl")
    await User.filter(id=owner.id).update(language="en")
    await register("ELS@example.nl")
    [kept] = await User.filter(email="els@example.nl")
    assert (kept.id, kept.password_hash, kept.display_name) == (owner.id, owner.password_hash, owner.display_name)
    [mail] = await OutboxMail.filter(to="els@example.nl")
    assert mail.subject == "Someone tried to register with your e-mail address"
    assert "https://x.example/login" in mail.body and "https://x.example/account/forgot" in mail.body
    assert "/account/confirm/" not in mail.body
    # It counts toward the registrations of that address like any other registration.
    assert await ThrottleEvent.filter(key="register:10.0.0.1").count() == 1


async def test_the_owner_is_told_at_most_a_few_times_an_hour(orm):
    await make_user("els@example.nl")
    for n in range(10):
        await register("els@example.nl", address=f"10.0.0.{n}")
    assert await OutboxMail.filter(to="els@example.nl").count() == throttle.MAILS_PER_ACCOUNT


async def test_a_deleted_account_frees_its_address(orm):
    owner = await make_user("els@example.nl")
    await accounts.delete_account(owner, password=PASSWORD, now=NOW)
    await register("els@example.nl")
    assert (await User.get(email="els@example.nl")).id != owner.id
