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
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repository's packages

from asgi_lifespan import LifespanManager  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.routing import Route  # noqa: E402

from bench import inprocess  # noqa: E402
from bench.run import answer_body  # noqa: E402
from participation import db  # noqa: E402
from participation.accounts import services as accounts  # noqa: E402
from participation.consultations import repository  # noqa: E402
from server.app import create_app  # noqa: E402


async def call(app, method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    """One request straight into the ASGI app; its status."""
    return (await inprocess.call(app, method, path, headers, body))[0]


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
    with inprocess.profiled(profile, name=name, top=top):
        start = time.process_time()
        statuses = await load(app, requests, rounds)
        spent = time.process_time() - start
    wrong = [s for s in statuses if s not in (200, 201)]
    assert not wrong, f"{name}: {len(wrong)} requests answered {sorted(set(wrong))}"
    return spent / len(statuses) * 1000


async def floor(connections: int, rounds: int, profile: bool, top: int) -> float:
    from bench import baseline_app  # after inprocess, which gives it its database

    app = Starlette(routes=[Route("/insert/raw", baseline_app.insert_raw, methods=["POST"])])
    await baseline_app.RAW.open()
    try:
        body = b'{"answer": 3}'
        requests = [[("POST", "/insert/raw", [(b"content-type", b"application/json")], body)]] * connections
        return await measure("floor", app, requests, rounds, profile, top)
    finally:
        await baseline_app.RAW.close()


async def answering(connections: int, rounds: int, profile: bool, top: int) -> float:
    url = f"sqlite://{inprocess.FOLDER / 'app.sqlite3'}"
    await db.migrate(url)
    app = create_app(inprocess.settings(url), run_monitor=False, freeze_at_start=True)  # as a served process
    now = datetime.now(UTC)
    async with LifespanManager(app):
        official = await accounts.create_user(
            email="official@bench.example", password="bench-password", display_name="O", roles=["official"], now=now
        )
        consultation = await inprocess.open_consultation(official, now=now)
        shared = await repository.shared(consultation.id, now=datetime.now(UTC), fresh=True)
        asked = [
            {"id": q.id, "options": [{"id": o.id} for o in q.options]}
            for q in sorted(shared.questions, key=lambda q: q.question.position)
        ]
        path = f"/api/v1/consultations/{consultation.id}/my-response"
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
