"""bench/results/latest.md from the figures bench/run.py measured: the machine, the table, the goals, the profile.

Rendering lives apart from measuring so the report can be written again from latest.json
(`python bench/report.py`) after its wording changes, without measuring anew.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
# Written by hand after reading a profile; rendered under the generated figures, with its own date.
NOTES = Path(__file__).resolve().parent / "profile-notes.md"
SAMPLE_RATE = 100

LABELS = {
    "floor_page": "floor: bare page (Starlette + Jinja2)",
    "floor_raw_sqlite": "floor: INSERT, raw aiosqlite",
    "floor_orm_sqlite": "floor: INSERT, Tortoise on SQLite",
    "floor_raw_postgres": "floor: INSERT, raw asyncpg",
    "floor_orm_postgres": "floor: INSERT, Tortoise on PostgreSQL",
    "answer": "answering (PUT my-response)",
    "page": "consultation page",
    "results_small": "results, ~100 responses",
    "results_big": "results, bulk-loaded",
    "answer_two": "answering, 2 worker processes",
    "page_two": "consultation page, 2 worker processes",
    "results_two": "results (~100), 2 worker processes",
    "floor_page_two": "floor: bare page, 2 worker processes (for the tails above)",
    "answer_postgres": "answering on PostgreSQL",
}
# Each platform row against the floors of the same database: (raw driver INSERT, Tortoise INSERT), or the page.
WRITE_FLOORS = {
    "answer": ("floor_raw_sqlite", "floor_orm_sqlite"),
    "answer_two": ("floor_raw_sqlite", "floor_orm_sqlite"),
    "answer_postgres": ("floor_raw_postgres", "floor_orm_postgres"),
}
READ_ROWS = ["page", "results_small", "results_big", "page_two", "results_two"]
PLATFORM_ROWS = [*WRITE_FLOORS, *READ_ROWS]

ANSWER_LEAST, ANSWER_AIM, PAGE_GOAL, TAIL_GOAL = 0.5, 1.0, 0.33, 10.0
BIG_COST_GOAL, SLOWEST_GOAL_S = 2.0, 2.0
# The three the issue compares, each with its goal; all are profiled, the one furthest below its goal shown first.
PROFILED = {"answer": ANSWER_LEAST, "page": PAGE_GOAL, "results_small": PAGE_GOAL}


def rps(runs: dict, name: str) -> float | None:
    return runs[name]["requests_per_second"] if name in runs else None


def cpu(runs: dict, name: str) -> float | None:
    return runs[name].get("server_cpu_s_per_request") if name in runs else None


def ratio(runs: dict, name: str, floor: str, *, by_cpu: bool = False) -> float | None:
    """Throughput of `name` over that of `floor`; by_cpu: the floor's CPU time per request over `name`'s."""
    if by_cpu:
        value, base = cpu(runs, floor), cpu(runs, name)
    else:
        value, base = rps(runs, name), rps(runs, floor)
    return value / base if value is not None and base else None


def floor_ratios(runs: dict, name: str, *, by_cpu: bool = False) -> tuple[float | None, float | None, float | None]:
    """(× raw driver INSERT, × Tortoise INSERT, × bare page) for one row; None where it does not apply."""
    if name in WRITE_FLOORS:
        raw, orm = WRITE_FLOORS[name]
        return ratio(runs, name, raw, by_cpu=by_cpu), ratio(runs, name, orm, by_cpu=by_cpu), None
    if name in READ_ROWS:
        return None, None, ratio(runs, name, "floor_page", by_cpu=by_cpu)
    return None, None, None


def tail(run: dict) -> float | None:
    return run["p99_latency_s"] / run["p50_latency_s"] if run.get("p50_latency_s") else None


def label(name: str, result: dict) -> str:
    if name == "results_big":
        return f"results, {result['responses']['big']:_} responses".replace("_", " ")
    return LABELS[name]


def fmt(value: float | None, pattern: str = "{:.2f}") -> str:
    return "—" if value is None else pattern.format(value)


def slowest(runs: dict) -> str | None:
    """Of answering, the page and the results: the one furthest below its goal (ratio over goal)."""
    scored = {}
    for name, goal in PROFILED.items():
        raw, _orm, page = floor_ratios(runs, name)
        value = raw if name in WRITE_FLOORS else page
        if value is not None:
            scored[name] = value / goal
    return min(scored, key=scored.get) if scored else None


def goals(result: dict) -> list[tuple[str, str, str, bool]]:
    """(goal, row, measured, met) for every goal of the issue and every row it applies to."""
    runs, rows = result["runs"], []

    def check(goal: str, name: str, value: float | None, ok: bool, shown: str = "{:.2f}×") -> None:
        if value is not None:
            rows.append((goal, label(name, result), shown.format(value), ok))

    for name in WRITE_FLOORS:
        raw = floor_ratios(runs, name)[0]
        check(f"answering ≥ {ANSWER_LEAST}× the raw-driver INSERT", name, raw, raw is not None and raw >= ANSWER_LEAST)
    for name in WRITE_FLOORS:
        raw = floor_ratios(runs, name)[0]
        check(f"aim: answering ≥ {ANSWER_AIM}× the raw-driver INSERT", name, raw, raw is not None and raw >= ANSWER_AIM)
    for name in ("page", "page_two", "results_small", "results_two"):
        page = floor_ratios(runs, name)[2]
        what = "consultation page" if name.startswith("page") else "results"
        check(f"{what} ≥ {PAGE_GOAL}× the bare page", name, page, page is not None and page >= PAGE_GOAL)
    for name in PLATFORM_ROWS:
        if name in runs:
            value = tail(runs[name])
            check(
                f"p99 ≤ {TAIL_GOAL:g}× p50 under {result['connections']} connections",
                name,
                value,
                value is not None and value <= TAIL_GOAL,
                "{:.1f}×",
            )
    if "results_small" in runs and "results_big" in runs:
        cost = rps(runs, "results_small") / rps(runs, "results_big")
        check(
            f"a results request at the large size costs ≤ {BIG_COST_GOAL:g}× one at ~100",
            "results_big",
            cost,
            cost <= BIG_COST_GOAL,
            "{:.2f}×",
        )
    worst = max(runs, key=lambda n: runs[n]["max_latency_s"] if n in PLATFORM_ROWS else 0, default=None)
    if worst in PLATFORM_ROWS:
        value = runs[worst]["max_latency_s"]
        check(f"slowest request ≤ {SLOWEST_GOAL_S:g} s", worst, value, value <= SLOWEST_GOAL_S, "{:.2f} s")
    return rows


# --- the profile -------------------------------------------------------------------------------------------

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")
PLATFORM_FILE = re.compile(r"(^|/)(server|participation)/")
# The platform's frames every request passes through: the command, the middleware chain.
PASS_THROUGH = re.compile(r"^server/(cli\.py:|middleware\.py:\w+\.__call__$)")


def where(frame: str) -> tuple[str, str]:
    """('server/web.py:encoded', 'server') for one py-spy frame 'encoded (server/web.py:41)'."""
    match = FRAME.match(frame)
    if not match:
        return frame, frame
    file, function = match["file"], match["function"]
    trimmed = re.sub(r"^.*?/(site-packages|lib/python3\.\d+)/", "", file)
    platform = PLATFORM_FILE.search(trimmed)
    if platform:
        trimmed = trimmed[platform.start(2) :]
    package = trimmed.split("/", 1)[0].removesuffix(".py") if not trimmed.startswith("<") else trimmed
    return f"{trimmed}:{function}", package


def top(counter: Counter, total: int, n: int) -> list[tuple[str, float]]:
    return [(key, count / total) for key, count in counter.most_common(n)]


APPLICATION = "starlette/applications.py:Starlette.__call__"
ENDPOINT_CALLER = "starlette/routing.py:request_response.<locals>.app.<locals>.app"
SENDING = re.compile(r"^starlette/responses\.py:\w*Response\.__call__$")
LAYERS = {
    "server": "uvicorn and asyncio: HTTP parsing, the event loop, the access log",
    "tasks": "the platform's own tasks outside a request (e.g. the group-commit writer)",
    "middleware": "middleware and routing, before and after the endpoint",
    "endpoint": "the endpoint (handler, service, queries, rendering the body)",
    "sending": "sending the response through every middleware's send wrapper",
}


def layer(names: list[str]) -> str:
    if APPLICATION not in names:
        own = any(PLATFORM_FILE.search(n) and not PASS_THROUGH.match(n) for n in names)
        return "tasks" if own else "server"
    if any(SENDING.match(n) for n in names):
        return "sending"
    if ENDPOINT_CALLER in names and names.index(ENDPOINT_CALLER) < len(names) - 1:
        return "endpoint"
    return "middleware"


def summarise_profile(raw: str, *, duration: int) -> dict:
    """py-spy's raw (collapsed) stacks of the server while wrk ran: how busy the event loop was, and where its
    time went — by layer, self time by package and by function, inclusive time of functions below the trunk."""
    main: Counter = Counter()
    threads = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = tuple(stack.split(";"))
        if frames[0].startswith("Thread._bootstrap"):
            threads += int(count)  # the database driver's threads (aiosqlite), outside the event loop
        else:
            main[frames] += int(count)
    total = sum(main.values())
    if not total:
        return {"error": "no samples of the event loop"}
    layers: Counter = Counter()
    endpoints: Counter = Counter()
    self_package: Counter = Counter()
    self_function: Counter = Counter()
    inclusive: Counter = Counter()
    for frames, count in main.items():
        names = [where(frame)[0] for frame in frames]
        layers[layer(names)] += count
        if layer(names) == "endpoint":
            endpoints[names[names.index(ENDPOINT_CALLER) + 1]] += count
        function, package = where(frames[-1])
        self_function[function] += count
        self_package[package] += count
        for name in set(names):
            inclusive[name] += count
    # Below the trunk that (nearly) every sample passes through: uvicorn's loop, the middleware chain.
    branches = Counter({k: v for k, v in inclusive.items() if v < 0.5 * total})
    platform = Counter({k: v for k, v in inclusive.items() if PLATFORM_FILE.search(k) and not PASS_THROUGH.match(k)})
    possible = duration * SAMPLE_RATE
    return {
        "seconds": duration,
        "samples": total,
        "loop_busy": total / possible,
        "driver_threads_busy": threads / possible,
        "layers": [(LAYERS[k], v / total) for k, v in layers.most_common()],
        "endpoints": top(endpoints, total, 2),
        "self_by_package": top(self_package, total, 10),
        "self_by_function": top(self_function, total, 15),
        "inclusive_platform": top(platform, total, 15),
        "inclusive_below_half": top(branches, total, 25),
    }


# --- the report --------------------------------------------------------------------------------------------


def render_machine(result: dict) -> list[str]:
    m = result["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    load = " / ".join(f"{x:.2f}" for x in m["load_average_at_start"])
    return [
        "## Machine",
        "",
        f"- {m['nproc']} CPUs (nproc): {m['cpu']}; {m['memory_gib']} GiB memory; Linux {m['kernel']}",
        f"- Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql'] or '—'}, wrk {m['wrk']}",
        f"- {packages}",
        f"- load average (1, 5, 15 min) when the bench began: {load}; at its end: "
        + " / ".join(f"{x:.2f}" for x in result["load_average_at_end"])
        + f". The bench itself keeps about {m['nproc']} cores busy (server and wrk); a load well above 0 at the"
        " start means other work shared the machine, and the figures are low and noisy by as much.",
        "",
    ]


def render_table(result: dict) -> list[str]:
    runs = result["runs"]
    lines = [
        "## Throughput and latency",
        "",
        f"wrk, 2 threads, {result['connections']} connections, {result['duration_s']} s per run after a"
        f" {result['warm_up_s']} s warm-up; ratios are requests per second against the floor of the same run"
        " (answering against the INSERT floors of the same database; pages and results against the bare page)."
        " The two-process rows are compared with the one-process floors. 'CPU ms/req' is the CPU time the"
        " server process (and its workers and driver threads) spent per request during the measured run;"
        " on PostgreSQL the database's own processes are not in it.",
        "",
        "| run | req/s | p50 ms | p99 ms | p99/p50 | max ms | errors | CPU ms/req | × raw driver | × Tortoise"
        " | × bare page |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name in LABELS:
        if name not in runs:
            continue
        r = runs[name]
        raw, orm, page = floor_ratios(runs, name)
        errors = r["non_2xx"] + r.get("socket_errors", 0)
        cpu_ms = cpu(runs, name) * 1000 if cpu(runs, name) else None
        lines.append(
            f"| {label(name, result)} | {r['requests_per_second']:.0f} | {fmt(r['p50_latency_s'] * 1000, '{:.1f}')}"
            f" | {fmt(r['p99_latency_s'] * 1000, '{:.1f}')} | {fmt(tail(r), '{:.1f}')}"
            f" | {r['max_latency_s'] * 1000:.0f} | {errors} | {fmt(cpu_ms, '{:.2f}')} | {fmt(raw)} | {fmt(orm)}"
            f" | {fmt(page)} |"
        )
    lines += [
        "",
        "The same ratios from CPU time per request (the floor's over the row's): what a request costs the"
        " server, whatever else the machine was doing. Where these and the throughput ratios differ much, other"
        " load or the load generator (wrk shares the cores) moved the throughput.",
        "",
        "| run | × raw driver, by CPU | × Tortoise, by CPU | × bare page, by CPU |",
        "|---|--:|--:|--:|",
    ]
    for name in PLATFORM_ROWS:
        if name in runs:
            raw, orm, page = floor_ratios(runs, name, by_cpu=True)
            lines.append(f"| {label(name, result)} | {fmt(raw)} | {fmt(orm)} | {fmt(page)} |")
    return [*lines, ""]


def render_pairs(result: dict) -> list[str]:
    pairs = result.get("pairs") or []
    if not pairs:
        return []
    lines = [
        "### Answering against the raw driver's floor, interleaved",
        "",
        "After its first run, answering and its floor on each database were measured again in turn, pair after"
        " pair, since the floor alone moves by up to 15% from one run to the next. The tables above show the"
        " pair of the median ratio.",
        "",
        "| database | pair | floor req/s | answering req/s | × raw driver | floor CPU ms/req | answering CPU ms/req"
        " | by CPU |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    counted: Counter = Counter()
    for pair in pairs:
        database = pair.get("database", "sqlite")
        counted[database] += 1
        n = counted[database]
        floor_cpu, answer_cpu = pair.get("floor_cpu_s"), pair.get("answer_cpu_s")
        by_cpu = floor_cpu / answer_cpu if floor_cpu and answer_cpu else None
        lines.append(
            f"| {database} | {n} | {pair['floor_rps']:.0f} | {pair['answer_rps']:.0f} | {pair['ratio']:.2f} |"
            f" {fmt(floor_cpu * 1000 if floor_cpu else None)} | {fmt(answer_cpu * 1000 if answer_cpu else None)}"
            f" | {fmt(by_cpu)} |"
        )
    return [*lines, ""]


def render_goals(result: dict) -> list[str]:
    lines = ["## Goals (issue 6 §4)", "", "| goal | run | measured | met |", "|---|---|--:|---|"]
    for goal, row, value, ok in goals(result):
        lines.append(f"| {goal} | {row} | {value} | {'yes' if ok else '**no**'} |")
    return [*lines, ""]


def render_profile(result: dict) -> list[str]:
    profiles = result.get("profiles") or {}
    if not profiles:
        return ["## Profile", "", "Not profiled (py-spy missing, or `--no-profile`).", ""]
    first = slowest(result["runs"])
    lines = [
        "## Profile",
        "",
        f"py-spy sampled the one server process {SAMPLE_RATE} times a second during a further, unmeasured wrk"
        " run of the same load. Shares are of the samples in which the event loop thread was busy (its idle"
        " waits are not sampled); 'self' is the function running at the sample, 'inclusive' counts every"
        " function on the stack.",
        "",
    ]
    order = sorted(profiles, key=lambda n: n != first)
    for name in order:
        p = profiles[name]
        heading = f"### {label(name, result)}"
        if name == first:
            heading += " — the furthest below its goal"
        lines += [heading, ""]
        if "error" in p:
            lines += [f"py-spy failed: `{p['error']}`", ""]
            continue
        lines += [
            f"Event loop busy {p['loop_busy']:.0%} of {p['seconds']} s ({p['samples']} samples); the driver's"
            f" threads (aiosqlite's, summed) busy {p['driver_threads_busy']:.0%} of the same time.",
            "",
            "| where the event loop's time went | share |",
            "|---|--:|",
            *(f"| {k} | {v:.1%} |" for k, v in p["layers"]),
            *(f"| — of which in `{k}` | {v:.1%} |" for k, v in p["endpoints"]),
            "",
            "| self, by package | share |",
            "|---|--:|",
            *(f"| {k} | {v:.1%} |" for k, v in p["self_by_package"]),
            "",
            "| self, by function | share |",
            "|---|--:|",
            *(f"| `{k}` | {v:.1%} |" for k, v in p["self_by_function"]),
            "",
            "| inclusive, the platform's functions (below the middleware) | share |",
            "|---|--:|",
            *(f"| `{k}` | {v:.1%} |" for k, v in p["inclusive_platform"]),
            "",
            "| inclusive, every function holding less than half the time | share |",
            "|---|--:|",
            *(f"| `{k}` | {v:.1%} |" for k, v in p["inclusive_below_half"]),
            "",
        ]
    return lines


def render(result: dict, notes: str | None = None) -> str:
    """The whole of latest.md. `notes` (default: bench/profile-notes.md) is the hand-written reading."""
    if notes is None:
        notes = NOTES.read_text() if NOTES.exists() else ""
    lines = [
        "# Benchmark: the latest run",
        "",
        f"Measured {result['measured_at']} by `make bench` (bench/run.py, {result['seconds_taken']} s);"
        " this file is written by it.",
        "",
    ]
    if result.get("note"):
        lines += [f"**Note:** {result['note']}", ""]
    lines += render_machine(result) + render_table(result) + render_pairs(result) + render_goals(result)
    lines += render_profile(result)
    if notes.strip():
        lines += [notes.strip(), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    # Render latest.md again from latest.json (e.g. after the notes changed).
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS / "latest.json"
    (RESULTS / "latest.md").write_text(render(json.loads(source.read_text())))
