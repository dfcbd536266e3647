"""The nine inspection themes of the town plan (seed 002) with their checklist templates."""

from django.db import migrations

from chiso.inspections.themes import THEMES


def load(apps, schema_editor):
    Theme = apps.get_model("inspections", "Theme")
    Item = apps.get_model("inspections", "ChecklistItem")
    for position, (code, name, lead, papi, items) in enumerate(THEMES, 1):
        theme, _created = Theme.objects.update_or_create(
            code=code, defaults={"name": name, "lead_agency_name": lead, "papi_codes": papi, "position": position}
        )
        if not theme.items.exists():
            Item.objects.bulk_create(
                [Item(theme=theme, position=i, text=text, papi_code=papi_code) for i, (text, papi_code) in enumerate(items, 1)]
            )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
