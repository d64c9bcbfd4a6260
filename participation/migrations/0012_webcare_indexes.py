from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0011_decision_corrections')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Conversation',
            index=Index(fields=['status', 'last_post_at']),
        ),
        ops.AddIndex(
            model_name='Conversation',
            index=Index(fields=['created_at', 'source_id', 'first_response_at']),
        ),
        ops.AddIndex(
            model_name='Note',
            index=Index(fields=['conversation_id']),
        ),
        ops.AddIndex(
            model_name='Post',
            index=Index(fields=['conversation_id']),
        ),
        ops.AddIndex(
            model_name='Post',
            index=Index(fields=['source_id', 'external_id']),
        ),
        ops.AddIndex(
            model_name='Post',
            index=Index(fields=['consultation_id']),
        ),
        ops.AddIndex(
            model_name='Post',
            index=Index(fields=['created_at', 'source_id', 'sentiment']),
        ),
        ops.AddIndex(
            model_name='Reply',
            index=Index(fields=['conversation_id']),
        ),
        ops.AddIndex(
            model_name='Reply',
            index=Index(fields=['external_id']),
        ),
    ]
