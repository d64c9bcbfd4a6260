from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_sessions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='KnownAddress',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='known_addresses', on_delete=OnDelete.CASCADE)),
                ('digest', fields.CharField(max_length=64)),
                ('last_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'known_addresses', 'app': 'models', 'unique_together': (('user', 'digest'),), 'pk_attr': 'id', 'table_description': 'An address that signed in to this account with success (its digest, not the address). While the account'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='sign_in_link_version',
            field=fields.IntField(default=0, db_default=0),
        ),
    ]
