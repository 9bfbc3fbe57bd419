"""Staff import from CSV: every row is checked before anything is written, and then all of it is
written in one transaction or none of it is.

Columns (header row required, any order): staff_id, title, first_name, last_name, email, username,
unit_code, position_code, employment_type, and optionally supervisor_staff_id and roles
("employee;clerk"). A blank roles cell gives a new person the employee role and leaves an existing
person's roles as they are; a filled one sets exactly those HRFlow roles. A blank supervisor cell
clears the supervisor; a missing supervisor column leaves supervisors as they are.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hrflow import audit
from hrflow import roles as hr_roles
from hrflow.models import Employee
from hrflow.staff_checks import check_rows
from hrflow.staff_rows import RowError, read_rows

log = logging.getLogger(__name__)

__all__ = ["ImportResult", "RowError", "import_staff"]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def import_staff(file_or_text, *, by) -> ImportResult:
    """Create or update employees (and their logins) from CSV text, bytes or an open file.

    `by` is the user importing (must hold the admin role), or None for a management command run
    by someone with shell access. Returns the counts, or every error and nothing written."""
    if by is not None and not hr_roles.has_role(by, hr_roles.ADMIN):
        raise PermissionDenied(_("Only HR administrators may import staff."))
    rows, errors = read_rows(file_or_text)
    if errors:
        return ImportResult(errors=errors)
    plan = check_rows(rows)
    if plan.errors:
        return ImportResult(errors=plan.errors)
    try:
        with transaction.atomic():
            result = _write(rows, plan, by=by)
    except IntegrityError:
        return ImportResult(
            errors=[
                RowError(
                    0,
                    "",
                    _(
                        "Someone changed the staff records during the import; nothing was "
                        "imported. Please try again."
                    ),
                )
            ]
        )
    log.info("staff import by %s: %s", getattr(by, "username", "command"), result.summary())
    return result


# --- writing ----------------------------------------------------------------------------------


def _write(rows, plan, *, by) -> ImportResult:
    hr_roles.ensure_groups()
    groups = {g.name: g for g in Group.objects.filter(name__in=hr_roles.ALL)}
    result = ImportResult()
    saved: dict[str, Employee] = {}
    changed_rows: set[int] = set()
    for row in rows:
        employee, created, changed = _save_person(row, plan, groups, by=by)
        saved[employee.staff_id] = employee
        if created:
            result.created += 1
        elif changed:
            changed_rows.add(row.line)
    if "supervisor_staff_id" in rows[0].values:
        # After everyone exists, so a supervisor may be a later row of the same file.
        boss_ids = {row.values["supervisor_staff_id"] for row in rows} - {""}
        pks = dict(Employee.objects.filter(staff_id__in=boss_ids).values_list("staff_id", "pk"))
        for row in rows:
            employee = saved[row.values["staff_id"]]
            boss_pk = pks.get(row.values["supervisor_staff_id"])
            if employee.supervisor_id != boss_pk:
                employee.supervisor_id = boss_pk
                employee.save(update_fields=["supervisor"])
                if employee.staff_id in plan.employees:
                    changed_rows.add(row.line)
    result.updated = len(changed_rows)
    result.unchanged = len(rows) - result.created - result.updated
    if result.created or result.updated:  # an import that changed nothing leaves no trace
        audit.record(
            audit.Kind.STAFF_IMPORT,
            actor=by,
            summary=result.summary(),
            data={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


def _save_person(row, plan, groups, *, by):
    values = row.values
    employee = plan.employees.get(values["staff_id"])
    user = employee.user if employee else plan.users.get(values["username"])
    created_user = user is None
    if created_user:
        user = get_user_model()(username=values["username"])
        user.set_unusable_password()
    user_changed = _assign(
        user,
        username=values["username"],
        email=row.email,
        first_name=values["first_name"],
        last_name=values["last_name"],
    )
    if row.roles is not None:
        # The admin role is what the Django admin asks for, together with is_staff.
        user_changed |= _assign(user, is_staff=user.is_superuser or hr_roles.ADMIN in row.roles)
    if created_user or user_changed:
        user.save()
    current = set(user.groups.filter(name__in=hr_roles.ALL).values_list("name", flat=True))
    if row.roles is not None:
        wanted = set(row.roles)
    elif employee is None:
        # A new person is at least an employee; roles a linked login already had are kept.
        wanted = current | {hr_roles.EMPLOYEE}
    else:
        wanted = current
    if current != wanted:
        user.groups.remove(*[groups[name] for name in current - wanted])
        user.groups.add(*[groups[name] for name in wanted - current])
        user_changed = True
    fields = {
        "title": values["title"],
        "first_name": values["first_name"],
        "last_name": values["last_name"],
        "unit_id": row.unit.pk,
        "position_id": row.position.pk,
        "employment_type": row.employment_type,
    }
    via = _("staff import")
    if employee is None:
        employee = Employee.objects.create(user=user, staff_id=values["staff_id"], **fields)
        audit.record_roles(user, current, wanted, by=by, via=via)
        return employee, True, True
    unit_before = employee.unit_id
    employee_changed = _assign(employee, **fields)
    if employee_changed:
        employee.save()
    if current != wanted:
        audit.record_roles(user, current, wanted, by=by, via=via)
    if employee.unit_id != unit_before:
        audit.record_unit(employee, unit_before, by=by, via=via)
    return employee, False, employee_changed or user_changed


def _assign(instance, **values) -> bool:
    """Set only what differs, so an unchanged row is not saved at all."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed
