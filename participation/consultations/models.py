"""Storage of consultations: questions, responses, statements, decisions and the stored tallies.

Tallies are counters kept on the rows they count (Option.count, ScaleTally.count, Statement.agree ...,
Question.answer_count, Consultation.response_count), changed with atomic UPDATEs in the transaction of the
response or vote, so reading results never counts answer rows.

Models carry comments rather than docstrings: Tortoise 1.1 writes docstrings into SQL comments unescaped.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

STATUSES = ("draft", "open", "closed", "decided")
KINDS = ("text", "single_choice", "multiple_choice", "scale", "statements")
# `review`: hidden pending a moderator's review (reported by REPORT_THRESHOLD people); `hidden`: hidden by a
# moderator's decision; `pending`: held back before publication. See participation/consultations/moderation.py.
ANSWER_STATES = ("visible", "pending", "review", "hidden")
STATEMENT_STATUSES = ("pending", "published", "review", "hidden")
VOTES = ("agree", "disagree", "pass")


class Consultation(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    summary = fields.TextField(default="")
    body = fields.TextField(default="")
    body_html = fields.TextField(default="")
    # The stored status; the schedule (opens_at, closes_at) may have moved it on: see rules.effective_status.
    status = fields.CharField(max_length=10, default="draft", db_index=True)
    opens_at = fields.DatetimeField(null=True, db_index=True)
    closes_at = fields.DatetimeField(null=True, db_index=True)
    created_by = fields.ForeignKeyField(
        "models.User", related_name="consultations_created", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    response_count = fields.IntField(default=0)

    class Meta:
        table = "consultations"


class Question(Model):
    id = fields.IntField(primary_key=True)
    consultation = fields.ForeignKeyField("models.Consultation", related_name="questions", on_delete=fields.CASCADE)
    position = fields.IntField()
    kind = fields.CharField(max_length=20)
    prompt = fields.CharField(max_length=500)
    required = fields.BooleanField(default=False)
    scale_min = fields.IntField(null=True)
    scale_max = fields.IntField(null=True)
    min_label = fields.CharField(max_length=100, default="")
    max_label = fields.CharField(max_length=100, default="")
    # How many responses answer this question (the base of percentages).
    answer_count = fields.IntField(default=0)
    # Every statement vote cast or changed on this question: tells when stored opinion groups are stale.
    votes_cast = fields.IntField(default=0)
    # What was done with the input, written with the decision.
    outcome = fields.TextField(default="")
    outcome_html = fields.TextField(default="")

    class Meta:
        table = "questions"
        ordering = ["position", "id"]


class Option(Model):
    id = fields.IntField(primary_key=True)
    question = fields.ForeignKeyField("models.Question", related_name="options", on_delete=fields.CASCADE)
    position = fields.IntField()
    label = fields.CharField(max_length=200)
    count = fields.IntField(default=0)

    class Meta:
        table = "question_options"
        ordering = ["position", "id"]


class ScaleTally(Model):
    # One row per value of a scale question, made with the question, so answering only UPDATEs.
    id = fields.IntField(primary_key=True)
    question = fields.ForeignKeyField("models.Question", related_name="tallies", on_delete=fields.CASCADE)
    value = fields.IntField()
    count = fields.IntField(default=0)

    class Meta:
        table = "scale_tallies"
        unique_together = (("question", "value"),)
        ordering = ["value"]


class Response(Model):
    id = fields.IntField(primary_key=True)
    consultation = fields.ForeignKeyField("models.Consultation", related_name="responses", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("models.User", related_name="consultation_responses", on_delete=fields.CASCADE)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "responses"
        unique_together = (("consultation", "user"),)


class Answer(Model):
    id = fields.IntField(primary_key=True)
    response = fields.ForeignKeyField("models.Response", related_name="answers", on_delete=fields.CASCADE)
    question = fields.ForeignKeyField("models.Question", related_name="answers", on_delete=fields.CASCADE)
    # An option id, a list of option ids or an integer; null for text answers (see text).
    value = fields.JSONField(null=True)
    text = fields.TextField(default="")
    text_html = fields.TextField(default="")
    state = fields.CharField(max_length=10, default="visible")
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "answers"
        unique_together = (("response", "question"),)
        # The public page of open answers (visible, newest first) and the officials' (every state).
        indexes = (("question_id", "state", "id"), ("question_id", "id"))

    @property
    def ref(self) -> str:
        return f"answer:{self.id}"


class Statement(Model):
    id = fields.IntField(primary_key=True)
    question = fields.ForeignKeyField("models.Question", related_name="statements", on_delete=fields.CASCADE)
    text = fields.CharField(max_length=500)
    text_html = fields.TextField(default="")
    # None for the seed statements an official wrote with the question.
    author = fields.ForeignKeyField("models.User", related_name="statements", null=True, on_delete=fields.SET_NULL)
    status = fields.CharField(max_length=10, default="pending", db_index=True)
    agree = fields.IntField(default=0)
    disagree = fields.IntField(default=0)
    passed = fields.IntField(default=0)
    created_at = fields.DatetimeField()

    class Meta:
        table = "statements"
        ordering = ["id"]

    @property
    def ref(self) -> str:
        return f"statement:{self.id}"


class StatementVote(Model):
    id = fields.IntField(primary_key=True)
    statement = fields.ForeignKeyField("models.Statement", related_name="votes", on_delete=fields.CASCADE)
    # The statement's question, kept here so the vote matrix of a question is read with one index.
    question = fields.ForeignKeyField("models.Question", related_name="statement_votes", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("models.User", related_name="statement_votes", on_delete=fields.CASCADE)
    vote = fields.CharField(max_length=10)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "statement_votes"
        unique_together = (("statement", "user"),)
        indexes = (("question_id", "user_id"),)


class Decision(Model):
    id = fields.IntField(primary_key=True)
    consultation = fields.OneToOneField("models.Consultation", related_name="decision", on_delete=fields.CASCADE)
    summary = fields.TextField()
    body = fields.TextField(default="")
    body_html = fields.TextField(default="")
    published_at = fields.DatetimeField()
    published_by = fields.ForeignKeyField(
        "models.User", related_name="decisions_published", null=True, on_delete=fields.SET_NULL
    )
    # Set when the published text was corrected (the earlier texts are in `revisions`).
    corrected_at = fields.DatetimeField(null=True)

    class Meta:
        table = "decisions"


class DecisionRevision(Model):
    """An earlier text of a published decision, kept when an official corrects it: the history stays readable."""

    id = fields.IntField(primary_key=True)
    decision = fields.ForeignKeyField("models.Decision", related_name="revisions", on_delete=fields.CASCADE)
    summary = fields.TextField()
    body = fields.TextField(default="")
    body_html = fields.TextField(default="")
    # When this text was shown from, and when the correction replaced it.
    shown_from = fields.DatetimeField()
    replaced_at = fields.DatetimeField()
    replaced_by = fields.ForeignKeyField(
        "models.User", related_name="decision_corrections", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "decision_revisions"


class OpinionGroups(Model):
    # The stored clustering of the votes on one statements question, recomputed when stale.
    id = fields.IntField(primary_key=True)
    question = fields.OneToOneField("models.Question", related_name="opinion_groups", on_delete=fields.CASCADE)
    computed_at = fields.DatetimeField()
    # Question.votes_cast when computed: the measure of how much changed since.
    votes_cast = fields.IntField(default=0)
    participants = fields.IntField(default=0)
    # [{"size", "representative": [statement ids], "agree_rates": {id: rate}}]
    groups = fields.JSONField(default=list)
    divide = fields.JSONField(default=list)
    unite = fields.JSONField(default=list)

    class Meta:
        table = "opinion_groups"


class ImportedConversation(Model):
    # A conversation imported from elsewhere (`samenspraak import-polis`), so the same one is imported only once.
    id = fields.IntField(primary_key=True)
    # Where it came from: the Pol.is conversation's address (summary.csv `url`), else the export's folder name.
    source = fields.CharField(max_length=300, unique=True)
    consultation = fields.OneToOneField("models.Consultation", related_name="imported_from", on_delete=fields.CASCADE)
    imported_at = fields.DatetimeField()

    class Meta:
        table = "imported_conversations"
