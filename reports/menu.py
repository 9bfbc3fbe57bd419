"""The integrity reports in the main menu (hrflow/menu.py), for whoever may read them."""

from django.utils.translation import gettext_lazy as _

from hrflow import menu

from .services import may_read


def reads_reports(request) -> bool:
    return may_read(request.user)


menu.register(
    menu.Item(
        menu.REPORTS,
        "reports",
        _("Integrity reports"),
        "reports:list",
        visible=reads_reports,
        current=("reports:",),
        order=10,
    )
)
