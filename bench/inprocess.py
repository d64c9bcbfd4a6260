"""What the in-process benches share (bench/answer_cpu.py, bench/page_cpu.py): a temporary folder with the floor's
database, the platform's settings for the bench, the bench's consultation, one request called straight into an
ASGI app as uvicorn calls it, and an optional cProfile around a measured run.

Import bench.baseline_app after this module: the floor app reads BASELINE_DATABASE_URL when it is imported.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import os
import pstats
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="bench-inprocess-"))
os.environ.setdefault("BASELINE_DATABASE_URL", f"sqlite://{FOLDER / 'floor.sqlite3'}")

from bench.run import CONSULTATION  # noqa: E402
from participation.accounts.models import User  # noqa: E402
from participation.consultations.models import Consultation  # noqa: E402
from participation.consultations.rules import ConsultationInput, QuestionInput  # noqa: E402
from participation.consultations.services import authoring  # noqa: E402
from server.settings import Settings  # noqa: E402

# What came back: the status, the headers and the body.
Response = tuple[int, list[tuple[bytes, bytes]], bytes]


def settings(database_url: str, *, data_dir: Path = FOLDER) -> Settings:
    """The platform as the bench runs it: no mail, no confirmation asked, registrations not throttled."""
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        secret_key="bench-secret-" + "x" * 32,
        base_url="http://bench",
        smtp_url=None,
        registrations_per_hour=10_000,
        report_threshold=3,
        confirm_email_to_participate=False,
    )


def questions(extra: Sequence[QuestionInput] = ()) -> list[QuestionInput]:
    """The questions of bench/run.py's `CONSULTATION`, and `extra` after them."""
    made = []
    for q in CONSULTATION["questions"]:
        given = {k: q[k] for k in ("options", "scale_min", "scale_max", "min_label", "max_label") if k in q}
        made.append(QuestionInput(q["kind"], q["prompt"], required=q["required"], **given))
    return [*made, *extra]


async def open_consultation(official: User, *, now: datetime, extra: Sequence[QuestionInput] = ()) -> Consultation:
    """The bench's consultation, made two days and opened one day before `now`."""
    data = ConsultationInput(
        title=CONSULTATION["title"],
        summary=CONSULTATION["summary"],
        body=CONSULTATION["body"],
        questions=questions(extra),
    )
    made = await authoring.create_consultation(data=data, by=official, now=now - timedelta(days=2))
    return await authoring.open_consultation(made.id, by=official, now=now - timedelta(days=1))


async def call(app, method: str, path: str, headers: Sequence[tuple[bytes, bytes]] = (), body: bytes = b"") -> Response:
    """One request straight into the ASGI app, with the scope uvicorn makes; its status, headers and body.
    Receiving after the body waits, as a client that keeps its connection open."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 40000),
        "scheme": "http",
        "method": method,
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            *([(b"content-length", str(len(body)).encode())] if body else []),
            *headers,
        ],
        "state": {},
    }
    received = False
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal received
        if received:
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}
        received = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = sent[0]
    return start["status"], start.get("headers", []), b"".join(m.get("body", b"") for m in sent[1:])


def _length(body: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"content-length", str(len(body)).encode())] if body else []


@contextlib.contextmanager
def profiled(enabled: bool, *, name: str, top: int = 35) -> Iterator[None]:
    """cProfile (thread CPU time) around the block when `enabled`; its tables, by own and by total time."""
    if not enabled:
        yield
        return
    import time

    profiler = cProfile.Profile(time.thread_time)
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        print(f"--- profile: {name}")
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
