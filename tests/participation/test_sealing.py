"""The one way the platform seals a secret (participation/sealing.py): the sealed text does not hold the secret,
opens with the same SECRET_KEY and purpose only, not once tampered with or too old; webcare's source tokens
sealed before this module existed still open."""

from __future__ import annotations

import time

import pytest
from cryptography.fernet import Fernet

from participation import sealing
from participation.webcare import protection

KEY = "test-secret-" + "x" * 32
PURPOSE = b"a purpose of the tests"
SECRET = "ssp_0123456789abcdefghijklmnopqrstuvwxyz"


def test_a_sealed_secret_opens_with_its_key_and_purpose_only():
    sealed = sealing.seal(SECRET, secret_key=KEY, purpose=PURPOSE)
    assert SECRET not in sealed and SECRET[4:20] not in sealed
    assert sealing.unseal(sealed, secret_key=KEY, purpose=PURPOSE) == SECRET
    # Sealed twice, two different texts (a fresh IV each time).
    assert sealing.seal(SECRET, secret_key=KEY, purpose=PURPOSE) != sealed
    for key, purpose in ((KEY + "!", PURPOSE), (KEY, b"another purpose")):
        with pytest.raises(sealing.Unreadable):
            sealing.unseal(sealed, secret_key=key, purpose=purpose)
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    for broken in (tampered, "", "not sealed at all", sealed[:20]):
        with pytest.raises(sealing.Unreadable):
            sealing.unseal(broken, secret_key=KEY, purpose=PURPOSE)


def test_a_sealed_secret_older_than_max_age_does_not_open():
    fernet = Fernet(sealing.key_for(KEY, purpose=PURPOSE))
    old = fernet.encrypt_at_time(SECRET.encode(), int(time.time()) - 700).decode()
    assert sealing.unseal(old, secret_key=KEY, purpose=PURPOSE) == SECRET  # no limit asked
    with pytest.raises(sealing.Unreadable):
        sealing.unseal(old, secret_key=KEY, purpose=PURPOSE, max_age=600)


# Sealed by webcare's own Fernet code before sealing.py existed (HKDF-SHA256 of KEY, webcare's purpose).
BEFORE = (
    "fernet:gAAAAABrDvj15EJVxMH6yxxFjrliFn6k8YPPz-W0NByft61WYqzGSO8DZlKFLyy3LJe1BIMmw3SNd1NC_sb_vMLzaUD0ZYVpQInQpFa1"
    "eBkLWx-CQB8EwCyYCSq6UiGflVR_C2mQqhMg"
)


def test_webcare_tokens_sealed_before_still_open(monkeypatch):
    monkeypatch.setattr(protection, "_state", protection._State())  # this test's key only, not the suite's
    protection.configure(secret_key=KEY)
    assert protection.unseal(BEFORE) == "mastodon-access-token-from-before"
    assert protection.unseal(protection.seal("nieuw")) == "nieuw"
