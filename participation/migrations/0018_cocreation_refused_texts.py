from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0017_cocreation_drafts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RefusedText',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('claim', fields.ForeignKeyField('models.Claim', source_field='claim_id', db_constraint=True, to_field='id', related_name='refused_texts', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='refused_claim_texts', on_delete=OnDelete.CASCADE)),
                ('field', fields.CharField(max_length=16)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'cocreation_refused_texts', 'app': 'models', 'unique_together': (('claim', 'user'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
