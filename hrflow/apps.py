from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrflowConfig(AppConfig):
    name = "hrflow"
    verbose_name = _("Organisation")

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from hrflow import tokens

        # Every sign-out (the pages, the admin, the API's session logout) goes through
        # django.contrib.auth.logout(), which sends this: signing out ends the person's tokens.
        user_logged_out.connect(tokens.on_logout, dispatch_uid="hrflow-tokens-on-logout")
