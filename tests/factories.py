"""factory_boy factories and the personas every test speaks of."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hrflow.models import Department, Employee, Position
from workflows.models import Circular

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
