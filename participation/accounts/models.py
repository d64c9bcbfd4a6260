from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

ROLES = ("official", "moderator", "admin")


class User(Model):
    id = fields.IntField(primary_key=True)
    # None once the account is deleted: contributions stay, pseudonymised.
    email = fields.CharField(max_length=254, unique=True, null=True)
    password_hash = fields.CharField(max_length=255, default="")
    display_name = fields.CharField(max_length=80)
    display_name_html = fields.CharField(max_length=1000, default="")
    roles = fields.JSONField(default=list)
    language = fields.CharField(max_length=5, default="nl")
    created_at = fields.DatetimeField(auto_now_add=True)
    confirmed_at = fields.DatetimeField(null=True)
    deleted_at = fields.DatetimeField(null=True)
    registered_from = fields.CharField(max_length=64, default="")
    # Bumped on password change and deletion: signed reset links and sessions of the old state stop working.
    auth_version = fields.IntField(default=1)
    # Bumped when an e-mailed sign-in link is used: that link, and any other sent before it, stop working.
    sign_in_link_version = fields.IntField(default=0, db_default=0)

    class Meta:
        table = "users"

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def ref(self) -> str:
        return f"user:{self.id}"


class ApiToken(Model):
    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="api_tokens", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=80)
    # Only a SHA-256 digest is stored: the token itself is shown once.
    digest = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=12)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_tokens"


class ThrottleEvent(Model):
    """One counted event (a failed sign-in, a registration) under a key such as `login-account:x@y`."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=300, db_index=True)
    at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "throttle_events"


class Session(Model):
    """A signed-in browser. The session cookie carries a random id and only its SHA-256 digest is stored here,
    so the table alone signs nobody in. Signing out deletes the row; a new password deletes all of them."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="sessions", on_delete=fields.CASCADE)
    digest = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "sessions"


class KnownAddress(Model):
    """An address that signed in to this account with success (its digest, not the address). While the account
    is flooded with failed sign-ins, the password alone keeps working from here (throttle.py)."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="known_addresses", on_delete=fields.CASCADE)
    digest = fields.CharField(max_length=64)
    last_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "known_addresses"
        unique_together = (("user", "digest"),)
