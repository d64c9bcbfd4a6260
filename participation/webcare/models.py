"""Storage of webcare: monitored sources, their cursors, posts, conversations, notes and replies.

A source's access token is a secret: it is stored here and read only by the network clients; no response,
page or log shows it. Models carry comments rather than docstrings (Tortoise writes docstrings into SQL).
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

KINDS = ("mastodon", "rss")
SOURCE_STATUSES = ("ok", "failing")
CONVERSATION_STATUSES = ("new", "assigned", "replied", "closed", "no_reply_needed")
# With four-eyes approval on, a reply waits for a second official ("awaiting_approval") or is sent back ("returned").
REPLY_STATUSES = ("awaiting_approval", "returned", "queued", "sent", "failed")
# What moderation made of a monitored post (its ref is "post:ID").
POST_MODERATION = ("published", "review", "hidden")
CATEGORIES = ("question", "complaint", "compliment", "other")
SENTIMENTS = ("positive", "neutral", "negative")


class Source(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=20)
    name = fields.CharField(max_length=200)
    base_url = fields.CharField(max_length=500)
    # The secret, sealed (participation/webcare/protection.py): never returned, shown or logged.
    access_token = fields.CharField(max_length=1000, default="")
    hashtags = fields.JSONField(default=list)
    keywords = fields.JSONField(default=list)
    account = fields.CharField(max_length=200, default="")
    status = fields.CharField(max_length=10, default="ok")
    last_error = fields.TextField(default="")
    failures = fields.IntField(default=0)
    last_polled_at = fields.DatetimeField(null=True)
    next_poll_at = fields.DatetimeField(null=True, db_index=True)
    # The lease: one monitor polls a source at a time; a dead worker's lease runs out.
    leased_until = fields.DatetimeField(null=True)
    lease_owner = fields.CharField(max_length=64, default="")
    # RSS/Atom: the validators of the last answer.
    etag = fields.CharField(max_length=500, default="")
    last_modified = fields.CharField(max_length=200, default="")
    # A demo source is never polled (no network in the demo).
    demo = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()

    class Meta:
        table = "webcare_sources"


class Cursor(Model):
    # Per source and query ("tag:parken", "mentions", "search:fiets"): the newest id fetched so far.
    id = fields.IntField(primary_key=True)
    source = fields.ForeignKeyField("models.Source", related_name="cursors", on_delete=fields.CASCADE)
    query = fields.CharField(max_length=300)
    position = fields.CharField(max_length=100)

    class Meta:
        table = "webcare_cursors"
        unique_together = (("source", "query"),)


class Conversation(Model):
    id = fields.IntField(primary_key=True)
    source = fields.ForeignKeyField("models.Source", related_name="conversations", on_delete=fields.CASCADE)
    status = fields.CharField(max_length=20, default="new", db_index=True)
    assignee = fields.ForeignKeyField(
        "models.User", related_name="webcare_assigned", null=True, on_delete=fields.SET_NULL
    )
    consultation_id = fields.IntField(null=True, db_index=True)
    category = fields.CharField(max_length=20, default="other")
    sentiment = fields.CharField(max_length=10, default="neutral", db_index=True)
    created_at = fields.DatetimeField()
    last_post_at = fields.DatetimeField()
    first_response_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webcare_conversations"
        # The dashboard: the backlog by status and waiting time, and the conversations of a period.
        indexes = (("status", "last_post_at"), ("created_at", "source_id", "first_response_at"))


class Post(Model):
    id = fields.IntField(primary_key=True)
    source = fields.ForeignKeyField("models.Source", related_name="posts", on_delete=fields.CASCADE)
    conversation = fields.ForeignKeyField("models.Conversation", related_name="posts", on_delete=fields.CASCADE)
    # Deduplication goes by the network's uri of the post (a boost is unwrapped first).
    uri = fields.CharField(max_length=500, unique=True)
    external_id = fields.CharField(max_length=100)
    in_reply_to = fields.CharField(max_length=100, default="")
    url = fields.CharField(max_length=500, default="")
    author = fields.CharField(max_length=300, default="")
    # The author's display name on the network ("" when it has none; the handle stands in).
    author_name = fields.CharField(max_length=300, default="")
    text = fields.TextField(default="")
    text_html = fields.TextField(default="")
    tags = fields.JSONField(default=list)
    category = fields.CharField(max_length=20, default="other")
    sentiment = fields.CharField(max_length=10, default="neutral")
    # Why the classifier said so: the words that decided it.
    explanation = fields.CharField(max_length=500, default="")
    consultation_id = fields.IntField(null=True)
    # published, or hidden by moderation ("review": reported and hidden pending a moderator's look).
    moderation = fields.CharField(max_length=10, default="published")
    created_at = fields.DatetimeField()
    fetched_at = fields.DatetimeField()

    class Meta:
        table = "webcare_posts"
        # The inbox reads the posts of its conversations; threading looks up the post a reply answers by its
        # network id, once for every reply stored; social listening reads a consultation's posts; the dashboard
        # counts posts by their time.
        indexes = (
            ("conversation_id",),
            ("source_id", "external_id"),
            ("consultation_id",),
            # Covers the counts per source and hour and per source and sentiment.
            ("created_at", "source_id", "sentiment"),
        )


class Note(Model):
    id = fields.IntField(primary_key=True)
    conversation = fields.ForeignKeyField("models.Conversation", related_name="notes", on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("models.User", related_name="webcare_notes", null=True, on_delete=fields.SET_NULL)
    body = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "webcare_notes"
        indexes = (("conversation_id",),)


class Reply(Model):
    id = fields.IntField(primary_key=True)
    conversation = fields.ForeignKeyField("models.Conversation", related_name="replies", on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("models.User", related_name="webcare_replies", null=True, on_delete=fields.SET_NULL)
    body = fields.TextField()
    # The network's id of the post answered, and its author (mentioned so the reply reaches them).
    in_reply_to = fields.CharField(max_length=100)
    in_reply_to_author = fields.CharField(max_length=300, default="")
    status = fields.CharField(max_length=20, default="queued", db_index=True)
    idempotency_key = fields.CharField(max_length=100)
    external_id = fields.CharField(max_length=100, default="")
    uri = fields.CharField(max_length=500, default="")
    url = fields.CharField(max_length=500, default="")
    error = fields.TextField(default="")
    attempts = fields.IntField(default=0)
    # When the next attempt is due; also the claim of the monitor delivering it (pushed ahead while it works).
    next_attempt_at = fields.DatetimeField(null=True, db_index=True)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)
    # Four-eyes approval: the second official who approved or sent it back, when, and their note.
    reviewer = fields.ForeignKeyField(
        "models.User", related_name="webcare_reviewed", null=True, on_delete=fields.SET_NULL
    )
    reviewed_at = fields.DatetimeField(null=True)
    review_note = fields.TextField(default="")

    class Meta:
        table = "webcare_replies"
        # A conversation's replies; a post that answers our reply joins the reply's thread, looked up by its id.
        indexes = (("conversation_id",), ("external_id",))


class ReplyTemplate(Model):
    # A ready answer officials start a reply from; `body` may hold the placeholders of reply_templates.py.
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    body = fields.TextField()
    author = fields.ForeignKeyField(
        "models.User", related_name="webcare_templates", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "webcare_reply_templates"
