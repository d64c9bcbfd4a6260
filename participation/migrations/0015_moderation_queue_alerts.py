from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0014_cocreation_join_requests')]

    initial = False

    operations = [
        ops.CreateModel(
            name='QueueAlert',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.OneToOneField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='moderation_queue_alert', on_delete=OnDelete.CASCADE)),
                ('wants', fields.BooleanField(default=False)),
                ('link', fields.CharField(default='', max_length=500)),
                ('last_sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderation_queue_alerts', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
