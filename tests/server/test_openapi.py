"""The OpenAPI document is generated from the routes: every API operation is in it, and every reference resolves."""

from __future__ import annotations

import re
from typing import Any

from starlette.routing import Mount, Route


def api_routes(routes, prefix: str = ""):
    for route in routes:
        if isinstance(route, Mount):
            yield from api_routes(route.routes, prefix + route.path)
        elif isinstance(route, Route) and (prefix + route.path).startswith("/api/v1"):
            yield re.sub(r"\{(\w+):\w+\}", r"{\1}", prefix + route.path), route


def refs(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


async def test_every_api_route_is_documented_with_its_method(client, app):
    document = (await client.get("/api/openapi.json")).json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for path, route in api_routes(app.routes):
        assert getattr(route.endpoint, "operation", None), f"{path} has no @operation record"
        for method in route.methods - {"HEAD"}:
            assert method.lower() in paths.get(path, {}), f"{method} {path} missing from the document"


async def test_the_accounts_operations_carry_their_schemas(client):
    paths = (await client.get("/api/openapi.json")).json()["paths"]
    tokens = paths["/api/v1/tokens"]["post"]
    assert "requestBody" in tokens and {"201", "401", "422", "429"} <= set(tokens["responses"])
    users = paths["/api/v1/users"]["post"]
    assert {"201", "422"} <= set(users["responses"])
    me = paths["/api/v1/me"]["get"]
    assert me["security"] == [{"bearer": []}]
    assert "401" in me["responses"]


async def test_every_reference_resolves_and_operation_ids_are_unique(client):
    document = (await client.get("/api/openapi.json")).json()
    schemas = document["components"]["schemas"]
    for ref in refs(document):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
