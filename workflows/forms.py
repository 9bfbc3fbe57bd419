"""Page forms for documents. A form turns what was typed into the arguments of a service; the
service decides. A new kind adds one DocumentForm subclass (plus a fields partial template and
its registration in a kinds.py): the generic views in workflows/views/ do the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hrflow.errors import Invalid
from hrflow.forms import IdMultipleChoiceField
from hrflow.models import Department, Employee, Position
from hrflow.widgets import StaffMultiPicker, UnitMultiPicker

from .models import State

# Not the value itself: a tampered field can be 100,000 characters long.
UNKNOWN_STATE = _(
    "The page was changed or is out of date (unknown state). Reload it and try again."
)


def refusal_of(form) -> Invalid:
    """A 400 naming the first field error of an invalid form (the message, not the value)."""
    field, errors = next(iter(form.errors.items()))
    return Invalid(errors[0], field=None if field == "__all__" else field)


class ServiceErrorsMixin:
    """A service's refusal shown on the form: on its field when the form has one, else on top."""

    def add_service_error(self, error):
        field = getattr(error, "field", None)
        self.add_error(field if field in self.fields else None, error.message)


class DocumentForm(ServiceErrorsMixin, forms.Form):
    """What every kind's form has: the optimistic-locking token and the mapping of service
    errors onto fields. Subclasses set `model`, `fieldsets` and the three service hooks."""

    model = None
    # (legend or None, [field names]) in page order; the template renders these.
    fieldsets: list = []
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def service_kwargs(self) -> dict:
        raise NotImplementedError

    def create(self, *, by):
        raise NotImplementedError

    def update(self, document, *, by):
        raise NotImplementedError

    @classmethod
    def initial_for(cls, document) -> dict:
        return {"lock_version": document.lock_version}

    # Uploading files to a draft; None when the kind has no attachments.
    attach = None

    def grouped(self):
        """[(legend, [bound fields])] for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


class AudienceFields(forms.Form):
    """The audience chooser: everyone, units (with or without their sub-units), positions,
    named people — turned into the target list that workflows.audience validates."""

    audience_everyone = forms.BooleanField(label=_("Everyone in the agency"), required=False)
    audience_units = IdMultipleChoiceField(
        label=_("Units"),
        queryset=Department.objects.all(),
        required=False,
        widget=UnitMultiPicker(attrs={"size": 6}),
    )
    audience_subunits = forms.BooleanField(
        label=_("Include the sub-units of the chosen units"), required=False
    )
    audience_positions = IdMultipleChoiceField(
        label=_("Positions"),
        queryset=Position.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    audience_people = IdMultipleChoiceField(
        label=_("Named people"),
        queryset=Employee.objects.filter(user__is_active=True).select_related("unit"),
        required=False,
        widget=StaffMultiPicker(attrs={"size": 8}),
    )
    AUDIENCE_FIELDS = [
        "audience_everyone",
        "audience_units",
        "audience_subunits",
        "audience_positions",
        "audience_people",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_people"].label_from_instance = lambda e: f"{e.full_name} · {e.unit}"

    def audience_targets(self) -> list[dict]:
        data = self.cleaned_data
        if data.get("audience_everyone"):
            return [{"kind": "everyone"}]
        subunits = bool(data.get("audience_subunits"))
        return (
            [
                {"kind": "unit", "id": u.pk, "subunits": subunits}
                for u in data.get("audience_units", ())
            ]
            + [{"kind": "position", "id": p.pk} for p in data.get("audience_positions", ())]
            + [{"kind": "person", "id": e.pk} for e in data.get("audience_people", ())]
        )

    @staticmethod
    def audience_initial(targets) -> dict:
        by_kind: dict[str, list] = {"unit": [], "position": [], "person": []}
        for target in targets or []:
            if target.get("kind") in by_kind:
                by_kind[target["kind"]].append(target["id"])
        return {
            "audience_everyone": any(t.get("kind") == "everyone" for t in targets or []),
            "audience_units": by_kind["unit"],
            "audience_subunits": any(t.get("subunits") for t in targets or []),
            "audience_positions": by_kind["position"],
            "audience_people": by_kind["person"],
        }

    def clean(self):
        cleaned = super().clean()
        # Said together with the other fields' errors (all at once), unless the audience
        # fields themselves are in error.
        audience_in_error = any(name in self.errors for name in self.AUDIENCE_FIELDS)
        if not audience_in_error and not self.audience_targets():
            raise forms.ValidationError(
                _("Choose who the document is for: everyone, units, positions or people."),
                code="no_audience",
            )
        return cleaned


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file (PDF, PNG or JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The explicit "do it anyway" a kind's rule may ask for (Document.check_step).
    override = forms.BooleanField(required=False)
    # The state the page showed when the step was chosen: a step on a document someone else
    # has moved since is refused (409) instead of applied to a state nobody saw.
    from_state = forms.ChoiceField(
        choices=State.choices, required=False, error_messages={"invalid_choice": UNKNOWN_STATE}
    )

    def refusal(self):
        """None when the form is valid, else the 400 to answer with: an invalid step form is
        refused as a whole, never applied with its bad fields dropped."""
        return None if self.is_valid() else refusal_of(self)
