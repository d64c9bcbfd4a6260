"""Answering (`PUT /api/v1/consultations/{id}/my-response`) in process: CPU time per request, against the raw
aiosqlite INSERT floor measured in the same run.

As `make bench` asks: `--connections` citizens (50), each with their own bearer token, answer the bench's
consultation (bench/run.py's `CONSULTATION`) at the same time, each alternating between two different answers,
so after the first round every PUT replaces a response with changed values (and, as every citizen answers
several times a second, every text answer is a flood that moderation flags). The floor is bench/baseline_app's
`POST /insert/raw` (one aiosqlite INSERT committed on its own) under the same concurrency.

The ASGI apps are called directly (no server, no network, no HTTP client): the figure is what the application
itself costs per request; uvicorn adds about the same to both (bench/results/latest.md, the bare page).
`time.process_time` around `--rounds` requests after a warm-up, the least of `--repeats` runs, so the figure
holds up under other load.

    python bench/answer_cpu.py [--rounds 3000] [--profile] [--connections 50]

A figure taken on a loaded machine is only good against another measured in the same run. Never run by the
tests.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="bench-answer-"))
os.environ.setdefault("BASELINE_DATABASE_URL", f"sqlite://{FOLDER / 'floor.sqlite3'}")

from asgi_lifespan import LifespanManager  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.routing import Route  # noqa: E402

from bench import baseline_app  # noqa: E402
from bench.run import CONSULTATION, answer_body  # noqa: E402
from participation import db  # noqa: E402
from participation.accounts import services as accounts  # noqa: E402
from participation.consultations.rules import ConsultationInput, QuestionInput  # noqa: E402
from participation.consultations.services import authoring  # noqa: E402
from server.app import create_app  # noqa: E402
from server.settings import Settings  # noqa: E402


async def call(app, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    """One request straight into the ASGI app; its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"content-length", str(len(body)).encode()), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("bench", 80),
    }
    sent = False
    status = [0]

    async def receive():
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            status[0] = message["status"]

    await app(scope, receive, send)
    return status[0]


async def load(app, requests: list[list[tuple[str, str, list, bytes]]], rounds: int) -> list[int]:
    """`rounds` requests in all, spread over one task per connection (each its own list, in turn)."""
    per = rounds // len(requests)
    statuses: list[int] = []

    async def connection(own):
        for n in range(per):
            statuses.append(await call(app, *own[n % len(own)]))

    await asyncio.gather(*(connection(own) for own in requests))
    return statuses


async def measure(name, app, requests, rounds: int, profile: bool, top: int) -> float:
    """The least CPU ms/req of `REPEATS` runs of `rounds` requests: other load on the machine only adds."""
    await load(app, requests, len(requests) * 4)  # warm-up: every citizen has a response to replace
    return min([await _measured(name, app, requests, rounds, profile, top) for _ in range(REPEATS[0])])


REPEATS = [3]


async def _measured(name, app, requests, rounds: int, profile: bool, top: int) -> float:
    profiler = cProfile.Profile(time.thread_time) if profile else None
    if profiler:
        profiler.enable()
    start = time.process_time()
    statuses = await load(app, requests, rounds)
    spent = time.process_time() - start
    if profiler:
        profiler.disable()
        print(f"--- profile: {name}")
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
    wrong = [s for s in statuses if s not in (200, 201)]
    assert not wrong, f"{name}: {len(wrong)} requests answered {sorted(set(wrong))}"
    return spent / len(statuses) * 1000


async def floor(connections: int, rounds: int, profile: bool, top: int) -> float:
    app = Starlette(routes=[Route("/insert/raw", baseline_app.insert_raw, methods=["POST"])])
    await baseline_app.RAW.open()
    try:
        body = b'{"answer": 3}'
        requests = [[("POST", "/insert/raw", [(b"content-type", b"application/json")], body)]] * connections
        return await measure("floor", app, requests, rounds, profile, top)
    finally:
        await baseline_app.RAW.close()


def questions() -> list[QuestionInput]:
    made = []
    for q in CONSULTATION["questions"]:
        extra = {k: q[k] for k in ("options", "scale_min", "scale_max", "min_label", "max_label") if k in q}
        made.append(QuestionInput(q["kind"], q["prompt"], required=q["required"], **extra))
    return made


async def answering(connections: int, rounds: int, profile: bool, top: int) -> float:
    url = f"sqlite://{FOLDER / 'app.sqlite3'}"
    await db.migrate(url)
    settings = Settings(
        data_dir=FOLDER,
        database_url=url,
        secret_key="bench-secret-" + "x" * 32,
        base_url="http://bench",
        smtp_url=None,
        registrations_per_hour=10_000,
        report_threshold=3,
        confirm_email_to_participate=False,
    )
    app = create_app(settings, run_monitor=False, freeze_at_start=True)  # as a served process
    now = datetime.now(UTC)
    async with LifespanManager(app):
        official = await accounts.create_user(
            email="official@bench.example", password="bench-password", display_name="O", roles=["official"], now=now
        )
        data = ConsultationInput(
            title=CONSULTATION["title"],
            summary=CONSULTATION["summary"],
            body=CONSULTATION["body"],
            questions=questions(),
        )
        consultation = await authoring.create_consultation(data=data, by=official, now=now - timedelta(days=2))
        view = await authoring.open_consultation(consultation.id, by=official, now=now - timedelta(days=1))
        from participation.consultations import repository

        shared = await repository.shared(view.id, now=datetime.now(UTC), fresh=True)
        asked = [
            {"id": q.id, "options": [{"id": o.id} for o in q.options]}
            for q in sorted(shared.questions, key=lambda q: q.question.position)
        ]
        path = f"/api/v1/consultations/{view.id}/my-response"
        requests = []
        for i in range(connections):
            user = await accounts.create_user(
                email=f"citizen{i}@bench.example", password="bench-password", display_name=f"C{i}", roles=[], now=now
            )
            _token, secret = await accounts.create_token(user, name="bench")
            headers = [(b"authorization", f"Bearer {secret}".encode()), (b"content-type", b"application/json")]
            requests.append([("PUT", path, headers, answer_body(asked, i + k).encode()) for k in (0, 1)])
        return await measure("answering", app, requests, rounds, profile, top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="cProfile the answering run (and the floor's)")
    parser.add_argument("--top", type=int, default=35, help="lines of each profile table")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each; the least CPU time counts")
    args = parser.parse_args()
    REPEATS[0] = 1 if args.profile else args.repeats
    load_average = os.getloadavg()
    raw = asyncio.run(floor(args.connections, args.rounds, args.profile, args.top))
    answer = asyncio.run(answering(args.connections, args.rounds, args.profile, args.top))
    figures = {"floor_raw_aiosqlite_ms": round(raw, 3), "answering_ms": round(answer, 3)}
    figures["answering_x_floor_by_cpu"] = round(raw / answer, 3)
    figures["load_average"] = [round(x, 1) for x in load_average]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
