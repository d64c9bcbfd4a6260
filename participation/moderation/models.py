"""Storage of moderation: reports, the items awaiting a decision, decisions with their statement of reasons,
appeals and the append-only log.

Models carry comments rather than docstrings: Tortoise 1.1 writes docstrings into SQL comments unescaped.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

ITEM_STATUSES = ("waiting", "decided")


class Report(Model):
    # One per person per item: a repeat is not counted again.
    id = fields.IntField(primary_key=True)
    ref = fields.CharField(max_length=40, db_index=True)
    reporter = fields.ForeignKeyField("models.User", related_name="reports_made", on_delete=fields.CASCADE)
    reason = fields.CharField(max_length=20)
    note = fields.TextField(default="")
    created_at = fields.DatetimeField()

    class Meta:
        table = "moderation_reports"
        unique_together = (("ref", "reporter"),)


class ModerationItem(Model):
    # One per item that came to moderation (reported, or held back by a rule or by pre-moderation).
    id = fields.IntField(primary_key=True)
    ref = fields.CharField(max_length=40, unique=True)
    author = fields.ForeignKeyField(
        "models.User", related_name="moderation_items", null=True, on_delete=fields.SET_NULL
    )
    status = fields.CharField(max_length=10, default="waiting")
    # Distinct reporters since it last came to the queue.
    reports = fields.IntField(default=0)
    # When it (last) came to the queue: the queue shows the most reported first, then the oldest.
    waiting_since = fields.DatetimeField()
    # Held back before publication (pre-moderated, or a rule held it).
    held = fields.BooleanField(default=False)
    # [{"rule", "matched"}]: what the automatic rules found.
    hits = fields.JSONField(default=list)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "moderation_items"
        indexes = (("status", "reports", "waiting_since"),)


class ModerationDecision(Model):
    # A decision with its statement of reasons (DSA art. 17(3)); never changed once made.
    id = fields.IntField(primary_key=True)
    ref = fields.CharField(max_length=40, db_index=True)
    action = fields.CharField(max_length=10)
    ground = fields.CharField(max_length=40)
    facts = fields.TextField()
    # Whether automated means decided it (fully); detection by a rule is in `detected`.
    automated = fields.BooleanField(default=False)
    detected = fields.BooleanField(default=False)
    # What brought it: "report:<reasons>", "rule", "pre-moderation" or "own initiative".
    source = fields.CharField(max_length=100, default="")
    redress = fields.TextField()
    moderator = fields.ForeignKeyField(
        "models.User", related_name="moderation_decisions_made", null=True, on_delete=fields.SET_NULL
    )
    author = fields.ForeignKeyField(
        "models.User", related_name="moderation_decisions_received", null=True, on_delete=fields.SET_NULL
    )
    content_created_at = fields.DatetimeField(null=True)
    # The end of a restriction of the account (action "suspend").
    until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "moderation_decisions"
        indexes = (("author_id", "id"),)


class LogEntry(Model):
    # The append-only moderation log: every report, rule hit, decision and appeal. Only ever inserted.
    id = fields.IntField(primary_key=True)
    event = fields.CharField(max_length=20)
    ref = fields.CharField(max_length=40, db_index=True)
    actor = fields.ForeignKeyField("models.User", related_name="moderation_log", null=True, on_delete=fields.SET_NULL)
    detail = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()

    class Meta:
        table = "moderation_log"


class Appeal(Model):
    # The author's appeal of a decision: one per decision; another moderator than the one who decided decides it,
    # and the outcome is a new decision with its own statement of reasons.
    id = fields.IntField(primary_key=True)
    decision = fields.OneToOneField("models.ModerationDecision", related_name="appeal", on_delete=fields.CASCADE)
    ref = fields.CharField(max_length=40, db_index=True)
    author = fields.ForeignKeyField("models.User", related_name="moderation_appeals", on_delete=fields.CASCADE)
    text = fields.TextField()
    status = fields.CharField(max_length=10, default="waiting")
    outcome = fields.ForeignKeyField(
        "models.ModerationDecision", related_name="appeal_outcomes", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "moderation_appeals"


class WordList(Model):
    # The words and phrases an admin lists per language (one entry a line; see detection.WordEntry).
    id = fields.IntField(primary_key=True)
    language = fields.CharField(max_length=5, unique=True)
    entries = fields.TextField(default="")
    updated_at = fields.DatetimeField()
    updated_by = fields.ForeignKeyField("models.User", related_name="word_lists", null=True, on_delete=fields.SET_NULL)

    class Meta:
        table = "moderation_word_lists"


class ScreenedPost(Model):
    # One row per text screened, for the flood rule (posts per person in a short time); pruned by the monitor.
    id = fields.IntField(primary_key=True)
    author = fields.ForeignKeyField("models.User", related_name="screened_posts", on_delete=fields.CASCADE)
    created_at = fields.DatetimeField()

    class Meta:
        table = "moderation_screened_posts"
        indexes = (("author_id", "created_at"),)


class Suspension(Model):
    # An account may read but not write until `until`; made by a decision (action "suspend").
    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="suspensions", on_delete=fields.CASCADE)
    decision = fields.OneToOneField("models.ModerationDecision", related_name="suspension", on_delete=fields.CASCADE)
    until = fields.DatetimeField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "moderation_suspensions"
        indexes = (("user_id", "until"),)


class QueueAlert(Model):
    # A moderator's choice to get a mail when the queue grows, at most one per ALERT_EVERY. `link` is the full
    # link to the queue, given by the web layer when the moderator chose it (the domain builds no links).
    id = fields.IntField(primary_key=True)
    user = fields.OneToOneField("models.User", related_name="moderation_queue_alert", on_delete=fields.CASCADE)
    wants = fields.BooleanField(default=False)
    link = fields.CharField(max_length=500, default="")
    last_sent_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "moderation_queue_alerts"
