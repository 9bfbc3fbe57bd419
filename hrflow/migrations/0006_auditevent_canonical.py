"""Each audit event keeps the exact text its hash was taken of (`canonical`), so verify_audit
can check the chain inside PostgreSQL in one pass. Existing events get theirs rebuilt from their
columns (a column changed before this migration still fails the check: its rebuilt text no
longer hashes to the stored hash). The append-only trigger is switched off for the backfill
only, inside this migration's transaction."""

from django.db import migrations, models

TRIGGER = "hrflow_auditevent_append_only"


def backfill(apps, schema_editor):
    from hrflow.audit import HASHED_FIELDS, canonical

    AuditEvent = apps.get_model("hrflow", "AuditEvent")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE hrflow_auditevent DISABLE TRIGGER {TRIGGER}")
    batch = []
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        event.canonical = canonical({name: getattr(event, name) for name in HASHED_FIELDS}).decode()
        batch.append(event)
        if len(batch) >= 1000:
            AuditEvent.objects.bulk_update(batch, ["canonical"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["canonical"])
    if postgres:
        schema_editor.execute(f"ALTER TABLE hrflow_auditevent ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("hrflow", "0005_audit_trail_append_only")]
    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="canonical",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
