"""python manage.py seed_demo — a demo agency with circulars in every state.

Safe to run on every start (`make run` does): when the demo agency is there it does nothing, and
it never adds a demo to a database that already holds a real organisation. Documents are made
only through the services, so their history, numbers and acknowledgements are real ones.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circulars import services as circular_services
from demo import data
from demo import evidence as demo_evidence
from demo import letterhead as demo_letterhead
from demo import measure6 as demo_measure6
from demo import minutes as demo_minutes
from demo import register as demo_register
from demo import reports as demo_year
from demo import rounds as demo_rounds
from hrflow import roles
from hrflow.models import Department, Employee, Position
from notifications.models import Acknowledgement
from notifications.services import acknowledge
from workflows import services


class Command(BaseCommand):
    help = (
        "Load a demo agency (units, 60 staff, the demo logins, circulars in every state, "
        "position descriptions, evaluation criteria and goals, a whole past fiscal year with its "
        "evaluation rounds, the current round in progress)."
    )

    @property
    def refused(self):
        return _(
            "This database already holds an organisation or one of the demo logins; "
            "no demo data was added."
        )

    def handle(self, *args, **options):
        if Department.objects.filter(code=data.MARKER_UNIT).exists():
            self.stdout.write(_("The demo agency is already loaded; nothing to do."))
            return
        usernames = [login[0] for login in data.LOGINS]
        taken = get_user_model().objects.filter(username__in=usernames).exists()
        if taken or Department.objects.exists() or Employee.objects.exists():
            self.stdout.write(self.refused)
            return
        try:
            with transaction.atomic():
                people = _seed_organisation()
                demo_letterhead.seed(data.AGENCY)
                circulars = _seed_circulars(people)
                positions = {p.code: p for p in Position.objects.all()}
                demo_measure6.seed(people, positions)
                demo_minutes.seed(people)
                # A whole past fiscal year, so the integrity report has numbers to show.
                year = demo_year.seed(people, positions)
                demo_evidence.seed(year, data.AGENCY, people["clerk"].user)
                # Its evaluation rounds completed, and the current round in progress.
                demo_rounds.seed(people, year)
                # Published today, shown on their days: the register follows the days.
                demo_register.renumber_in_date_order()
        except IntegrityError:
            # Another seed_demo (a second `make run`) got there first; its demo stands.
            self.stdout.write(self.refused)
            return
        summary = _(
            "%(agency)s: %(units)s units, %(positions)s positions, %(staff)s staff, "
            "%(circulars)s circulars.\nLogins: %(logins)s (and every staff ID); password %(pw)s"
        )
        self.stdout.write(
            self.style.SUCCESS(
                summary
                % {
                    "agency": data.AGENCY,
                    "units": len(data.UNITS),
                    "positions": len(data.POSITIONS),
                    "staff": len(people),
                    "circulars": len(circulars),
                    "logins": ", ".join(usernames),
                    "pw": data.PASSWORD,
                }
            )
        )


def _seed_organisation() -> dict[str, Employee]:
    """Units, positions and people; returns every employee by username."""
    roles.ensure_groups()
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ALL)}
    # One hash for everyone: hashing 60 times would make every fresh start slow for a password
    # that is public anyway.
    password = make_password(data.PASSWORD)
    units = {}
    for code, name, kind, parent in data.UNITS:
        units[code] = Department.objects.create(
            code=code, name=name, kind=kind, parent=units.get(parent)
        )
    positions = {
        code: Position.objects.create(code=code, name=name) for code, name in data.POSITIONS
    }

    def person(username, staff_id, title, first, last, unit, position, kind, role_names):
        user = get_user_model().objects.create(
            username=username,
            password=password,
            email=f"{username}@{data.EMAIL_DOMAIN}",
            first_name=first,
            last_name=last,
            is_staff=roles.ADMIN in role_names,
        )
        user.groups.set([groups[name] for name in role_names])
        return Employee.objects.create(
            user=user,
            staff_id=staff_id,
            title=title,
            first_name=first,
            last_name=last,
            unit=units[unit],
            position=positions[position],
            employment_type=kind,
        )

    people, heads, serial = {}, {}, 0
    for username, title, first, last, unit, position, kind, role_names in data.LOGINS:
        serial += 1
        people[username] = person(
            username, f"5100{serial:02d}", title, first, last, unit, position, kind, role_names
        )
    for code, login in data.HEADED_BY_LOGIN.items():
        heads[code] = people[login]
    names = data.people()
    for code, slots in data.STAFF.items():
        for position, kind in slots:
            serial += 1
            staff_id = f"5100{serial:02d}"
            is_head = code not in heads
            role_names = ("employee",)
            if is_head and units[code].kind == Department.Kind.OFFICE:
                role_names = data.HEAD_ROLES.get(code, data.OFFICE_HEAD_ROLES)
            title, first, last = next(names)
            people[staff_id] = person(
                staff_id, staff_id, title, first, last, code, position, kind, role_names
            )
            if is_head:
                heads[code] = people[staff_id]
    for code, unit in units.items():
        unit.head = heads[code]
        unit.save(update_fields=["head"])
    for employee in people.values():
        unit = employee.unit
        boss = heads[unit.code]
        if boss.pk == employee.pk:
            # A head answers to the head of the unit above, or to the executive at the top.
            boss = heads[unit.parent.code] if unit.parent else people["executive"]
        if boss.pk != employee.pk:
            employee.supervisor = boss
            employee.save(update_fields=["supervisor"])
    return people


def _seed_circulars(people):
    # Imported here: the organisation app sits below workflows and notifications, and only this
    # command (an entry point, like a view) reaches up to them.

    clerk, executive = people["clerk"].user, people["executive"].user
    units = {unit.code: unit for unit in Department.objects.all()}
    today = timezone.localdate()
    made = []
    for spec in data.CIRCULARS:
        circular = circular_services.circular_create(
            by=clerk,
            title=spec["title"],
            body=spec["body"],
            deadline=today + dt.timedelta(days=spec["days"]),
            audience=_audience(spec["audience"], units),
            is_public=spec.get("public", False),
            **spec.get("letter", {}),
        )
        for step in spec["steps"]:
            name, note = step if isinstance(step, tuple) else (step, "")
            if name in ("withdraw", "archive"):
                _acknowledge_some(circular, spec, people)
            actor = clerk if name == "submit" else executive
            circular = services.apply_transition(circular, name, by=actor, note=note)
        if circular.state == "published":
            _acknowledge_some(circular, spec, people)
        if "revision" in spec:
            made.append(circular)
            circular = services.document_revise(circular, by=clerk)
            circular = circular_services.circular_update(
                circular, by=clerk, body=spec["revision"]["body"]
            )
            for name in spec["revision"]["steps"]:
                actor = clerk if name == "submit" else executive
                circular = services.apply_transition(circular, name, by=actor)
            _acknowledge_some(circular, spec, people)
        made.append(circular)
    return made


def _audience(spec, units):
    if spec == "everyone":
        return [{"kind": "everyone"}]
    codes = (spec,) if isinstance(spec, str) else spec
    return [{"kind": "unit", "id": units[code].pk, "subunits": True} for code in codes]


def _acknowledge_some(circular, spec, people):
    """Every n-th recipient acknowledges; the demo `employee` always has something left to do."""

    every = spec.get("ack_every", 0)
    if not every:
        return
    pending = (
        Acknowledgement.objects.for_document(circular).pending().select_related("employee__user")
    )
    for index, ack in enumerate(pending.order_by("employee__staff_id")):
        if index % every == 0 and ack.employee_id != people["employee"].pk:
            acknowledge(ack, user=ack.employee.user, user_agent="seed_demo")
