"""Checking the rows of a staff CSV: every problem of every row, against the file and the
database, before anything is written (hrflow.staff_rows reads them)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from hrflow import roles as hr_roles
from hrflow.cells import has_control_characters
from hrflow.models import Department, Employee, Position
from hrflow.staff_rows import REQUIRED_COLUMNS, RowError

REQUIRED_VALUES = frozenset(REQUIRED_COLUMNS) - {"title", "email"}
MAX_LENGTHS = {"staff_id": 32, "title": 32, "first_name": 100, "last_name": 100, "username": 150}

_TYPES = Employee.EmploymentType
EMPLOYMENT_TYPES = {
    _TYPES.CIVIL_SERVANT.value: _TYPES.CIVIL_SERVANT,
    _TYPES.PERMANENT_WORKER.value: _TYPES.PERMANENT_WORKER,
    _TYPES.CONTRACT.value: _TYPES.CONTRACT,
    "ข้าราชการ": _TYPES.CIVIL_SERVANT,
    "ลูกจ้างประจำ": _TYPES.PERMANENT_WORKER,
    "พนักงานจ้าง": _TYPES.CONTRACT,
    # Local government has two kinds of พนักงานจ้าง; HRFlow does not tell them apart.
    "พนักงานจ้างตามภารกิจ": _TYPES.CONTRACT,
    "พนักงานจ้างทั่วไป": _TYPES.CONTRACT,
}


def check_rows(rows) -> "Plan":
    """Check every row against the file and the database; the plan carries every error."""
    return _Validator(rows).run()


@dataclass
class Plan:
    errors: list[RowError]
    employees: dict  # staff_id → existing Employee
    users: dict  # username → existing User (the login each row will use)


class _Validator:
    """Checks every row against the file and the database; collects every error."""

    def __init__(self, rows):
        self.rows = rows
        self.errors: list[RowError] = []
        self.has_supervisor_column = "supervisor_staff_id" in rows[0].values

    def add(self, row, column, message):
        self.errors.append(RowError(row.line, column, message))

    def run(self) -> Plan:
        units = {u.code: u for u in Department.objects.filter(code__in=self._all("unit_code"))}
        positions = {
            p.code: p for p in Position.objects.filter(code__in=self._all("position_code"))
        }
        for row in self.rows:
            self._check_values(row, units, positions)
        self._check_duplicates("staff_id", _("Staff ID %(value)s is already on line %(line)s."))
        self._check_duplicates("username", _("Username %(value)s is already on line %(line)s."))
        employees = {
            e.staff_id: e
            for e in Employee.objects.filter(staff_id__in=self._all("staff_id")).select_related(
                "user"
            )
        }
        users = {
            u.username: u
            for u in get_user_model()
            .objects.filter(username__in=self._all("username"))
            .select_related("employee")
        }
        for row in self.rows:
            self._check_login(row, employees, users)
        if self.has_supervisor_column:
            self._check_supervisors()
        self.errors.sort(key=lambda e: (e.line, e.column))
        return Plan(errors=self.errors, employees=employees, users=users)

    def _all(self, column) -> set[str]:
        return {row.values[column] for row in self.rows if row.values.get(column)}

    def _check_values(self, row, units, positions):
        values = row.values
        for column, value in values.items():
            # A NUL or a line break in a name would be stored and break every file listing it.
            if has_control_characters(value):
                self.add(
                    row, column, _("Control characters (NUL, tab, line break …) are not allowed.")
                )
        for column in REQUIRED_VALUES:
            if not values[column]:
                self.add(row, column, _("A value is required."))
        for column, limit in MAX_LENGTHS.items():
            if len(values[column]) > limit:
                self.add(row, column, _("At most %(n)s characters.") % {"n": limit})
        if values["username"]:
            try:
                UnicodeUsernameValidator()(values["username"])
            except ValidationError:
                self.add(
                    row,
                    "username",
                    _("Use letters, digits and @ . + - _ only, without spaces."),
                )
        if values["email"]:
            try:
                validate_email(values["email"])
                row.email = get_user_model().objects.normalize_email(values["email"])
            except ValidationError:
                self.add(
                    row,
                    "email",
                    _("“%(value)s” is not an email address.") % {"value": values["email"]},
                )
        if values["unit_code"]:
            row.unit = units.get(values["unit_code"])
            if row.unit is None:
                self.add(row, "unit_code", _("No unit has the code “%(unit_code)s”.") % values)
        if values["position_code"]:
            row.position = positions.get(values["position_code"])
            if row.position is None:
                self.add(
                    row,
                    "position_code",
                    _("No position has the code “%(position_code)s”.") % values,
                )
        if values["employment_type"]:
            row.employment_type = EMPLOYMENT_TYPES.get(values["employment_type"].lower(), "")
            if not row.employment_type:
                self.add(
                    row,
                    "employment_type",
                    _("Unknown employment type “%(value)s”; use one of %(choices)s.")
                    % {"value": values["employment_type"], "choices": ", ".join(EMPLOYMENT_TYPES)},
                )
        self._check_roles(row)

    def _check_roles(self, row):
        text = row.values.get("roles", "")
        names = {part.strip().lower() for part in text.replace(",", ";").split(";")}
        names.discard("")
        unknown = sorted(names - set(hr_roles.ALL))
        if unknown:
            self.add(
                row,
                "roles",
                _("Unknown role “%(role)s”; use %(choices)s.")
                % {"role": ", ".join(unknown), "choices": ", ".join(hr_roles.ALL)},
            )
        row.roles = frozenset(names) or None

    def _check_duplicates(self, column, message):
        first_line = {}
        for row in self.rows:
            value = row.values[column]
            key = value.casefold()
            if not value:
                continue
            if key in first_line:
                self.add(row, column, message % {"value": value, "line": first_line[key]})
            else:
                first_line[key] = row.line

    def _check_login(self, row, employees, users):
        staff_id, username = row.values["staff_id"], row.values["username"]
        user = users.get(username)
        if user is None:
            return
        owner = getattr(user, "employee", None)
        mine = employees.get(staff_id)
        if owner is not None and owner.staff_id != staff_id:
            self.add(
                row,
                "username",
                _("Username %(username)s already belongs to staff ID %(other)s.")
                % {"username": username, "other": owner.staff_id},
            )
        elif mine is not None and mine.user_id != user.pk:
            self.add(
                row,
                "username",
                _("Username %(username)s is another person's login.") % {"username": username},
            )

    def _check_supervisors(self):
        """Supervisors exist (in the database or the file), and nobody ends up above themself."""
        in_file = {row.values["staff_id"]: row for row in self.rows if row.values["staff_id"]}
        wanted = {sid for row in self.rows if (sid := row.values["supervisor_staff_id"])}
        chain = dict(
            Employee.objects.filter(supervisor__isnull=False).values_list(
                "staff_id", "supervisor__staff_id"
            )
        )
        known = set(in_file) | set(
            Employee.objects.filter(staff_id__in=wanted).values_list("staff_id", flat=True)
        )
        for staff_id, row in in_file.items():
            chain[staff_id] = row.values["supervisor_staff_id"] or None
        for staff_id, row in in_file.items():
            boss = row.values["supervisor_staff_id"]
            if not boss:
                continue
            if boss not in known:
                self.add(
                    row,
                    "supervisor_staff_id",
                    _("No staff member has the ID %(id)s, in the file or already here.")
                    % {"id": boss},
                )
            elif boss == staff_id:
                self.add(row, "supervisor_staff_id", _("A person cannot supervise themself."))
            elif _loops(staff_id, chain):
                self.add(
                    row,
                    "supervisor_staff_id",
                    _("This supervisor makes a loop: %(id)s would end up supervising themself.")
                    % {"id": staff_id},
                )


def _loops(start, chain) -> bool:
    seen, current = set(), chain.get(start)
    while current is not None and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = chain.get(current)
    return False
