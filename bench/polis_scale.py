"""Benchmark: a Pol.is conversation at scale — importing it, and recomputing its opinion groups.

    python bench/polis_scale.py [--participants 2000] [--comments 900] [--votes 250000] [--no-postgres]

Generates a Pol.is export folder (summary.csv, comments.csv, votes.csv; three latent opinion camps, every
participant voting on a random share of the comments, some votes changed later, a few comments moderated
out), then measures on SQLite (and on a throwaway PostgreSQL cluster, where the server is installed):
`samenspraak import-polis`'s work (read, check, one transaction), and recomputing the stored opinion groups
(`opinion_groups.compute`: reading the votes and clustering) and the clustering alone. numpy is held to one
thread (one core). Prints a Markdown table for bench/results/polis.md. Never run by the tests.
"""

from __future__ import annotations

import os

# One core: set before numpy is imported anywhere.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import asyncio  # noqa: E402
import csv  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tortoise import Tortoise  # noqa: E402
from tortoise.backends.base.executor import EXECUTOR_CACHE  # noqa: E402

from participation import db  # noqa: E402
from participation.consultations.analysis import clustering, opinion_groups  # noqa: E402
from participation.consultations.services import polis_import  # noqa: E402

CAMPS = 3


def generate(folder: Path, *, participants: int, comments: int, votes: int, seed: int = 7) -> None:
    """A synthetic export with `votes` final votes (plus 2 % changed ones) in three camps."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = 1_600_000_000_000
    (folder / "summary.csv").write_text(
        f"topic,A generated conversation of {participants} x {comments}\nurl,https://pol.is/bench{seed}\n"
    )
    stance = rng.choice([-1, 1], size=(CAMPS, comments), p=[0.4, 0.6])
    camp = rng.integers(CAMPS, size=participants)
    with (folder / "comments.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"]
        )
        for c in range(comments):
            moderated = -1 if c % 50 == 49 else 1
            w.writerow([start + c, "", c, int(rng.integers(participants)), 0, 0, moderated, f"Statement number {c}."])
    # Which (participant, comment) pairs are voted on: `votes` distinct cells, denser for early comments.
    weights = 1.0 / (1 + np.arange(comments) / 200)
    cells: set[tuple[int, int]] = set()
    while len(cells) < votes:
        p = rng.integers(participants, size=votes)
        c = rng.choice(comments, size=votes, p=weights / weights.sum())
        cells.update(zip(p.tolist(), c.tolist(), strict=True))
    chosen = sorted(cells)[:votes]
    with (folder / "votes.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for i, (p, c) in enumerate(chosen):
            roll = rng.random()
            value = 0 if roll < 0.15 else int(stance[camp[p], c] * (1 if roll < 0.85 else -1))
            if i % 50 == 0:
                # A vote changed later: the first one is superseded.
                w.writerow([start + 10 * i, "", c, p, -value or 1])
            w.writerow([start + 10 * i + 5, "", c, p, value])


async def measure(database_url: str, folder: Path) -> dict[str, float]:
    # Tortoise caches the SQL it builds per connection name, not per dialect; this runs on both.
    EXECUTOR_CACHE.clear()
    await db.migrate(database_url)
    await Tortoise.init(config=db.tortoise_config(database_url))
    try:
        now = datetime.now(UTC)
        began = time.perf_counter()
        export = polis_import.read_export(folder)
        read = time.perf_counter() - began
        began = time.perf_counter()
        imported = await polis_import.import_export(export, now=now)
        stored = time.perf_counter() - began
        began, cpu = time.perf_counter(), time.process_time()
        await opinion_groups.compute(imported.question_id, now=now)
        recompute, recompute_cpu = time.perf_counter() - began, time.process_time() - cpu
        votes = await opinion_groups._votes(imported.question_id)
        began, cpu = time.perf_counter(), time.process_time()
        clustering.cluster(votes)
        cluster, cluster_cpu = time.perf_counter() - began, time.process_time() - cpu
        return {
            "read": read,
            "store": stored,
            "import": read + stored,
            "recompute": recompute,
            "recompute_cpu": recompute_cpu,
            "cluster": cluster,
            "cluster_cpu": cluster_cpu,
            "votes": imported.votes,
        }
    finally:
        await Tortoise.close_connections()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=900)
    parser.add_argument("--votes", type=int, default=250_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="polis-bench-") as tmp:
        folder = Path(tmp) / "export"
        generate(folder, participants=args.participants, comments=args.comments, votes=args.votes)
        results = {"SQLite": asyncio.run(measure(f"sqlite://{tmp}/bench.sqlite3", folder))}
        if not args.no_postgres:
            from tests.support import postgres

            if postgres.find_bindir() is not None:
                cluster = postgres.start()
                try:
                    results["PostgreSQL"] = asyncio.run(measure(cluster.url(), folder))
                finally:
                    cluster.stop()
    print(f"{args.participants} participants x {args.comments} statements, {args.votes} votes")
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}, numpy on one thread")
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    print()
    print(
        "| database | read + check | store (one transaction) | import total | recompute groups (wall / CPU of "
        "this process) | clustering alone (wall / CPU) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        print(
            f"| {name} | {r['read']:.2f} s | {r['store']:.2f} s | {r['import']:.2f} s | {r['recompute']:.2f} s / "
            f"{r['recompute_cpu']:.2f} s | {r['cluster']:.2f} s / {r['cluster_cpu']:.2f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
