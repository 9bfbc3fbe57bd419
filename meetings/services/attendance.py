"""Who attended a meeting, as the secretary gives it: ids of people on the staff list, each
listed once, somebody present; checked before anything is written."""

from django.utils.translation import gettext as _

from hrflow.errors import Invalid
from hrflow.models import Employee
from hrflow.validation import lookup_id, parse_id

from ..models import Attendance


def staff_ids(ids, what) -> list[int]:
    """Ids of active employees, in the order given; anyone not on the staff list is an error."""
    try:
        ids = [parse_id(lookup_id(value)) for value in ids or []]
    except (TypeError, ValueError):
        raise Invalid(_("%(what)s: choose people from the staff list.") % {"what": what}) from None
    known = set(
        Employee.objects.filter(pk__in=ids, user__is_active=True).values_list("pk", flat=True)
    )
    unknown = [pk for pk in ids if pk not in known]
    if unknown:
        raise Invalid(
            _("%(what)s: %(id)s is not on the staff list.") % {"what": what, "id": unknown[0]},
            field="attendance",
        )
    return ids


def attendance_rows(present, absent, guests) -> list[tuple[int, str, str]]:
    absent_rows = []
    for row in absent or []:
        if isinstance(row, dict):
            absent_rows.append((row.get("employee"), str(row.get("reason") or "").strip()))
        elif isinstance(row, (list, tuple)):
            absent_rows.append((row[0], str(row[1] if len(row) > 1 else "").strip()))
        else:
            absent_rows.append((row, ""))
    rows = [(pk, Attendance.Status.PRESENT, "") for pk in staff_ids(present, _("Present"))]
    absent_ids = staff_ids([pk for pk, _reason in absent_rows], _("Absent"))
    rows += [
        (pk, Attendance.Status.ABSENT, r[1][:300])
        for pk, r in zip(absent_ids, absent_rows, strict=True)
    ]
    rows += [(pk, Attendance.Status.GUEST, "") for pk in staff_ids(guests, _("Also attending"))]
    if not any(status == Attendance.Status.PRESENT for _pk_, status, _r in rows):
        raise Invalid(_("Record who was present."), field="present")
    seen = set()
    for pk, _status, _reason in rows:
        if pk in seen:
            name = Employee.objects.get(pk=pk).full_name
            raise Invalid(
                _("%(name)s is listed twice in the attendance.") % {"name": name},
                field="attendance",
            )
        seen.add(pk)
    return rows


def write_attendance(minutes, rows):
    Attendance.objects.filter(minutes=minutes).delete()
    Attendance.objects.bulk_create(
        Attendance(minutes=minutes, employee_id=pk, status=status, reason=reason)
        for pk, status, reason in rows
    )
