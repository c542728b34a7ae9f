import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0002_attachments_stored_once"),
    ]

    operations = [
        # With a default first, so that migrating back can add the column again.
        migrations.AlterField(model_name="outboxattachment", name="content", field=models.BinaryField(default=b"")),
        migrations.RemoveField(model_name="outboxattachment", name="content"),
        migrations.AlterField(
            model_name="outboxattachment",
            name="blob",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="mail.outboxblob"),
        ),
    ]
