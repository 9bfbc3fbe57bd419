"""seed_demo: the demo agency of the design, made through the services, loaded once."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import translation

from circulars.models import Circular
from hrflow import roles
from hrflow.admin import may_use_admin
from hrflow.models import Department, Employee
from meetings.models import ActionItem, MeetingMinutes, Suggestion
from notifications.models import Acknowledgement, Notice
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db

User = get_user_model()
LOGINS = {
    "clerk": {"employee", "clerk"},
    "executive": {"employee", "executive"},
    "employee": {"employee"},
    "auditor": {"auditor"},
    "admin": {"admin"},
}


def seed() -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


# Every app seed_demo writes to (the kinds' apps since they moved out of workflows/).
DEMO_APPS = (
    "auth",
    "hrflow",
    "notifications",
    "workflows",
    "circulars",
    "meetings",
    "personnel",
    "reports",
    "evaluations",
)


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for app in DEMO_APPS
        for model in apps.get_app_config(app).get_models()
    }


def test_the_demo_has_the_logins_of_the_design_with_the_demo_password():
    seed()

    for username, role_names in LOGINS.items():
        user = User.objects.get(username=username)
        assert user.check_password("hrflow-demo"), username
        assert set(user.groups.values_list("name", flat=True)) == role_names, username
        assert user.employee.unit_id is not None
    admin = User.objects.get(username="admin")
    assert may_use_admin(admin)
    assert not may_use_admin(User.objects.get(username="clerk"))
    plain = Employee.objects.exclude(user__username__in=LOGINS).first()
    assert plain.user.username == plain.staff_id
    assert plain.user.check_password("hrflow-demo")


def test_the_demo_agency_is_a_tree_of_units_with_heads_and_sixty_staff():
    seed()

    units = Department.objects.all()
    assert 6 <= units.count() <= 10
    assert units.filter(parent__isnull=False).exists()
    assert not units.filter(head__isnull=True).exists()
    assert Employee.objects.count() == 60
    types = set(Employee.objects.values_list("employment_type", flat=True))
    assert types == set(Employee.EmploymentType.values)
    assert Employee.objects.filter(supervisor__isnull=False).count() == 59  # all but the top
    assert set(Employee.objects.values_list("title", flat=True)) == {"นาย", "นาง", "นางสาว"}
    full_names = [e.full_name for e in Employee.objects.all()]
    assert len(set(full_names)) == 60
    executives = User.objects.filter(groups__name=roles.EXECUTIVE).count()
    assert executives >= 2


def test_the_demo_has_circulars_in_every_state_made_through_the_workflow():
    seed()

    states = dict(Circular.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == set(State.values)
    assert states[State.APPROVED] >= 1  # ready for the executive to publish
    for circular in Circular.objects.exclude(state=State.DRAFT):
        logged = TransitionLog.objects.filter(
            object_id=circular.pk, content_type__model="circular"
        ).order_by("at", "pk")
        assert logged.exists(), circular
        assert logged.last().to_state == circular.state
    sent_back = TransitionLog.objects.filter(transition="send_back", content_type__model="circular")
    assert sent_back.exists() and all(log.note for log in sent_back)
    numbered = Circular.objects.exclude(number=None)
    for year in set(numbered.values_list("number_year", flat=True)):  # the register restarts
        of_year = numbered.filter(number_year=year)
        assert sorted(of_year.values_list("number", flat=True)) == list(
            range(1, of_year.count() + 1)
        )
    revision = Circular.objects.get(version=2)  # a second version, published, retired its first
    assert revision.state == State.PUBLISHED
    assert revision.supersedes.state == State.ARCHIVED
    assert revision.body != revision.supersedes.body


def test_published_demo_circulars_have_acknowledged_pending_and_overdue_recipients():
    seed()

    acks = Acknowledgement.objects.filter(
        content_type__model="circular",
        object_id__in=Circular.objects.filter(state=State.PUBLISHED).values("pk"),
    )
    assert acks.acknowledged().exists()
    assert acks.overdue().exists()
    assert acks.pending().exclude(pk__in=acks.overdue()).exists()
    employee = Employee.objects.get(user__username="employee")
    assert acks.pending().filter(employee=employee).exists()  # the demo employee has work to do
    assert Notice.objects.filter(kind=Notice.Kind.ANNOUNCE).count() >= acks.count()


def test_a_second_run_changes_nothing():
    assert "60 staff" in seed()
    before = row_counts()

    second = seed()

    assert row_counts() == before
    assert "already" in second


def test_the_demo_is_not_added_to_a_database_that_holds_an_organisation(org):
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert "no demo data" in output


def test_the_demo_has_goals_position_descriptions_and_criteria_in_useful_states():
    from personnel.models import EvaluationCriteria, OrganisationGoal, PositionDescription

    seed()

    assert OrganisationGoal.objects.count() >= 3
    pd_states = set(PositionDescription.objects.values_list("state", flat=True))
    assert {State.DRAFT, State.IN_REVIEW, State.PUBLISHED, State.ARCHIVED} <= pd_states
    assert PositionDescription.objects.filter(version=2, state=State.PUBLISHED).exists()
    criteria_states = set(EvaluationCriteria.objects.values_list("state", flat=True))
    assert {State.DRAFT, State.APPROVED, State.PUBLISHED} <= criteria_states
    late = TransitionLog.objects.filter(
        content_type__model="evaluationcriteria", transition="publish", note__contains="Reason"
    ) | TransitionLog.objects.filter(
        content_type__model="evaluationcriteria", transition="publish", note__contains="เหตุผล"
    )
    assert late.exists()  # one was published after its round started, with the reason logged
    employee = Employee.objects.get(user__username="employee")
    mine = Acknowledgement.objects.filter(
        employee=employee, content_type__model__in=["positiondescription", "evaluationcriteria"]
    )
    assert mine.pending().exists()
    assert (
        Acknowledgement.objects.filter(content_type__model="evaluationcriteria")
        .acknowledged()
        .exists()
    )


def test_the_demo_has_a_monthly_meeting_adopted_published_and_in_draft():
    seed()

    # The demo's current series (the past fiscal year's series is demo.reports').
    current = MeetingMinutes.objects.filter(series__is_active=True)
    first, second, third = current.order_by("meeting_date")
    assert [m.state for m in (first, second, third)] == ["published", "published", "draft"]
    assert first.adopted_in == second and second.adopted_at is None
    assert first.problems.count() == 2 and first.resolutions.count() == 2
    actions = ActionItem.objects.filter(minutes__series=first.series).order_by("pk")
    assert [a.status for a in actions] == ["done", "open"]
    assert [a.text for a in third.agenda()[2]["followups"]] == [
        "ตรวจสอบและแก้ไขระบบลงเวลาปฏิบัติราชการ"
    ]
    assert Acknowledgement.objects.for_document(second).acknowledged().exists()
    assert Suggestion.objects.filter(anonymous=True, placed_in=third).exists()
    assert Suggestion.objects.filter(status="answered").exists()
