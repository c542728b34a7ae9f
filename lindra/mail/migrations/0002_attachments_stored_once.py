"""Each attachment's content is stored once, in OutboxBlob keyed by its SHA-256, however many
messages carry it; the attachments already in the outbox are moved there
(0003 then drops the old column, in a transaction of its own: PostgreSQL alters no table
with the constraint checks of this one's updates still pending)."""

import hashlib

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 500


def move_contents_to_blobs(apps, schema_editor):
    OutboxAttachment = apps.get_model("mail", "OutboxAttachment")
    OutboxBlob = apps.get_model("mail", "OutboxBlob")
    rows = OutboxAttachment.objects.order_by("pk").values_list("pk", "content")
    last = 0
    while chunk := list(rows.filter(pk__gt=last)[:CHUNK]):
        blobs, links = {}, []
        for pk, content in chunk:
            content = bytes(content)
            sha256 = hashlib.sha256(content).hexdigest()
            blobs[sha256] = OutboxBlob(sha256=sha256, content=content, size=len(content))
            links.append(OutboxAttachment(pk=pk, blob_id=sha256))
        OutboxBlob.objects.bulk_create(blobs.values(), ignore_conflicts=True)
        OutboxAttachment.objects.bulk_update(links, ["blob"])
        last = chunk[-1][0]


def copy_blobs_back(apps, schema_editor):
    OutboxAttachment = apps.get_model("mail", "OutboxAttachment")
    for attachment in OutboxAttachment.objects.select_related("blob").iterator(chunk_size=CHUNK):
        attachment.content = attachment.blob.content
        attachment.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutboxBlob",
            fields=[
                ("sha256", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("content", models.BinaryField()),
                ("size", models.PositiveIntegerField()),
            ],
        ),
        migrations.AddField(
            model_name="outboxattachment",
            name="blob",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="mail.outboxblob"
            ),
        ),
        migrations.RunPython(move_contents_to_blobs, copy_blobs_back),
    ]
