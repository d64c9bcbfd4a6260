from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Notification(Model):
    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="notifications", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=40)
    title = fields.CharField(max_length=300)
    body = fields.TextField(default="")
    link = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications"
        ordering = ["-created_at", "-id"]


class NotificationPreference(Model):
    # The choice of one person for one kind; no row means the default (e-mail on).
    # (A comment, not a docstring: Tortoise 1.1 puts docstrings in SQL comments without escaping quotes.)

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="notification_preferences", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=40)
    email = fields.BooleanField(default=True)

    class Meta:
        table = "notification_preferences"
        unique_together = (("user", "kind"),)
