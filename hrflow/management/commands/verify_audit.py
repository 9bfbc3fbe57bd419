"""python manage.py verify_audit — walk the audit trail's hash chain.

Prints OK, the number of events and the head hash (keep it outside HRFlow: a later head that
does not descend from it means history was rewritten), or the sequence number of the first
event that does not match, and exits non-zero."""

from django.core.management.base import BaseCommand, CommandError

from hrflow import audit


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain."

    def add_arguments(self, parser):
        parser.add_argument(
            "--head", action="store_true", help="Print only the head hash (for an auditor)."
        )

    def handle(self, *args, head=False, **options):
        verdict = audit.verify()
        if not verdict.ok:
            raise CommandError(
                f"FAILED at event {verdict.first_bad_seq} ({verdict.reason}); "
                f"{verdict.count} events before it verify."
            )
        if head:
            self.stdout.write(verdict.head_hash)
        else:
            self.stdout.write(f"OK {verdict.count} events, head {verdict.head_hash}")
