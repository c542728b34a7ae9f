from django.db import migrations

from lindra.registry.municipalities import read_municipalities


def load(apps, schema_editor):
    Municipality = apps.get_model("registry", "Municipality")
    existing = set(Municipality.objects.values_list("number", flat=True))
    Municipality.objects.bulk_create(
        Municipality(number=number, name=name) for number, name in read_municipalities() if number not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
