from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class OutboxMail(Model):
    """A mail written in the transaction of the change that causes it, delivered afterwards."""

    id = fields.IntField(primary_key=True)
    to = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    status = fields.CharField(max_length=10, default="queued", db_index=True)  # queued, sending, sent, failed
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(db_index=True)
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_mails"
