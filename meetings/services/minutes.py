"""Drafting and editing the minutes of a meeting with its attendance: the number within the
series' year, the chair among those HR named, the secretary's draft only. Everything is checked
before anything is written, and written all or nothing."""

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.thai import be_year
from hrflow.validation import lookup_id
from workflows.models import State

from ..models import Attendance, MeetingMinutes, MeetingSeries
from .attendance import attendance_rows, write_attendance

ITEMS = ("item_1", "item_2", "item_3", "item_4", "item_5")
FIELDS = ("meeting_date", "start_time", "end_time", "place", "number", *ITEMS)


def _check(series, values, rows, *, minutes=None):
    """Every rule of a meeting's record, before anything is written."""
    if not values.get("meeting_date"):
        raise Invalid(_("The meeting date is required."), field="meeting_date")
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end <= start:
        raise Invalid(_("The meeting must end after it starts."), field="end_time")
    chair_id = lookup_id(values.get("chair"))
    try:
        chair_id = int(chair_id)
    except (TypeError, ValueError):
        raise Invalid(_("Choose the chair from the list."), field="chair") from None
    # Separation of duties: who chairs approves the minutes, so HR names the chairs on the
    # series and the secretary, who drafts them, is never one of them.
    if chair_id == series.secretary_id:
        raise Invalid(
            _("The secretary, who drafts the minutes, cannot chair the meeting."), field="chair"
        )
    if chair_id not in series.chair_ids():
        raise Invalid(
            _("Choose the chair among those HR named for this meeting series."), field="chair"
        )
    present = {pk for pk, status, _r in rows if status == Attendance.Status.PRESENT}
    if chair_id not in present:
        raise Invalid(_("The chair must be among those present."), field="chair")
    number = values.get("number")
    if number is not None and int(number) < 1:
        raise Invalid(_("The meeting number starts at 1."), field="number")
    if minutes is not None and minutes.version > 1:
        if int(number) != minutes.number or be_year(values["meeting_date"]) != minutes.number_year:
            raise Invalid(_("A new version keeps the meeting's number and year."), field="number")


def _take_number(series, year, number, *, exclude=None) -> int:
    """The given number if no other meeting of the series has it this year, else an error; none
    given: the next one. Called with the series row locked, so two drafts cannot take one."""
    taken = MeetingMinutes.objects.filter(series=series, number_year=year)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if number is None:
        return (taken.aggregate(models.Max("number"))["number__max"] or 0) + 1
    if taken.filter(number=number).exists():
        raise Invalid(
            _("Meeting number %(n)s/%(year)s of this series is already recorded.")
            % {"n": number, "year": year},
            field="number",
        )
    return int(number)


def _title(series, number, year) -> str:
    name = series.name if series.name.startswith("ประชุม") else f"ประชุม{series.name}"
    return f"รายงานการ{name} ครั้งที่ {number}/{year}"[:300]


def minutes_create(
    *, by, series, meeting_date, present, chair=None, absent=(), guests=(), number=None, **fields
):
    """The series' secretary drafts the minutes of a meeting, chaired by one of the series'
    chairs (none given: its usual chair)."""
    series = MeetingSeries.objects.filter(pk=lookup_id(series), is_active=True).first()
    if series is None:
        raise Invalid(_("Choose a meeting series."), field="series")
    if not MeetingMinutes(series=series).is_secretary(by):
        raise Forbidden(_("Only the secretary of the meeting series drafts its minutes."))
    if chair in (None, ""):
        chair = series.chair_id
    values = {"meeting_date": meeting_date, "chair": chair, "number": number, **fields}
    rows = attendance_rows(present, absent, guests)
    _check(series, values, rows)
    year = be_year(meeting_date)
    with transaction.atomic():
        series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
        number = _take_number(series, year, number)
        try:
            minutes = MeetingMinutes.objects.create(
                series=series,
                title=_title(series, number, year),
                number=number,
                number_year=year,
                meeting_date=meeting_date,
                chair_id=lookup_id(chair),
                secretary=series.secretary,
                owner_unit_id=series.unit_id or series.secretary.unit_id,
                created_by=by,
                **{k: v for k, v in fields.items() if k in FIELDS and v is not None},
            )
        except IntegrityError:
            raise Conflict(_("Someone else recorded this meeting number first.")) from None
        write_attendance(minutes, rows)
    return minutes


def minutes_update(minutes, *, by, lock_version=None, **changes):
    """Edit a draft. `lock_version` is the value the editor read; a stale one is a 409."""
    ensure_editable(minutes, by)
    current = {name: getattr(minutes, name) for name in FIELDS}
    current["chair"] = minutes.chair_id
    values = {**current, **{k: v for k, v in changes.items() if k in (*FIELDS, "chair")}}
    if values["chair"] in (None, ""):
        values["chair"] = minutes.series.chair_id
    if any(k in changes for k in ("present", "absent", "guests")):
        rows = attendance_rows(
            changes.get("present", [a.employee_id for a in minutes.present]),
            changes.get("absent", [(a.employee_id, a.reason) for a in minutes.absent]),
            changes.get("guests", [a.employee_id for a in minutes.guests]),
        )
    else:
        rows = [(a.employee_id, a.status, a.reason) for a in minutes.attendance.all()]
    if values.get("number") is None:
        values["number"] = minutes.number
    _check(minutes.series, values, rows, minutes=minutes)
    expected = minutes.lock_version if lock_version is None else int(lock_version)
    year = be_year(values["meeting_date"])
    with transaction.atomic():
        MeetingSeries.objects.select_for_update().get(pk=minutes.series_id)
        number = int(values["number"])
        if minutes.version == 1:
            number = _take_number(minutes.series, year, number, exclude=minutes)
        row = {name: values[name] for name in FIELDS if name != "number"}
        row = {k: ("" if v is None and k in ("place", *ITEMS) else v) for k, v in row.items()}
        updated = MeetingMinutes.objects.filter(
            pk=minutes.pk, state=State.DRAFT, lock_version=expected, adopted_at__isnull=True
        ).update(
            lock_version=expected + 1,
            updated_at=timezone.now(),
            number=number,
            number_year=year,
            chair_id=lookup_id(values["chair"]),
            title=_title(minutes.series, number, year),
            **row,
        )
        if not updated:
            raise Conflict(_("Someone else saved this draft first. Reload and try again."))
        write_attendance(minutes, rows)
    minutes.refresh_from_db()
    return minutes


def ensure_editable(minutes, by):
    """The secretary's draft, or a clear refusal: not yours (403), final or further on (409)."""
    if not minutes.may(by, "edit") or not (
        MeetingMinutes.objects.visible_to(by).filter(pk=minutes.pk).exists()
    ):
        raise Forbidden(_("You may not edit these minutes."))
    current = MeetingMinutes.objects.get(pk=minutes.pk)
    if current.adopted_at:
        raise Conflict(_("These minutes were adopted at the next meeting and are final."))
    if current.state != State.DRAFT:
        raise Conflict(_("Only a draft can be edited; this one is already further on."))
