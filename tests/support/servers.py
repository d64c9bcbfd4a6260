"""Several `samenspraak serve` processes on one database (SQLite file or PostgreSQL), for races over real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from tests.support.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def _one(database_url: str, data_dir: Path, index: int) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "BASE_URL": f"http://127.0.0.1:{port}",
        "SECRET_KEY": "live-test-secret-key-0123456789",
    }
    log_path = data_dir / f"server{index}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(port), "--no-monitor"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text())
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextmanager
def servers(database_url: str, data_dir: Path, count: int) -> Iterator[list[str]]:
    """`count` server processes on the (migrated) database, listening on 127.0.0.1; their base URLs."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        yield [stack.enter_context(_one(database_url, data_dir, i)) for i in range(count)]
