"""python manage.py import_staff staff.csv — the same import as the admin's page."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hrflow.staff_import import import_staff


class Command(BaseCommand):
    help = (
        "Create or update staff from a CSV file (UTF-8, header row: staff_id, title, first_name, "
        "last_name, email, username, unit_code, position_code, employment_type, and optionally "
        "supervisor_staff_id, roles). Any bad row: every error is listed and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file")

    def handle(self, *args, path, **options):
        try:
            with open(path, "rb") as file:
                result = import_staff(file, by=None)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
            ) from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)s error(s); nothing was imported.") % {"n": len(result.errors)}
            )
        self.stdout.write(self.style.SUCCESS(result.summary()))
