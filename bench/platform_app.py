"""The platform as `samenspraak serve --no-monitor` builds it, for `uvicorn --factory --workers N`: each worker
process calls `create()` (the bench applies the migrations before it starts them)."""

from __future__ import annotations

from starlette.applications import Starlette

from server.app import create_app
from server.settings import load_settings


def create() -> Starlette:
    return create_app(load_settings(), run_monitor=False, freeze_at_start=True)
