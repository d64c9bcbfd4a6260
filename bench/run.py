"""Benchmark: Samenspraak against a bare Starlette floor, measured in one run on this machine.

    python bench/run.py [--duration 10] [--connections 50] [--big 1200000]

Measures with wrk (a real load generator, 2 threads): the floor (one INSERT; one small page), answering
(PUT my-response, one citizen per connection), the consultation page, and the results at ~100 responses
and again after bulk-loading `--big` responses. Prints ratios against the floor measured in the same run
and writes bench/results/latest.json. Never run by the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS = {
    "answer_vs_insert_floor": 0.5,
    "page_vs_page_floor": 0.2,
    "results_vs_page_floor": 0.2,
    "results_big_vs_small_cost": 2.0,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")


def start(command: list[str], env: dict[str, str], log: Path, probe: str) -> subprocess.Popen:
    process = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT)
    wait_until_up(probe, process, log)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


WARM_UP_SECONDS = 2


def wrk(url: str, *, duration: int, connections: int, script: Path | None = None) -> dict[str, float]:
    """One measured wrk run, after an unrecorded warm-up of the same load (first requests of a fresh process
    compile templates and queries, and would otherwise show up as the slowest requests of every run)."""
    command = ["wrk", "-t2", f"-c{connections}", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    subprocess.run([*command, f"-d{WARM_UP_SECONDS}s", url], capture_output=True, text=True, check=True)
    out = subprocess.run([*command, f"-d{duration}s", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    max_latency = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*timeout (\d+)", out)
    return {
        "requests_per_second": rps,
        "max_latency_s": float(max_latency.group(1)) * UNITS[max_latency.group(2)],
        "p99_latency_s": float(p99.group(1)) * UNITS[p99.group(2)],
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "timeouts": int(errors.group(1)) if errors else 0,
    }


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

    from participation import db
    from participation.accounts import services as accounts

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--big", type=int, default=1_200_000, help="responses for the large results run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="samenspraak-bench-"))
    app_db = work / "app.sqlite3"
    env = {
        **os.environ,
        "DATA_DIR": str(work),
        "DATABASE_URL": f"sqlite://{app_db}",
        "SECRET_KEY": "bench-secret-key-0123456789abcdef",
        "BASELINE_DATABASE_URL": f"sqlite://{work / 'floor.sqlite3'}",
    }
    os.environ.update({k: env[k] for k in ("DATA_DIR", "DATABASE_URL", "SECRET_KEY")})
    print(f"preparing {args.connections} citizens and an official in {work} …", flush=True)
    official, tokens = asyncio.run(make_people(env["DATABASE_URL"], args.connections))
    results: dict[str, dict] = {}

    floor_port, app_port = free_port(), free_port()
    floor = start(
        [sys.executable, "-m", "uvicorn", "bench.baseline_app:app", "--port", str(floor_port), "--log-level", "info"],
        env,
        work / "floor.log",
        f"http://127.0.0.1:{floor_port}/page",
    )
    try:
        print("floor: one INSERT", flush=True)
        results["floor_insert"] = wrk(
            f"http://127.0.0.1:{floor_port}/insert",
            duration=args.duration,
            connections=args.connections,
            script=lua_post(work / "post.lua"),
        )
        print("floor: one page", flush=True)
        results["floor_page"] = wrk(
            f"http://127.0.0.1:{floor_port}/page", duration=args.duration, connections=args.connections
        )
    finally:
        stop(floor)

    base = f"http://127.0.0.1:{app_port}"
    serve = [sys.executable, "-m", "server.cli", "serve", "--no-monitor", "--port", str(app_port)]
    app = start(serve, env, work / "app.log", f"{base}/healthz")
    headers = {"Authorization": f"Bearer {official}"}
    try:
        created = httpx.post(f"{base}/api/v1/consultations", json=CONSULTATION, headers=headers, timeout=30)
        created.raise_for_status()
        consultation = created.json()
        cid, questions = consultation["id"], consultation["questions"]
        httpx.post(f"{base}/api/v1/consultations/{cid}/open", headers=headers, timeout=30).raise_for_status()
        bodies = {t: (answer_body(questions, i), answer_body(questions, i + 1)) for i, t in enumerate(tokens)}
        print("answering: PUT my-response", flush=True)
        results["answer"] = wrk(
            f"{base}/api/v1/consultations/{cid}/my-response",
            duration=args.duration,
            connections=args.connections,
            script=lua_put(work / "put.lua", tokens, bodies),
        )
        print("the consultation page", flush=True)
        results["page"] = wrk(f"{base}/consultations/{cid}", duration=args.duration, connections=args.connections)
    finally:
        stop(app)

    get_results = lua_get(work / "get.lua", official)

    def measure_results(name: str, responses: int) -> None:
        """Restart the platform on the loaded file, check it sees every response, measure its results."""
        app = start(serve, env, work / "app.log", f"{base}/healthz")
        try:
            url = f"{base}/api/v1/consultations/{cid}/results"
            check = httpx.get(url, headers=headers, timeout=30).json()
            assert check["responses"] == responses, check["responses"]
            print(f"results at {responses} responses", flush=True)
            results[name] = wrk(url, duration=args.duration, connections=args.connections, script=get_results)
        finally:
            stop(app)

    small = bulk_load(app_db, cid, questions, 100)
    measure_results("results_small", small)
    print(f"bulk-loading {args.big} responses …", flush=True)
    started = time.monotonic()
    big = bulk_load(app_db, cid, questions, args.big)
    print(f"  loaded in {time.monotonic() - started:.0f} s", flush=True)
    measure_results("results_big", big)

    rps = {name: r["requests_per_second"] for name, r in results.items()}
    ratios = {
        "answer_vs_insert_floor": rps["answer"] / rps["floor_insert"],
        "page_vs_page_floor": rps["page"] / rps["floor_page"],
        "results_vs_page_floor": rps["results_small"] / rps["floor_page"],
        # Cost per request is 1/throughput: how much dearer a results request is at `big` than at ~100.
        "results_big_vs_small_cost": rps["results_small"] / rps["results_big"],
    }
    worst_latency = max(r["max_latency_s"] for r in results.values())
    report = {
        "measured_at": datetime.now(UTC).isoformat(),
        "connections": args.connections,
        "duration_s": args.duration,
        "responses_small": small,
        "responses_big": big,
        "runs": results,
        "ratios": ratios,
        "goals": GOALS,
        "max_latency_s": worst_latency,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2))

    print(f"\n{'run':16} {'req/s':>10} {'p99 ms':>9} {'max ms':>9} {'non-2xx':>8}")
    for name, r in results.items():
        print(
            f"{name:16} {r['requests_per_second']:10.0f} {r['p99_latency_s'] * 1000:9.1f} "
            f"{r['max_latency_s'] * 1000:9.1f} {r['non_2xx']:8d}"
        )
    print()
    for name, value in ratios.items():
        goal = GOALS[name]
        ok = value <= goal if name.endswith("_cost") else value >= goal
        sign = "≤" if name.endswith("_cost") else "≥"
        print(f"{name:28} {value:6.2f}  (goal {sign} {goal})  {'ok' if ok else 'MISSED'}")
    print(f"{'slowest request':28} {worst_latency:6.2f} s (goal ≤ 2 s)  {'ok' if worst_latency <= 2 else 'MISSED'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
