"""The audit trail in the main menu (hrflow/menu.py): auditors and administrators."""

from django.utils.translation import gettext_lazy as _

from hrflow import menu, roles


def reads_audit(request) -> bool:
    return roles.has_role(request.user, roles.AUDITOR, roles.ADMIN)


menu.register(
    menu.Item(
        menu.AUDIT,
        "audit",
        _("Audit trail"),
        "auditor:search",
        visible=reads_audit,
        current=("auditor:",),
        order=10,
    )
)
