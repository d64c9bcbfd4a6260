from __future__ import annotations


async def test_home_and_health(client):
    response = await client.get("/")
    assert response.status_code == 200
    assert "Samenspraak" in response.text
    assert (await client.get("/healthz")).json() == {"status": "ok"}
