"""A real server (the `samenspraak serve` command in a subprocess) and a real browser (Debian's chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.postgres import free_port
from tests.support.web import PASSWORD

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class LiveServer:
    url: str
    env: dict[str, str]

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "server.cli", *args], env=self.env, capture_output=True, text=True, check=True
        )
        return result.stdout


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("live")
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite://{data_dir / 'live.sqlite3'}",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "SECRET_KEY": "browser-test-secret-key-0123456789",
    }
    server = LiveServer(url=f"http://127.0.0.1:{port}", env=env)
    server.cli("migrate")
    server.cli("create-user", "admin@example.nl", "--password", PASSWORD, "--name", "Ada Admin", "--role", "admin")
    server.cli(
        "create-user", "official@example.nl", "--password", PASSWORD, "--name", "Olaf Official", "--role", "official"
    )
    server.cli("create-user", "citizen@example.nl", "--password", PASSWORD, "--name", "Carla Citizen")
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
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
                raise RuntimeError((data_dir / "server.log").read_text())
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


# Module scope, not session: sync Playwright keeps an event loop running in the main thread while it is open,
# and every async test after it would then fail ("Runner.run() cannot be called from a running event loop").
@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run must install it")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs these tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("#field-email", email)
    page.fill("#field-password", password)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_load_state()
