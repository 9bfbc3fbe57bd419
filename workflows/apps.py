from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Documents")

    def ready(self):
        from . import registry

        # Every app's kinds.py registers its kinds (workflows/registry.py).
        registry.autodiscover()
