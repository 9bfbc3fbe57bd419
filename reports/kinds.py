"""The yearly integrity report as a kind of document: its own pages (reports/urls.py), no
generic API, the engine's auditor timeline, its PDF/DOCX, and the public page."""

from django.utils.translation import gettext_lazy as _

from workflows import registry

from . import exports
from .models import IntegrityReport

registry.register(
    registry.Kind(
        IntegrityReport,
        order=50,
        export=exports.official,
        # Its PDF is made when it is published: the public page serves it to anyone.
        render_at_publish=("pdf",),
        public={
            "label": _("Integrity reports"),
            "fiscal_year_field": "fiscal_year",
            "order": 1,  # first on a year's page, before the circulars (20)
            "template": "public/kinds/integrity-reports.html",
            "extra_downloads": {"xlsx": exports.xlsx},
            "all_published": True,  # written for the public and the assessors
        },
    )
)
