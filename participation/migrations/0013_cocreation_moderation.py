from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_webcare_indexes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ChecklistItem',
            name='moderation',
            field=fields.CharField(default='published', max_length=10),
        ),
        ops.AddField(
            model_name='Claim',
            name='document_moderation',
            field=fields.CharField(default='published', max_length=10),
        ),
        ops.AddField(
            model_name='Comment',
            name='moderation',
            field=fields.CharField(default='published', max_length=10),
        ),
        ops.AddField(
            model_name='Group',
            name='moderation',
            field=fields.CharField(default='published', max_length=10),
        ),
    ]
