"""The CSRF token of a page request (GET, HEAD, OPTIONS, TRACE), without asgi-csrf's work on every request.

asgi-csrf (server/app.py `csrf_protection`) checks every other request, as before. For the safe methods it
checks nothing and only hands the page its token, but at a price paid by every request: a token minted (16
`secrets.choice` calls, a fresh itsdangerous serializer, JSON, a zlib attempt; ~60 µs) whether the page uses
it or not, the cookie header parsed with `SimpleCookie` and the cookie's signature verified again on every
visit. Here the same token, in asgi-csrf's own format (so its check of the form that follows accepts it), is
minted only when the page asks for it (`scope["csrftoken"]()`), with one signer made at start; a cookie's
signature is verified once per process and token; the response gets `Vary: Cookie` when the page used the
token, and the cookie (`HttpOnly`, `SameSite=Lax`, `Secure` when configured) when the visitor had no valid one,
as asgi-csrf would have set it.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from itsdangerous import BadSignature
from itsdangerous.encoding import base64_encode
from itsdangerous.url_safe import URLSafeSerializer
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "csrftoken"
NAMESPACE = "csrftoken"  # asgi-csrf's signing namespace (the salt)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
KNOWN_KEPT = 20_000


class PageToken:
    """For the safe methods only: puts the token getter in the scope and sets the cookie if it was used."""

    def __init__(self, app: ASGIApp, *, signing_secret: str, cookie_secure: bool) -> None:
        self.app = app
        self.serializer = URLSafeSerializer(signing_secret)
        self.signer = self.serializer.make_signer(NAMESPACE)
        attributes = "; Path=/; SameSite=Lax" + ("; Secure" if cookie_secure else "") + "; HttpOnly"
        self.cookie_attributes = attributes.encode()
        # Tokens whose signature was found valid (a pure function of the token and the secret).
        self.known: set[str] = set()

    def valid(self, token: str) -> bool:
        if token in self.known:
            return True
        try:
            self.serializer.loads(token, NAMESPACE)
        except BadSignature:
            return False
        if len(self.known) >= KNOWN_KEPT:
            self.known.clear()
        self.known.add(token)
        return True

    def mint(self) -> str:
        """A new token as asgi-csrf makes one: its secret, JSON, base64 (uncompressed: zlib never makes 18
        bytes shorter), signed with the namespace."""
        payload = base64_encode(json.dumps(secrets.token_urlsafe(12)).encode())
        return self.signer.sign(payload).decode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = None
        for name, value in scope["headers"]:
            if name == b"cookie":
                token = cookie_parser(value.decode("latin-1")).get(COOKIE)
                break
        had_cookie = token is not None and self.valid(token)
        used = False

        def get_token() -> str:
            nonlocal token, used
            if not used and not had_cookie:
                token = self.mint()
            used = True
            return token  # type: ignore[return-value]

        async def send_with_token(message: Message) -> None:
            if message["type"] == "http.response.start" and used:
                headers: list[Any] = []
                vary = False
                for name, value in message.get("headers", []):
                    if name.lower() == b"vary":
                        vary = True
                        if b"cookie" not in value.lower():
                            value = value + b", Cookie"
                    headers.append((name, value))
                if not vary:
                    headers.append((b"vary", b"Cookie"))
                if not had_cookie:
                    headers.append((b"set-cookie", COOKIE.encode() + b"=" + token.encode() + self.cookie_attributes))
                message = {**message, "headers": headers}
            await send(message)

        scope["csrftoken"] = get_token
        await self.app(scope, receive, send_with_token)
