from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_sign_in_links')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ImportedConversation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('source', fields.CharField(unique=True, max_length=300)),
                ('consultation', fields.OneToOneField('models.Consultation', source_field='consultation_id', db_constraint=True, to_field='id', related_name='imported_from', on_delete=OnDelete.CASCADE)),
                ('imported_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'imported_conversations', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
