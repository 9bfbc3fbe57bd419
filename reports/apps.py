from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Integrity reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workflows import exports as workflow_exports

        from . import exports
        from .models import IntegrityReport

        # The report's PDF and DOCX, wherever a workflow export of it is asked for.
        workflow_exports.register(IntegrityReport, exports.official)
        # Published reports on the public evidence page, grouped by their fiscal year.
        from public.documents import register_documents

        register_documents(
            IntegrityReport,
            label=_("Integrity reports"),
            fiscal_year_field="fiscal_year",
            order=1,  # first on a year's page, before the circulars (20)
            template="public/kinds/integrity-reports.html",
            extra_downloads={"xlsx": exports.xlsx},
            all_published=True,  # written for the public and the assessors
        )
