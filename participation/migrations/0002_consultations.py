from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Consultation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('summary', fields.TextField(default='', unique=False)),
                ('body', fields.TextField(default='', unique=False)),
                ('body_html', fields.TextField(default='', unique=False)),
                ('status', fields.CharField(default='draft', db_index=True, max_length=10)),
                ('opens_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='consultations_created', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('response_count', fields.IntField(default=0)),
            ],
            options={'table': 'consultations', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Decision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('consultation', fields.OneToOneField('models.Consultation', source_field='consultation_id', db_constraint=True, to_field='id', related_name='decision', on_delete=OnDelete.CASCADE)),
                ('summary', fields.TextField(unique=False)),
                ('body', fields.TextField(default='', unique=False)),
                ('body_html', fields.TextField(default='', unique=False)),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('published_by', fields.ForeignKeyField('models.User', source_field='published_by_id', null=True, db_constraint=True, to_field='id', related_name='decisions_published', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'decisions', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Question',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('consultation', fields.ForeignKeyField('models.Consultation', source_field='consultation_id', db_constraint=True, to_field='id', related_name='questions', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('kind', fields.CharField(max_length=20)),
                ('prompt', fields.CharField(max_length=500)),
                ('required', fields.BooleanField(default=False)),
                ('scale_min', fields.IntField(null=True)),
                ('scale_max', fields.IntField(null=True)),
                ('min_label', fields.CharField(default='', max_length=100)),
                ('max_label', fields.CharField(default='', max_length=100)),
                ('answer_count', fields.IntField(default=0)),
                ('votes_cast', fields.IntField(default=0)),
                ('outcome', fields.TextField(default='', unique=False)),
                ('outcome_html', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'questions', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OpinionGroups',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('question', fields.OneToOneField('models.Question', source_field='question_id', db_constraint=True, to_field='id', related_name='opinion_groups', on_delete=OnDelete.CASCADE)),
                ('computed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('votes_cast', fields.IntField(default=0)),
                ('participants', fields.IntField(default=0)),
                ('groups', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('divide', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('unite', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'opinion_groups', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Option',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('question', fields.ForeignKeyField('models.Question', source_field='question_id', db_constraint=True, to_field='id', related_name='options', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('label', fields.CharField(max_length=200)),
                ('count', fields.IntField(default=0)),
            ],
            options={'table': 'question_options', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Response',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('consultation', fields.ForeignKeyField('models.Consultation', source_field='consultation_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='consultation_responses', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'responses', 'app': 'models', 'unique_together': (('consultation', 'user'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Answer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('response', fields.ForeignKeyField('models.Response', source_field='response_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('question', fields.ForeignKeyField('models.Question', source_field='question_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('value', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('text', fields.TextField(default='', unique=False)),
                ('text_html', fields.TextField(default='', unique=False)),
                ('state', fields.CharField(default='visible', max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'answers', 'app': 'models', 'unique_together': (('response', 'question'),), 'indexes': [Index(fields=['question_id', 'state', 'id']), Index(fields=['question_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScaleTally',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('question', fields.ForeignKeyField('models.Question', source_field='question_id', db_constraint=True, to_field='id', related_name='tallies', on_delete=OnDelete.CASCADE)),
                ('value', fields.IntField()),
                ('count', fields.IntField(default=0)),
            ],
            options={'table': 'scale_tallies', 'app': 'models', 'unique_together': (('question', 'value'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Statement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('question', fields.ForeignKeyField('models.Question', source_field='question_id', db_constraint=True, to_field='id', related_name='statements', on_delete=OnDelete.CASCADE)),
                ('text', fields.CharField(max_length=500)),
                ('text_html', fields.TextField(default='', unique=False)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='statements', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharField(default='pending', db_index=True, max_length=10)),
                ('agree', fields.IntField(default=0)),
                ('disagree', fields.IntField(default=0)),
                ('passed', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'statements', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StatementVote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('statement', fields.ForeignKeyField('models.Statement', source_field='statement_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('question', fields.ForeignKeyField('models.Question', source_field='question_id', db_constraint=True, to_field='id', related_name='statement_votes', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='statement_votes', on_delete=OnDelete.CASCADE)),
                ('vote', fields.CharField(max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'statement_votes', 'app': 'models', 'unique_together': (('statement', 'user'),), 'indexes': [Index(fields=['question_id', 'user_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
