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
    from_state = forms.ChoiceField(
        choices=State.choices, required=False, error_messages={"invalid_choice": UNKNOWN_STATE}
    )


class ActivityForm(forms.Form):
    text = forms.CharField(
        label=_("Summary of what was done"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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
