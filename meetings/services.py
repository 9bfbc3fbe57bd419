"""Write path of meeting minutes (the kind's own fields; the workflow is services.py):
drafting and editing with attendance, the entries under the agenda items, and adoption
(รับรอง) of the previous minutes at the next meeting. Everything is checked before anything is
written, and written all or nothing."""

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.models import Department, Employee
from hrflow.thai import be_year
from hrflow.validation import lookup_id, parse_id
from workflows import services
from workflows.models import State

from .models import Attendance, MeetingMinutes, MeetingSeries, Problem, Resolution

ITEMS = ("item_1", "item_2", "item_3", "item_4", "item_5")
FIELDS = ("meeting_date", "start_time", "end_time", "place", "number", *ITEMS)


def _staff(ids, what) -> list[int]:
    """Ids of active employees, in the order given; anyone not on the staff list is an error."""
    try:
        ids = [parse_id(lookup_id(value)) for value in ids or []]
    except (TypeError, ValueError):
        raise Invalid(_("%(what)s: choose people from the staff list.") % {"what": what}) from None
    known = set(
        Employee.objects.filter(pk__in=ids, user__is_active=True).values_list("pk", flat=True)
    )
    unknown = [pk for pk in ids if pk not in known]
    if unknown:
        raise Invalid(
            _("%(what)s: %(id)s is not on the staff list.") % {"what": what, "id": unknown[0]},
            field="attendance",
        )
    return ids


def _attendance(present, absent, guests) -> list[tuple[int, str, str]]:
    absent_rows = []
    for row in absent or []:
        if isinstance(row, dict):
            absent_rows.append((row.get("employee"), str(row.get("reason") or "").strip()))
        elif isinstance(row, (list, tuple)):
            absent_rows.append((row[0], str(row[1] if len(row) > 1 else "").strip()))
        else:
            absent_rows.append((row, ""))
    rows = [(pk, Attendance.Status.PRESENT, "") for pk in _staff(present, _("Present"))]
    absent_ids = _staff([pk for pk, _reason in absent_rows], _("Absent"))
    rows += [
        (pk, Attendance.Status.ABSENT, r[1][:300])
        for pk, r in zip(absent_ids, absent_rows, strict=True)
    ]
    rows += [(pk, Attendance.Status.GUEST, "") for pk in _staff(guests, _("Also attending"))]
    if not any(status == Attendance.Status.PRESENT for _pk_, status, _r in rows):
        raise Invalid(_("Record who was present."), field="present")
    seen = set()
    for pk, _status, _reason in rows:
        if pk in seen:
            name = Employee.objects.get(pk=pk).full_name
            raise Invalid(
                _("%(name)s is listed twice in the attendance.") % {"name": name},
                field="attendance",
            )
        seen.add(pk)
    return rows


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


def _write_attendance(minutes, rows):
    Attendance.objects.filter(minutes=minutes).delete()
    Attendance.objects.bulk_create(
        Attendance(minutes=minutes, employee_id=pk, status=status, reason=reason)
        for pk, status, reason in rows
    )


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
    rows = _attendance(present, absent, guests)
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
        _write_attendance(minutes, rows)
    return minutes


def minutes_update(minutes, *, by, lock_version=None, **changes):
    """Edit a draft. `lock_version` is the value the editor read; a stale one is a 409."""
    _editable(minutes, by)
    current = {name: getattr(minutes, name) for name in FIELDS}
    current["chair"] = minutes.chair_id
    values = {**current, **{k: v for k, v in changes.items() if k in (*FIELDS, "chair")}}
    if values["chair"] in (None, ""):
        values["chair"] = minutes.series.chair_id
    if any(k in changes for k in ("present", "absent", "guests")):
        rows = _attendance(
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
        _write_attendance(minutes, rows)
    minutes.refresh_from_db()
    return minutes


def _editable(minutes, by):
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


# --- entries under the agenda items ---------------------------------------------------------


def _item(value) -> int:
    try:
        item = int(value)
    except (TypeError, ValueError):
        item = 0
    if not 1 <= item <= 5:
        raise Invalid(_("Choose an agenda item from 1 to 5."), field="item")
    return item


def problem_add(minutes, *, by, item, text, raised_by=None, unit=None):
    _editable(minutes, by)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Describe the problem or obstacle."), field="text")
    if raised_by is not None:
        raised_by = _staff([raised_by], _("Raised by"))[0]
    if unit is not None and not Department.objects.filter(pk=lookup_id(unit)).exists():
        raise Invalid(_("Choose a unit from the list."), field="unit")
    if unit is None and raised_by is not None:
        unit = Employee.objects.get(pk=raised_by).unit_id
    return Problem.objects.create(
        minutes=minutes,
        item=_item(item),
        text=text,
        raised_by_id=raised_by,
        unit_id=lookup_id(unit),
    )


def resolution_add(minutes, *, by, item, text):
    _editable(minutes, by)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the resolution."), field="text")
    return Resolution.objects.create(minutes=minutes, item=_item(item), text=text)


def entry_remove(minutes, *, by, kind, pk):
    from .models import ActionItem

    _editable(minutes, by)
    model = {"problem": Problem, "resolution": Resolution, "action": ActionItem}.get(kind)
    if model is None or not model.objects.filter(minutes=minutes, pk=lookup_id(pk)).delete()[0]:
        raise Invalid(_("There is no such entry in these minutes."))


# --- adoption (รับรอง) -----------------------------------------------------------------------


def minutes_adopt_previous(minutes, *, by, ip=None):
    """Record, from the published minutes of a meeting, that it adopted the minutes of the
    previous meeting of the series (item 2): those are final from now on, and their history
    says "published → adopted". Returns the adopted minutes."""
    if not minutes.may_record_adoption(by) or not (
        MeetingMinutes.objects.visible_to(by).filter(pk=minutes.pk).exists()
    ):
        raise Forbidden(_("Only the secretary or the chair of this meeting records adoption."))
    with transaction.atomic():
        minutes = MeetingMinutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.state != State.PUBLISHED:
            # A draft's record could still change; what it adopted must not.
            raise Conflict(
                _("Adoption is recorded once the minutes of this meeting are published.")
            )
        previous = minutes.previous_meeting()
        if previous is None:
            raise Conflict(_("There are no published minutes of an earlier meeting to adopt."))
        previous = MeetingMinutes.objects.select_for_update().get(pk=previous.pk)
        if previous.adopted_at or minutes.adopted_previous() is not None:
            raise Conflict(_("Those minutes were already adopted."))
        if previous.state != State.PUBLISHED:
            raise Conflict(_("There are no published minutes of an earlier meeting to adopt."))
        if MeetingMinutes.objects.filter(supersedes=previous).exists():
            raise Conflict(
                _("A correction of those minutes is still being prepared; publish it first.")
            )
        MeetingMinutes.objects.filter(pk=previous.pk).update(
            adopted_at=timezone.now(), adopted_by=by, adopted_in=minutes
        )
        previous.refresh_from_db()
        services.record_step(
            previous,
            "adopt",
            from_state=previous.state,
            to_state=MeetingMinutes.ADOPTED,
            by=by,
            ip=ip,
            note=_("Adopted at meeting %(number)s.") % {"number": minutes.number_display},
        )
    return previous
