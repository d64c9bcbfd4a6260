"""The `samenspraak` command, run as a separate process like an operator would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tortoise import Tortoise

from participation import db
from participation.accounts.models import User
from participation.cocreation.demo import RESIDENTS
from participation.consultations.demo import DEMO_CITIZENS
from participation.consultations.models import Consultation, OpinionGroups
from participation.demo import LOGINS
from participation.mail.models import OutboxMail
from tests.support.web import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def samenspraak(*args: str, data_dir: Path, database_url: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        **{k: v for k, v in os.environ.items() if k not in ("SMTP_URL", "SECRET_KEY", "BASE_URL")},
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        **env,
    }
    # Run from the data folder, so no .env of the working tree is read.
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=data_dir,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def open_db(database_url: str) -> None:
    await Tortoise.init(config=db.tortoise_config(database_url))


async def test_create_user_and_token_make_an_admin_whose_token_works(app, client):
    settings = app.state.settings
    made = samenspraak(
        "create-user",
        "Chief@Example.nl",
        "--password",
        PASSWORD,
        "--name",
        "The Chief",
        "--role",
        "admin",
        "--role",
        "official",
        data_dir=settings.data_dir,
        database_url=settings.database_url,
    )
    assert made.returncode == 0, made.stderr
    assert "chief@example.nl" in made.stdout
    user = await User.get(email="chief@example.nl")
    assert user.roles == ["admin", "official"]
    assert user.display_name == "The Chief"
    assert user.confirmed_at is not None

    issued = samenspraak("token", "chief@example.nl", data_dir=settings.data_dir, database_url=settings.database_url)
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip().splitlines()[-1]
    assert token.startswith("ssp_") and " " not in token
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["roles"] == ["admin", "official"]


async def test_create_user_refuses_bad_input_with_a_message(settings):
    result = samenspraak(
        "create-user",
        "not-an-address",
        "--password",
        "short",
        data_dir=settings.data_dir,
        database_url=settings.database_url,
    )
    assert result.returncode == 2
    assert "email:" in result.stderr and "password:" in result.stderr
    unknown_role = samenspraak(
        "create-user", "a@example.nl", "--password", PASSWORD, "--role", "king",
        data_dir=settings.data_dir, database_url=settings.database_url,
    )  # fmt: skip
    assert unknown_role.returncode != 0
    assert "king" in unknown_role.stderr


async def test_token_for_an_unknown_address_fails_with_a_message(settings):
    result = samenspraak("token", "nobody@example.nl", data_dir=settings.data_dir, database_url=settings.database_url)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "nobody@example.nl" in result.stderr


async def test_seed_demo_fills_an_empty_database_and_can_run_again(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database_url = f"sqlite://{tmp_path / 'empty.sqlite3'}"  # not even migrated yet
    first = samenspraak(
        "seed-demo", data_dir=data_dir, database_url=database_url, BASE_URL="https://inspraak.example.nl"
    )
    assert first.returncode == 0, first.stderr
    for login in LOGINS:
        assert login.email in first.stdout
        assert login.password in first.stdout
    second = samenspraak("seed-demo", data_dir=data_dir, database_url=database_url)
    assert second.returncode == 0, second.stderr
    assert all(login.email in second.stdout for login in LOGINS)

    await open_db(database_url)
    try:
        assert await User.all().count() == len(LOGINS) + DEMO_CITIZENS + len(RESIDENTS)  # nothing doubled
        roles = {role for user in await User.all() for role in user.roles}
        assert roles == {"admin", "official", "moderator"}
        # The demo's decision mails link to the decided consultation on the site's address: a full link, usable
        # in a mail client, never "/consultations/1" alone.
        decided = await Consultation.get(status="decided")
        bodies = await OutboxMail.filter(subject__contains=decided.title).values_list("body", flat=True)
        assert bodies and all(f"https://inspraak.example.nl/consultations/{decided.id}" in body for body in bodies)
        assert [body for body in bodies if re.search(r"(?<![\w.])/consultations/", body)] == []
    finally:
        await Tortoise.close_connections()


async def test_monitor_once_delivers_due_mail_to_the_outbox_folder(settings, orm):
    await OutboxMail.create(to="els@example.nl", subject="Hello Els", body="A body.", next_attempt_at=datetime.now(UTC))
    result = samenspraak("monitor", "--once", data_dir=settings.data_dir, database_url=settings.database_url)
    assert result.returncode == 0, result.stderr
    assert "mail_sent: 1" in result.stdout
    [eml] = list((settings.data_dir / "outbox").glob("*.eml"))
    text = eml.read_text()
    assert "To: els@example.nl" in text and "Subject: Hello Els" in text and "A body." in text
    assert (await OutboxMail.get(to="els@example.nl")).status == "sent"


POLIS = ROOT / "tests" / "data" / "polis" / "london.youth.policing"


async def test_import_polis_imports_a_conversation_once_and_refuses_a_broken_folder(tmp_path, sqlite_url):
    database_url = sqlite_url  # migrated already: the seed-demo test covers a command's first migration
    first = samenspraak("import-polis", str(POLIS), data_dir=tmp_path, database_url=database_url)
    assert first.returncode == 0, first.stderr
    assert "39 statements (3 hidden), 638 votes by 27 participants" in first.stdout
    again = samenspraak("import-polis", str(POLIS), data_dir=tmp_path, database_url=database_url)
    assert again.returncode == 0, again.stderr
    assert "Already imported as consultation 1: nothing changed." in again.stdout
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "summary.csv").write_text("topic,Something\n")
    refused = samenspraak("import-polis", str(broken), data_dir=tmp_path, database_url=database_url)
    assert refused.returncode == 2
    assert "comments.csv is missing" in refused.stderr
    await open_db(database_url)
    try:
        assert await Consultation.all().count() == 1
        # The groups are there at once, for the results page.
        assert await OpinionGroups.all().count() == 1
    finally:
        await Tortoise.close_connections()


def test_an_sqlite_too_old_for_the_platform_stops_every_command_with_what_is_needed(tmp_path, monkeypatch, capsys):
    """Before any table is made: the command says what is needed and exits with 2, not a syntax error at the first
    answer."""
    import sqlite3

    from server import cli

    database = tmp_path / "old.sqlite3"
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{database}")
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    for command in (["migrate"], ["seed-demo"], ["serve", "--port", "1"]):
        assert cli.main(command) == 2
        assert "samenspraak: SQLite 3.35.0 or newer is needed; this Python uses 3.31.1." in capsys.readouterr().err
    assert not database.exists()
