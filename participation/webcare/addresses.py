"""The HTTP client that reaches webcare's sources: the address it checks is the address it connects to.

Checking a source's host name apart from the connection leaves a gap (DNS rebinding): the name may resolve to a
public address for the check and to 127.0.0.1 for the connection a moment later. Here the network backend under
the client resolves the name once per connection, refuses it when any of its addresses is loopback, private,
link-local or otherwise not public (unless ALLOW_PRIVATE_SOURCE_ADDRESSES, protection.configure), and opens the
TCP connection to one of exactly those addresses. TLS still goes to the name (SNI and the certificate check
use it) and the Host header is the request's own, so nothing else changes for the server.

The app and the monitor build their client with `client()` (server/app.py, server/cli.py); a refusal reaches
the network clients as `Refused` (an httpx.ConnectError) and becomes the source's error.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpcore
import httpx

from participation.i18n import _
from participation.webcare import protection

Resolve = Callable[[str, int], Awaitable[list[str]]]


class Refused(httpx.ConnectError):
    """The host resolves to an address the monitor may not connect to."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} is on a private or local network")
        self.host = host


def refusal_message() -> str:
    return _("This address is on a private or local network; the monitor does not fetch from there.")


async def resolve(host: str, port: int) -> list[str]:
    """Every address the name has now (one DNS answer)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))
    except ValueError:
        return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves once, checks what it resolved, connects to what it checked."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None, resolver: Resolve = resolve) -> None:
        self._inner = inner or httpcore.AnyIOBackend()
        self._resolve = resolver

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if protection.private_allowed():
            return await self._inner.connect_tcp(
                host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
            )
        literal = _literal(host)
        if literal is not None:
            addresses = [literal]
        else:
            try:
                addresses = await asyncio.wait_for(self._resolve(host, port), timeout)
            except (OSError, UnicodeError, ValueError, TimeoutError) as exc:
                raise httpcore.ConnectError(f"{host} could not be resolved ({type(exc).__name__})") from None
        if not addresses or not all(protection.public_address(a) for a in addresses):
            raise Refused(host)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("Sources are reached over TCP only.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (pooling, HTTP/1.1, TLS with the default certificate checks) over GuardedBackend.
    httpx takes no network backend, so the pool it keeps (`_pool`, httpx 0.28) is replaced by one that has it;
    test_addresses.py fails if a new httpx stops using it. No proxy: a proxy would resolve the name itself, out
    of reach of the check."""

    def __init__(self, backend: GuardedBackend | None = None, *, limits: httpx.Limits | None = None) -> None:
        super().__init__(trust_env=False)
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend or GuardedBackend(),
        )


def client(*, backend: GuardedBackend | None = None, **options: Any) -> httpx.AsyncClient:
    """The client the app and the monitor reach sources with (httpx.AsyncClient options pass through)."""
    return httpx.AsyncClient(transport=GuardedTransport(backend), **options)
