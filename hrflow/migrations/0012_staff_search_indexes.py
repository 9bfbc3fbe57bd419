"""The staff directory searches names and staff IDs by substring (Thai writes no spaces between
words), i.e. `UPPER(col::text) LIKE UPPER('%…%')` from Django's icontains. On PostgreSQL a GIN
index with pg_trgm's operator class over exactly that expression serves it: under the
database's C.UTF-8 (or th_TH) locale pg_trgm counts Thai letters as word characters, so a Thai
name yields trigrams (checked with show_trgm and EXPLAIN; tests/web/test_directory_scale.py keeps
checking it). SQLite, where `make run` starts, has no such index; its LIKE scans, which is
enough for a demo's staff. pg_trgm is a trusted extension: the database's owner may create it."""

from django.db import migrations

COLUMNS = ("first_name", "last_name", "staff_id")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS hrflow_employee_{column}_trgm ON hrflow_employee "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)",
            params=None,
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS hrflow_department_name_trgm ON hrflow_department "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)",
        params=None,
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS hrflow_employee_{column}_trgm", params=None)
    schema_editor.execute("DROP INDEX IF EXISTS hrflow_department_name_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("hrflow", "0011_agency_letterhead")]
    operations = [migrations.RunPython(forwards, backwards)]
