"""A real server: the `samenspraak serve` command in a subprocess, on a fresh SQLite file, on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.postgres import free_port
from tests.support.web import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LiveServer:
    url: str
    env: dict[str, str]

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "server.cli", *args], env=self.env, capture_output=True, text=True, check=True
        )
        return result.stdout

    def token(self, email: str) -> str:
        return self.cli("token", email).strip().splitlines()[-1]


@contextmanager
def serve(data_dir: Path, *, demo: bool = False, settings: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """Migrates, makes an admin, an official and a citizen (password PASSWORD), serves until the block ends.
    With `demo`, the database holds what `samenspraak seed-demo` puts there instead (its logins, DEMO_PASSWORD).
    `settings`: more environment variables for the server (REPLY_APPROVAL=true ...)."""
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite://{data_dir / 'live.sqlite3'}",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "SECRET_KEY": "live-test-secret-key-0123456789",
        **(settings or {}),
    }
    server = LiveServer(url=f"http://127.0.0.1:{port}", env=env)
    server.cli("migrate")
    if demo:
        server.cli("seed-demo")
    else:
        server.cli("create-user", "admin@example.nl", "--password", PASSWORD, "--name", "Ada Admin", "--role", "admin")
        server.cli(
            "create-user",
            "official@example.nl",
            "--password",
            PASSWORD,
            "--name",
            "Olaf Official",
            "--role",
            "official",
        )
        server.cli("create-user", "citizen@example.nl", "--password", PASSWORD, "--name", "Carla Citizen")
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text())
                time.sleep(0.2)
            yield server
        finally:
            process.terminate()
            process.wait(timeout=10)
