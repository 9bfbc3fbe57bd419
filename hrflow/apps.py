from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrflowConfig(AppConfig):
    name = "hrflow"
    verbose_name = _("Organisation")
