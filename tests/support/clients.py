"""More browsers: a second httpx client on the same app, from an address of the test's choosing."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx


@contextlib.asynccontextmanager
async def browser(
    app, address: str = "127.0.0.1", base_url: str = "http://testserver"
) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(address, 40001))
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        yield client
