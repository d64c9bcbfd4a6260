"""Passwords are stored as argon2id hashes at the RFC 9106 low-memory profile, never as themselves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher

from participation.accounts import passwords
from participation.accounts import services as accounts
from participation.accounts.models import User


def test_production_hashes_are_argon2id_at_the_rfc_9106_low_memory_profile(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.undo()  # the real hasher, not the cheap one the other tests use
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "correct horse battery" not in stored
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterY")
    assert not passwords.needs_rehash(stored)


def test_an_empty_or_broken_hash_never_verifies():
    assert not passwords.verify_password("", "not a real password")  # the dummy's own password
    assert not passwords.verify_password("not-a-hash", "anything")


def test_a_hash_at_an_older_cost_is_marked_for_rehashing():
    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash("correct horse battery")
    assert passwords.verify_password(weak, "correct horse battery")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", PasswordHasher())
        assert passwords.needs_rehash(weak)


async def test_signing_in_upgrades_a_hash_made_at_other_parameters(orm):
    old = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash("correct horse battery")
    user = await User.create(email="els@example.nl", display_name="Els", password_hash=old)
    await accounts.authenticate(
        email="els@example.nl", password="correct horse battery", address="10.0.0.1", now=datetime.now(UTC)
    )
    await user.refresh_from_db()
    assert user.password_hash != old
    assert not passwords.needs_rehash(user.password_hash)
    assert passwords.verify_password(user.password_hash, "correct horse battery")
