"""Page forms of position descriptions and evaluation criteria. Structured content is typed as
lines of text ("name | weight"), parsed and judged by personnel.criteria_rules — the same rules
the services and the API apply."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.forms import DeadlineField, IdChoiceField
from hrflow.models import Department, Employee, Position
from hrflow.thai import evaluation_round
from workflows.forms import DocumentForm

from . import criteria_rules as rules
from . import criteria_text as text_lines
from . import services as hr_documents
from .models import EvaluationCriteria, LevelScheme, PositionDescription


def _parsed(parse, text):
    try:
        return parse(text)
    except rules.RuleError as error:
        raise forms.ValidationError(error.message) from None


_PUBLIC_LABEL = _("Public (shown to everyone once published)")
_PUBLIC_HELP = _("The published version also appears on the public evidence page (no login).")


def _area(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class PositionDescriptionForm(DocumentForm):
    model = PositionDescription
    fieldsets = [
        (None, ["title", "position", "unit", "purpose"]),
        (_("Duties"), ["duties"]),
        (None, ["qualifications", "competencies", "indicators", "deadline", "is_public"]),
    ]

    title = forms.CharField(label=_("Title"), max_length=300)
    position = IdChoiceField(label=_("Position"), queryset=Position.objects.all())
    unit = IdChoiceField(
        label=_("Unit"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Leave empty for the position wherever it is held."),
    )
    purpose = forms.CharField(label=_("Purpose of the position"), required=False, widget=_area(3))
    duties = forms.CharField(
        label=_("Duties and share of working time (%)"),
        widget=_area(6),
        help_text=_("One duty per line: “duty | share of time”. The shares total 100."),
    )
    qualifications = forms.CharField(label=_("Qualifications"), required=False, widget=_area())
    competencies = forms.CharField(label=_("Competencies"), required=False, widget=_area())
    indicators = forms.CharField(label=_("Performance indicators"), required=False, widget=_area())
    deadline = DeadlineField(label=_("Acknowledge by"), required=False)
    is_public = forms.BooleanField(label=_PUBLIC_LABEL, required=False, help_text=_PUBLIC_HELP)

    def clean_duties(self):
        return _parsed(text_lines.parse_duties, self.cleaned_data["duties"])

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in hr_documents.PD_FIELDS}

    def create(self, *, by):
        return hr_documents.position_description_create(by=by, **self.service_kwargs())

    def update(self, document, *, by):
        return hr_documents.position_description_update(
            document, by=by, lock_version=self.cleaned_data.get("lock_version"),
            **self.service_kwargs(),
        )  # fmt: skip

    @classmethod
    def initial_for(cls, document) -> dict:
        return {
            **super().initial_for(document),
            **{name: getattr(document, name) for name in hr_documents.PD_FIELDS},
            "position": document.position_id,
            "unit": document.unit_id,
            "duties": text_lines.format_duties(document.duties),
        }


def _next_round():
    year, number = evaluation_round(timezone.localdate())
    return (year, 2) if number == 1 else (year + 1, 1)


class EvaluationCriteriaForm(DocumentForm):
    model = EvaluationCriteria
    fieldsets = [
        (None, ["title", "fiscal_year", "round", "employment_types", "description"]),
        (_("Components, items and weights"), ["components"]),
        (_("Rating levels"), ["levels"]),
        (None, ["deadline", "is_public"]),
    ]

    title = forms.CharField(label=_("Title"), max_length=300)
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2500, max_value=2700)
    round = forms.TypedChoiceField(
        label=_("Round"), choices=EvaluationCriteria.Round.choices, coerce=int
    )
    employment_types = forms.MultipleChoiceField(
        label=_("Employment types in scope"),
        choices=Employee.EmploymentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("Description"), required=False, widget=_area(3))
    components = forms.CharField(
        label=_("Components and items"),
        widget=_area(8),
        help_text=_(
            "One line per component: “component | weight”; below it one line per item: "
            "“- item | weight | goal number” (the goal is optional). Weights total 100 at "
            "every level."
        ),
    )
    levels = forms.CharField(
        label=_("Rating levels"),
        widget=_area(6),
        help_text=_(
            "One line per level: “name | lowest score | highest score”, together covering "
            "0–100 without gaps or overlaps."
        ),
    )
    deadline = DeadlineField(
        label=_("Acknowledge by"),
        required=False,
        help_text=_(
            "Empty: the start of the round, or two weeks after publishing if the round has started."
        ),
    )
    is_public = forms.BooleanField(label=_PUBLIC_LABEL, required=False, help_text=_PUBLIC_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("components"):
            year, number = _next_round()
            self.initial.setdefault("fiscal_year", year)
            self.initial.setdefault("round", number)
            self.initial["components"] = text_lines.format_components(rules.default_components())
            self.initial["levels"] = text_lines.format_levels(LevelScheme.current().levels)

    def clean_components(self):
        return _parsed(text_lines.parse_components, self.cleaned_data["components"])

    def clean_levels(self):
        return _parsed(text_lines.parse_levels, self.cleaned_data["levels"])

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in hr_documents.CRITERIA_FIELDS}

    def create(self, *, by):
        return hr_documents.evaluation_criteria_create(by=by, **self.service_kwargs())

    def update(self, document, *, by):
        return hr_documents.evaluation_criteria_update(
            document, by=by, lock_version=self.cleaned_data.get("lock_version"),
            **self.service_kwargs(),
        )  # fmt: skip

    @classmethod
    def initial_for(cls, document) -> dict:
        return {
            **super().initial_for(document),
            **{name: getattr(document, name) for name in hr_documents.CRITERIA_FIELDS},
            "components": text_lines.format_components(document.components),
            "levels": text_lines.format_levels(document.levels),
        }
