"""Page forms of meeting minutes: the record of the meeting (DocumentForm, for the generic
create/edit pages) and the small forms under the agenda items. Forms parse; services decide."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hrflow.forms import IdChoiceField, IdMultipleChoiceField, ThaiDateField
from hrflow.models import Department, Employee
from hrflow.widgets import StaffMultiPicker, StaffPicker, UnitPicker
from workflows.forms import DocumentForm, ServiceErrorsMixin

from . import services as meetings
from .models import MeetingMinutes, MeetingSeries
from .models.agenda import AGENDA, ITEM_CHOICES


def _staff():
    return Employee.objects.filter(user__is_active=True).select_related("unit")


class StaffMultiple(IdMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=_staff(), widget=StaffMultiPicker(attrs={"size": 8}), **kwargs)

    def label_from_instance(self, employee):
        return f"{employee.full_name} · {employee.unit}"


class StaffChoice(IdChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=_staff(), widget=StaffPicker, **kwargs)

    def label_from_instance(self, employee):
        return f"{employee.full_name} · {employee.unit}"


def _chairs():
    """Those HR named to chair an active series; the service checks the meeting's series."""
    series = MeetingSeries.objects.filter(is_active=True)
    return _staff().filter(
        Q(pk__in=series.values("chair")) | Q(pk__in=series.values("acting_chairs"))
    )


class MinutesForm(DocumentForm):
    model = MeetingMinutes
    fieldsets = [
        (None, ["series", "number", "meeting_date", "start_time", "end_time", "place"]),
        (_("Who attended"), ["chair", "present", "absent", "absent_reasons", "guests"]),
        (_("Agenda"), [f"item_{n}" for n, _title in AGENDA]),
    ]

    series = IdChoiceField(
        label=_("Meeting series"), queryset=MeetingSeries.objects.filter(is_active=True)
    )
    number = forms.IntegerField(
        label=_("Meeting number"),
        required=False,
        min_value=1,
        help_text=_("Left empty: the next number of the series this year."),
    )
    meeting_date = ThaiDateField(label=_("Meeting date"))
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    chair = StaffChoice(
        label=_("Chair"),
        required=False,
        help_text=_("One of the chairs HR named for the series. Left empty: its usual chair."),
    )
    present = StaffMultiple(label=_("Present"))
    absent = StaffMultiple(label=_("Absent"), required=False)
    absent_reasons = forms.CharField(
        label=_("Reasons for absence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per absent person: staff ID or name, a colon, the reason."),
    )
    guests = StaffMultiple(label=_("Also attending"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = _chairs()
        for number, title in AGENDA:
            self.fields[f"item_{number}"] = forms.CharField(
                label=f"{number}. {title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def _reasons(self):
        reasons = {}
        for line in (self.cleaned_data.get("absent_reasons") or "").splitlines():
            if ":" in line:
                key, reason = line.split(":", 1)
                reasons[key.strip()] = reason.strip()
        return [
            (e.pk, reasons.get(e.staff_id) or reasons.get(e.full_name, ""))
            for e in self.cleaned_data.get("absent") or []
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "meeting_date": data["meeting_date"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "place": data["place"],
            "chair": data["chair"].pk if data["chair"] else None,
            "present": [e.pk for e in data["present"]],
            "absent": self._reasons(),
            "guests": [e.pk for e in data["guests"]],
            **{f"item_{n}": data[f"item_{n}"] for n, _title in AGENDA},
        }

    def create(self, *, by):
        return meetings.minutes_create(
            by=by, series=self.cleaned_data["series"], **self.service_kwargs()
        )

    def update(self, document, *, by):
        kwargs = self.service_kwargs()
        if kwargs["number"] is None:
            kwargs["number"] = document.number
        return meetings.minutes_update(
            document, by=by, lock_version=self.cleaned_data.get("lock_version"), **kwargs
        )

    @classmethod
    def initial_for(cls, document) -> dict:
        absent = document.absent
        return {
            **super().initial_for(document),
            "series": document.series_id,
            "number": document.number,
            "meeting_date": document.meeting_date,
            "start_time": document.start_time,
            "end_time": document.end_time,
            "place": document.place,
            "chair": document.chair_id,
            "present": [a.employee_id for a in document.present],
            "absent": [a.employee_id for a in absent],
            "absent_reasons": "\n".join(f"{a.employee.staff_id}: {a.reason}" for a in absent),
            "guests": [a.employee_id for a in document.guests],
            **{f"item_{n}": getattr(document, f"item_{n}") for n, _title in AGENDA},
        }


class EntryForm(ServiceErrorsMixin, forms.Form):
    """One entry under an agenda item: a problem, a resolution or an action item."""

    KINDS = (
        ("problem", _("Problem or obstacle")),
        ("resolution", _("Resolution")),
        ("action", _("Action item")),
    )
    kind = forms.ChoiceField(label=_("Entry"), choices=KINDS)
    item = forms.TypedChoiceField(
        label=_("Agenda item"), choices=ITEM_CHOICES, coerce=int, initial=4
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    raised_by = StaffChoice(label=_("Raised by"), required=False)
    unit = IdChoiceField(
        label=_("Unit"), queryset=Department.objects.all(), required=False, widget=UnitPicker
    )
    owner = StaffChoice(label=_("Owner"), required=False)
    due_date = ThaiDateField(label=_("Due date"), required=False)


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("Progress"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    close = forms.BooleanField(label=_("Done: close it"), required=False)


class SuggestionForm(forms.Form):
    series = IdChoiceField(
        label=_("To the meeting"), queryset=MeetingSeries.objects.filter(is_active=True)
    )
    text = forms.CharField(label=_("Your suggestion"), widget=forms.Textarea(attrs={"rows": 4}))
    anonymous = forms.BooleanField(
        label=_("Hide my name from the secretary, the chair and everyone else"), required=False
    )
