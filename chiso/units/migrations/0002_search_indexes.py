"""PostgreSQL: unaccent and pg_trgm, and trigram indexes so that accent-insensitive substring search
(``name_folded LIKE '%bach sam%'``) uses an index at national scale. SQLite needs nothing: it scans the
folded column, which is fast enough for ~14,000 rows embedded."""

from django.db import migrations

INDEXES = [
    ("units_administrativeunit", "units_unit_name_trgm"),
    ("units_agency", "units_agency_name_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (name_folded gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
