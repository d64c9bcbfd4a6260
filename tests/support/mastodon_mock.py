"""mastodon-mock (a third-party implementation of the Mastodon client API) as a process on 127.0.0.1."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

TOKEN = "mock_token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running() -> Iterator[str]:
    port = _free_port()
    executable = Path(sys.executable).with_name("mastodon_mock")
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [str(executable), "serve", "--host", "127.0.0.1", "--port", str(port), "--in-memory", "--log-level", "warning"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Its start costs ~4 s of CPU (imports); on a machine shared with other work that can take a minute.
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/v1/instance", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"mastodon-mock did not start: {log.read()[-2000:].decode(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def post(base: str, text: str, *, in_reply_to: str | None = None) -> dict:
    data = {"status": text} | ({"in_reply_to_id": in_reply_to} if in_reply_to else {})
    response = httpx.post(f"{base}/api/v1/statuses", data=data, headers={"Authorization": f"Bearer {TOKEN}"})
    response.raise_for_status()
    return response.json()
