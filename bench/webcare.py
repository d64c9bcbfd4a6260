"""Benchmark of webcare: ingestion from a local mastodon-mock, and the inbox page with many conversations.

    python bench/webcare.py [--rounds 5] [--per-round 4000] [--conversations 50000] [--requests 40]

Ingestion: mastodon-mock (a third-party Mastodon API, on 127.0.0.1) generates `--per-round` posts before each
of `--rounds` polling rounds, each post with one or two of its sixteen hashtags; one source follows all sixteen,
so a post with two tags arrives twice and must be stored once. Figures: posts stored per minute of wall time
(and of this process's CPU time), and that the stored posts are exactly the posts generated (nothing missed,
nothing twice). Baselines from the same run: paging through the same timelines with httpx alone (the network
and the mock, nothing stored), and a raw aiosqlite INSERT of as many rows, one transaction a row (the platform
stores up to 200 posts a transaction, each in a savepoint: services/ingestion.py BATCH).

Inbox: GET /webcare (and filtered, and a page deep down) signed in as an official, on a database with 50
conversations and on one with `--conversations`, through the app in-process; the time per request, and the
number of SQL queries per request (which must not grow with the conversations). Baseline: /healthz, the bare
page, in the same run.

Writes bench/results/webcare.md. Never run by the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from asgi_lifespan import LifespanManager  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from participation import db  # noqa: E402
from participation.webcare import protection, services  # noqa: E402
from participation.webcare.models import Conversation, Post, Source  # noqa: E402
from server.app import create_app  # noqa: E402
from server.settings import Settings  # noqa: E402
from tests.support import mastodon_mock  # noqa: E402
from tests.support.web import make_user, sign_in  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "webcare.md"
# mastodon-mock's generated posts carry one or two of these (mastodon_mock/db/sample_data.py).
MOCK_TAGS = [
    "sample", "mastodon", "fediverse", "introduction", "caturday", "photography", "music", "art",
    "books", "coffee", "python", "opensource", "linux", "gaming", "science", "travel",
]  # fmt: skip


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    return {
        "nproc": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def tags_of_mock() -> list[str]:
    """The hashtags mastodon-mock generates, read from the installed package when it has them."""
    try:
        from mastodon_mock.db import sample_data

        return list(sample_data._HASHTAGS)
    except (ImportError, AttributeError):
        return MOCK_TAGS


# --- ingestion -----------------------------------------------------------------------------------------------


def generate(base: str, posts: int) -> int:
    accounts = max(1, posts // 100)
    response = httpx.post(
        f"{base}/api/v1/_mock/sample_data",
        json={
            "accounts": accounts,
            "statuses_per_account": posts // accounts,
            "followers_per_account": 0,
            "favourites_per_account": 0,
            "reply_ratio": 0.2,
        },
        timeout=300,
    )
    response.raise_for_status()
    return int(response.json()["report"]["statuses"])


async def fetch_only(base: str, tags: list[str], cursors: dict[str, str]) -> tuple[int, set[str]]:
    """The floor: every new post of every tag timeline paged through with httpx, nothing stored."""
    seen: set[str] = set()
    fetched = 0
    headers = {"Authorization": f"Bearer {mastodon_mock.TOKEN}"}
    async with httpx.AsyncClient(timeout=60) as http:
        for tag in tags:
            url: str | None = f"{base}/api/v1/timelines/tag/{tag}?limit=40"
            newest = cursors.get(tag)
            if newest:
                url += f"&since_id={newest}"
            cursor = newest
            while url:
                response = await http.get(url, headers=headers)
                items = response.json()
                if not items:
                    break
                # Pages run newest first; as in Mastodon's clients, paging stops at the first post seen before.
                reached = False
                for item in items:
                    if cursor is not None and int(item["id"]) <= int(cursor):
                        reached = True
                        continue
                    fetched += 1
                    seen.add(item["uri"])
                    if newest is None or int(item["id"]) > int(newest):
                        newest = item["id"]
                url = None if reached else response.links.get("next", {}).get("url")
            if newest:
                cursors[tag] = newest
    return fetched, seen


async def raw_insert_floor(path: Path, rows: int) -> float:
    """Seconds for `rows` INSERTs of a post-sized row through aiosqlite, one transaction each."""
    async with aiosqlite.connect(path) as conn:
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("CREATE TABLE floor (id INTEGER PRIMARY KEY, uri TEXT UNIQUE, text TEXT, created_at TEXT)")
        await conn.commit()
        start = time.perf_counter()
        for i in range(rows):
            await conn.execute(
                "INSERT INTO floor (uri, text, created_at) VALUES (?, ?, ?)",
                (f"https://mock.example/statuses/{i}", "Generated post from an account #sample" * 2, "2026-12-01"),
            )
            await conn.commit()
        return time.perf_counter() - start


async def ingestion(args: argparse.Namespace, work: Path) -> dict:
    tags = tags_of_mock()
    url = f"sqlite://{work / 'ingest.sqlite3'}"
    # mastodon-mock listens on 127.0.0.1, which sources may only poll when allowed (as the tests allow it).
    protection.configure(secret_key="bench-secret-key", allow_private_addresses=True)
    await db.migrate(url)
    await Tortoise.init(config=db.tortoise_config(url))
    rounds = []
    generated = 0
    with mastodon_mock.running() as base:
        source = await Source.create(
            kind="mastodon",
            name="mastodon-mock",
            base_url=base,
            access_token=mastodon_mock.TOKEN,
            hashtags=tags,
            created_at=datetime.now(UTC),
        )
        floor_cursors: dict[str, str] = {}
        floor_seen: set[str] = set()
        async with httpx.AsyncClient(timeout=httpx.Timeout(60.0)) as http:
            for number in range(args.rounds):
                made = generate(base, args.per_round)
                generated += made
                start, cpu = time.perf_counter(), time.process_time()
                fetched, seen = await fetch_only(base, tags, floor_cursors)
                floor_wall, floor_cpu = time.perf_counter() - start, time.process_time() - cpu
                floor_seen |= seen
                start, cpu = time.perf_counter(), time.process_time()
                polled = await services.poll_source(source.id, http=http, now=datetime.now(UTC), owner="bench")
                wall, used = time.perf_counter() - start, time.process_time() - cpu
                rounds.append(
                    {
                        "round": number + 1,
                        "generated": made,
                        "fetched": polled.fetched,
                        "new": polled.new,
                        "error": polled.error,
                        "wall_s": wall,
                        "cpu_s": used,
                        "floor_fetched": fetched,
                        "floor_wall_s": floor_wall,
                        "floor_cpu_s": floor_cpu,
                    }
                )
                print(f"round {number + 1}: {made} generated, {polled.new} new in {wall:.1f} s", flush=True)
        stored = await Post.all().count()
        distinct = len(set(await Post.all().values_list("uri", flat=True)))
        conversations = await Conversation.all().count()
    await Tortoise.close_connections()
    floor_insert_s = await raw_insert_floor(work / "floor.sqlite3", stored)
    wall = sum(r["wall_s"] for r in rounds)
    floor_wall = sum(r["floor_wall_s"] for r in rounds)
    return {
        "rounds": rounds,
        "generated": generated,
        "stored": stored,
        "distinct_uris": distinct,
        "seen_by_floor": len(floor_seen),
        "conversations": conversations,
        "fetched": sum(r["fetched"] for r in rounds),
        "per_minute": stored / wall * 60 if wall else None,
        "per_cpu_minute": stored / sum(r["cpu_s"] for r in rounds) * 60,
        "floor_fetch_per_minute": len(floor_seen) / floor_wall * 60 if floor_wall else None,
        "floor_insert_per_minute": stored / floor_insert_s * 60 if floor_insert_s else None,
    }


# --- the inbox -----------------------------------------------------------------------------------------------


class Queries(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def bulk_conversations(path: Path, count: int) -> None:
    """`count` conversations with one post each, written straight into the migrated SQLite file."""
    now = datetime.now(UTC)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO webcare_sources (kind, name, base_url, access_token, hashtags, keywords, account, status, "
            "last_error, failures, lease_owner, etag, last_modified, demo, created_at) "
            "VALUES ('mastodon', 'Bench', 'https://social.example', '', '[]', '[]', '', 'ok', '', 0, '', '', '', 1, ?)",
            (now.isoformat(sep=" "),),
        )
        source = conn.execute("SELECT max(id) FROM webcare_sources").fetchone()[0]
        statuses = ["new", "assigned", "replied", "closed", "no_reply_needed"]
        sentiments = ["positive", "neutral", "negative"]
        conversations = []
        posts = []
        for i in range(1, count + 1):
            at = (now - timedelta(minutes=count - i)).isoformat(sep=" ")
            status = statuses[i % len(statuses)]
            sentiment = sentiments[i % len(sentiments)]
            conversations.append((i, source, status if status != "assigned" else "new", sentiment, at, at))
            posts.append(
                (source, i, f"https://social.example/users/u{i % 97}/statuses/{i}", str(i), f"u{i % 97}",
                 f"Bericht nummer {i} over het park en de straat.", sentiment, at, at)
            )  # fmt: skip
        conn.executemany(
            "INSERT INTO webcare_conversations (id, source_id, status, category, sentiment, created_at, last_post_at) "
            "VALUES (?, ?, ?, 'other', ?, ?, ?)",
            [(c[0], c[1], c[2], c[3], c[4], c[5]) for c in conversations],
        )
        conn.executemany(
            "INSERT INTO webcare_posts (source_id, conversation_id, uri, external_id, in_reply_to, url, author, text, "
            "text_html, tags, category, sentiment, explanation, created_at, fetched_at) "
            "VALUES (?, ?, ?, ?, '', '', ?, ?, '', '[]', 'other', ?, '', ?, ?)",
            posts,
        )
    conn.close()


async def inbox(args: argparse.Namespace, work: Path, count: int) -> dict:
    path = work / f"inbox-{count}.sqlite3"
    await db.migrate(f"sqlite://{path}")
    bulk_conversations(path, count)
    data = work / f"data-{count}"
    data.mkdir()
    settings = Settings(
        data_dir=data,
        database_url=f"sqlite://{path}",
        secret_key="bench-" + "x" * 40,
        base_url="http://testserver",
        smtp_url=None,
        registrations_per_hour=1000,
        report_threshold=3,
        confirm_email_to_participate=False,
    )
    app = create_app(settings)
    counter = Queries()
    logger = logging.getLogger("tortoise.db_client")
    figures: dict = {}
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies={"lang": "en"}) as c:
            await make_user("official@example.nl", "official")
            await sign_in(c, "official@example.nl")
            deep = max(2, count // 2)
            pages = {
                "bare": "/healthz",
                "inbox": "/webcare",
                "inbox_new": "/webcare?status=new",
                "inbox_negative": "/webcare?sentiment=negative",
                "inbox_deep": f"/webcare?cursor={deep}",
                "dashboard": "/webcare/dashboard",
            }
            logger.setLevel(logging.DEBUG)
            logger.addHandler(counter)
            try:
                for name, url in pages.items():
                    first = await c.get(url)
                    assert first.status_code == 200, (url, first.status_code)
                    counter.count = 0
                    times = []
                    for _ in range(args.requests):
                        start = time.perf_counter()
                        response = await c.get(url)
                        times.append(time.perf_counter() - start)
                        assert response.status_code == 200
                    figures[name] = {
                        "median_ms": statistics.median(times) * 1000,
                        "p90_ms": sorted(times)[int(len(times) * 0.9) - 1] * 1000,
                        "queries": counter.count / args.requests,
                        "rows_shown": response.text.count('href="/webcare/conversations/'),
                    }
            finally:
                logger.removeHandler(counter)
                logger.setLevel(logging.NOTSET)
    return figures


# --- the report ----------------------------------------------------------------------------------------------


def report(found: dict) -> str:
    ing = found["ingestion"]
    lines = [
        "# Webcare benchmark",
        "",
        f"Run {found['date']} with `python bench/webcare.py {found['arguments']}` on {found['machine']['nproc']} "
        f"cores ({found['machine']['cpu']}), Python {found['machine']['python']}, SQLite "
        f"{found['machine']['sqlite']}. Load average at start {found['load_start']}, at end {found['load_end']}: "
        "the machine was shared, so read the ratios against the baselines of the same run, not the absolute figures.",
        "",
        "## Ingestion from mastodon-mock",
        "",
        f"{ing['generated']:,} posts generated over {len(ing['rounds'])} rounds (each post with one or two of "
        f"{len(tags_of_mock())} hashtags, all followed by one source, so posts with two tags arrive twice): "
        f"{ing['fetched']:,} fetched, **{ing['stored']:,} stored**, {ing['distinct_uris']:,} distinct uris, "
        f"{ing['conversations']:,} conversations (replies join their thread).",
        "",
        f"- Duplicates: **{ing['stored'] - ing['distinct_uris']}**; missed: "
        f"**{ing['generated'] - ing['stored']}** (the fetch floor saw {ing['seen_by_floor']:,} distinct posts).",
        f"- Posts stored per minute of wall time: **{ing['per_minute']:,.0f}** (goal ≥ 10,000); per minute of "
        f"this process's CPU time: {ing['per_cpu_minute']:,.0f}.",
        f"- Floor, fetching only (httpx through the same timelines, nothing stored): "
        f"{ing['floor_fetch_per_minute']:,.0f} posts/min → ingestion is "
        f"**{ing['per_minute'] / ing['floor_fetch_per_minute']:.2f}×** the fetch floor.",
        f"- Floor, raw aiosqlite INSERT, one transaction a row: {ing['floor_insert_per_minute']:,.0f} rows/min → "
        f"ingestion is **{ing['per_minute'] / ing['floor_insert_per_minute']:.2f}×** the INSERT floor.",
        "",
        "| round | generated | fetched | new | wall s | CPU s | floor fetched | floor wall s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in ing["rounds"]:
        lines.append(
            f"| {r['round']} | {r['generated']:,} | {r['fetched']:,} | {r['new']:,} | {r['wall_s']:.1f} | "
            f"{r['cpu_s']:.1f} | {r['floor_fetched']:,} | {r['floor_wall_s']:.1f} |"
        )
    small, big = found["inbox"]["small"], found["inbox"]["big"]
    lines += [
        "",
        f"## The inbox: {found['small']:,} conversations against {found['big']:,}",
        "",
        f"In-process (httpx ASGITransport, no sockets), signed in as an official, {found['requests']} requests each "
        "after one warm-up; SQLite. Queries counted from Tortoise's query log.",
        "",
        f"| page | median ms ({found['small']:,}) | median ms ({found['big']:,}) | ratio "
        f"| queries ({found['small']:,}) | queries ({found['big']:,}) | rows shown | × bare page ({found['big']:,}) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in small:
        s, b = small[name], big[name]
        lines.append(
            f"| {name} `{PAGES_SHOWN[name]}` | {s['median_ms']:.1f} | {b['median_ms']:.1f} | "
            f"{b['median_ms'] / s['median_ms']:.2f} | {s['queries']:.0f} | {b['queries']:.0f} | "
            f"{s['rows_shown']} / {b['rows_shown']} | {b['median_ms'] / big['bare']['median_ms']:.1f} |"
        )
    lines += ["", found.get("notes", ""), ""]
    return "\n".join(lines)


PAGES_SHOWN = {
    "bare": "/healthz",
    "inbox": "/webcare",
    "inbox_new": "/webcare?status=new",
    "inbox_negative": "/webcare?sentiment=negative",
    "inbox_deep": "/webcare?cursor=<middle>",
    "dashboard": "/webcare/dashboard",
}


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-round", type=int, default=4000)
    parser.add_argument("--conversations", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--only", choices=("ingestion", "inbox"), help="measure one part (the report is not written)")
    parser.add_argument("--no-write", action="store_true", help="print the report instead of writing it")
    args = parser.parse_args()
    found: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "arguments": " ".join(sys.argv[1:]) or "(defaults)",
        "machine": machine(),
        "load_start": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "small": 50,
        "big": args.conversations,
        "requests": args.requests,
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only != "inbox":
            found["ingestion"] = await ingestion(args, work)
        if args.only != "ingestion":
            found["inbox"] = {
                "small": await inbox(args, work, 50),
                "big": await inbox(args, work, args.conversations),
            }
    found["load_end"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    if args.only:
        print(found)
        return 0
    text = report(found)
    if args.no_write:
        print(text)
    else:
        notes = RESULTS.read_text().split("<!-- notes -->", 1)[1] if RESULTS.exists() else ""
        RESULTS.write_text(text + "<!-- notes -->" + (notes or "\n"))
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
