"""Roles are Django groups. The names are part of the product: keep them stable."""

EMPLOYEE = "employee"
CLERK = "clerk"
EXECUTIVE = "executive"
AUDITOR = "auditor"
ADMIN = "admin"

ALL = (EMPLOYEE, CLERK, EXECUTIVE, AUDITOR, ADMIN)


def has_role(user, *roles: str) -> bool:
    """True when the user is in any of the roles.

    Roles do not imply each other: an admin manages people and units but approves nothing, so
    the workflow history always names someone who held the role that the step needs.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    names = _group_names(user)
    if user.is_superuser:
        names = names | {ADMIN}
    return any(role in names for role in roles)


def _group_names(user) -> frozenset[str]:
    cached = getattr(user, "_hrflow_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._hrflow_roles = cached
    return cached


def ensure_groups():
    from django.contrib.auth.models import Group

    for name in ALL:
        Group.objects.get_or_create(name=name)
