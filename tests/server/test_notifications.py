"""Notifications: in the app and by e-mail as each person chooses, with an unread count in the navigation."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

import participation
from participation.areas import notification_kinds
from participation.mail.models import OutboxMail
from participation.notifications.models import Notification
from participation.notifications.services import notify
from tests.support.web import make_user, post_form, sign_in

BADGE = re.compile(r'<span class="badge">(\d+)<span class="visually-hidden"> unread notifications?</span>')


def unread_badge(html: str) -> int | None:
    match = BADGE.search(html)
    return int(match.group(1)) if match else None


async def test_notify_writes_the_notification_and_its_mail(orm):
    user = await make_user("els@example.nl")
    await notify(
        user, kind="account", title="Your roles changed", body="You are a moderator now.", link="/moderation",
        now=datetime.now(UTC),
    )  # fmt: skip
    [notification] = await Notification.filter(user=user)
    assert (notification.title, notification.body, notification.link) == (
        "Your roles changed",
        "You are a moderator now.",
        "/moderation",
    )
    assert notification.read_at is None
    [mail] = await OutboxMail.filter(to="els@example.nl")
    assert mail.subject == "Your roles changed"
    assert "You are a moderator now." in mail.body and "/moderation" in mail.body
    assert mail.status == "queued"


async def test_notify_commits_or_rolls_back_with_the_change_that_caused_it(orm):
    user = await make_user("els@example.nl")
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await notify(user, kind="account", title="Never sent", now=datetime.now(UTC))
            raise RuntimeError("the change failed")
    assert not await Notification.exists()
    assert not await OutboxMail.exists()


def test_every_kind_the_code_notifies_is_one_the_preferences_page_offers():
    """Each `notify(..., kind="...")` in the domain names a kind an area declares (participation/areas.py),
    so nobody gets mail of a kind they cannot switch off."""
    sent = set()
    for path in Path(participation.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "notify":
                kind = next(k.value for k in node.keywords if k.arg == "kind")
                assert isinstance(kind, ast.Constant), f"{path}: notify with a computed kind"
                sent.add(kind.value)
    assert sent, "the domain sends notifications"
    assert sent <= set(notification_kinds())


async def test_with_the_email_choice_off_only_the_in_app_notification_is_made(client):
    user = await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    page = await client.get("/account")
    assert 'id="pref-account" name="email" value="account" checked' in page.text

    # Untick "account", keep the other kinds.
    response = await post_form(client, "/account/preferences", {"email": ["consultation_decision"]}, page="/account")
    assert response.status_code == 303
    page = await client.get("/account")
    assert 'id="pref-account" name="email" value="account" >' in page.text
    assert 'id="pref-consultation_decision" name="email" value="consultation_decision" checked' in page.text

    await notify(user, kind="account", title="Quiet one", now=datetime.now(UTC))
    await notify(user, kind="consultation_decision", title="Loud one", now=datetime.now(UTC))
    assert await Notification.filter(user=user).count() == 2
    assert [m.subject for m in await OutboxMail.filter(to="els@example.nl")] == ["Loud one"]


async def test_the_unread_count_shows_in_the_navigation_until_marked_read(client):
    user = await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    assert unread_badge((await client.get("/")).text) is None
    for title in ("First", "Second"):
        await notify(user, kind="account", title=title, now=datetime.now(UTC))

    home = await client.get("/")
    assert unread_badge(home.text) == 2
    account = await client.get("/account")
    assert "First" in account.text and "Second" in account.text
    assert "Mark all as read" in account.text

    response = await post_form(client, "/account/notifications/read", {}, page="/account")
    assert response.status_code == 303
    assert unread_badge((await client.get("/")).text) is None
    account = await client.get("/account")
    assert "First" in account.text  # still listed, no longer new
    assert "Mark all as read" not in account.text
    assert not await Notification.filter(user=user, read_at__isnull=True).exists()


async def test_a_notification_title_is_escaped_on_the_page(client):
    user = await make_user("els@example.nl")
    await sign_in(client, "els@example.nl")
    await notify(user, kind="account", title="<img src=x>", body="<b>hi</b>", now=datetime.now(UTC))
    page = await client.get("/account")
    assert "<img src=x>" not in page.text and "&lt;img src=x&gt;" in page.text
    assert "<b>hi</b>" not in page.text
