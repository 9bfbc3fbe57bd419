"""AuditText: each audit event's canonical text (the exact bytes its hash is of), its hash and
the hash before it, in a narrow append-only table, so verify_audit walks the chain in one
parallel pass and then checks every event's columns against its text. Existing events get
their text rebuilt from their columns (a column changed before this migration still fails the
check: its rebuilt text no longer hashes to the stored hash)."""

from django.db import migrations, models

TRIGGER = """
CREATE TRIGGER hrflow_audittext_append_only
    BEFORE UPDATE OR DELETE ON hrflow_audittext
    FOR EACH ROW EXECUTE FUNCTION hrflow_audit_append_only();
"""


def backfill(apps, schema_editor):
    from hrflow.audit import HASHED_FIELDS, canonical

    AuditEvent = apps.get_model("hrflow", "AuditEvent")
    AuditText = apps.get_model("hrflow", "AuditText")
    batch = []
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        values = {name: getattr(event, name) for name in HASHED_FIELDS}
        batch.append(
            AuditText(
                seq=event.seq,
                prev_hash=event.prev_hash,
                hash=event.hash,
                canonical=canonical(values).decode(),
            )
        )
        if len(batch) >= 2000:
            AuditText.objects.bulk_create(batch)
            batch = []
    AuditText.objects.bulk_create(batch)


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS hrflow_audittext_append_only ON hrflow_audittext", params=None
        )


class Migration(migrations.Migration):
    dependencies = [("hrflow", "0005_audit_trail_append_only")]
    operations = [
        migrations.CreateModel(
            name="AuditText",
            fields=[
                ("seq", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64)),
                ("canonical", models.TextField()),
            ],
            options={
                "ordering": ["seq"],
                "indexes": [
                    models.Index(fields=["seq"], include=["hash"], name="audittext_seq_hash")
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(append_only, drop_trigger),
    ]
