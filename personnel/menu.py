"""Personnel's entries of the main menu (hrflow/menu.py): the person's own documents, and the
criteria's compliance page for whoever follows the rounds' acknowledgements. The position
descriptions' and criteria's pages come from the kinds registry (workflows/menu.py)."""

from django.utils.translation import gettext_lazy as _

from hrflow import menu

from .compliance import followed_units


def follows_rounds(request) -> bool:
    return followed_units(request.user) != set()


menu.register(
    menu.Item(menu.MINE, "my-documents", _("My documents"), "workflows:my-documents", order=20)
)
menu.register(
    menu.Item(
        menu.PERSONNEL,
        "compliance",
        _("Criteria compliance"),
        "workflows:criteria-compliance",
        visible=follows_rounds,
        order=60,
    )
)
