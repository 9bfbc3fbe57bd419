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


# --- units: what a role covers ---------------------------------------------------------------
# A role says what kind of step someone takes; their unit says on whose documents and people.


def is_top_executive(user) -> bool:
    """An executive of the top of the organisation tree (their unit has no parent unit): they
    approve and publish every unit's documents. Build the tree with the agency (or the office of
    its chief administrator) at the root and the offices below it; an executive of an office
    below acts for that office's subtree only."""
    employee = getattr(user, "employee", None)
    return has_role(user, EXECUTIVE) and employee is not None and employee.unit.parent_id is None


def unit_scope(user) -> set[int] | None:
    """The units whose documents the user acts on as an officer: None for every unit (a top
    executive), else their own unit and the units below it; empty without an employee record."""
    if is_top_executive(user):
        return None
    return own_unit_ids(user)


def own_unit_ids(user) -> set[int]:
    """The user's own unit and the units below it (empty without an employee record), kept on
    the user object: the header asks on every page."""
    cached = getattr(user, "_hrflow_scope", None)
    if cached is None:
        employee = getattr(user, "employee", None)
        cached = frozenset(employee.unit.descendant_ids()) if employee is not None else frozenset()
        user._hrflow_scope = cached
    return set(cached)


def led_unit_ids(user) -> set[int]:
    """The people a head of unit follows: the subtrees of the units they head and, for an
    executive, of their own unit (empty for everyone else)."""
    from hrflow.models import Department

    employee = getattr(user, "employee", None)
    if employee is None or not getattr(user, "is_active", False):
        return set()
    units = set()
    for unit in Department.objects.filter(head=employee):
        units |= unit.descendant_ids()
    if has_role(user, EXECUTIVE):
        units |= employee.unit.descendant_ids()
    return units
