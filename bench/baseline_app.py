"""The floors the benchmark compares against: bare Starlette on the same database, driver and server.

`BASELINE_DATABASE_URL` picks the database (a SQLite file, or PostgreSQL). Per request:

- `POST /insert/orm` stores the body with one INSERT through a Tortoise model;
- `POST /insert/raw` stores it with one INSERT, committed on its own, straight through the driver Tortoise
  uses (aiosqlite, or asyncpg): the physical floor, what storing one row costs with no ORM at all;
- `GET /page` renders one small Jinja2 page.
"""

from __future__ import annotations

import contextlib
import os
from urllib.parse import urlsplit

import aiosqlite
import asyncpg
from jinja2 import Environment
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from tortoise import Tortoise, fields
from tortoise.models import Model

from participation.db import SQLITE_PRAGMAS, with_pragmas

# The same SQLite settings as the platform, so the floor differs only in the work done per request.
DATABASE_URL = with_pragmas(os.environ["BASELINE_DATABASE_URL"])
SQLITE = DATABASE_URL.startswith("sqlite://")
# What Tortoise sets on every SQLite connection, plus the platform's pragmas.
RAW_SQLITE_PRAGMAS = {"journal_mode": "WAL", "journal_size_limit": "16384", **SQLITE_PRAGMAS}
# Tortoise's asyncpg pool holds at most 5 connections unless told otherwise; the platform does not tell it.
POOL_SIZE = 5
RAW_TABLE = "CREATE TABLE IF NOT EXISTS floor_raw (id {key}, body TEXT NOT NULL)"
TEMPLATE = Environment(autoescape=True).from_string(
    "<!doctype html><html lang=nl><head><title>{{ title }}</title></head>"
    "<body><main><h1>{{ title }}</h1><p>{{ text }}</p></main></body></html>"
)


class Floor(Model):
    id = fields.IntField(primary_key=True)
    body = fields.TextField()

    class Meta:
        table = "floor"


class RawSQLite:
    """One aiosqlite connection in autocommit mode, as Tortoise keeps one: outside BEGIN each INSERT is its
    own transaction, committed (WAL append, synchronous=NORMAL) before the call returns. No lock is needed
    for that, so concurrent requests never share a commit: each pays its own."""

    def __init__(self, path: str) -> None:
        self.path = path

    async def open(self) -> None:
        self.connection = await aiosqlite.connect(self.path, isolation_level=None)
        for pragma, value in RAW_SQLITE_PRAGMAS.items():
            await self.connection.execute(f"PRAGMA {pragma}={value}")
        await self.connection.execute(RAW_TABLE.format(key="INTEGER PRIMARY KEY"))

    async def insert(self, body: str) -> None:
        await self.connection.execute("INSERT INTO floor_raw (body) VALUES (?)", (body,))

    async def close(self) -> None:
        await self.connection.close()


class RawPostgres:
    """An asyncpg pool as large as Tortoise's; outside a transaction each INSERT commits on its own."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def open(self) -> None:
        self.pool = await asyncpg.create_pool(self.url, min_size=1, max_size=POOL_SIZE)
        await self.pool.execute(RAW_TABLE.format(key="SERIAL PRIMARY KEY"))

    async def insert(self, body: str) -> None:
        await self.pool.execute("INSERT INTO floor_raw (body) VALUES ($1)", body)

    async def close(self) -> None:
        await self.pool.close()


def raw_store() -> RawSQLite | RawPostgres:
    if SQLITE:
        parts = urlsplit(DATABASE_URL)
        return RawSQLite(parts.netloc + parts.path)
    return RawPostgres(DATABASE_URL)


RAW = raw_store()


@contextlib.asynccontextmanager
async def lifespan(app):
    await Tortoise.init(db_url=DATABASE_URL, modules={"models": ["bench.baseline_app"]}, _enable_global_fallback=True)
    await Tortoise.generate_schemas(safe=True)
    await RAW.open()
    yield
    await RAW.close()
    await Tortoise.close_connections()


async def insert_orm(request: Request) -> JSONResponse:
    body = await request.body()
    await Floor.create(body=body.decode())
    return JSONResponse({"ok": True}, status_code=201)


async def insert_raw(request: Request) -> JSONResponse:
    body = await request.body()
    await RAW.insert(body.decode())
    return JSONResponse({"ok": True}, status_code=201)


async def page(request: Request) -> HTMLResponse:
    return HTMLResponse(TEMPLATE.render(title="Floor", text="A bare page."))


app = Starlette(
    routes=[
        Route("/insert/orm", insert_orm, methods=["POST"]),
        Route("/insert/raw", insert_raw, methods=["POST"]),
        Route("/page", page),
    ],
    lifespan=lifespan,
)
