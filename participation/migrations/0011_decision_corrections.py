from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0010_webcare')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DecisionRevision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('decision', fields.ForeignKeyField('models.Decision', source_field='decision_id', db_constraint=True, to_field='id', related_name='revisions', on_delete=OnDelete.CASCADE)),
                ('summary', fields.TextField(unique=False)),
                ('body', fields.TextField(default='', unique=False)),
                ('body_html', fields.TextField(default='', unique=False)),
                ('shown_from', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('replaced_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('replaced_by', fields.ForeignKeyField('models.User', source_field='replaced_by_id', null=True, db_constraint=True, to_field='id', related_name='decision_corrections', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'decision_revisions', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An earlier text of a published decision, kept when an official corrects it: the history stays readable.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Decision',
            name='corrected_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
