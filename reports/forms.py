from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.forms import UNKNOWN_STATE
from workflows.models import State

from .services import FIRST_YEAR, LAST_YEAR


class BuildForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (BE)"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    # The state the page showed: a step on a report that moved on since is a 409.
    # HR's explicit confirmation of a submit with a figure below its threshold.
    override = forms.BooleanField(required=False)
    from_state = forms.ChoiceField(
        choices=State.choices, required=False, error_messages={"invalid_choice": UNKNOWN_STATE}
    )


class ActivityForm(forms.Form):
    text = forms.CharField(
        label=_("Summary of what was done"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The summary is too long.")},
    )
    threshold = forms.DecimalField(
        label=_("Threshold (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        error_messages={"invalid": _("The threshold is a percentage from 0 to 100.")},
    )

    def clean_threshold(self):
        value = self.cleaned_data["threshold"]
        if value is not None and (value.is_nan() or not 0 <= value <= 100):
            raise forms.ValidationError(_("The threshold is a percentage from 0 to 100."))
        return value


class TagForm(forms.Form):
    # "<kind slug>:<id>" or "evidence:<id>": checked by reports.evidence.measure_tag
    target = forms.CharField(max_length=60)


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=300)
    description = forms.CharField(
        label=_("Measure or activity"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    steps = forms.CharField(
        label=_("Steps (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.CharField(
        label=_("Outcome of the measure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, PNG, JPEG)"))
