"""Two `samenspraak monitor --once` processes at the same time against one PostgreSQL database and a local
mastodon-mock: every post is stored once, every source polled, no lease left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tortoise import Tortoise

from participation import db
from participation.webcare.models import Post, Source
from tests.support import mastodon_mock

ROOT = Path(__file__).resolve().parents[3]


async def test_two_monitor_processes_store_every_post_once(pg_url, tmp_path):
    with mastodon_mock.running() as instance:
        for i in range(60):
            mastodon_mock.post(instance, f"Bericht {i} #tweemonitors")
        await Tortoise.init(config=db.tortoise_config(pg_url))
        try:
            for i in range(3):
                await Source.create(
                    kind="mastodon",
                    name=f"Bron {i}",
                    base_url=instance,
                    access_token=mastodon_mock.TOKEN,
                    hashtags=["tweemonitors"],
                    keywords=["Bericht"] if i == 0 else [],
                    created_at=datetime.now(UTC),
                )
            environ = {
                **{k: v for k, v in os.environ.items() if k not in ("SMTP_URL", "SECRET_KEY", "BASE_URL")},
                "DATA_DIR": str(tmp_path),
                "DATABASE_URL": pg_url,
                "PYTHONPATH": str(ROOT),
                "ALLOW_PRIVATE_SOURCE_ADDRESSES": "true",  # mastodon-mock is on 127.0.0.1
            }
            monitors = [
                subprocess.Popen(
                    [sys.executable, "-m", "server.cli", "monitor", "--once"],
                    cwd=tmp_path,
                    env=environ,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(2)
            ]
            outputs = [m.communicate(timeout=120) for m in monitors]
            assert [m.returncode for m in monitors] == [0, 0], outputs
            uris = await Post.all().values_list("uri", flat=True)
            assert len(uris) == len(set(uris)) == 60
            sources = await Source.all()
            assert all(s.last_polled_at is not None and s.status == "ok" for s in sources)
            assert all(s.leased_until is None for s in sources)
            assert mastodon_mock.TOKEN not in "".join(out + err for out, err in outputs)
        finally:
            await Tortoise.close_connections()
