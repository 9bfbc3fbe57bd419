"""On PostgreSQL, nobody — the application's role included — may UPDATE or DELETE an audit
event: a trigger refuses it. TRUNCATE is a privilege: `manage.py grant_app_role` gives the
application's role SELECT and INSERT on the trail and nothing more (README, "Database roles")."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION hrflow_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS hrflow_auditevent_append_only ON hrflow_auditevent;
CREATE TRIGGER hrflow_auditevent_append_only
    BEFORE UPDATE OR DELETE ON hrflow_auditevent
    FOR EACH ROW EXECUTE FUNCTION hrflow_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS hrflow_auditevent_append_only ON hrflow_auditevent;
DROP FUNCTION IF EXISTS hrflow_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("hrflow", "0004_audit_trail")]
    operations = [migrations.RunPython(forwards, backwards)]
