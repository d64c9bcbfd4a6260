"""A new API token goes from the POST that makes it to the page that shows it (POST, 303, GET) in the session
cookie, for that one redirect. The cookie is signed, not encrypted, so the secret is sealed: XORed with a
keystream that SHAKE-256 derives from the server's secret key and a fresh random nonce. The page takes it out
of the session as it shows it, so a reload, the back button or a copied URL shows the token no more."""

from __future__ import annotations

import base64
import hashlib
import secrets

from starlette.requests import Request

KEY = "new_token"


def _keystream(key: str, nonce: bytes, length: int) -> bytes:
    return hashlib.shake_256(b"samenspraak new token\0" + key.encode() + b"\0" + nonce).digest(length)


def hand_over(request: Request, *, secret: str, name: str, key: str) -> None:
    data = secret.encode()
    nonce = secrets.token_bytes(16)
    sealed = bytes(a ^ b for a, b in zip(data, _keystream(key, nonce, len(data)), strict=True))
    request.session[KEY] = {
        "name": name,
        "nonce": base64.urlsafe_b64encode(nonce).decode(),
        "sealed": base64.urlsafe_b64encode(sealed).decode(),
    }


def take(request: Request, *, key: str) -> tuple[str, str] | None:
    """The name and secret of the token just made, once; None after that (or if there is none)."""
    held = request.session.pop(KEY, None)
    try:
        nonce = base64.urlsafe_b64decode(held["nonce"])
        sealed = base64.urlsafe_b64decode(held["sealed"])
        secret = bytes(a ^ b for a, b in zip(sealed, _keystream(key, nonce, len(sealed)), strict=True)).decode()
        return str(held["name"]), secret
    except (TypeError, KeyError, ValueError):
        return None
