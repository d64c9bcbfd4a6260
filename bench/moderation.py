"""Benchmark: the moderation queue page (`GET /moderation`, a moderator signed in) with 10 items waiting and with
10,000, on one SQLite file, in process (httpx's ASGI transport: no network, no server in between).

    python bench/moderation.py [--small 10] [--large 10000] [--rounds 30]

Each waiting item is a published statement with 1-3 reports (distinct reporters) and its author's earlier
decisions, so every part of a queue entry is filled. Per size: the median and p90 wall time of the page over
`--rounds` requests, the CPU time of the process per request, and the number of SQL queries one page makes
(counted from Tortoise's query log). The page shows 20 items either way; what must hold is that 10,000 waiting
items cost about what 10 do and that the number of queries does not grow with the items shown (also measured:
a page of 100 items through the API). Prints a Markdown table for bench/results/moderation.md. A figure taken
on a loaded machine is only good as the ratio between the two sizes measured in the same run. Never run by
the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402

from bench import inprocess  # noqa: E402
from participation import db  # noqa: E402
from participation.accounts import services as accounts  # noqa: E402
from participation.accounts.models import User  # noqa: E402
from participation.consultations.models import Statement  # noqa: E402
from participation.consultations.rules import ConsultationInput, QuestionInput  # noqa: E402
from participation.consultations.services import authoring  # noqa: E402
from participation.moderation.models import ModerationDecision, ModerationItem, Report  # noqa: E402
from server.app import create_app  # noqa: E402

PASSWORD = "bench-password-123"
CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def seed(question_id: int, *, start: int, count: int, authors: list[User], reporters: list[User]) -> None:
    """`count` more published statements waiting in the queue, with their reports."""
    made = await Statement.bulk_create(
        [
            Statement(
                question_id=question_id,
                text=f"Stelling {i}: meer bankjes en bomen in de wijk, en minder auto's in de straat.",
                text_html=f"<p>Stelling {i}</p>",
                author_id=authors[i % len(authors)].id,
                status="published",
                created_at=NOW - timedelta(days=3),
            )
            for i in range(start, start + count)
        ],
        batch_size=1000,
    )
    if not made or made[0].id is None:
        made = await Statement.filter(question_id=question_id).order_by("-id").limit(count)
    items, reports = [], []
    for n, statement in enumerate(made):
        k = 1 + (start + n) % 3
        items.append(
            ModerationItem(
                ref=f"statement:{statement.id}",
                author_id=statement.author_id,
                status="waiting",
                reports=k,
                waiting_since=NOW - timedelta(minutes=start + n),
                held=False,
                hits=[],
                updated_at=NOW,
            )
        )
        for j in range(k):
            reports.append(
                Report(
                    ref=f"statement:{statement.id}",
                    reporter_id=reporters[(start + n + j) % len(reporters)].id,
                    reason=("spam", "abuse", "off_topic")[j],
                    note="",
                    created_at=NOW - timedelta(minutes=start + n),
                )
            )
    await ModerationItem.bulk_create(items, batch_size=1000)
    await Report.bulk_create(reports, batch_size=1000)


PAGES = {
    "GET /moderation (a page: up to 20 shown)": ("/moderation", False),
    "GET /api/v1/moderation/queue?limit=100 (up to 100 shown)": ("/api/v1/moderation/queue?limit=100", True),
}


async def waiting(size: int, ids: list[int]) -> None:
    """Exactly the first `size` items (by id) waiting, the others decided: one UPDATE each way."""
    await ModerationItem.filter(id__lte=ids[size - 1]).update(status="waiting")
    if size < len(ids):
        await ModerationItem.filter(id__gt=ids[size - 1]).update(status="decided")


async def measure(
    client: httpx.AsyncClient, sizes: list[int], rounds: int, headers: dict[str, str], counter: QueryCounter
) -> list[tuple[int, str, dict[str, float]]]:
    """Each page at each size, the sizes taking turns in blocks of a few requests (so a change in the machine's
    load falls on every size alike); the queries of one request are counted once per size."""
    ids = list(await ModerationItem.all().order_by("id").values_list("id", flat=True))
    walls: dict[tuple[int, str], list[float]] = {}
    cpus: dict[tuple[int, str], list[float]] = {}
    queries: dict[tuple[int, str], int] = {}
    block = 5
    for turn in range(max(1, rounds // block)):
        for size in sizes:
            await waiting(size, ids)
            for what, (path, api) in PAGES.items():
                extra = headers if api else {}
                if turn == 0:
                    await client.get(path, headers=extra)  # warm
                    counter.count = 0
                    response = await client.get(path, headers=extra)
                    assert response.status_code == 200, response.status_code
                    queries[(size, what)] = counter.count
                for _ in range(block):
                    wall, cpu = time.perf_counter(), time.process_time()
                    response = await client.get(path, headers=extra)
                    walls.setdefault((size, what), []).append(time.perf_counter() - wall)
                    cpus.setdefault((size, what), []).append(time.process_time() - cpu)
                    assert response.status_code == 200
    results = []
    for size in sizes:
        for what in PAGES:
            found = sorted(walls[(size, what)])
            results.append(
                (
                    size,
                    what,
                    {
                        "median_ms": statistics.median(found) * 1000,
                        "p90_ms": found[int(len(found) * 0.9) - 1] * 1000,
                        "cpu_ms": statistics.median(cpus[(size, what)]) * 1000,
                        "queries": queries[(size, what)],
                    },
                )
            )
    return results


async def run(small: int, large: int, rounds: int) -> list[tuple[int, str, dict[str, float]]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-moderation-"))
    url = f"sqlite://{folder / 'bench.sqlite3'}"
    await db.migrate(url)
    app = create_app(inprocess.settings(url, data_dir=folder))
    counter = QueryCounter()
    sql_log = logging.getLogger("tortoise.db_client")
    async with LifespanManager(app):
        official = await accounts.create_user(
            email="ambtenaar@bench.nl", password=PASSWORD, display_name="A", roles=["official"], now=NOW
        )
        await accounts.create_user(
            email="mod@bench.nl", password=PASSWORD, display_name="M", roles=["moderator"], now=NOW
        )
        authors = [
            await accounts.create_user(
                email=f"a{i}@bench.nl", password=PASSWORD, display_name=f"A{i}", roles=[], now=NOW
            )
            for i in range(20)
        ]
        reporters = [
            await accounts.create_user(
                email=f"r{i}@bench.nl", password=PASSWORD, display_name=f"R{i}", roles=[], now=NOW
            )
            for i in range(3)
        ]
        data = ConsultationInput(
            title="Bench", summary="s", questions=[QuestionInput("statements", "Stellingen", statements=["Eén"])]
        )
        consultation = await authoring.create_consultation(data=data, by=official, now=NOW - timedelta(days=5))
        await authoring.open_consultation(consultation.id, by=official, now=NOW - timedelta(days=4))
        question = (await Statement.all().prefetch_related("question").first()).question_id
        # Earlier decisions about every author, shown beside each item.
        await ModerationDecision.bulk_create(
            [
                ModerationDecision(
                    ref=f"statement:{10_000_000 + i}",
                    action="keep",
                    ground="terms_compatible",
                    facts="Past.",
                    redress="",
                    author_id=authors[i % len(authors)].id,
                    created_at=NOW - timedelta(days=10),
                )
                for i in range(100)
            ]
        )
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", cookies={"lang": "en"}) as client:
            page = await client.get("/login")
            token = CSRF.search(page.text).group(1)
            signed = await client.post(
                "/login", data={"csrftoken": token, "email": "mod@bench.nl", "password": PASSWORD}
            )
            assert signed.status_code == 303, signed.text
            api = await client.post("/api/v1/tokens", json={"email": "mod@bench.nl", "password": PASSWORD})
            headers = {"Authorization": f"Bearer {api.json()['token']}"}
            await seed(question, start=0, count=large, authors=authors, reporters=reporters)
            sql_log.setLevel(logging.DEBUG)
            sql_log.addHandler(counter)
            # 100 waiting shows as many items as 10,000 do: the fair comparison of "as fast"; 10 shows fewer.
            sizes = sorted({small, min(100, large), large})
            results = await measure(client, sizes, rounds, headers, counter)
            sql_log.removeHandler(counter)
    return results


def report(results: list[tuple[int, str, dict[str, float]]]) -> str:
    lines = [
        f"`python bench/moderation.py` on {platform.machine()}, Python {platform.python_version()}, SQLite; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "| waiting | request | median ms | p90 ms | CPU ms | SQL queries |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for waiting, what, r in results:
        lines.append(
            f"| {waiting:,} | {what} | {r['median_ms']:.1f} | {r['p90_ms']:.1f} | {r['cpu_ms']:.1f} | {r['queries']} |"
        )
    by = {(w, what): r for w, what, r in results}
    sizes = sorted({w for w, _, _ in results})
    lines.append("")
    for what in dict.fromkeys(what for _, what, _ in results):
        large = by[(sizes[-1], what)]
        for size in sizes[:-1]:
            small = by[(size, what)]
            lines.append(
                f"- {what}: {sizes[-1]:,} waiting vs {size:,}: median x{large['median_ms'] / small['median_ms']:.2f}, "
                f"CPU x{large['cpu_ms'] / small['cpu_ms']:.2f}, queries {small['queries']} -> {large['queries']}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    print(report(asyncio.run(run(args.small, args.large, args.rounds))))


if __name__ == "__main__":
    main()
