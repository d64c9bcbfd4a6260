from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_moderation')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Source',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=20)),
                ('name', fields.CharField(max_length=200)),
                ('base_url', fields.CharField(max_length=500)),
                ('access_token', fields.CharField(default='', max_length=500)),
                ('hashtags', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('keywords', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('account', fields.CharField(default='', max_length=200)),
                ('status', fields.CharField(default='ok', max_length=10)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('failures', fields.IntField(default=0)),
                ('last_polled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_poll_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('leased_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('lease_owner', fields.CharField(default='', max_length=64)),
                ('etag', fields.CharField(default='', max_length=500)),
                ('last_modified', fields.CharField(default='', max_length=200)),
                ('demo', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webcare_sources', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Conversation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('source', fields.ForeignKeyField('models.Source', source_field='source_id', db_constraint=True, to_field='id', related_name='conversations', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharField(default='new', db_index=True, max_length=20)),
                ('assignee', fields.ForeignKeyField('models.User', source_field='assignee_id', null=True, db_constraint=True, to_field='id', related_name='webcare_assigned', on_delete=OnDelete.SET_NULL)),
                ('consultation_id', fields.IntField(null=True, db_index=True)),
                ('category', fields.CharField(default='other', max_length=20)),
                ('sentiment', fields.CharField(default='neutral', db_index=True, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_post_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('first_response_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webcare_conversations', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Cursor',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('source', fields.ForeignKeyField('models.Source', source_field='source_id', db_constraint=True, to_field='id', related_name='cursors', on_delete=OnDelete.CASCADE)),
                ('query', fields.CharField(max_length=300)),
                ('position', fields.CharField(max_length=100)),
            ],
            options={'table': 'webcare_cursors', 'app': 'models', 'unique_together': (('source', 'query'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Note',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('conversation', fields.ForeignKeyField('models.Conversation', source_field='conversation_id', db_constraint=True, to_field='id', related_name='notes', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='webcare_notes', on_delete=OnDelete.SET_NULL)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webcare_notes', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Post',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('source', fields.ForeignKeyField('models.Source', source_field='source_id', db_constraint=True, to_field='id', related_name='posts', on_delete=OnDelete.CASCADE)),
                ('conversation', fields.ForeignKeyField('models.Conversation', source_field='conversation_id', db_constraint=True, to_field='id', related_name='posts', on_delete=OnDelete.CASCADE)),
                ('uri', fields.CharField(unique=True, max_length=500)),
                ('external_id', fields.CharField(max_length=100)),
                ('in_reply_to', fields.CharField(default='', max_length=100)),
                ('url', fields.CharField(default='', max_length=500)),
                ('author', fields.CharField(default='', max_length=300)),
                ('text', fields.TextField(default='', unique=False)),
                ('text_html', fields.TextField(default='', unique=False)),
                ('tags', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('category', fields.CharField(default='other', max_length=20)),
                ('sentiment', fields.CharField(default='neutral', max_length=10)),
                ('explanation', fields.CharField(default='', max_length=500)),
                ('consultation_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('fetched_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webcare_posts', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Reply',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('conversation', fields.ForeignKeyField('models.Conversation', source_field='conversation_id', db_constraint=True, to_field='id', related_name='replies', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='webcare_replies', on_delete=OnDelete.SET_NULL)),
                ('body', fields.TextField(unique=False)),
                ('in_reply_to', fields.CharField(max_length=100)),
                ('in_reply_to_author', fields.CharField(default='', max_length=300)),
                ('status', fields.CharField(default='queued', db_index=True, max_length=10)),
                ('idempotency_key', fields.CharField(max_length=100)),
                ('external_id', fields.CharField(default='', max_length=100)),
                ('uri', fields.CharField(default='', max_length=500)),
                ('url', fields.CharField(default='', max_length=500)),
                ('error', fields.TextField(default='', unique=False)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webcare_replies', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
