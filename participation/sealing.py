"""Sealing a secret with the app's SECRET_KEY: Fernet (AES-128-CBC with HMAC-SHA256, and a time stamp) under
a key derived from SECRET_KEY by HKDF-SHA256 for one purpose, so each use has a key of its own and SECRET_KEY
itself never encrypts anything. The one way the platform seals: webcare's source tokens at rest, a new API
token on its way through the session cookie. A sealed text that this key cannot open (SECRET_KEY changed, or
it was tampered with, or is older than `max_age`) raises Unreadable."""

from __future__ import annotations

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class Unreadable(Exception):
    """A sealed text this key cannot open: another SECRET_KEY, tampered with, or too old."""


def key_for(secret_key: str, *, purpose: bytes) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret_key.encode())
    return base64.urlsafe_b64encode(derived)


@cache
def _fernet(secret_key: str, purpose: bytes) -> Fernet:
    return Fernet(key_for(secret_key, purpose=purpose))


def seal(text: str, *, secret_key: str, purpose: bytes) -> str:
    return _fernet(secret_key, purpose).encrypt(text.encode()).decode()


def unseal(sealed: str, *, secret_key: str, purpose: bytes, max_age: int | None = None) -> str:
    try:
        return _fernet(secret_key, purpose).decrypt(sealed.encode(), ttl=max_age).decode()
    except (InvalidToken, ValueError, UnicodeError):
        raise Unreadable() from None
