from django import forms
from django.utils.translation import gettext_lazy as _

from hrflow.validation import parse_id


class AcknowledgeForm(forms.Form):
    """Carries only where to go afterwards: who acknowledges comes from the session."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)


class IdListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [parse_id(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Expected a list of numbers."), code="invalid") from None


class MarkReadForm(forms.Form):
    # Empty means "all of mine"; ids that are not the user's own are ignored by the service.
    notice = IdListField(required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
