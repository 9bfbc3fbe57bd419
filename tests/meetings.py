"""Meeting minutes for tests: the office's monthly meeting (secretary: the clerk, chair: the
executive, scope: the office and its section) and drafts of it through the one write path."""

import datetime as dt

from workflows import meetings
from workflows.models import MeetingSeries

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
