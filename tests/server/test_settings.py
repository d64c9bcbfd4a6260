"""Configuration from the environment (API.md): defaults, the kept secret key, an optional .env file."""

from __future__ import annotations

import stat

import pytest

from server.settings import load_settings


def test_defaults_put_everything_in_the_data_folder(tmp_path):
    settings = load_settings({"DATA_DIR": str(tmp_path / "data")}, env_file=None)
    assert settings.data_dir == (tmp_path / "data").resolve()
    assert settings.data_dir.is_dir()
    assert settings.database_url == f"sqlite://{settings.data_dir / 'samenspraak.sqlite3'}"
    assert settings.database_url.startswith("sqlite:///")  # an absolute path
    assert settings.smtp_url is None
    assert settings.outbox_dir == settings.data_dir / "outbox"
    assert (settings.registrations_per_hour, settings.report_threshold) == (30, 3)
    assert settings.confirm_email_to_participate is False
    assert settings.base_url == "http://127.0.0.1:8000"
    assert not settings.secure_cookies


def test_the_generated_secret_key_is_kept_private_and_reused(tmp_path):
    first = load_settings({"DATA_DIR": str(tmp_path)}, env_file=None)
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == first.secret_key
    assert len(first.secret_key) >= 40
    assert stat.S_IMODE(key_file.stat().st_mode) & 0o077 == 0
    assert load_settings({"DATA_DIR": str(tmp_path)}, env_file=None).secret_key == first.secret_key


def test_the_environment_sets_every_option(tmp_path):
    settings = load_settings(
        {
            "DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://u:p@db.example:5432/samenspraak",
            "SECRET_KEY": "from-the-environment",
            "BASE_URL": "https://inspraak.example.nl/",
            "SMTP_URL": "smtp://mail.example.nl:587",
            "REGISTRATIONS_PER_HOUR": "0",
            "REPORT_THRESHOLD": "5",
            "CONFIRM_EMAIL_TO_PARTICIPATE": "true",
            "REPLY_APPROVAL": "true",
            "ALLOW_PRIVATE_SOURCE_ADDRESSES": "true",
        },
        env_file=None,
    )
    assert settings.database_url == "postgres://u:p@db.example:5432/samenspraak"
    assert settings.secret_key == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()
    assert settings.base_url == "https://inspraak.example.nl"
    assert settings.secure_cookies
    assert settings.smtp_url == "smtp://mail.example.nl:587"
    assert (settings.registrations_per_hour, settings.report_threshold) == (0, 5)
    assert settings.confirm_email_to_participate is True
    assert settings.reply_approval is True
    assert settings.allow_private_source_addresses is True


def test_a_dot_env_file_is_read_and_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("REPORT_THRESHOLD=7\nREGISTRATIONS_PER_HOUR=4\n")
    settings = load_settings({"DATA_DIR": str(tmp_path), "REGISTRATIONS_PER_HOUR": "9"}, env_file=env_file)
    assert settings.report_threshold == 7
    assert settings.registrations_per_hour == 9


def test_a_malformed_number_is_refused_at_start(tmp_path):
    with pytest.raises(ValueError):
        load_settings({"DATA_DIR": str(tmp_path), "REPORT_THRESHOLD": "three"}, env_file=None)


def test_trusted_proxies_are_none_by_default_and_read_as_a_list(tmp_path):
    assert load_settings({"DATA_DIR": str(tmp_path)}, env_file=None).forwarded_allow_ips == ()
    settings = load_settings({"DATA_DIR": str(tmp_path), "FORWARDED_ALLOW_IPS": " 10.0.0.1, 10.1.0.0/16,"}, None)
    assert settings.forwarded_allow_ips == ("10.0.0.1", "10.1.0.0/16")
    assert load_settings({"DATA_DIR": str(tmp_path), "FORWARDED_ALLOW_IPS": "*"}, None).forwarded_allow_ips == ("*",)


def test_a_trusted_proxy_that_is_no_address_is_refused_at_start(tmp_path):
    with pytest.raises(ValueError, match="proxy.example"):
        load_settings({"DATA_DIR": str(tmp_path), "FORWARDED_ALLOW_IPS": "10.0.0.1,proxy.example"}, env_file=None)
