"""A new API token goes from the POST that makes it to the page that shows it (POST, 303, GET) in the session
cookie, for that one redirect. The cookie is signed, not encrypted, so the secret is sealed the platform's one
way (participation/sealing.py: Fernet under a key derived from SECRET_KEY for this purpose), and opens for a few
minutes only. The page takes it out of the session as it shows it, so a reload, the back button or a copied URL
shows the token no more."""

from __future__ import annotations

from starlette.requests import Request

from participation import sealing

KEY = "new_token"
PURPOSE = b"samenspraak new API token, from its POST to its page"
# The redirect takes a moment; a sealed token older than this is not shown (it is in the list, to revoke).
MAX_AGE = 600


def hand_over(request: Request, *, secret: str, name: str, key: str) -> None:
    request.session[KEY] = {"name": name, "sealed": sealing.seal(secret, secret_key=key, purpose=PURPOSE)}


def take(request: Request, *, key: str) -> tuple[str, str] | None:
    """The name and secret of the token just made, once; None after that (or if there is none)."""
    held = request.session.pop(KEY, None)
    try:
        secret = sealing.unseal(str(held["sealed"]), secret_key=key, purpose=PURPOSE, max_age=MAX_AGE)
        return str(held["name"]), secret
    except (TypeError, KeyError, sealing.Unreadable):
        return None
