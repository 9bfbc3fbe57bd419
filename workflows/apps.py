from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Documents")

    def ready(self):
        from . import admin, registry

        # Every app's kinds.py registers its kinds (workflows/registry.py).
        registry.autodiscover()
        # After the admin's autodiscovery (django.contrib.admin is ready first): kinds whose
        # app registered no admin of its own get the read-only DocumentAdmin.
        admin.register_kinds()
