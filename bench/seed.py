"""The agency the benchmark measures: a ministry of `big` people in 20 sections, a provincial
office of `small` people, the clerk and executive who publish, in bulk."""

import datetime as dt
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from circulars import services as circular_services
from hrflow import roles
from hrflow.models import Department, Employee, Position
from workflows import services

User = get_user_model()


def people(prefix, count, units, position):
    """`count` employees with logins (role employee), spread over `units`; their ids."""
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.go.th", password="!")  # noqa: S106  (unusable)
        for n in range(count)
    )
    employee_group = Group.objects.get(name=roles.EMPLOYEE)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=employee_group.pk) for user in users
    )
    staff = Employee.objects.bulk_create(
        Employee(
            user=user,
            staff_id=f"{prefix}-{n:06d}",
            title="นาย",
            first_name=f"พนักงาน{n}",
            last_name=f"ทดสอบ{prefix}",
            unit=units[n % len(units)],
            position=position,
            employment_type=Employee.EmploymentType.CIVIL_SERVANT,
        )
        for n, user in enumerate(users)
    )
    return [e.pk for e in staff]


def persona(username, unit, position, *role_names):
    user = User.objects.create(username=username, email=f"{username}@example.go.th")
    user.groups.add(*Group.objects.filter(name__in=role_names))
    return Employee.objects.create(
        user=user,
        staff_id=username,
        first_name=username,
        last_name="bench",
        unit=unit,
        position=position,
        employment_type=Employee.EmploymentType.CIVIL_SERVANT,
    )


def agency(big, small):
    roles.ensure_groups()
    position = Position.objects.create(code="P1", name="นักทรัพยากรบุคคล")
    hq = Department.objects.create(code="HQ", name="สำนักงานปลัด")
    ministry = Department.objects.create(code="MIN", name="กระทรวง")
    sections = [
        Department.objects.create(
            code=f"MIN{n:02d}", name=f"กอง {n:02d}", parent=ministry, kind="section"
        )
        for n in range(20)
    ]
    province = Department.objects.create(code="PRV", name="สำนักงานจังหวัด")
    world = SimpleNamespace(
        position=position,
        hq=hq,
        ministry=ministry,
        province=province,
        clerk=persona("clerk", hq, position, roles.EMPLOYEE, roles.CLERK),
        executive=persona("executive", hq, position, roles.EMPLOYEE, roles.EXECUTIVE),
    )
    world.big_ids = people("m", big, sections, position)
    world.small_ids = people("p", small, [province], position)
    return world


def approved_circular(world, unit, title):
    """A circular to everyone in `unit` and below, submitted and approved: one step to publish."""
    circular = circular_services.circular_create(
        by=world.clerk.user,
        title=title,
        body="<p>โปรดทราบและถือปฏิบัติ</p>",
        deadline=timezone.localdate() + dt.timedelta(days=14),
        audience=[{"kind": "unit", "id": unit.pk, "subunits": True}],
    )
    services.apply_transition(circular, "submit", by=world.clerk.user)
    services.apply_transition(circular, "approve", by=world.executive.user)
    return circular


def publish(world, circular):
    return services.apply_transition(circular, "publish", by=world.executive.user)
