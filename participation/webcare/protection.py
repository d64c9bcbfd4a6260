"""Two protections of webcare's sources: the access token sealed at rest, and no polling of private addresses.

Tokens are sealed with participation/sealing.py (Fernet under a key derived from the app's SECRET_KEY for this
purpose); a stored token reads "fernet:<token>". A token stored in plain text before this existed still works
(read as it is) and is sealed the next time its source is polled. When SECRET_KEY changes, sealed tokens can no
longer be read: the source fails with a message saying so, and an admin adds the token again.

A source whose address resolves to a loopback, private, link-local or otherwise non-public address is refused
(server-side request forgery: the monitor would otherwise fetch, with the app's network position, whatever an
admin account names). The setting ALLOW_PRIVATE_SOURCE_ADDRESSES lets them through, for tests against a local
mastodon-mock and for an instance on the organisation's own network. A name that does not resolve now is let
through at saving. Polls and replies are checked where they connect (addresses.py): the name is resolved once and
the connection goes to the address checked, so a name that later points inwards (DNS rebinding) is refused.

The web layer and the monitor call `configure` at start (server/webcare/__init__.py); the domain reads no
settings itself.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from participation import sealing
from participation.i18n import _

PREFIX = "fernet:"
_INFO = b"samenspraak webcare source access tokens"


@dataclass
class _State:
    secret_key: str | None = None
    allow_private: bool = False


_state = _State()

# A sealed token that this key cannot open (SECRET_KEY changed).
Unreadable = sealing.Unreadable


def configure(*, secret_key: str, allow_private_addresses: bool = False) -> None:
    _state.secret_key = secret_key
    _state.allow_private = allow_private_addresses


def configured() -> bool:
    return _state.secret_key is not None


def _key() -> str:
    if _state.secret_key is None:
        raise RuntimeError("webcare.protection.configure(secret_key=...) was not called: tokens cannot be sealed")
    return _state.secret_key


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(token: str) -> str:
    if not token:
        return ""
    return PREFIX + sealing.seal(token, secret_key=_key(), purpose=_INFO)


def unseal(stored: str) -> str:
    if not is_sealed(stored):
        return stored  # stored in plain text before tokens were sealed
    return sealing.unseal(stored[len(PREFIX) :], secret_key=_key(), purpose=_INFO)


def private_allowed() -> bool:
    return _state.allow_private


def public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def address_refusal(url: str) -> str | None:
    """Why the monitor may not fetch `url` (its host resolves to a non-public address), or None."""
    if _state.allow_private:
        return None
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return None  # the form's own check says what is wrong
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        return None  # not found now; polling will say so, and checks again
    if all(public_address(str(info[4][0])) for info in infos):
        return None
    return _("This address is on a private or local network; the monitor does not fetch from there.")
