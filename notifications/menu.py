"""The inbox in the main menu (hrflow/menu.py)."""

from django.utils.translation import gettext_lazy as _

from hrflow import menu

menu.register(menu.Item(menu.MINE, "inbox", _("Inbox"), "notifications:inbox", order=10))
