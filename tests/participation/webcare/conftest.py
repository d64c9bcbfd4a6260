"""Webcare's domain without the app: the key that seals tokens, as create_app would set it from SECRET_KEY."""

from __future__ import annotations

import pytest

from participation.webcare import protection


@pytest.fixture(autouse=True)
def sealing_key() -> None:
    protection.configure(secret_key="test-secret-" + "x" * 32, allow_private_addresses=True)
