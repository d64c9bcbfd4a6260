"""The client that reaches sources checks the address it connects to: a name is resolved once per connection,
refused when it points at a loopback, private or link-local address (unless ALLOW_PRIVATE_SOURCE_ADDRESSES), and
the connection goes to exactly the address checked, with the name kept for the Host header and TLS (SNI) — so a
name that answers a public address to a check and 127.0.0.1 to the connection (DNS rebinding) gets nowhere."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpcore
import pytest

from participation.webcare import addresses, protection, services
from participation.webcare.models import Conversation, Post, Reply, Source
from participation.webcare.sources.base import Fetched
from tests.support import mastodon_mock
from tests.support.web import make_user

KEY = "test-secret-" + "x" * 32


@contextlib.contextmanager
def strict():
    protection.configure(secret_key=KEY, allow_private_addresses=False)
    try:
        yield
    finally:
        protection.configure(secret_key=KEY, allow_private_addresses=True)


@contextlib.asynccontextmanager
async def listener() -> AsyncIterator[tuple[int, list[int]]]:
    """A TCP server on 127.0.0.1 that counts who reached it (and answers nothing)."""
    reached: list[int] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        reached.append(1)
        writer.close()

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1], reached
    finally:
        server.close()
        await server.wait_closed()


async def _source_with_conversation(base_url: str) -> tuple[Source, Conversation]:
    now = datetime.now(UTC)
    source = await Source.create(
        kind="mastodon", name="Intern", base_url=base_url, access_token="t0ken", hashtags=["parken"], created_at=now
    )
    post = Fetched(
        uri=f"{base_url}/s/1", external_id="1", url=f"{base_url}/@a/1", author="a", html="<p>Hoi</p>", created_at=now
    )
    await services.store_posts(source, [post], now=now)
    return source, await Conversation.get(source_id=source.id)


async def test_a_name_that_resolves_to_loopback_is_refused_for_polls_and_replies_before_connecting(orm):
    official = await make_user("official@example.nl", "official")
    async with listener() as (port, reached):
        source, conversation = await _source_with_conversation(f"http://localhost:{port}")
        with strict():
            async with addresses.client() as http:
                polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
                now = datetime.now(UTC)
                reply = await services.queue_reply(conversation.id, "We kijken ernaar.", by=official, now=now)
                delivered = await services.deliver(reply.id, http=http, now=now)
        assert reached == []  # not a single connection was opened
    assert "private or local network" in polled.error
    failing = await Source.get(id=source.id)
    assert failing.status == "failing" and "private or local network" in failing.last_error
    assert delivered.status == "failed" and "private or local network" in delivered.error
    assert (await Reply.get(id=reply.id)).status == "failed"


async def test_with_private_addresses_allowed_the_same_client_polls_and_replies_through_localhost(orm):
    official = await make_user("official@example.nl", "official")
    with mastodon_mock.running() as instance:
        base = instance.replace("127.0.0.1", "localhost")
        question = mastodon_mock.post(instance, "Waarom is het #adressenpark dicht?")
        source = await Source.create(
            kind="mastodon",
            name="Mock",
            base_url=base,
            access_token=mastodon_mock.TOKEN,
            hashtags=["adressenpark"],
            created_at=datetime.now(UTC),
        )
        async with addresses.client() as http:  # the conftest allows private addresses, as the setting does
            polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
            assert (polled.new, polled.error) == (1, "")
            post = await Post.get(source_id=source.id)
            assert post.external_id == question["id"]
            now = datetime.now(UTC)
            reply = await services.queue_reply(post.conversation_id, "Morgen weer open.", by=official, now=now)
            sent = await services.deliver(reply.id, http=http, now=now)
    assert sent.status == "sent" and sent.error == ""


ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]"


class Recorded(httpcore.AsyncNetworkStream):
    """A connection that answers one canned response and keeps what was written and the TLS name."""

    def __init__(self, log: dict) -> None:
        self.log = log
        self.answer = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]"
        )

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        chunk, self.answer = self.answer[:max_bytes], self.answer[max_bytes:]
        return chunk

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.log.setdefault("written", b"")
        self.log["written"] += buffer

    async def aclose(self) -> None:
        pass

    async def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        self.log["sni"] = server_hostname
        return self

    def get_extra_info(self, info: str):
        return None


class Network(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self.connections: list[tuple[str, int]] = []
        self.log: dict = {}

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.connections.append((host, port))
        return Recorded(self.log)

    async def sleep(self, seconds: float) -> None:
        pass


async def test_the_connection_goes_to_the_address_checked_and_a_rebound_name_is_refused():
    answers = [["93.184.215.14"], ["127.0.0.1"]]
    asked: list[str] = []

    async def rebinding(host: str, port: int) -> list[str]:
        asked.append(host)
        return answers.pop(0)  # public for the first look-up, loopback for the next

    network = Network()
    backend = addresses.GuardedBackend(inner=network, resolver=rebinding)
    with strict():
        async with addresses.client(backend=backend) as http:
            first = await http.get("https://rebind.example/api/v1/timelines/tag/parken")
            assert first.status_code == 200
            assert network.connections == [("93.184.215.14", 443)]  # the address checked, looked up once
            assert network.log["sni"] == "rebind.example"  # TLS still names (and checks) the host
            assert b"Host: rebind.example\r\n" in network.log["written"]
            with pytest.raises(addresses.Refused):
                await http.get("https://rebind.example/api/v1/timelines/tag/parken")
    assert asked == ["rebind.example", "rebind.example"]
    assert network.connections == [("93.184.215.14", 443)]  # the rebound answer was never connected to


@pytest.mark.parametrize(
    "answer", [["93.184.215.14", "10.0.0.5"], ["169.254.169.254"], ["::1"], ["::ffff:127.0.0.1"], []]
)
async def test_a_name_with_any_private_address_is_refused(answer):
    async def resolver(host: str, port: int) -> list[str]:
        return answer

    network = Network()
    with strict():
        async with addresses.client(backend=addresses.GuardedBackend(inner=network, resolver=resolver)) as http:
            with pytest.raises(addresses.Refused):
                await http.get("http://mixed.example/feed.xml")
    assert network.connections == []


async def test_an_address_written_as_an_ip_is_checked_without_a_look_up():
    async def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("an IP address is not looked up")

    network = Network()
    with strict():
        async with addresses.client(backend=addresses.GuardedBackend(inner=network, resolver=resolver)) as http:
            with pytest.raises(addresses.Refused):
                await http.get("http://[::1]:3000/")
            assert (await http.get("http://93.184.215.14/feed.xml")).status_code == 200
    assert network.connections == [("93.184.215.14", 80)]
