"""The Django admin: HR administrators only; history and evidence shown but never changed."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from circulars import services as circular_services
from circulars.models import Circular
from hrflow.models import AuditEvent, Department, Employee
from notifications.models import Acknowledgement, Notice
from tests.factories import PositionFactory
from workflows import services
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db

User = get_user_model()
IMPORT_URL = "admin:hrflow_employee_import"
HEADER = (
    "staff_id,title,first_name,last_name,email,username,unit_code,position_code,employment_type"
)


@pytest.fixture
def published(org):
    circular = circular_services.circular_create(
        by=org.clerk.user,
        title="ประกาศเรื่องการแต่งกาย",
        body="<p>โปรดแต่งกายให้เรียบร้อย</p>",
        audience=[{"kind": "unit", "id": org.office.pk, "subunits": True}],
    )
    for step in ("submit", "approve", "publish"):
        actor = org.clerk.user if step == "submit" else org.executive.user
        circular = services.apply_transition(circular, step, by=actor)
    return circular


def login(client, user):
    client.force_login(user)
    return client


def admin_pages(org, published):
    ack = Acknowledgement.objects.for_document(published).first()
    log = TransitionLog.objects.first()
    notice = Notice.objects.first()
    return [
        reverse("admin:index"),
        reverse(IMPORT_URL),
        reverse("admin:hrflow_employee_changelist"),
        reverse("admin:hrflow_employee_change", args=[org.employee.pk]),
        reverse("admin:hrflow_employee_add"),
        reverse("admin:hrflow_department_changelist"),
        reverse("admin:hrflow_department_change", args=[org.section.pk]),
        reverse("admin:hrflow_position_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[org.clerk.user.pk]),
        reverse("admin:auth_group_changelist"),
        reverse("admin:circulars_circular_changelist"),
        reverse("admin:circulars_circular_change", args=[published.pk]),
        reverse("admin:workflows_transitionlog_changelist"),
        reverse("admin:workflows_transitionlog_change", args=[log.pk]),
        reverse("admin:notifications_acknowledgement_changelist"),
        reverse("admin:notifications_acknowledgement_change", args=[ack.pk]),
        reverse("admin:notifications_notice_changelist") + "?status__exact=failed",
        reverse("admin:notifications_notice_change", args=[notice.pk]),
        reverse("admin:meetings_meetingseries_changelist"),
        reverse("admin:meetings_meetingseries_add"),
        reverse("admin:meetings_meetingminutes_changelist"),
    ]


def test_an_hr_administrator_opens_every_admin_page(client, org, hr_admin, published):
    login(client, hr_admin)
    for url in admin_pages(org, published):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_employee_list_searches_thai_names_and_links_to_the_import(client, org, hr_admin):
    login(client, hr_admin)
    url = reverse("admin:hrflow_employee_changelist")

    response = client.get(url, {"q": org.employee.first_name})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [org.employee]
    assert reverse(IMPORT_URL) in response.text
    by_staff_id = client.get(url, {"q": org.clerk.staff_id})
    assert list(by_staff_id.context["cl"].result_list) == [org.clerk]


@pytest.mark.parametrize("persona", ["employee", "clerk", "executive", "auditor", "outsider"])
def test_staff_without_the_admin_role_are_sent_to_the_admin_login(client, org, persona):
    user = getattr(org, persona).user
    user.is_staff = True  # even a staff flag set by mistake does not open the admin
    user.save()
    login(client, user)

    for url in (reverse("admin:index"), reverse(IMPORT_URL)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_role_without_the_staff_flag_does_not_open_the_admin(client, org):
    login(client, org.admin.user)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_superuser_opens_the_admin(client, org):
    root = User.objects.create_superuser("root", "root@example.go.th", "x-very-long-pass")
    login(client, root)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_clerk_cannot_import_staff_by_posting_to_the_import_page(client, org):
    org.clerk.user.is_staff = True
    org.clerk.user.save()
    login(client, org.clerk.user)
    PositionFactory(code="HR1")
    upload = SimpleUploadedFile(
        "staff.csv", f"{HEADER}\n70001,นาย,ก,ข,,kor,SEC,HR1,contract\n".encode()
    )

    response = client.post(reverse(IMPORT_URL), {"file": upload})

    assert response.status_code == 302
    assert not Employee.objects.filter(staff_id="70001").exists()


def test_the_import_page_imports_a_good_file_and_says_how_many(client, org, hr_admin):
    PositionFactory(code="HR1")
    login(client, hr_admin)
    upload = SimpleUploadedFile(
        "staff.csv",
        f"{HEADER}\n70001,นาย,สมชาย,ใจดี,,somchai,SEC,HR1,contract\n".encode("utf-8-sig"),
    )

    response = client.post(reverse(IMPORT_URL), {"file": upload}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:hrflow_employee_changelist")
    assert Employee.objects.get(staff_id="70001").user.username == "somchai"
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1
    assert "1" in shown[0]


def test_the_import_page_lists_every_bad_line_and_imports_nothing(client, org, hr_admin):
    PositionFactory(code="HR1")
    login(client, hr_admin)
    text = (
        f"{HEADER}\n"
        "70001,นาย,สมชาย,ใจดี,,somchai,SEC,HR1,contract\n"
        "70002,นาย,สมศักดิ์,ดีมาก,bad-mail,somsak,NOPE,HR1,contract\n"
        "70003,นาง,สมหญิง,รักงาน,,somying,SEC,HR1,temporary\n"
    )
    upload = SimpleUploadedFile("staff.csv", text.encode())
    before = Employee.objects.count(), User.objects.count()

    response = client.post(reverse(IMPORT_URL), {"file": upload})

    assert response.status_code == 400
    errors = response.context["result"].errors
    assert {(e.line, e.column) for e in errors} == {
        (3, "email"),
        (3, "unit_code"),
        (4, "employment_type"),
    }
    assert 'id="import-errors"' in response.text
    assert (Employee.objects.count(), User.objects.count()) == before


def test_the_import_page_without_a_file_shows_a_form_error(client, org, hr_admin):
    login(client, hr_admin)
    response = client.post(reverse(IMPORT_URL), {})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


@pytest.mark.parametrize(
    "model,add_url",
    [
        (TransitionLog, "admin:workflows_transitionlog_add"),
        (Acknowledgement, "admin:notifications_acknowledgement_add"),
        (Notice, "admin:notifications_notice_add"),
        (Circular, "admin:circulars_circular_add"),
        (AuditEvent, "admin:hrflow_auditevent_add"),
    ],
)
def test_history_evidence_and_documents_cannot_be_added_changed_or_deleted(
    client, hr_admin, published, model, add_url
):
    login(client, hr_admin)
    row = model.objects.order_by("pk").first()
    before = list(model.objects.order_by("pk").values_list())
    name = add_url.rsplit("_", 1)[0]

    assert client.get(reverse(add_url)).status_code == 403
    assert client.post(reverse(add_url), {}).status_code == 403
    change = client.post(reverse(f"{name}_change", args=[row.pk]), {"note": "x", "state": "draft"})
    assert change.status_code == 403
    assert client.get(reverse(f"{name}_delete", args=[row.pk])).status_code == 403
    assert client.post(reverse(f"{name}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    changelist = reverse(f"{name}_changelist")
    bulk = client.post(changelist, {"action": "delete_selected", "_selected_action": [row.pk]})
    assert bulk.status_code in (200, 302)
    assert list(model.objects.order_by("pk").values_list()) == before


def test_the_circular_page_shows_its_state_and_history_read_only(client, hr_admin, published):
    login(client, hr_admin)
    response = client.get(reverse("admin:circulars_circular_change", args=[published.pk]))

    assert response.status_code == 200
    assert 'name="state"' not in response.text
    assert published.get_state_display() in response.text
    assert response.context["adminform"].form.fields == {}
    published.refresh_from_db()
    assert published.state == State.PUBLISHED


def test_failed_notices_are_listed_for_hr(client, hr_admin, published):
    failed = Notice.objects.order_by("pk").first()
    Notice.objects.filter(pk=failed.pk).update(status=Notice.Status.FAILED, last_error="SMTP 550")
    login(client, hr_admin)

    response = client.get(
        reverse("admin:notifications_notice_changelist"), {"status__exact": "failed"}
    )

    assert [n.pk for n in response.context["cl"].result_list] == [failed.pk]
    assert "SMTP 550" in response.text


def test_an_hr_administrator_cannot_make_anyone_a_superuser(client, org, hr_admin):
    login(client, hr_admin)
    url = reverse("admin:auth_user_change", args=[org.clerk.user.pk])
    form = client.get(url).context["adminform"].form

    assert "is_superuser" not in form.fields
    assert "groups" in form.fields  # roles are HR's to give


def test_an_hr_administrator_cannot_change_a_superuser(client, hr_admin):
    root = User.objects.create_superuser("root", "root@example.go.th", "x-very-long-pass")
    login(client, hr_admin)
    url = reverse("admin:auth_user_password_change", args=[root.pk])

    response = client.post(url, {"password1": "taken-over-1", "password2": "taken-over-1"})

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.check_password("x-very-long-pass")


def test_the_role_groups_cannot_be_renamed_or_deleted(client, hr_admin):
    login(client, hr_admin)
    clerk_role = Group.objects.get(name="clerk")

    rename = client.post(reverse("admin:auth_group_change", args=[clerk_role.pk]), {"name": "x"})
    delete = client.post(reverse("admin:auth_group_delete", args=[clerk_role.pk]), {"post": "yes"})

    assert (rename.status_code, delete.status_code) == (403, 403)
    assert Group.objects.filter(name="clerk").exists()


def test_a_unit_cannot_be_placed_below_its_own_sub_unit(client, org, hr_admin):
    login(client, hr_admin)
    url = reverse("admin:hrflow_department_change", args=[org.office.pk])
    data = {"code": "OFF", "name": org.office.name, "kind": "office", "parent": org.section.pk}

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"]
    assert Department.objects.get(pk=org.office.pk).parent is None


def test_the_unit_autocomplete_answers_the_admin(client, org, hr_admin):
    login(client, hr_admin)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "hrflow",
            "model_name": "employee",
            "field_name": "unit",
            "term": "ฝ่าย",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(org.section.pk)]


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, org):
    response = client.get(reverse("admin:hrflow_employee_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith((reverse("login"), reverse("admin:login")))


def test_an_hr_administrator_moves_an_employee_to_another_unit(client, org, hr_admin):
    login(client, hr_admin)
    employee = org.employee
    url = reverse("admin:hrflow_employee_change", args=[employee.pk])
    data = {
        "user": employee.user_id,
        "staff_id": employee.staff_id,
        "title": employee.title,
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "unit": org.other.pk,
        "position": employee.position_id,
        "employment_type": "contract",
        "supervisor": org.outsider.pk,
    }

    response = client.post(url, data)

    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.unit, employee.employment_type) == (org.other, "contract")
    assert employee.supervisor == org.outsider


def test_a_person_cannot_be_placed_under_their_own_subordinate(client, org, hr_admin):
    Employee.objects.filter(pk=org.employee.pk).update(supervisor=org.head)
    login(client, hr_admin)
    head = org.head
    data = {
        "user": head.user_id,
        "staff_id": head.staff_id,
        "title": head.title,
        "first_name": head.first_name,
        "last_name": head.last_name,
        "unit": head.unit_id,
        "position": head.position_id,
        "employment_type": head.employment_type,
        "supervisor": org.employee.pk,
    }

    response = client.post(reverse("admin:hrflow_employee_change", args=[head.pk]), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["supervisor"]
    head.refresh_from_db()
    assert head.supervisor is None


def test_hr_administrators_keep_the_goals_of_the_year_and_see_the_new_kinds(client, org, hr_admin):
    from personnel.models import OrganisationGoal
    from tests.factories import criteria_draft, position_description_draft

    pd = position_description_draft(org, org.employee.position)
    criteria = criteria_draft(org)
    login(client, hr_admin)
    response = client.post(
        reverse("admin:personnel_organisationgoal_add"),
        {"fiscal_year": 2570, "number": 1, "title": "บริการประชาชนรวดเร็ว", "description": ""},
    )
    assert response.status_code == 302
    assert OrganisationGoal.objects.get().title == "บริการประชาชนรวดเร็ว"
    for url in (
        reverse("admin:personnel_positiondescription_change", args=[pd.pk]),
        reverse("admin:personnel_evaluationcriteria_change", args=[criteria.pk]),
        reverse("admin:workflows_documentcomment_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    login(client, org.clerk.user)
    assert client.get(reverse("admin:personnel_organisationgoal_changelist")).status_code == 302


def test_hr_cannot_make_the_secretary_a_chair_of_the_series(client, org, hr_admin):
    from meetings.models import MeetingSeries

    login(client, hr_admin)
    data = {
        "name": "ประชุมประจำเดือนกองช่าง",
        "unit": org.other.pk,
        "include_subunits": "on",
        "secretary": org.outsider.pk,
        "chair": org.outsider.pk,
        "is_active": "on",
    }
    url = reverse("admin:meetings_meetingseries_add")
    assert client.post(url, data).status_code == 200  # the form again, with the error
    data.update(chair=org.head.pk, acting_chairs=[org.outsider.pk])
    assert client.post(url, data).status_code == 200
    assert not MeetingSeries.objects.exists()
    data.update(acting_chairs=[org.executive.pk])
    assert client.post(url, data).status_code == 302
    series = MeetingSeries.objects.get()
    assert series.chair_ids() == {org.head.pk, org.executive.pk}


def test_hr_sets_up_a_meeting_series_with_its_secretary_and_chair(client, org, hr_admin):
    from meetings.models import MeetingSeries

    login(client, hr_admin)
    response = client.post(
        reverse("admin:meetings_meetingseries_add"),
        {
            "name": "ประชุมประจำเดือนกองช่าง",
            "unit": org.other.pk,
            "include_subunits": "on",
            "secretary": org.outsider.pk,
            "chair": org.head.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:500]
    series = MeetingSeries.objects.get()
    assert (series.secretary, series.chair, series.unit) == (org.outsider, org.head, org.other)
