"""Every write path leaves its audit event, in the same transaction as the change: a list of
the paths, each run once, each checked for the event it must leave (and a refused change for
none)."""

import socket

import pytest
from django.urls import reverse

from hrflow import audit
from hrflow.errors import Forbidden
from hrflow.models import AuditEvent
from hrflow.staff_import import import_staff
from notifications import services as notices
from notifications.models import Acknowledgement, Notice
from tests.factories import PositionFactory
from workflows import services

pytestmark = pytest.mark.django_db


def events(kind):
    return list(AuditEvent.objects.filter(kind=kind).order_by("seq"))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_each_transition_leaves_an_event_with_who_from_where_and_the_note(org, publish):
    circular = publish()
    transitions = events(audit.Kind.TRANSITION)
    assert [e.data["transition"] for e in transitions] == ["submit", "approve", "publish"]
    assert [e.actor_id for e in transitions] == [
        org.clerk.user.pk,
        org.executive.user.pk,
        org.executive.user.pk,
    ]
    publish_event = transitions[-1]
    assert (publish_event.subject_type, publish_event.subject_id) == (
        "circulars.circular",
        circular.pk,
    )
    assert publish_event.version == 1 and publish_event.data["to"] == "published"

    services.apply_transition(
        circular, "withdraw", by=org.executive.user, note="ผิดฉบับ", ip="10.0.0.5"
    )
    withdraw = events(audit.Kind.TRANSITION)[-1]
    assert (withdraw.data["note"], withdraw.ip) == ("ผิดฉบับ", "10.0.0.5")


def test_a_revision_and_the_archiving_of_the_old_version_leave_events(org, publish):
    circular = publish()
    draft = services.document_revise(circular, by=org.clerk.user)
    for step, persona in (("submit", org.clerk), ("approve", org.executive)):
        services.apply_transition(draft, step, by=persona.user)
    services.apply_transition(draft, "publish", by=org.executive.user)
    names = [(e.subject_id, e.version, e.data["transition"]) for e in events("transition")]
    assert (draft.pk, 2, "revise") in names
    assert (circular.pk, 1, "archive") in names
    assert (draft.pk, 2, "publish") in names


def test_a_refused_transition_leaves_no_event(org, publish):
    circular = publish()
    before = AuditEvent.objects.count()
    with pytest.raises(Forbidden):
        services.apply_transition(circular, "withdraw", by=org.employee.user, note="x")
    assert AuditEvent.objects.count() == before


def test_an_acknowledgement_leaves_one_event_and_its_replay_none(org, publish):
    circular = publish()
    ack = Acknowledgement.objects.for_document(circular).get(employee=org.employee)
    notices.acknowledge(ack, user=org.employee.user, ip="10.0.0.9")
    notices.acknowledge(ack, user=org.employee.user, ip="10.0.0.9")
    [event] = events(audit.Kind.ACKNOWLEDGEMENT)
    assert (event.employee_id, event.unit_id, event.actor_id) == (
        org.employee.pk,
        org.employee.unit_id,
        org.employee.user.pk,
    )
    assert (event.subject_id, event.version, event.ip) == (circular.pk, 1, "10.0.0.9")
    assert event.data["content_hash"] == circular.content_hash


def test_a_proxy_acknowledgement_leaves_an_event_with_who_recorded_it_and_why(org, publish):
    circular = publish()
    ack = Acknowledgement.objects.for_document(circular).get(employee=org.employee)
    notices.acknowledge_by_proxy(ack, by=org.clerk.user, reason="ลงนามในสำเนาแล้ว")
    [event] = events(audit.Kind.PROXY_ACKNOWLEDGEMENT)
    assert (event.actor_id, event.employee_id) == (org.clerk.user.pk, org.employee.pk)
    assert event.data["reason"] == "ลงนามในสำเนาแล้ว"


def test_a_notice_that_fails_for_good_leaves_an_event(org, publish, settings):
    settings.HRFLOW_NOTICE_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    circular = publish()
    email_ids = list(Notice.objects.filter(channel="email").values_list("pk", flat=True))
    notices.deliver(email_ids)
    failed = events(audit.Kind.NOTICE_FAILED)
    assert len(failed) == len(email_ids) > 0
    assert {e.subject_id for e in failed} == {circular.pk}
    assert all(e.data["channel"] == "email" for e in failed)


def test_a_notice_given_up_by_the_sweep_leaves_an_event(org, publish, settings):
    publish()
    Notice.objects.update(attempts=settings.HRFLOW_NOTICE_MAX_ATTEMPTS)
    notices.sweep()
    assert len(events(audit.Kind.NOTICE_FAILED)) == Notice.objects.count()


def test_a_role_change_in_the_admin_leaves_an_event(client, org):
    admin_user = org.admin.user
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    user = org.employee.user
    from django.contrib.auth.models import Group

    clerk = Group.objects.get(name="clerk")
    employee_group = Group.objects.get(name="employee")
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": user.username,
            "is_active": "on",
            "groups": [employee_group.pk, clerk.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content[:500]
    [event] = events(audit.Kind.ROLE_CHANGE)
    assert event.data["added"] == ["clerk"] and event.data["removed"] == []
    assert (event.actor_id, event.employee_id) == (admin_user.pk, org.employee.pk)


def test_a_unit_change_in_the_admin_leaves_an_event(client, org):
    admin_user = org.admin.user
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    employee = org.employee
    response = client.post(
        reverse("admin:hrflow_employee_change", args=[employee.pk]),
        {
            "user": employee.user_id,
            "staff_id": employee.staff_id,
            "title": employee.title,
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "unit": org.other.pk,
            "position": employee.position_id,
            "employment_type": employee.employment_type,
        },
    )
    assert response.status_code == 302
    [event] = events(audit.Kind.UNIT_CHANGE)
    assert event.data == {"from": org.section.pk, "to": org.other.pk, "via": ""}


def test_an_agency_change_in_the_admin_leaves_an_event_naming_what_changed(client, org):
    admin_user = org.admin.user
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    fields = {"name": "องค์การบริหารส่วนจังหวัดทดสอบ", "digits": "thai", "address": "", "phone": ""}
    response = client.post(reverse("admin:hrflow_agency_add"), fields)
    assert response.status_code == 302
    response = client.post(
        reverse("admin:hrflow_agency_change", args=[1]), {**fields, "phone": "0 5371 1234"}
    )
    assert response.status_code == 302
    added, changed = events(audit.Kind.AGENCY_CHANGE)
    assert added.actor_id == changed.actor_id == admin_user.pk
    assert changed.data == {"changed": ["phone"]}
    assert "name" in added.data["changed"]


def test_a_staff_import_leaves_its_event_and_one_per_role_granted(org):
    PositionFactory(code="HR1", name="นักทรัพยากรบุคคล")
    org.office.code = "OFF"
    org.office.save()
    text = (
        "staff_id,title,first_name,last_name,email,username,unit_code,position_code,"
        "employment_type,supervisor_staff_id,roles\n"
        "80001,นาย,สมชาย,ใจดี,,somchai80,OFF,HR1,ข้าราชการ,,employee;clerk\n"
    )
    result = import_staff(text, by=org.admin.user)
    assert result.ok, result.errors
    [imported] = events(audit.Kind.STAFF_IMPORT)
    assert imported.actor_id == org.admin.user.pk and imported.data["created"] == 1
    [roles] = events(audit.Kind.ROLE_CHANGE)
    assert roles.data["added"] == ["clerk", "employee"]
    assert import_staff(text, by=org.admin.user).ok  # the same file again changes nothing …
    assert len(events(audit.Kind.STAFF_IMPORT)) == 1  # … and leaves nothing


def test_every_write_path_above_is_one_of_the_trails_event_kinds():
    kinds = {v for k, v in vars(audit.Kind).items() if not k.startswith("_")}
    assert kinds == {
        "transition",
        "acknowledgement",
        "proxy_acknowledgement",
        "notice_failed",
        "role_change",
        "unit_change",
        "staff_import",
        "comment",  # tests/web/test_hr_pages.py::test_a_comment_and_its_answer_each_leave_…
        "action_item",  # tests/workflows/test_minutes.py::test_open_action_items_stand_…
        "suggestion",  # tests/workflows/test_minutes.py::test_a_suggestion_placed_on_item_4_…
        "agency_change",
    }
