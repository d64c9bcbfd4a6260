"""Benchmark of co-creation against a live server (`samenspraak serve`, SQLite, 127.0.0.1), with its floors
measured in the same run, so the figures hold as ratios even on a loaded machine.

    python bench/cocreation.py [--groups 100] [--places 3] [--rounds 3] [--history 200] [--kb 50]

1. The claim race: `--groups` groups (each with its own member and API token) claim one task with `--places`
   places at the same moment, over real HTTP. Asserted: exactly `--places` get 201, every other one 409
   `already_claimed`, and the task then lists exactly `--places` claims. Reported: the time until every answer is
   in, against the same number of concurrent GET /healthz (the server's floor for a burst that size).
2. Saving a revision of a `--kb` KB document through PUT /api/v1/claims/{id}/document: the first saves (0 to 9
   revisions behind) against the saves after `--history` revisions, and reading the document and the workspace
   page at both points. Floor: one raw INSERT of the same text into SQLite with a commit (sqlite3, no server).
   The history must not make saving or reading slower: the ratio `after history / fresh` should stay ~1.

Writes bench/results/cocreation.md and exits non-zero when an assertion fails. Never run by the tests.
"""

from __future__ import annotations

import argparse
import asyncio
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

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import free_port, serving  # noqa: E402
from participation.cocreation.services.workspace import REVISIONS_SHOWN  # noqa: E402

PASSWORD = "bench-password-0123"
SAMPLES = 10


async def seed(database_url: str, groups: int, places: int, rounds: int) -> dict:
    """Users with tokens, one group each, `rounds` open tasks with `places` places, and a group of one
    holding a task for the document saves."""
    from tortoise import Tortoise

    from participation import db
    from participation.accounts import services as accounts
    from participation.cocreation import rules
    from participation.cocreation.services import claims, tasks
    from participation.cocreation.services import groups as group_services

    await db.migrate(database_url)
    await Tortoise.init(config=db.tortoise_config(database_url))
    try:
        now = datetime.now(UTC)
        official = await accounts.create_user(
            email="official@bench.example", password=PASSWORD, display_name="Official", roles=["official"], now=now
        )

        async def task(title: str, max_claims: int) -> int:
            data = rules.TaskInput(
                title=title,
                description="Een taak voor de benchmark.",
                deliverable="Een plan.",
                due_at=now + timedelta(days=30),
                min_group_size=1,
                max_group_size=10,
                max_claims=max_claims,
                tags=[],
            )
            view = await tasks.create_task(data, by=official, now=now)
            await tasks.publish_task(view.task.id, by=official, now=now)
            return view.task.id

        racers = []
        for i in range(groups):
            user = await accounts.create_user(
                email=f"racer{i}@bench.example", password=PASSWORD, display_name=f"Racer {i}", roles=[], now=now
            )
            group = await group_services.form_group(
                rules.GroupInput(name=f"Groep {i}", description=""), by=user, now=now
            )
            racers.append((group.id, (await accounts.create_token(user, name="bench"))[1]))
        race_tasks = [await task(f"Race {r}", places) for r in range(rounds)]
        writer = await accounts.create_user(
            email="writer@bench.example", password=PASSWORD, display_name="Writer", roles=[], now=now
        )
        group = await group_services.form_group(rules.GroupInput(name="Schrijvers", description=""), by=writer, now=now)
        claim = await claims.claim_task(await task("Het document", 1), group_id=group.id, by=writer, now=now)
        writer_token = (await accounts.create_token(writer, name="bench"))[1]
        return {"racers": racers, "tasks": race_tasks, "claim": claim.id, "writer": writer_token}
    finally:
        await Tortoise.close_connections()


async def burst(url: str, requests: list[tuple[str, dict, dict | None]]) -> tuple[float, list[httpx.Response]]:
    """All requests at once (each on its own connection, opened beforehand); seconds until the last answer."""
    limits = httpx.Limits(max_connections=len(requests) + 10, max_keepalive_connections=len(requests) + 10)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        # Open the connections first, so the race measures the claims, not TCP handshakes.
        await asyncio.gather(*(client.get("/healthz") for _ in requests))
        start = asyncio.Event()

        async def one(method: str, headers: dict, body: dict | None) -> httpx.Response:
            await start.wait()
            return await client.request(method.split(" ")[0], method.split(" ")[1], headers=headers, json=body)

        running = [asyncio.create_task(one(m, h, b)) for m, h, b in requests]
        await asyncio.sleep(0.2)
        began = time.perf_counter()
        start.set()
        answers = await asyncio.gather(*running)
        return time.perf_counter() - began, answers


def claim_race(url: str, seeded: dict, places: int) -> dict:
    rows = []
    for task_id in seeded["tasks"]:
        requests = [
            (f"POST /api/v1/tasks/{task_id}/claims", {"Authorization": f"Bearer {token}"}, {"group_id": group_id})
            for group_id, token in seeded["racers"]
        ]
        floor, pings = asyncio.run(burst(url, [("GET /healthz", {}, None)] * len(requests)))
        assert all(p.status_code == 200 for p in pings)
        took, answers = asyncio.run(burst(url, requests))
        won = [a for a in answers if a.status_code == 201]
        lost = [a for a in answers if a.status_code == 409 and a.json()["error"]["code"] == "already_claimed"]
        other = sorted({a.status_code for a in answers} - {201, 409})
        task = httpx.get(f"{url}/api/v1/tasks/{task_id}", timeout=10).json()
        holding = [c for c in task["claims"] if c["status"] == "active"]
        rows.append({"settle_s": took, "floor_s": floor, "won": len(won), "lost": len(lost), "other": other})
        print(
            f"claim race, task {task_id}: {len(won)} won, {len(lost)} already_claimed, other {other}, "
            f"{len(holding)} holding, places left {task['places_left']}, {took * 1000:.0f} ms "
            f"(burst of /healthz: {floor * 1000:.0f} ms)"
        )
        assert len(won) == places, f"{len(won)} winners, expected exactly {places}"
        assert len(won) + len(lost) == len(answers), f"unexpected answers: {other}"
        assert len(holding) == places and task["places_left"] == 0, task
    return {"rounds": rows}


def insert_floor(directory: Path, body: str) -> float:
    """Median seconds of one INSERT of `body` with its commit, straight into SQLite (WAL, as the server)."""
    con = sqlite3.connect(directory / "floor.sqlite3", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE revisions (id INTEGER PRIMARY KEY, version INT, body TEXT, body_html TEXT)")
    times = []
    for i in range(SAMPLES * 3):
        text = body.replace("Versie", f"Versie {i}", 1)
        began = time.perf_counter()
        con.execute("BEGIN")
        con.execute("INSERT INTO revisions (version, body, body_html) VALUES (?, ?, ?)", (i, text, text))
        con.execute("COMMIT")
        times.append(time.perf_counter() - began)
    con.close()
    return statistics.median(times)


def sanitise_floor(body: str) -> float:
    """Median seconds of sanitising `body` in this process (participation.sanitize, policy "rich"), the one step
    every save takes that the raw INSERT does not."""
    from participation import sanitize

    async def once() -> float:
        began = time.perf_counter()
        await sanitize.sanitize_many([body], policy="rich")
        return time.perf_counter() - began

    return statistics.median(asyncio.run(once()) for _ in range(3))


def document(kb: int) -> str:
    paragraph = "Het plein krijgt meer bomen, bankjes in de schaduw en een kraan met drinkwater voor iedereen. "
    lines, size = ["# Versie van het plan", ""], 0
    while size < kb * 1024:
        line = f"{len(lines)}. {paragraph}"
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def signed_in(url: str) -> httpx.Client:
    """A browser-like session of the writer, for the workspace page."""
    client = httpx.Client(base_url=url, timeout=30, follow_redirects=True)
    page = client.get("/login").text
    csrf = re.search(r'name="csrftoken" value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"csrftoken": csrf, "email": "writer@bench.example", "password": PASSWORD})
    assert answer.status_code == 200 and "/login" not in str(answer.url), answer.status_code
    return client


def timed(call) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


def saving(url: str, seeded: dict, history: int, kb: int, directory: Path) -> dict:
    body = document(kb)
    floor = insert_floor(directory, body)
    sanitising = sanitise_floor(body)
    api = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {seeded['writer']}"}, timeout=60)
    page = signed_in(url)
    path = f"/api/v1/claims/{seeded['claim']}/document"
    version = 0

    def save() -> float:
        nonlocal version
        # Each save changes one line somewhere else, as people editing do.
        lines = body.splitlines(True)
        lines[2 + version % (len(lines) - 2)] = f"Regel aangepast in versie {version + 1}.\n"
        text = "".join(lines)
        began = time.perf_counter()
        answer = api.put(path, json={"body": text, "base_version": version})
        took = time.perf_counter() - began
        assert answer.status_code == 200 and answer.json()["version"] == version + 1, answer.text
        version += 1
        return took

    def reads() -> tuple[float, float]:
        document_s = statistics.median(timed(lambda: api.get(path).raise_for_status()) for _ in range(SAMPLES))
        workspace = f"/claims/{seeded['claim']}"
        page_s = statistics.median(timed(lambda: page.get(workspace).raise_for_status()) for _ in range(SAMPLES))
        return document_s, page_s

    fresh = [save() for _ in range(SAMPLES)]
    fresh_read, fresh_page = reads()
    while version < history:
        save()
    deep = [save() for _ in range(SAMPLES)]
    deep_read, deep_page = reads()
    api.close()
    page.close()
    result = {
        "document_bytes": len(body.encode()),
        "insert_floor_s": floor,
        "sanitise_s": sanitising,
        "save_fresh_s": statistics.median(fresh),
        "save_deep_s": statistics.median(deep),
        "read_fresh_s": fresh_read,
        "read_deep_s": deep_read,
        "page_fresh_s": fresh_page,
        "page_deep_s": deep_page,
        "history": history,
        "revisions": version,
    }
    print(
        f"save {kb} KB: fresh {result['save_fresh_s'] * 1000:.1f} ms, after {history} revisions "
        f"{result['save_deep_s'] * 1000:.1f} ms (ratio {result['save_deep_s'] / result['save_fresh_s']:.2f}); "
        f"raw INSERT floor {floor * 1000:.2f} ms"
    )
    print(
        f"read document: {fresh_read * 1000:.1f} -> {deep_read * 1000:.1f} ms; "
        f"workspace page: {fresh_page * 1000:.1f} -> {deep_page * 1000:.1f} ms"
    )
    return result


def machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {model}".strip(", "),
        "python": platform.python_version(),
        "load": " ".join(f"{x:.1f}" for x in load),
    }


def growth(ratio: float) -> str:
    if ratio < 1.25:
        return "does not grow"
    if ratio < 2:
        return "may grow (or this is the noise of a loaded machine: run it again on a quiet one)"
    return "GROWS"


def write_report(path: Path, about: dict, race: dict, saves: dict, args: argparse.Namespace) -> None:
    r = saves
    ratio = lambda a, b: f"{a / b:.2f}x"  # noqa: E731
    lines = [
        "# Co-creation benchmark",
        "",
        f"- Date: {about['date']}",
        f"- Machine: {about['machine']}, Python {about['python']}",
        f"- Load average at the start (1, 5, 15 min): {about['load']}, at the end: {about.get('load_end', '?')} —"
        " shared with other work: read the ratios, the milliseconds only say what this run saw (a load that falls"
        " during the run makes the later figures, after the history, look better than they are).",
        "- Server: `samenspraak serve` (one uvicorn process), SQLite, over real HTTP on 127.0.0.1.",
        f"- Command: `python bench/cocreation.py --groups {args.groups} --places {args.places} --rounds"
        f" {args.rounds} --history {args.history} --kb {args.kb}` (or `make bench-cocreation`)",
        "",
        f"## The claim race: {args.groups} groups at once, {args.places} places",
        "",
        "Every group has its own member and token; all requests wait on one signal on open connections."
        f" Asserted each round: exactly {args.places} answers 201, all others 409 `already_claimed`, and the task"
        " then holds exactly that many claims.",
        "",
        "| round | winners | already_claimed | other | time to settle | burst of /healthz (floor) | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, row in enumerate(race["rounds"], 1):
        lines.append(
            f"| {i} | {row['won']} | {row['lost']} | {row['other'] or '-'} | {row['settle_s'] * 1000:.0f} ms"
            f" | {row['floor_s'] * 1000:.0f} ms | {ratio(row['settle_s'], row['floor_s'])} |"
        )
    lines += [
        "",
        f"## Saving a {r['document_bytes'] // 1024} KB document: fresh against {r['history']} revisions behind",
        "",
        f"Medians of {SAMPLES}. Fresh: the first saves (0 to {SAMPLES - 1} revisions behind). Floor: one raw"
        " INSERT of the same text with its commit, straight into SQLite (no server, no HTTP).",
        "",
        f"| what | fresh | after {r['history']} revisions | history ratio | fresh / floor |",
        "|---|---|---|---|---|",
        f"| save (PUT document) | {r['save_fresh_s'] * 1000:.1f} ms | {r['save_deep_s'] * 1000:.1f} ms"
        f" | {ratio(r['save_deep_s'], r['save_fresh_s'])} | {ratio(r['save_fresh_s'], r['insert_floor_s'])} |",
        f"| read (GET document) | {r['read_fresh_s'] * 1000:.1f} ms | {r['read_deep_s'] * 1000:.1f} ms"
        f" | {ratio(r['read_deep_s'], r['read_fresh_s'])} | {ratio(r['read_fresh_s'], r['insert_floor_s'])} |",
        f"| workspace page | {r['page_fresh_s'] * 1000:.1f} ms | {r['page_deep_s'] * 1000:.1f} ms"
        f" | {ratio(r['page_deep_s'], r['page_fresh_s'])} | {ratio(r['page_fresh_s'], r['insert_floor_s'])} |",
        f"| raw INSERT floor | {r['insert_floor_s'] * 1000:.2f} ms | | | |",
        f"| sanitising the text in-process (no server) | {r['sanitise_s'] * 1000:.1f} ms | | |"
        f" {ratio(r['sanitise_s'], r['insert_floor_s'])} |",
        "",
        "## Reading the figures",
        "",
    ]
    save_ratio, page_ratio = r["save_deep_s"] / r["save_fresh_s"], r["page_deep_s"] / r["page_fresh_s"]
    lines.append(
        f"- Saving {growth(save_ratio)} with the history ({save_ratio:.2f}x): every revision keeps its whole text,"
        " and a save reads only its base and the latest revision (by claim and version, a unique index)."
    )
    lines.append(
        f"- A save costs {ratio(r['save_fresh_s'], r['sanitise_s'])} of sanitising its text alone: the sanitiser"
        " is most of the price of a save of a large document, not the database."
    )
    read_ratio = r["read_deep_s"] / r["read_fresh_s"]
    lines.append(f"- Reading the document {growth(read_ratio)} ({read_ratio:.2f}x).")
    lines.append(
        f"- The workspace page {growth(page_ratio)} with the history"
        f" ({page_ratio:.2f}x): it lists one page of the history (the newest {REVISIONS_SHOWN} revisions, and"
        " those in the compare form), older ones a page at a time, and reads no revision's text but the latest."
    )
    lines.append("")
    path.write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--places", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--history", type=int, default=200)
    parser.add_argument("--kb", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "cocreation.md")
    args = parser.parse_args()
    about = machine()
    with tempfile.TemporaryDirectory(prefix="bench-cocreation-") as tmp:
        directory = Path(tmp)
        port = free_port()
        database_url = f"sqlite://{directory / 'bench.sqlite3'}"
        env = {
            **os.environ,
            "DATA_DIR": str(directory),
            "DATABASE_URL": database_url,
            "BASE_URL": f"http://127.0.0.1:{port}",
            "SECRET_KEY": "bench-secret-key-0123456789abcdef",
        }
        os.environ.update({k: env[k] for k in ("DATA_DIR", "DATABASE_URL", "BASE_URL", "SECRET_KEY")})
        seeded = asyncio.run(seed(database_url, args.groups, args.places, args.rounds))
        url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "server.cli", "serve", "--port", str(port)]
        with serving(command, env, directory / "server.log", f"{url}/healthz"):
            race = claim_race(url, seeded, args.places)
            saves = saving(url, seeded, args.history, args.kb, directory)
    about["load_end"] = machine()["load"]
    args.out.parent.mkdir(exist_ok=True)
    write_report(args.out, about, race, saves, args)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
