"""Storage of co-creation: groups and their members and invites, tasks, claims.

A task keeps `places_left`, the number of groups that may still claim it: a claim takes a place with one
conditional UPDATE (`places_left > 0`), so exactly `max_claims` claims win however many arrive at once, on
SQLite and PostgreSQL alike. A claim that holds its task carries `holding` ("TASK:GROUP", unique), which a
released or expired claim gives up (NULL): a group never holds one task twice.

Models carry comments rather than docstrings: Tortoise 1.1 writes docstrings into SQL comments unescaped.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

ROLES = ("coordinator", "member")
TASK_STATUSES = ("draft", "open", "withdrawn")
CLAIM_STATUSES = ("active", "submitted", "accepted", "released", "expired")
# The claims that hold a place of their task.
HOLDING = ("active", "submitted", "accepted")
# What moderation made of a text: published, review (hidden after reports, pending a moderator) or hidden.
MODERATION_STATES = ("published", "review", "hidden")
JOIN_REQUEST_STATUSES = ("pending", "accepted", "declined", "withdrawn")


class Group(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    name_html = fields.CharField(max_length=1000, default="")
    description = fields.TextField(default="")
    description_html = fields.TextField(default="")
    created_by = fields.ForeignKeyField(
        "models.User", related_name="groups_formed", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    # Its name and description as moderation left them (MODERATION_STATES).
    moderation = fields.CharField(max_length=10, default="published")

    class Meta:
        table = "cocreation_groups"

    @property
    def ref(self) -> str:
        return f"group:{self.id}"


class Membership(Model):
    id = fields.IntField(primary_key=True)
    group = fields.ForeignKeyField("models.Group", related_name="memberships", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("models.User", related_name="group_memberships", on_delete=fields.CASCADE)
    role = fields.CharField(max_length=12, default="member")
    joined_at = fields.DatetimeField()

    class Meta:
        table = "cocreation_memberships"
        unique_together = (("group", "user"),)
        ordering = ["id"]


class Invite(Model):
    id = fields.IntField(primary_key=True)
    group = fields.ForeignKeyField("models.Group", related_name="invites", on_delete=fields.CASCADE)
    code = fields.CharField(max_length=40, unique=True)
    created_by = fields.ForeignKeyField(
        "models.User", related_name="invites_made", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "cocreation_invites"
        ordering = ["-id"]


class Task(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    description_html = fields.TextField(default="")
    deliverable = fields.TextField(default="")
    deliverable_html = fields.TextField(default="")
    due_at = fields.DatetimeField(db_index=True)
    min_group_size = fields.IntField(default=1)
    max_group_size = fields.IntField(default=10)
    max_claims = fields.IntField(default=1)
    # How many more groups may claim it now: max_claims less the claims that hold it.
    places_left = fields.IntField(default=1)
    tags = fields.JSONField(default=list)
    # draft, open or withdrawn; what groups did with it (claimed, submitted, accepted) comes from its claims.
    status = fields.CharField(max_length=10, default="draft", db_index=True)
    created_by = fields.ForeignKeyField(
        "models.User", related_name="tasks_written", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    published_at = fields.DatetimeField(null=True)

    class Meta:
        table = "cocreation_tasks"
        ordering = ["-id"]


class Claim(Model):
    id = fields.IntField(primary_key=True)
    task = fields.ForeignKeyField("models.Task", related_name="claims", on_delete=fields.CASCADE)
    group = fields.ForeignKeyField("models.Group", related_name="claims", on_delete=fields.CASCADE)
    status = fields.CharField(max_length=10, default="active", db_index=True)
    # "TASK:GROUP" while the claim holds its task, NULL once released or expired: one holding per group and task.
    holding = fields.CharField(max_length=40, null=True, unique=True)
    claimed_by = fields.ForeignKeyField("models.User", related_name="claims_made", null=True, on_delete=fields.SET_NULL)
    claimed_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)
    # The latest version of the workspace document (0: never saved); a save moves it on with a conditional UPDATE.
    document_version = fields.IntField(default=0)
    # The revision handed in (frozen: later revisions do not change it), and the official's answer to it.
    submitted_version = fields.IntField(null=True)
    submitted_at = fields.DatetimeField(null=True)
    feedback = fields.TextField(default="")
    feedback_html = fields.TextField(default="")
    reviewed_at = fields.DatetimeField(null=True)
    reviewed_by = fields.ForeignKeyField(
        "models.User", related_name="claims_reviewed", null=True, on_delete=fields.SET_NULL
    )
    # The document (`document:ID`, every revision) as moderation left it (MODERATION_STATES).
    document_moderation = fields.CharField(max_length=10, default="published")

    class Meta:
        table = "cocreation_claims"
        ordering = ["id"]

    @property
    def document_ref(self) -> str:
        return f"document:{self.id}"


# --- the workspace of a claim ------------------------------------------------------------------------


class Revision(Model):
    # Every saved version of a claim's document, whole: reading any version or saving the next one reads one
    # or two rows by (claim, version), however long the history grows.
    id = fields.IntField(primary_key=True)
    claim = fields.ForeignKeyField("models.Claim", related_name="revisions", on_delete=fields.CASCADE)
    version = fields.IntField()
    body = fields.TextField()
    body_html = fields.TextField()
    author = fields.ForeignKeyField(
        "models.User", related_name="revisions_written", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    merged = fields.BooleanField(default=False)

    class Meta:
        table = "cocreation_revisions"
        unique_together = (("claim", "version"),)
        ordering = ["-version"]


class Comment(Model):
    id = fields.IntField(primary_key=True)
    claim = fields.ForeignKeyField("models.Claim", related_name="comments", on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("models.User", related_name="claim_comments", null=True, on_delete=fields.SET_NULL)
    body = fields.TextField()
    body_html = fields.TextField()
    created_at = fields.DatetimeField()
    moderation = fields.CharField(max_length=10, default="published")

    class Meta:
        table = "cocreation_comments"
        ordering = ["id"]

    @property
    def ref(self) -> str:
        return f"comment:{self.id}"


class ChecklistItem(Model):
    id = fields.IntField(primary_key=True)
    claim = fields.ForeignKeyField("models.Claim", related_name="checklist", on_delete=fields.CASCADE)
    text = fields.CharField(max_length=300)
    text_html = fields.CharField(max_length=3000)
    created_by = fields.ForeignKeyField(
        "models.User", related_name="checklist_made", null=True, on_delete=fields.SET_NULL
    )
    # Who took it on; null while nobody has.
    assignee = fields.ForeignKeyField(
        "models.User", related_name="checklist_taken", null=True, on_delete=fields.SET_NULL
    )
    done_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    moderation = fields.CharField(max_length=10, default="published")

    class Meta:
        table = "cocreation_checklist_items"
        ordering = ["id"]

    @property
    def ref(self) -> str:
        return f"checklist_item:{self.id}"


class JoinRequest(Model):
    # A person asking to join a group; its coordinators accept or decline it. `pending` is "GROUP:USER" while it
    # waits and NULL once decided (or withdrawn): one waiting request per person and group.
    id = fields.IntField(primary_key=True)
    group = fields.ForeignKeyField("models.Group", related_name="join_requests", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("models.User", related_name="join_requests", on_delete=fields.CASCADE)
    message = fields.TextField(default="")
    message_html = fields.TextField(default="")
    # pending, accepted, declined or withdrawn (JOIN_REQUEST_STATUSES).
    status = fields.CharField(max_length=10, default="pending")
    pending = fields.CharField(max_length=40, null=True, unique=True)
    created_at = fields.DatetimeField()
    decided_at = fields.DatetimeField(null=True)
    decided_by = fields.ForeignKeyField(
        "models.User", related_name="join_requests_decided", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "cocreation_join_requests"
        ordering = ["id"]


class Draft(Model):
    # A person's editor text that is not saved yet, kept when they pressed another button of the workspace (a
    # message, the checklist, a report, hand in): the workspace shows it in their editor again, so a reload of
    # the page never posts anything twice and no typed text is lost. One per person and claim; saving, or
    # throwing it away, removes it.
    id = fields.IntField(primary_key=True)
    claim = fields.ForeignKeyField("models.Claim", related_name="drafts", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("models.User", related_name="claim_drafts", on_delete=fields.CASCADE)
    body = fields.TextField()
    # The revision the person started from: saving the draft merges against it.
    base_version = fields.IntField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "cocreation_drafts"
        unique_together = (("claim", "user"),)


class RefusedText(Model):
    # A message or sub-task the workspace refused (empty, too long, more than one line), kept for the page the
    # refusal redirects to (Post/Redirect/Get): that page shows it again in its field beside the error, which
    # waits in the session, and removes it. It is kept here and not in the session: it can be longer than a
    # session cookie holds. One per person and claim: a newer refusal replaces it.
    id = fields.IntField(primary_key=True)
    claim = fields.ForeignKeyField("models.Claim", related_name="refused_texts", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("models.User", related_name="refused_claim_texts", on_delete=fields.CASCADE)
    # Which field: "message" (the discussion) or "text" (a sub-task).
    field = fields.CharField(max_length=16)
    body = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "cocreation_refused_texts"
        unique_together = (("claim", "user"),)
