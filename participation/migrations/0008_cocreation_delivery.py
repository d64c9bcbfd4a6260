from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_cocreation_workspace')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Claim',
            name='feedback',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Claim',
            name='feedback_html',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Claim',
            name='reviewed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Claim',
            name='reviewed_by',
            field=fields.ForeignKeyField('models.User', source_field='reviewed_by_id', null=True, db_constraint=True, to_field='id', related_name='claims_reviewed', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Claim',
            name='submitted_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Claim',
            name='submitted_version',
            field=fields.IntField(null=True),
        ),
    ]
