"""The nine inspection themes of the town plan (seed 002) with their checklist templates."""

from django.db import migrations

from chiso.inspections.themes import load_themes


def load(apps, schema_editor):
    load_themes(apps.get_model("inspections", "Theme"), apps.get_model("inspections", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
