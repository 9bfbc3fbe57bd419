from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public evidence page")

    def ready(self):
        from . import evaluation_results
        from .documents import register_document_kinds

        register_document_kinds()
        evaluation_results.register()
