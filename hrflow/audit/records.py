"""The events of the agency's own records, appended through chain.record: a login's roles, a
person's unit, the agency's settings (the admin and the staff import record them)."""

from hrflow import roles
from hrflow.models import display_name

from .chain import record
from .labels import Kind


def roles_of(user) -> set[str]:
    """The roles an event names: the role groups, and "superuser" for a superuser."""
    names = set(user.groups.filter(name__in=roles.ALL).values_list("name", flat=True))
    return names | ({"superuser"} if user.is_superuser else set())


def record_roles(user, before, after, *, by, ip=None, via=""):
    """A login's roles changed (the admin, a staff import): who gained and lost which."""
    before, after = set(before), set(after)
    if before == after:
        return None
    employee = getattr(user, "employee", None)
    return record(
        Kind.ROLE_CHANGE,
        actor=by,
        ip=ip,
        subject=employee or user,
        employee=employee,
        summary=f"{display_name(user)}: {', '.join(sorted(after)) or '-'}",
        data={"added": sorted(after - before), "removed": sorted(before - after), "via": str(via)},
    )


def record_unit(employee, unit_before_id, *, by, ip=None, via=""):
    if unit_before_id == employee.unit_id:
        return None
    return record(
        Kind.UNIT_CHANGE,
        actor=by,
        ip=ip,
        subject=employee,
        employee=employee,
        summary=f"{employee.full_name}: {employee.unit}",
        data={"from": unit_before_id, "to": employee.unit_id, "via": str(via)},
    )


def record_agency(agency, changed, *, by, ip=None):
    """The admin changed the agency's settings (`changed`: the form's changed field names):
    its name and letterhead are on every official document and public page."""
    if not changed:
        return None
    return record(
        Kind.AGENCY_CHANGE,
        actor=by,
        ip=ip,
        subject=agency,
        summary=agency.name,
        data={"changed": sorted(changed)},
    )
