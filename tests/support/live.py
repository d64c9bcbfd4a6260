"""A real server: the `samenspraak serve` command in a subprocess, on a fresh SQLite file, on 127.0.0.1."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
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


_TEMPLATES: dict[bool, Path] = {}


def _template(demo: bool) -> Path:
    """A data folder made once per test process and copied for each server: migrating costs ~10 s of CPU
    (Tortoise rebuilds its model state for each operation) and each command ~3 s, which every server would
    otherwise pay again. The plain one holds the three users; the demo one is only migrated, because
    `seed-demo` stores links with the server's own address (BASE_URL) and so runs per server."""
    if demo not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="samenspraak-live-template-"))
        atexit.register(shutil.rmtree, folder, True)
        template = LiveServer(url="http://127.0.0.1", env=_environment(folder, "http://127.0.0.1"))
        template.cli("migrate")
        if not demo:
            for email, name, role in USERS:
                template.cli("create-user", email, "--password", PASSWORD, "--name", name, *role)
        _TEMPLATES[demo] = folder
    return _TEMPLATES[demo]


def _environment(data_dir: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite://{data_dir / 'live.sqlite3'}",
        "BASE_URL": url,
        "SECRET_KEY": "live-test-secret-key-0123456789",
    }


USERS = [
    ("admin@example.nl", "Ada Admin", ("--role", "admin")),
    ("official@example.nl", "Olaf Official", ("--role", "official")),
    ("citizen@example.nl", "Carla Citizen", ()),
]


@contextmanager
def serve(data_dir: Path, *, demo: bool = False, settings: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """Migrated, with an admin, an official and a citizen (password PASSWORD), served until the block ends.
    With `demo`, the database holds what `samenspraak seed-demo` puts there instead (its logins, DEMO_PASSWORD).
    `settings`: more environment variables for the server (REPLY_APPROVAL=true ...)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**_environment(data_dir, url), **(settings or {})}
    server = LiveServer(url=url, env=env)
    shutil.copytree(_template(demo), data_dir, dirs_exist_ok=True)
    if demo:
        server.cli("seed-demo")
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
