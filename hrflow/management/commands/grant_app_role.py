"""python manage.py grant_app_role <role> — PostgreSQL: give the application's own database role
what it needs and no more. Run it as the owner role that ran the migrations, after them.

Every HRFlow table: SELECT, INSERT, UPDATE, DELETE. The audit trail: SELECT and INSERT only, so
the application can append events but never UPDATE, DELETE or TRUNCATE them (a trigger refuses
UPDATE and DELETE even to the owner)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from hrflow.models import AuditEvent, AuditText


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role its privileges (audit trail: append-only)."

    def add_arguments(self, parser):
        parser.add_argument("role")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL feature; nothing to do here.")
        role_name = sql.Identifier(role)
        everything = [
            sql.SQL("GRANT USAGE ON SCHEMA public TO {role}"),
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
            ),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"),
        ]
        append_only = [
            sql.SQL("REVOKE ALL ON {trail} FROM {role}"),
            sql.SQL("GRANT SELECT, INSERT ON {trail} TO {role}"),
        ]
        with connection.cursor() as cursor:
            for statement in everything:
                cursor.execute(statement.format(role=role_name))
            for model in (AuditEvent, AuditText):  # the events and their texts
                trail = sql.Identifier(model._meta.db_table)
                for statement in append_only:
                    cursor.execute(statement.format(trail=trail, role=role_name))
        self.stdout.write(f"Granted {role}: all tables, audit trail append-only.")
