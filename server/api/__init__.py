"""The JSON API under /api/v1, each area's routes listed explicitly."""

from __future__ import annotations

from starlette.routing import Mount, Route

from server.api import accounts, consultations
from server.api.openapi import openapi

routes = [
    Route("/api/openapi.json", openapi, name="openapi"),
    Mount("/api/v1", routes=[*accounts.routes, *consultations.routes]),
]
