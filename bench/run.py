"""Benchmark: Samenspraak against bare Starlette floors, measured in one run on this machine.

    python bench/run.py [--duration 10] [--connections 50] [--big 1200000] [--no-postgres] [--no-profile]

Measures with wrk (a real load generator, 2 threads, latency percentiles) the floors — one INSERT straight
through the database driver (aiosqlite; asyncpg on a throwaway PostgreSQL cluster), the same INSERT through a
Tortoise model, one small page — and the platform: answering (PUT my-response, one citizen per connection),
the consultation page, the results at ~100 responses and again after bulk-loading `--big` responses; then
answering, the page and the results once more with two uvicorn worker processes (and the bare page so served, for
their tails), and answering on PostgreSQL.
While wrk runs once more against answering, the page and the results, py-spy samples the server.
Writes bench/results/latest.json and bench/results/latest.md (the table, the goals, the profile). Never run
by the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from server import access_log  # noqa: E402

WARM_UP_SECONDS = 2
# Answering (SQLite, PostgreSQL) and its raw-driver floor are measured this many times more, one after the other
# in turn: from one run to the next the floor alone moves by up to 15% (the host), so one pair cannot settle it;
# pair ratios spread 0.42-0.56 in one run of three (session 6), so five, for a median that holds.
PAIRS = 5
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, *, processes: int) -> None:
    """Until `url` answers and every worker process has said its application started."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(url, timeout=1)
            if log.read_text().count("Application startup complete") >= processes:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def serving(command: list[str], env: dict[str, str], log: Path, probe: str, *, processes: int = 1) -> Iterator:
    process = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        wait_until_up(probe, process, log, processes=processes)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def seconds(match: re.Match | None) -> float | None:
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def wrk_command(url: str, *, connections: int, script: Path | None) -> list[str]:
    command = ["wrk", "-t2", f"-c{connections}", "--latency", "--timeout", "10s"]
    return [*command, "-s", str(script), url] if script else [*command, url]


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) used so far by a process and its children, e.g. uvicorn's workers; 0 where
    /proc is missing. Counts the database driver's threads (aiosqlite), not PostgreSQL's own processes."""
    proc = Path("/proc")
    if not proc.exists():
        return 0.0
    stats = {}
    for entry in proc.glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # After the parenthesised command name: state, ppid, … utime (14th field), stime (15th).
            fields = entry.read_text().rpartition(")")[2].split()
            stats[int(entry.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    family = {pid}
    for _ in range(3):  # the server, its workers, their children
        family |= {p for p, (ppid, _ticks) in stats.items() if ppid in family}
    return sum(stats[p][1] for p in family if p in stats) / os.sysconf("SC_CLK_TCK")


def wrk(
    url: str, *, duration: int, connections: int, script: Path | None = None, server: subprocess.Popen
) -> dict[str, float]:
    """One measured wrk run, after an unrecorded warm-up of the same load (first requests of a fresh process
    compile templates and queries, and would otherwise show up as the slowest requests of every run). Beside
    wrk's figures, the server's CPU time per request: it hardly depends on what else runs on the machine,
    where requests per second do."""
    command = wrk_command(url, connections=connections, script=script)
    subprocess.run([*command[:1], f"-d{WARM_UP_SECONDS}s", *command[1:]], capture_output=True, check=True)
    cpu_before = cpu_seconds(server.pid)
    out = subprocess.run(
        [*command[:1], f"-d{duration}s", *command[1:]], capture_output=True, text=True, check=True
    ).stdout
    cpu = cpu_seconds(server.pid) - cpu_before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_latency_s": seconds(re.search(r"50%\s+([\d.]+)(us|ms|s|m)", out)),
        "p99_latency_s": seconds(re.search(r"99%\s+([\d.]+)(us|ms|s|m)", out)),
        "max_latency_s": seconds(re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)", out)),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "requests": requests,
        "server_cpu_s_per_request": cpu / requests if requests and cpu else None,
    }


def py_spy() -> str | None:
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def profile(
    process: subprocess.Popen, name: str, url: str, *, duration: int, connections: int, script: Path | None = None
) -> dict:
    """wrk once more (not measured) while py-spy samples the server process 100 times a second; the samples
    summarised (report.summarise_profile). py-spy needs to be allowed to ptrace the server (root, or
    kernel.yama.ptrace_scope 0)."""
    # Kept beside the report (not committed): `flamegraph.pl profile-page.txt > page.svg` draws it.
    raw = ROOT / "bench" / "results" / f"profile-{name}.txt"
    raw.parent.mkdir(exist_ok=True)
    raw.unlink(missing_ok=True)
    command = wrk_command(url, connections=connections, script=script)
    load = subprocess.Popen([*command[:1], f"-d{duration + 2}s", *command[1:]], stdout=subprocess.DEVNULL)
    try:
        time.sleep(1)
        spy = [py_spy(), "record", "-f", "raw", "-r", str(report.SAMPLE_RATE), "-d", str(duration)]
        done = subprocess.run([*spy, "-o", str(raw), "--pid", str(process.pid)], capture_output=True, text=True)
    finally:
        load.wait()
    if done.returncode != 0 or not raw.exists():
        return {"error": (done.stderr or done.stdout).strip()[-500:]}
    return report.summarise_profile(raw.read_text(), duration=duration)


def lua_put(path: Path, tokens: list[str], bodies: dict[str, tuple[str, str]]) -> Path:
    """Requests rotate over the citizens (each thread from its own offset); each citizen alternates between
    two different answers, so after the first round every PUT replaces a response with changed values."""
    entries = ",\n".join(f'{{"{t}", {json.dumps(bodies[t][0])}, {json.dumps(bodies[t][1])}}}' for t in tokens)
    path.write_text(
        f"""
local people = {{
{entries}
}}
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
local n = 0
function request()
  n = n + 1
  local who = people[((offset * 7919 + n) % #people) + 1]
  local headers = {{["Authorization"] = "Bearer " .. who[1], ["Content-Type"] = "application/json"}}
  return wrk.format("PUT", nil, headers, who[2 + (math.floor(n / #people) % 2)])
end
"""
    )
    return path


def lua_get(path: Path, token: str) -> Path:
    path.write_text(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
    return path


def lua_post(path: Path) -> Path:
    path.write_text('wrk.method = "POST"\nwrk.body = "{\\"answer\\": 3}"\n')
    return path


async def make_people(database_url: str, citizens: int) -> tuple[str, list[str]]:
    from tortoise import Tortoise
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from participation import db
    from participation.accounts import services as accounts

    # Tortoise caches the SQL it builds per connection name, not per dialect: the PostgreSQL run follows SQLite.
    EXECUTOR_CACHE.clear()
    await db.migrate(database_url)
    await Tortoise.init(config=db.tortoise_config(database_url))
    try:
        now = datetime.now(UTC)
        official = await accounts.create_user(
            email="official@bench.example",
            password="bench-password",
            display_name="Official",
            roles=["official"],
            now=now,
        )
        _token, official_token = await accounts.create_token(official, name="bench")
        tokens = []
        for i in range(citizens):
            user = await accounts.create_user(
                email=f"citizen{i}@bench.example",
                password="bench-password",
                display_name=f"Citizen {i}",
                roles=[],
                now=now,
            )
            tokens.append((await accounts.create_token(user, name="bench"))[1])
        return official_token, tokens
    finally:
        await Tortoise.close_connections()


async def create_databases(url: str, names: list[str]) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        for name in names:
            await connection.execute(f"CREATE DATABASE {name}")
    finally:
        await connection.close()


CONSULTATION = {
    "title": "Herinrichting van het Stadspark",
    "summary": "Hoe wilt u het park gebruiken?",
    "body": "Het college wil het **Stadspark** opnieuw inrichten.",
    "questions": [
        {
            "kind": "single_choice",
            "prompt": "Wat is het belangrijkste?",
            "required": True,
            "options": ["Groen", "Spelen", "Sporten", "Rust"],
        },
        {
            "kind": "multiple_choice",
            "prompt": "Wat mist u?",
            "required": False,
            "options": ["Bankjes", "Verlichting", "Toiletten", "Watertappunt"],
        },
        {
            "kind": "scale",
            "prompt": "Hoe tevreden bent u nu?",
            "required": True,
            "scale_min": 1,
            "scale_max": 5,
            "min_label": "Zeer ontevreden",
            "max_label": "Zeer tevreden",
        },
        {"kind": "text", "prompt": "Wat wilt u ons nog meegeven?", "required": False},
    ],
}


def answer_body(questions: list[dict], i: int) -> str:
    single, multiple, scale, text = questions
    return json.dumps(
        {
            "answers": {
                str(single["id"]): single["options"][i % 4]["id"],
                str(multiple["id"]): [o["id"] for o in multiple["options"][: (i % 3) + 1]],
                str(scale["id"]): 1 + i % 5,
                str(text["id"]): f"Meer schaduw bij de speeltuin, graag (deelnemer {i}).",
            }
        }
    )


def bulk_load(sqlite_path: Path, consultation_id: int, questions: list[dict], target: int) -> int:
    """Adds synthetic respondents until the consultation has `target` responses, counters kept exact."""
    con = sqlite3.connect(sqlite_path)
    cur = con.cursor()
    have = cur.execute("SELECT COUNT(*) FROM responses WHERE consultation_id=?", (consultation_id,)).fetchone()[0]
    stamp = cur.execute("SELECT created_at FROM responses LIMIT 1").fetchone()[0]
    single, multiple, scale, text = questions
    next_user = cur.execute("SELECT COALESCE(MAX(id), 0) FROM users").fetchone()[0] + 1
    next_response = cur.execute("SELECT COALESCE(MAX(id), 0) FROM responses").fetchone()[0] + 1
    next_answer = cur.execute("SELECT COALESCE(MAX(id), 0) FROM answers").fetchone()[0] + 1
    option_counts: dict[int, int] = {}
    scale_counts: dict[int, int] = {}
    added = 0
    batch = 50_000
    cur.execute("PRAGMA synchronous=OFF")
    while have + added < target:
        n = min(batch, target - have - added)
        users, responses, answers = [], [], []
        for k in range(n):
            i = added + k
            uid, rid = next_user + i, next_response + i
            users.append((uid, f"Deelnemer {uid}", f"Deelnemer {uid}", stamp))
            responses.append((rid, consultation_id, uid, stamp, stamp))
            s = single["options"][i % 4]["id"]
            m = [o["id"] for o in multiple["options"][: (i % 3) + 1]]
            v = 1 + i % 5
            base = next_answer + 4 * i
            answers += [
                (base, rid, single["id"], json.dumps(s), "", "", "visible", stamp, stamp),
                (base + 1, rid, multiple["id"], json.dumps(m), "", "", "visible", stamp, stamp),
                (base + 2, rid, scale["id"], json.dumps(v), "", "", "visible", stamp, stamp),
                (base + 3, rid, text["id"], None, "Meer bankjes.", "<p>Meer bankjes.</p>", "visible", stamp, stamp),
            ]
            option_counts[s] = option_counts.get(s, 0) + 1
            for o in m:
                option_counts[o] = option_counts.get(o, 0) + 1
            scale_counts[v] = scale_counts.get(v, 0) + 1
        cur.executemany(
            "INSERT INTO users (id, email, password_hash, display_name, display_name_html, roles, language, "
            "created_at, registered_from, auth_version) VALUES (?, NULL, '', ?, ?, '[]', 'nl', ?, '', 1)",
            users,
        )
        cur.executemany(
            "INSERT INTO responses (id, consultation_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            responses,
        )
        cur.executemany(
            "INSERT INTO answers (id, response_id, question_id, value, text, text_html, state, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            answers,
        )
        added += n
    for option_id, count in option_counts.items():
        cur.execute("UPDATE question_options SET count = count + ? WHERE id = ?", (count, option_id))
    for value, count in scale_counts.items():
        cur.execute(
            "UPDATE scale_tallies SET count = count + ? WHERE question_id = ? AND value = ?",
            (count, scale["id"], value),
        )
    cur.execute("UPDATE consultations SET response_count = response_count + ? WHERE id = ?", (added, consultation_id))
    for q in questions:
        cur.execute("UPDATE questions SET answer_count = answer_count + ? WHERE id = ?", (added, q["id"]))
    con.commit()
    con.close()
    return have + added


def open_consultation(base: str, official: str) -> tuple[int, list[dict]]:
    headers = {"Authorization": f"Bearer {official}"}
    created = httpx.post(f"{base}/api/v1/consultations", json=CONSULTATION, headers=headers, timeout=30)
    created.raise_for_status()
    consultation = created.json()
    httpx.post(f"{base}/api/v1/consultations/{consultation['id']}/open", headers=headers, timeout=30).raise_for_status()
    return consultation["id"], consultation["questions"]


def machine() -> dict:
    """What the figures depend on: the hardware, the versions, and how busy the machine was when we began."""
    from importlib.metadata import version

    from tests.support import postgres

    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    memory = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    bindir = postgres.find_bindir()
    pg = subprocess.run([bindir / "postgres", "--version"], capture_output=True, text=True).stdout if bindir else ""
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0]
    return {
        "nproc": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory_gib": round(int(memory.group(1)) / 2**20, 1) if memory else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg.strip().removeprefix("postgres (PostgreSQL) ") or None,
        "wrk": wrk_version.strip().removeprefix("wrk "),
        "packages": {
            name: version(name) for name in ("starlette", "uvicorn", "tortoise-orm", "aiosqlite", "asyncpg", "jinja2")
        },
        "load_average_at_start": os.getloadavg(),
    }


class Bench:
    """One benchmark run: where it works, how hard wrk pushes, and what it has measured so far."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.runs: dict[str, dict] = {}
        # The interleaved (floor, answering) pairs and their throughput ratios, see `paired`.
        self.pairs: list[dict] = []
        self.responses: dict[str, int] = {}
        self.profiles: dict[str, dict] = {}
        self.spy = None if args.no_profile else py_spy()
        self.post = lua_post(work / "post.lua")

    def measure(self, name: str, server: subprocess.Popen, url: str, script: Path | None = None) -> None:
        print(f"{report.LABELS[name]} …", flush=True)
        args = self.args
        self.runs[name] = wrk(url, duration=args.duration, connections=args.connections, script=script, server=server)

    def profile(self, name: str, process: subprocess.Popen, url: str, script: Path | None = None) -> None:
        if self.spy:
            print(f"  profiling {report.LABELS[name]} …", flush=True)
            self.profiles[name] = profile(
                process,
                name,
                url,
                duration=self.args.duration,
                connections=self.args.connections,
                script=script,
            )

    @contextlib.contextmanager
    def floor_server(
        self, env: dict[str, str], database_url: str, log: str, *, workers: int = 1
    ) -> Iterator[tuple[subprocess.Popen, str]]:
        """bench/baseline_app served on `database_url` (by `workers` processes): the process and its base URL."""
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.baseline_app:app",
            "--port",
            str(port),
            "--log-level",
            "info",
        ]
        if workers > 1:
            command += ["--workers", str(workers)]
        env = {**env, "BASELINE_DATABASE_URL": database_url}
        with serving(command, env, self.work / log, f"{base}/page", processes=workers) as server:
            yield server, base

    def floors(self, env: dict[str, str], database_url: str, database: str, *, page: bool) -> None:
        with self.floor_server(env, database_url, f"floor-{database}.log") as (server, base):
            self.measure(f"floor_raw_{database}", server, f"{base}/insert/raw", self.post)
            self.measure(f"floor_orm_{database}", server, f"{base}/insert/orm", self.post)
            if page:
                self.measure("floor_page", server, f"{base}/page")

    def paired(
        self, env: dict[str, str], database: str, floor_url: str, server: subprocess.Popen, answering: str, put: Path
    ) -> None:
        """`PAIRS` more runs of the raw driver's floor on `database` and of answering on it, in turn (the floor's
        server beside the platform's, each idle while the other is measured). The tables show the pair of the
        median ratio, and every pair's ratio is reported beside them."""
        floor_name, answer_name = f"floor_raw_{database}", "answer" if database == "sqlite" else f"answer_{database}"
        pairs = []
        with self.floor_server(env, floor_url, f"floor-paired-{database}.log") as (floor_server, base):
            for n in range(PAIRS):
                print(f"pair {n + 1} of {PAIRS}: ", end="", flush=True)
                self.measure(floor_name, floor_server, f"{base}/insert/raw", self.post)
                self.measure(answer_name, server, answering, put)
                floor, answer = self.runs[floor_name], self.runs[answer_name]
                ratio = answer["requests_per_second"] / floor["requests_per_second"]
                pairs.append({"database": database, "floor": floor, "answer": answer, "ratio": ratio})
        median = sorted(pairs, key=lambda pair: pair["ratio"])[len(pairs) // 2]
        self.runs[floor_name], self.runs[answer_name] = median["floor"], median["answer"]
        self.pairs += pairs

    def sqlite_platform(self, env: dict[str, str], app_db: Path) -> None:
        args, work = self.args, self.work
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        serve = [sys.executable, "-m", "server.cli", "serve", "--no-monitor", "--port", str(port)]
        # The same app, served as `samenspraak serve` does, by two worker processes sharing the port.
        two = [sys.executable, "-m", "uvicorn", "bench.platform_app:create", "--factory", "--workers", "2"]
        two += ["--port", str(port), "--no-proxy-headers", "--log-level", "info"]
        (work / "log-config.json").write_text(json.dumps(access_log.log_config()))  # serve's access log
        two += ["--log-config", str(work / "log-config.json")]
        print(f"preparing {args.connections} citizens and an official in {work} …", flush=True)
        official, tokens = asyncio.run(make_people(env["DATABASE_URL"], args.connections))
        get_results = lua_get(work / "get.lua", official)
        with serving(serve, env, work / "app.log", f"{base}/healthz") as server:
            cid, questions = open_consultation(base, official)
            bodies = {t: (answer_body(questions, i), answer_body(questions, i + 1)) for i, t in enumerate(tokens)}
            put = lua_put(work / "put.lua", tokens, bodies)
            answering, page = f"{base}/api/v1/consultations/{cid}/my-response", f"{base}/consultations/{cid}"
            results = f"{base}/api/v1/consultations/{cid}/results"
            self.measure("answer", server, answering, put)
            self.paired(env, "sqlite", f"sqlite://{work / 'floor.sqlite3'}", server, answering, put)
            self.measure("page", server, page)
            self.profile("answer", server, answering, put)
            self.profile("page", server, page)

        def check(responses: int) -> None:
            seen = httpx.get(results, headers={"Authorization": f"Bearer {official}"}, timeout=30).json()
            assert seen["responses"] == responses, (seen["responses"], responses)

        small = bulk_load(app_db, cid, questions, 100)
        with serving(serve, env, work / "app.log", f"{base}/healthz") as server:
            check(small)
            self.measure("results_small", server, results, get_results)
            self.profile("results_small", server, results, get_results)
        with serving(two, env, work / "app-two.log", f"{base}/healthz", processes=2) as server:
            check(small)
            self.measure("answer_two", server, answering, put)
            self.measure("page_two", server, page)
            self.measure("results_two", server, results, get_results)
        # The bare page served the same way, right after: the tail two processes on these cores have anyway.
        with self.floor_server(env, f"sqlite://{work / 'floor.sqlite3'}", "floor-two.log", workers=2) as (floor, fbase):
            self.measure("floor_page_two", floor, f"{fbase}/page")
        print(f"bulk-loading {args.big} responses …", flush=True)
        started = time.monotonic()
        big = bulk_load(app_db, cid, questions, args.big)
        print(f"  loaded in {time.monotonic() - started:.0f} s", flush=True)
        with serving(serve, env, work / "app.log", f"{base}/healthz") as server:
            check(big)
            self.measure("results_big", server, results, get_results)
        self.responses = {"small": small, "big": big}

    def postgres(self, env: dict[str, str]) -> None:
        from tests.support import postgres

        if postgres.find_bindir() is None:
            print("PostgreSQL server not installed (apt-get install postgresql): no PostgreSQL rows", flush=True)
            return
        print("starting a throwaway PostgreSQL cluster …", flush=True)
        cluster = postgres.start()
        try:
            asyncio.run(create_databases(cluster.url(), ["floor", "platform"]))
            self.floors(env, cluster.url("floor"), "postgres", page=False)
            env = {**env, "DATABASE_URL": cluster.url("platform")}
            official, tokens = asyncio.run(make_people(env["DATABASE_URL"], self.args.connections))
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            serve = [sys.executable, "-m", "server.cli", "serve", "--no-monitor", "--port", str(port)]
            with serving(serve, env, self.work / "app-postgres.log", f"{base}/healthz") as server:
                cid, questions = open_consultation(base, official)
                bodies = {t: (answer_body(questions, i), answer_body(questions, i + 1)) for i, t in enumerate(tokens)}
                put = lua_put(self.work / "put-postgres.lua", tokens, bodies)
                answering = f"{base}/api/v1/consultations/{cid}/my-response"
                self.measure("answer_postgres", server, answering, put)
                self.paired(env, "postgres", cluster.url("floor"), server, answering, put)
        finally:
            cluster.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--big", type=int, default=1_200_000, help="responses for the large results run")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL floors and answering")
    parser.add_argument("--no-profile", action="store_true", help="do not sample the server with py-spy")
    parser.add_argument("--note", default="", help="a remark for the report, e.g. what else ran meanwhile")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2

    host = machine()
    measured_at = datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix="samenspraak-bench-"))
    app_db = work / "app.sqlite3"
    env = {
        **os.environ,
        "DATA_DIR": str(work),
        "DATABASE_URL": f"sqlite://{app_db}",
        "SECRET_KEY": "bench-secret-key-0123456789abcdef",
    }
    os.environ.update({k: env[k] for k in ("DATA_DIR", "DATABASE_URL", "SECRET_KEY")})
    bench = Bench(args, work)
    if not args.no_profile and bench.spy is None:
        print("py-spy not found (pip install py-spy): no profile", flush=True)
    try:
        bench.floors(env, f"sqlite://{work / 'floor.sqlite3'}", "sqlite", page=True)
        bench.sqlite_platform(env, app_db)
        if not args.no_postgres:
            bench.postgres(env)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    result = {
        "measured_at": measured_at.isoformat(timespec="seconds"),
        "seconds_taken": round((datetime.now(UTC) - measured_at).total_seconds()),
        "machine": host,
        "load_average_at_end": os.getloadavg(),
        "note": args.note,
        "connections": args.connections,
        "duration_s": args.duration,
        "warm_up_s": WARM_UP_SECONDS,
        "responses": bench.responses,
        "runs": bench.runs,
        "pairs": [
            {
                "database": p["database"],
                "floor_rps": p["floor"]["requests_per_second"],
                "answer_rps": p["answer"]["requests_per_second"],
                "floor_cpu_s": p["floor"].get("server_cpu_s_per_request"),
                "answer_cpu_s": p["answer"].get("server_cpu_s_per_request"),
                "ratio": p["ratio"],
            }
            for p in bench.pairs
        ],
        "profiles": bench.profiles,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    markdown = report.render(result)
    (out / "latest.md").write_text(markdown)
    print()
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
