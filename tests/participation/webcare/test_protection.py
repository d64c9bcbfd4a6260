"""The source's access token is sealed at rest (the raw row does not hold it) and still reaches the network;
a token stored in plain text before keeps working and is sealed at its next poll; a changed key says so without
the token. Sources on loopback, private or link-local addresses are refused at saving (at polling and replying:
test_addresses.py), unless ALLOW_PRIVATE_SOURCE_ADDRESSES lets them through."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tortoise import connections

from participation.errors import Invalid
from participation.webcare import protection, rules, services
from participation.webcare.models import Source
from tests.support.mastodon import BASE, TOKEN, FakeMastodon
from tests.support.web import make_user

KEY = "test-secret-" + "x" * 32


async def raw_token(source_id: int) -> str:
    rows = await connections.get("default").execute_query_dict(
        "SELECT access_token FROM webcare_sources WHERE id = ?", [source_id]
    )
    return rows[0]["access_token"]


async def _add(base_url: str = BASE) -> Source:
    admin = await make_user(f"admin{datetime.now(UTC).timestamp()}@example.nl", "admin")
    data = rules.SourceInput(kind="mastodon", name="M", base_url=base_url, access_token=TOKEN, hashtags=("parken",))
    return await services.add_source(data, by=admin, now=datetime.now(UTC))


async def test_the_token_is_sealed_at_rest_and_reaches_the_network(orm):
    source = await _add()
    stored = await raw_token(source.id)
    assert TOKEN not in stored and stored.startswith("fernet:")
    fake = FakeMastodon()
    fake.post("Waarom is het park dicht?")
    async with fake.client() as http:
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    assert polled.new == 1 and not polled.error
    assert fake.requests and all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in fake.requests)


async def test_a_plain_token_from_before_keeps_working_and_is_sealed_at_its_next_poll(orm):
    source = await Source.create(
        kind="mastodon",
        name="Oud",
        base_url=BASE,
        access_token=TOKEN,
        hashtags=["parken"],
        created_at=datetime.now(UTC),
    )
    assert await raw_token(source.id) == TOKEN
    fake = FakeMastodon()
    fake.post("Het park is mooi")
    async with fake.client() as http:
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    assert polled.new == 1
    assert fake.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"
    stored = await raw_token(source.id)
    assert TOKEN not in stored and protection.unseal(stored) == TOKEN


async def test_a_changed_key_fails_the_source_with_why_and_without_the_token(orm):
    source = await _add()
    protection.configure(secret_key="another-secret-key-" + "y" * 30, allow_private_addresses=True)
    fake = FakeMastodon()
    async with fake.client() as http:
        polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC))
    failing = await Source.get(id=source.id)
    assert failing.status == "failing" and "can no longer be read" in failing.last_error
    assert TOKEN not in failing.last_error and TOKEN not in polled.error
    assert fake.requests == []
    protection.configure(secret_key=KEY, allow_private_addresses=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080",
        "http://localhost",
        "https://10.1.2.3/feed.xml",
        "http://192.168.0.10",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:3000",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
    ],
)
async def test_private_and_local_addresses_are_refused(orm, url):
    protection.configure(secret_key=KEY, allow_private_addresses=False)
    try:
        with pytest.raises(Invalid) as refused:
            await _add(url)
        assert "private or local network" in refused.value.fields["base_url"]
        assert await Source.all().count() == 0
    finally:
        protection.configure(secret_key=KEY, allow_private_addresses=True)


async def test_a_public_address_passes_and_the_setting_lets_private_ones_through(orm):
    protection.configure(secret_key=KEY, allow_private_addresses=False)
    try:
        assert await protection.address_refusal("https://93.184.215.14/feed.xml") is None
        # A name that does not resolve now passes at saving (polling checks again).
        assert await protection.address_refusal(BASE) is None
    finally:
        protection.configure(secret_key=KEY, allow_private_addresses=True)
    assert await protection.address_refusal("http://127.0.0.1:8080") is None
