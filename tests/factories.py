"""factory_boy factories and the personas every test speaks of."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from circulars.models import Circular
from hrflow.models import Department, Employee, Position
from hrflow.thai import evaluation_round
from personnel import services as hr_documents

PASSWORD = "hrflow-test-pass"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.th")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in extracted])
        if create:
            self.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"กองทดสอบ {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"นักทดสอบ {n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory, roles=["employee"])
    staff_id = factory.Sequence(lambda n: f"S{n:05d}")
    title = "นาย"
    first_name = factory.Sequence(lambda n: f"สมชาย{n}")
    last_name = "ใจดี"
    unit = factory.SubFactory(DepartmentFactory)
    position = factory.SubFactory(PositionFactory)
    employment_type = Employee.EmploymentType.CIVIL_SERVANT


def make_person(username, *, roles=("employee",), unit=None, **kwargs):
    user = UserFactory(username=username, roles=list(roles))
    return EmployeeFactory(user=user, unit=unit or DepartmentFactory(), **kwargs)


class CircularFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circular

    title = factory.Sequence(lambda n: f"หนังสือเวียนทดสอบ {n}")
    body = "<p>โปรดทราบและถือปฏิบัติ</p>"
    deadline = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))
    audience = factory.LazyAttribute(lambda c: [{"kind": "unit", "id": c.owner_unit.pk}])
    owner_unit = factory.SubFactory(DepartmentFactory)
    created_by = factory.SubFactory(UserFactory)


def next_round(today=None) -> tuple[int, int]:
    """(fiscal year BE, round) of the evaluation round after the current one: not started."""
    year, number = evaluation_round(today or timezone.localdate())
    return (year, 2) if number == 1 else (year + 1, 1)


def position_description_draft(org, position, *, unit=None, **values):
    values.setdefault("title", f"รายละเอียดของตำแหน่ง{position.name}")
    values.setdefault("purpose", "ปฏิบัติงานด้านการบริหารงานบุคคลของหน่วยงาน")
    values.setdefault(
        "duties",
        [
            {"text": "วางแผนอัตรากำลังและสรรหาบุคลากร", "share": 60},
            {"text": "จัดทำทะเบียนประวัติและบำเหน็จความชอบ", "share": 40},
        ],
    )
    values.setdefault("qualifications", "ปริญญาตรีทุกสาขา")
    return hr_documents.position_description_create(
        by=org.clerk.user, position=position, unit=unit, **values
    )


def criteria_draft(org, *, fiscal_year=None, round=None, **values):
    if fiscal_year is None:
        fiscal_year, round = next_round()
    values.setdefault("title", f"เกณฑ์การประเมินผลการปฏิบัติงาน รอบที่ {round}/{fiscal_year}")
    values.setdefault("employment_types", [Employee.EmploymentType.CIVIL_SERVANT])
    return hr_documents.evaluation_criteria_create(
        by=org.clerk.user, fiscal_year=fiscal_year, round=round, **values
    )


def bulk_people(count, *, prefix="staff", domain="example.go.th"):
    """`count` employees in a unit of their own, made in bulk; returns the unit."""
    unit, position = DepartmentFactory(), PositionFactory()
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{prefix}{n}", email=f"{prefix}{n}@{domain}", password="!")
        for n in range(count)
    )
    Employee.objects.bulk_create(
        Employee(
            user=user,
            staff_id=f"{prefix}-{n:05d}",
            first_name=f"พนักงาน{n}",
            last_name="ทดสอบ",
            unit=unit,
            position=position,
            employment_type=Employee.EmploymentType.CONTRACT,
        )
        for n, user in enumerate(users)
    )
    return unit
