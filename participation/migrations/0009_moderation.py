from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_cocreation_delivery')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LogEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.CharField(max_length=20)),
                ('ref', fields.CharField(db_index=True, max_length=40)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='moderation_log', on_delete=OnDelete.SET_NULL)),
                ('detail', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderation_log', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ModerationDecision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ref', fields.CharField(db_index=True, max_length=40)),
                ('action', fields.CharField(max_length=10)),
                ('ground', fields.CharField(max_length=40)),
                ('facts', fields.TextField(unique=False)),
                ('automated', fields.BooleanField(default=False)),
                ('detected', fields.BooleanField(default=False)),
                ('source', fields.CharField(default='', max_length=100)),
                ('redress', fields.TextField(unique=False)),
                ('moderator', fields.ForeignKeyField('models.User', source_field='moderator_id', null=True, db_constraint=True, to_field='id', related_name='moderation_decisions_made', on_delete=OnDelete.SET_NULL)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='moderation_decisions_received', on_delete=OnDelete.SET_NULL)),
                ('content_created_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderation_decisions', 'app': 'models', 'indexes': [Index(fields=['author_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Appeal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('decision', fields.OneToOneField('models.ModerationDecision', source_field='decision_id', db_constraint=True, to_field='id', related_name='appeal', on_delete=OnDelete.CASCADE)),
                ('ref', fields.CharField(db_index=True, max_length=40)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='moderation_appeals', on_delete=OnDelete.CASCADE)),
                ('text', fields.TextField(unique=False)),
                ('status', fields.CharField(default='waiting', max_length=10)),
                ('outcome', fields.ForeignKeyField('models.ModerationDecision', source_field='outcome_id', null=True, db_constraint=True, to_field='id', related_name='appeal_outcomes', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderation_appeals', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ModerationItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ref', fields.CharField(unique=True, max_length=40)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='moderation_items', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharField(default='waiting', max_length=10)),
                ('reports', fields.IntField(default=0)),
                ('waiting_since', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('held', fields.BooleanField(default=False)),
                ('hits', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderation_items', 'app': 'models', 'indexes': [Index(fields=['status', 'reports', 'waiting_since'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Report',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ref', fields.CharField(db_index=True, max_length=40)),
                ('reporter', fields.ForeignKeyField('models.User', source_field='reporter_id', db_constraint=True, to_field='id', related_name='reports_made', on_delete=OnDelete.CASCADE)),
                ('reason', fields.CharField(max_length=20)),
                ('note', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderation_reports', 'app': 'models', 'unique_together': (('ref', 'reporter'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScreenedPost',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='screened_posts', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderation_screened_posts', 'app': 'models', 'indexes': [Index(fields=['author_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Suspension',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='suspensions', on_delete=OnDelete.CASCADE)),
                ('decision', fields.OneToOneField('models.ModerationDecision', source_field='decision_id', db_constraint=True, to_field='id', related_name='suspension', on_delete=OnDelete.CASCADE)),
                ('until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderation_suspensions', 'app': 'models', 'indexes': [Index(fields=['user_id', 'until'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WordList',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('language', fields.CharField(unique=True, max_length=5)),
                ('entries', fields.TextField(default='', unique=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_by', fields.ForeignKeyField('models.User', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name='word_lists', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'moderation_word_lists', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
