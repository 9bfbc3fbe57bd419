"""Meeting minutes for tests: the office's monthly meeting (secretary: the clerk, chair: the
executive, scope: the office and its section) and drafts of it through the one write path."""

import datetime as dt

from meetings import services as meetings
from meetings.models import MeetingSeries

SERIES_NAME = "ประชุมประจำเดือนกองการเจ้าหน้าที่"


def office_series(org):
    series, _ = MeetingSeries.objects.get_or_create(
        name=SERIES_NAME,
        defaults={
            "unit": org.office,
            "include_subunits": True,
            "secretary": org.clerk,
            "chair": org.executive,
        },
    )
    return series


def minutes_draft(org, *, meeting_date=None, number=None, **fields):
    fields.setdefault("place", "ห้องประชุมกองการเจ้าหน้าที่")
    fields.setdefault("present", [org.executive, org.clerk, org.employee])
    fields.setdefault("absent", [(org.head.pk, "ลาพักผ่อน")])
    fields.setdefault("item_1", "ประธานแจ้งนโยบายการลดใช้กระดาษ")
    return meetings.minutes_create(
        by=org.clerk.user,
        series=office_series(org),
        meeting_date=meeting_date or dt.date(2025, 3, 5),
        chair=fields.pop("chair", org.executive),
        number=number,
        **fields,
    )


def publish(minutes, org):
    """Submitted by the secretary (the clerk), approved and published by the chair."""
    from workflows import services

    steps = (("submit", org.clerk), ("approve", org.executive), ("publish", org.executive))
    for step, who in steps:
        minutes = services.apply_transition(minutes, step, by=who.user)
    return minutes


def minutes_world(org):
    """March published (with an action item owned by the employee, who is asked to acknowledge
    it), April a draft following it up, and an anonymous suggestion of the employee."""
    from meetings import followups
    from meetings import suggestions as suggestion_services
    from notifications.models import Acknowledgement
    from workflows import services

    march = minutes_draft(org, meeting_date=dt.date(2025, 3, 5))
    action = followups.action_add(
        march, by=org.clerk.user, item=4, text="จัดทำแผนลดใช้กระดาษ", owner=org.employee,
        due_date=dt.date(2025, 3, 31),
    )  # fmt: skip
    for step, who in (
        ("submit", org.clerk),
        ("approve", org.executive),
        ("publish", org.executive),
    ):
        march = services.apply_transition(march, step, by=who.user)
    april = minutes_draft(org, meeting_date=dt.date(2025, 4, 2))
    suggestion = suggestion_services.suggestion_submit(
        by=org.employee.user, series=office_series(org), text="ควรมีที่จอดจักรยาน", anonymous=True
    )
    ack = Acknowledgement.objects.for_document(march).get(employee=org.employee)
    return {"march": march, "april": april, "action": action, "suggestion": suggestion, "ack": ack}


def state_at(node):
    """The apps as a migration of the meetings' models saw them (node: (app, migration name)),
    for calling its RunPython function in a test: the models stayed in workflows/ until they
    moved to meetings/ (workflows 0007), on the same tables."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).project_state(node).apps
