"""The consultation page (`GET /consultations/{id}`) in process: CPU time per request, for a visitor without a
cookie (as wrk asks), for a visitor who has the cookies of an earlier visit, and for a signed-in citizen who
can answer, on the bench's consultation (bench/run.py's `CONSULTATION`, plus a statements question), beside
the bare floor page (bench/baseline_app.py's `/page`) measured the same way.

Each request is one call of the ASGI app with a scope as uvicorn makes it (no network, no server, no HTTP
client in between), `time.process_time` around `--rounds` requests after a warm-up. What uvicorn adds per
request (parsing, the socket write, the access log) is not in these figures; `make bench` has it.

    python bench/page_cpu.py [--rounds 2000] [--profile] [--dump FOLDER]

A figure taken on a loaded machine is only good against another measured in the same run. Never run by the
tests.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repository's packages

import httpx  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

from bench import inprocess  # noqa: E402
from participation import db  # noqa: E402
from participation.accounts import services as accounts  # noqa: E402
from participation.consultations.rules import QuestionInput  # noqa: E402
from server.app import create_app  # noqa: E402

PASSWORD = "bench-password-123"
# What uvicorn costs per request beside the app (HTTP parsing, the socket write, the access log): `make bench`'s
# bare page (0.29 ms CPU per request, 2026-12-01 14:07) less the same page here (0.06 ms). An estimate.
UVICORN_MS = 0.23
CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')
STATEMENTS = [QuestionInput("statements", "Stellingen", statements=[f"Stelling {i}" for i in range(8)])]


RENDER = [0.0]


def time_rendering() -> None:
    """Counts the CPU time spent in Jinja's `Template.render` (the page's template, base and macros)."""
    from jinja2 import Template

    plain = Template.render

    def timed(self, *args, **kwargs):
        start = time.process_time()
        try:
            return plain(self, *args, **kwargs)
        finally:
            RENDER[0] += time.process_time() - start

    Template.render = timed


async def asgi_get(app, path: str, cookies: dict[str, str]) -> inprocess.Response:
    """One GET, called as uvicorn calls the app, as wrk sends it (Host, and the cookies)."""
    headers = [(b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode())] if cookies else []
    return await inprocess.call(app, "GET", path, headers)


async def cpu_per_request(app, path: str, cookies: dict[str, str], rounds: int, profile: bool) -> float:
    for _ in range(50):
        status, _headers, _body = await asgi_get(app, path, cookies)
        assert status == 200, status
    RENDER[0] = 0.0
    with inprocess.profiled(profile, name=path, top=30):
        start = time.process_time()
        for _ in range(rounds):
            await asgi_get(app, path, cookies)
        spent = time.process_time() - start
    print(f"  of which rendering: {RENDER[0] / rounds * 1000:.3f} ms")
    return spent / rounds * 1000


def blank(body: bytes) -> str:
    return CSRF.sub('name="csrftoken" value="-"', body.decode())


async def run(rounds: int, profile: bool, dump: Path | None) -> dict[str, float]:
    from bench import baseline_app  # after inprocess, which gives it its database

    url = f"sqlite://{inprocess.FOLDER / 'bench.sqlite3'}"
    await db.migrate(url)
    app = create_app(inprocess.settings(url), run_monitor=False, freeze_at_start=True)  # as a served process
    now = datetime.now(UTC)
    figures = {}
    print("bare page (bench/baseline_app.py /page):")
    figures["bare page"] = await cpu_per_request(baseline_app.app, "/page", {}, rounds, profile)
    async with LifespanManager(app):
        official = await accounts.create_user(
            email="official@bench.example", password=PASSWORD, display_name="O", roles=["official"], now=now
        )
        await accounts.create_user(email="c@bench.example", password=PASSWORD, display_name="C", roles=[], now=now)
        consultation = await inprocess.open_consultation(official, now=now, extra=STATEMENTS)
        path = f"/consultations/{consultation.id}"
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as browser:
            await browser.get(path)
            returning = dict(browser.cookies)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", cookies={"lang": "nl"}) as citizen:
            token = CSRF.search((await citizen.get("/login")).text).group(1)
            signed = await citizen.post(
                "/login", data={"csrftoken": token, "email": "c@bench.example", "password": PASSWORD}
            )
            assert signed.status_code == 303, signed.text
            signed_in = dict(citizen.cookies)
        for who, cookies in (("visitor", {}), ("returning visitor", returning), ("citizen", signed_in)):
            if dump:
                (dump / f"{who.replace(' ', '-')}.html").write_text(blank((await asgi_get(app, path, cookies))[2]))
            print(f"{who}:")
            figures[who] = await cpu_per_request(app, path, cookies, rounds, profile)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--dump", type=Path, help="a folder to write the pages to (CSRF tokens blanked), to compare")
    parser.add_argument(
        "--uvicorn-ms",
        type=float,
        default=UVICORN_MS,
        help="what uvicorn adds per request, for the estimate of the bench's ratio (default: %(default)s)",
    )
    args = parser.parse_args()
    time_rendering()
    figures = asyncio.run(run(args.rounds, args.profile, args.dump))
    bare = figures["bare page"] + args.uvicorn_ms
    for who, ms in figures.items():
        estimate = bare / (ms + args.uvicorn_ms)
        print(f"{who}: {ms:.3f} ms CPU per request; with uvicorn's part, about {estimate:.2f}x the bare page")


if __name__ == "__main__":
    main()
