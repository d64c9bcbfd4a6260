from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0015_moderation_queue_alerts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ReplyTemplate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('body', fields.TextField(unique=False)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='webcare_templates', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webcare_reply_templates', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Post',
            name='author_name',
            field=fields.CharField(default='', max_length=300),
        ),
        ops.AddField(
            model_name='Post',
            name='moderation',
            field=fields.CharField(default='published', max_length=10),
        ),
        ops.AlterField(
            model_name='Reply',
            name='status',
            field=fields.CharField(default='queued', db_index=True, max_length=20),
        ),
        ops.AddField(
            model_name='Reply',
            name='review_note',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Reply',
            name='reviewed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Reply',
            name='reviewer',
            field=fields.ForeignKeyField('models.User', source_field='reviewer_id', null=True, db_constraint=True, to_field='id', related_name='webcare_reviewed', on_delete=OnDelete.SET_NULL),
        ),
        ops.AlterField(
            model_name='Source',
            name='access_token',
            field=fields.CharField(default='', max_length=1000),
        ),
    ]
