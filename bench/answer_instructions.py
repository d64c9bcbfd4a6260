"""Answering in process, counted in machine instructions per request: a figure other load does not move, for
telling whether a change made answering cheaper (CPU time and throughput move by 10-15% from run to run here).

The run of bench/answer_cpu.py (50 citizens answering at once, every text answer a flood) under valgrind's
callgrind, with only the measured requests counted (instrumentation is switched on and off around them), and
with what would make the count depend on timing held still: every batch of the group commit takes all 50
waiting submissions, no cache runs out during the run (valgrind runs it some 50 times slower) and passwords
are hashed once. Instructions are not time (a cache miss costs more than an add), so this is for A/B: two
trees or two commits, run alike, one after the other. Its own repeats agree within 0.2%.

    python bench/answer_instructions.py [--rounds 500]    (needs valgrind: apt-get install valgrind)

Prints the instructions per request and the batch sizes seen. Never run by the tests; takes about a minute.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the repository's packages

CONNECTIONS = 50


def counted_run(rounds: int) -> None:
    """Inside valgrind: the answering run, instrumented around its measured requests only."""
    from bench import answer_cpu
    from participation.accounts import passwords
    from participation.accounts.services import registration, tokens
    from participation.consultations.storage import answer_batches, snapshots
    from participation.moderation import restrictions, screening

    hashed = passwords.hash_password("bench-password")
    registration.hash_password = lambda _password: hashed
    long = timedelta(days=1)
    snapshots.TTL = snapshots.REFRESH_AHEAD = restrictions.TTL = long
    screening.WORD_LISTS_TTL = tokens.TOKEN_USER_TTL = long
    sizes: list[int] = []
    one_batch = answer_batches.AnswerWriter._one_batch

    async def full_batch(self: answer_batches.AnswerWriter) -> None:
        for _ in range(10_000):
            if self.waiting >= CONNECTIONS:
                break
            await asyncio.sleep(0)
        sizes.append(self.waiting)
        await one_batch(self)

    answer_batches.AnswerWriter._one_batch = full_batch
    measured = answer_cpu._measured

    async def instrumented(*args: object) -> float:
        switch = ["callgrind_control", "--instr=on", str(os.getpid())]
        subprocess.run(switch, capture_output=True, check=True)
        try:
            return await measured(*args)
        finally:
            subprocess.run([*switch[:1], "--instr=off", switch[2]], capture_output=True, check=True)

    answer_cpu._measured = instrumented
    answer_cpu.REPEATS[0] = 1
    asyncio.run(answer_cpu.answering(CONNECTIONS, rounds, False, 0))
    print(f"batches: {len(sizes)}, of {sorted(set(sizes))} submissions")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        counted_run(args.rounds)
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is needed: apt-get install valgrind", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="samenspraak-instructions-") as work:
        out = Path(work) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
            + [sys.executable, __file__, "--inside", "--rounds", str(args.rounds)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    collected = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or collected is None:
        print(done.stdout[-2000:], done.stderr[-4000:], file=sys.stderr)
        return 1
    batches = next((line for line in done.stdout.splitlines() if line.startswith("batches:")), "")
    print(f"instructions per request: {int(collected.group(1)) / args.rounds:,.0f} ({batches})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
