"""Settings, read once from the environment (and an optional `.env`) into a frozen dataclass."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from starlette.config import Config

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    base_url: str
    smtp_url: str | None
    registrations_per_hour: int
    report_threshold: int
    confirm_email_to_participate: bool
    mail_from: str = "Samenspraak <noreply@samenspraak.local>"
    # Proxies whose X-Forwarded-For is believed: addresses or networks, or "*" for every peer; none by default.
    forwarded_allow_ips: tuple[str, ...] = ()
    # Webcare: a second official approves each reply before it is sent (four-eyes).
    reply_approval: bool = False
    # Webcare: sources on loopback, private or link-local addresses may be polled (tests, an in-house instance).
    allow_private_source_addresses: bool = False

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"


def _secret_key(data_dir: Path) -> str:
    """The key kept in the data folder, made on first use, so sessions survive a restart."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    return key


def parse_forwarded_allow_ips(value: str) -> tuple[str, ...]:
    """`FORWARDED_ALLOW_IPS`: comma-separated addresses (or networks such as 10.0.0.0/8), or `*`."""
    entries = tuple(entry.strip() for entry in value.split(",") if entry.strip())
    if "*" in entries:
        return ("*",)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"FORWARDED_ALLOW_IPS: {entry!r} is not an IP address or network") from None
    return entries


def load_settings(environ: dict[str, str] | None = None, env_file: str | Path | None = ".env") -> Settings:
    if environ is None:
        environ = dict(os.environ)
    env_path = Path(env_file) if env_file else None
    config = Config(env_path if env_path and env_path.exists() else None, environ=environ)
    data_dir = Path(config("DATA_DIR", default=str(ROOT / "data"))).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = config("DATABASE_URL", default=f"sqlite://{data_dir / 'samenspraak.sqlite3'}")
    secret_key = config("SECRET_KEY", default="") or _secret_key(data_dir)
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret_key,
        base_url=config("BASE_URL", default="http://127.0.0.1:8000").rstrip("/"),
        smtp_url=config("SMTP_URL", default="") or None,
        registrations_per_hour=config("REGISTRATIONS_PER_HOUR", cast=int, default=30),
        report_threshold=config("REPORT_THRESHOLD", cast=int, default=3),
        confirm_email_to_participate=config("CONFIRM_EMAIL_TO_PARTICIPATE", cast=bool, default=False),
        mail_from=config("MAIL_FROM", default="Samenspraak <noreply@samenspraak.local>"),
        forwarded_allow_ips=parse_forwarded_allow_ips(config("FORWARDED_ALLOW_IPS", default="")),
        reply_approval=config("REPLY_APPROVAL", cast=bool, default=False),
        allow_private_source_addresses=config("ALLOW_PRIVATE_SOURCE_ADDRESSES", cast=bool, default=False),
    )
