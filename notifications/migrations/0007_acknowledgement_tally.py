"""AcknowledgementTally, kept by PostgreSQL: statement triggers on the acknowledgements add
each statement's changes to it (its transition tables, grouped), and it starts from the rows
there are. On SQLite the table is made and left empty (tracking counts the rows there). Also
the partial index that finds a version's paper acknowledgements."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GROUP = "content_type_id, object_id, version, unit_id, deadline"

# One statement's rows, counted: +1 for a row it made (or a row as an UPDATE left it), -1 for a
# row it removed (or as it was before the UPDATE).
ROWS = """SELECT {group}, {sign} AS recipients,
       {sign} * (acknowledged_at IS NOT NULL)::int AS acknowledged,
       {sign} * (delivered_at IS NOT NULL)::int AS delivered
FROM {table}"""

# Only groups whose counts change are written (an UPDATE of escalated_at locks nothing), in
# the groups' order, so that two statements lock the rows they share in the same order.
UPSERT = """
INSERT INTO notifications_acknowledgementtally AS tally
    ({group}, recipients, acknowledged, delivered)
SELECT {group}, sum(recipients), sum(acknowledged), sum(delivered)
FROM ({rows}) AS changes
GROUP BY {group}
HAVING sum(recipients) <> 0 OR sum(acknowledged) <> 0 OR sum(delivered) <> 0
ORDER BY {group}
ON CONFLICT ({group}) DO UPDATE SET
    recipients = tally.recipients + excluded.recipients,
    acknowledged = tally.acknowledged + excluded.acknowledged,
    delivered = tally.delivered + excluded.delivered;
"""


def upsert(*sources):
    """The UPSERT of the counts of (table, sign) pairs' rows."""
    rows = "\nUNION ALL\n".join(
        ROWS.format(group=GROUP, sign=sign, table=table) for table, sign in sources
    )
    return UPSERT.format(group=GROUP, rows=rows)


NEW, OLD = ("new_rows", 1), ("old_rows", -1)
CREATE = f"""
CREATE FUNCTION notifications_acknowledgement_tally() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {upsert(NEW)}
    ELSIF TG_OP = 'UPDATE' THEN {upsert(NEW, OLD)}
    ELSE {upsert(OLD)}
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER notifications_acknowledgement_tally_insert
    AFTER INSERT ON notifications_acknowledgement REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notifications_acknowledgement_tally();
CREATE TRIGGER notifications_acknowledgement_tally_update
    AFTER UPDATE ON notifications_acknowledgement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notifications_acknowledgement_tally();
CREATE TRIGGER notifications_acknowledgement_tally_delete
    AFTER DELETE ON notifications_acknowledgement REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notifications_acknowledgement_tally();
"""
# After the triggers: they lock the acknowledgements against writes until the migration
# commits, so no change falls between the count and the triggers.
BACKFILL = upsert(("notifications_acknowledgement", 1))
DROP = """
DROP TRIGGER IF EXISTS notifications_acknowledgement_tally_insert ON notifications_acknowledgement;
DROP TRIGGER IF EXISTS notifications_acknowledgement_tally_update ON notifications_acknowledgement;
DROP TRIGGER IF EXISTS notifications_acknowledgement_tally_delete ON notifications_acknowledgement;
DROP FUNCTION IF EXISTS notifications_acknowledgement_tally();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
        schema_editor.execute(BACKFILL, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('hrflow', '0014_audithead_prev_hash'),
        ('notifications', '0006_acknowledgement_on_paper'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AcknowledgementTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('version', models.PositiveIntegerField()),
                ('deadline', models.DateField(null=True)),
                ('recipients', models.BigIntegerField(default=0)),
                ('acknowledged', models.BigIntegerField(default=0)),
                ('delivered', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.AddIndex(
            model_name='acknowledgement',
            index=models.Index(condition=models.Q(('paper_signed_on__isnull', False), models.Q(('paper_scan', ''), _negated=True), _connector='OR'), fields=['content_type', 'object_id', 'version'], name='ack_on_paper'),
        ),
        migrations.AddField(
            model_name='acknowledgementtally',
            name='content_type',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddField(
            model_name='acknowledgementtally',
            name='unit',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='hrflow.department'),
        ),
        migrations.AddConstraint(
            model_name='acknowledgementtally',
            constraint=models.UniqueConstraint(fields=('content_type', 'object_id', 'version', 'unit', 'deadline'), name='one_tally_per_group', nulls_distinct=False),
        ),
        migrations.RunPython(forwards, backwards),
    ]
