"""The floor the benchmark compares against: bare Starlette on the same database driver and server.

`POST /insert` does one INSERT through a Tortoise model; `GET /page` renders one small Jinja2 page.
"""

from __future__ import annotations

import contextlib
import os

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from tortoise import Tortoise, fields
from tortoise.models import Model

from participation.db import with_pragmas

# The same SQLite settings as the platform, so the floor differs only in the work done per request.
DATABASE_URL = with_pragmas(os.environ["BASELINE_DATABASE_URL"])
TEMPLATE = Environment(autoescape=True).from_string(
    "<!doctype html><html lang=nl><head><title>{{ title }}</title></head>"
    "<body><main><h1>{{ title }}</h1><p>{{ text }}</p></main></body></html>"
)


class Floor(Model):
    id = fields.IntField(primary_key=True)
    body = fields.TextField()

    class Meta:
        table = "floor"


@contextlib.asynccontextmanager
async def lifespan(app):
    await Tortoise.init(db_url=DATABASE_URL, modules={"models": ["bench.baseline_app"]}, _enable_global_fallback=True)
    await Tortoise.generate_schemas(safe=True)
    yield
    await Tortoise.close_connections()


async def insert(request: Request) -> JSONResponse:
    body = await request.body()
    await Floor.create(body=body.decode())
    return JSONResponse({"ok": True}, status_code=201)


async def page(request: Request) -> HTMLResponse:
    return HTMLResponse(TEMPLATE.render(title="Floor", text="A bare page."))


app = Starlette(routes=[Route("/insert", insert, methods=["POST"]), Route("/page", page)], lifespan=lifespan)
