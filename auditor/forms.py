from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow import audit
from hrflow.forms import IdChoiceField, ThaiDateField
from hrflow.models import Department
from hrflow.widgets import UnitPicker
from workflows import registry


class EventSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), required=False)
    document_kind = forms.ChoiceField(label=_("Document kind"), required=False)
    q = forms.CharField(label=_("Text (title, name, summary)"), required=False, max_length=200)
    person = forms.CharField(label=_("Person (name or staff ID)"), required=False, max_length=100)
    unit = IdChoiceField(
        label=_("Unit (and its sub-units)"),
        queryset=Department.objects.all(),
        required=False,
        widget=UnitPicker,
    )
    # "To" alone is also a circular's addressee (เรียน); the context keeps them apart.
    date_from = ThaiDateField(label=pgettext_lazy("date range", "From"), required=False)
    date_to = ThaiDateField(label=pgettext_lazy("date range", "To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any")), *audit.KIND_LABELS.items()]
        kinds = registry.models()
        self.fields["document_kind"].choices = [
            ("", _("Any")),
            *((kind._meta.label_lower, kind._meta.verbose_name_plural) for kind in kinds),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
