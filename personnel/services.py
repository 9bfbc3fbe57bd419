"""Drafting position descriptions and evaluation criteria (measure 6). The workflow itself is
workflows.services.apply_transition; the rules of their content are personnel.criteria_rules."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.models import Department, Employee, Position
from hrflow.validation import has_visible_text, lookup_id
from notifications import services as notices
from notifications.models import Acknowledgement
from workflows import services
from workflows.models import State
from workflows.services import author_employee

from . import criteria_rules as rules
from .models import EvaluationCriteria, LevelScheme, OrganisationGoal, PositionDescription
from .models.criteria import LATE_DEADLINE

PD_FIELDS = (
    "title", "position", "unit", "purpose", "duties", "qualifications", "competencies",
    "indicators", "deadline", "is_public",
)  # fmt: skip
CRITERIA_FIELDS = (
    "title", "fiscal_year", "round", "employment_types", "description", "components", "levels",
    "deadline", "is_public",
)  # fmt: skip


def _checked(clean):
    """Run a rule of criteria_rules, turning its refusal into the 400 of the write path."""
    try:
        return clean()
    except rules.RuleError as error:
        raise Invalid(error.message, field=error.field) from None


def _title(value):
    title = (value or "").strip()
    if not has_visible_text(title):  # zero-width spaces or combining marks alone show nothing
        raise Invalid(_("A title is required."), field="title")
    return title[:300]


def _text(value):
    return (value or "").strip()


# --- position descriptions --------------------------------------------------------------------


def _clean_position_description(values: dict) -> dict:
    position = lookup_id(values.get("position"))
    if position in (None, "") or not Position.objects.filter(pk=position).exists():
        raise Invalid(_("Choose the position this description is for."), field="position")
    unit = lookup_id(values.get("unit")) or None
    if unit is not None and not Department.objects.filter(pk=unit).exists():
        raise Invalid(_("There is no such unit."), field="unit")
    return {
        "title": _title(values.get("title")),
        "position_id": int(position),
        "unit_id": int(unit) if unit is not None else None,
        "purpose": _text(values.get("purpose")),
        "duties": _checked(lambda: rules.clean_duties(values.get("duties"))),
        "qualifications": _text(values.get("qualifications")),
        "competencies": _text(values.get("competencies")),
        "indicators": _text(values.get("indicators")),
        "deadline": values.get("deadline"),
        "is_public": bool(values.get("is_public")),
    }


def position_description_create(*, by, **values):
    employee = author_employee(by, PositionDescription)
    cleaned = _clean_position_description(values)
    return PositionDescription.objects.create(owner_unit=employee.unit, created_by=by, **cleaned)


def position_description_update(document, *, by, lock_version=None, **changes):
    return _update_draft(
        document, by, lock_version, changes, PD_FIELDS, _clean_position_description
    )


# --- evaluation criteria ----------------------------------------------------------------------


def _clean_criteria(values: dict) -> dict:
    try:
        fiscal_year = int(values.get("fiscal_year"))
    except (TypeError, ValueError):
        fiscal_year = 0
    if not 2500 <= fiscal_year <= 2700:
        raise Invalid(
            _("Give the fiscal year in the Buddhist Era, e.g. 2569."), field="fiscal_year"
        )
    try:
        round_number = int(values.get("round"))
    except (TypeError, ValueError):
        round_number = 0
    if round_number not in EvaluationCriteria.Round.values:
        raise Invalid(_("The round is 1 or 2."), field="round")
    types = list(dict.fromkeys(values.get("employment_types") or []))
    if not types or not set(types) <= set(Employee.EmploymentType.values):
        raise Invalid(
            _("Choose the employment types the criteria apply to."), field="employment_types"
        )
    goals = set(
        OrganisationGoal.objects.filter(fiscal_year=fiscal_year).values_list("number", flat=True)
    )
    components = values.get("components")
    levels = values.get("levels")
    return {
        "title": _title(values.get("title")),
        "fiscal_year": fiscal_year,
        "round": round_number,
        "employment_types": types,
        "description": _text(values.get("description")),
        "components": _checked(
            lambda: rules.clean_components(
                rules.default_components() if components is None else components, goals
            )
        ),
        "levels": _checked(
            lambda: rules.clean_levels(LevelScheme.current().levels if levels is None else levels)
        ),
        "deadline": values.get("deadline"),
        "is_public": bool(values.get("is_public")),
    }


def evaluation_criteria_create(*, by, **values):
    employee = author_employee(by, EvaluationCriteria)
    cleaned = _clean_criteria(values)
    return EvaluationCriteria.objects.create(owner_unit=employee.unit, created_by=by, **cleaned)


def evaluation_criteria_update(document, *, by, lock_version=None, **changes):
    return _update_draft(document, by, lock_version, changes, CRITERIA_FIELDS, _clean_criteria)


# --- shared -----------------------------------------------------------------------------------


def _current_values(document, fields) -> dict:
    values = {}
    for name in fields:
        field = document._meta.get_field(name)
        values[name] = getattr(document, field.attname)
    return values


def _update_draft(document, by, lock_version, changes, fields, clean):
    """Edit a draft: the whole content is validated as it would be after the change, then
    written in one conditional UPDATE. `lock_version` is the value the editor read; a stale
    one is a 409, as is a document that is no longer a draft."""
    model = type(document)
    if (
        not document.may(by, "edit")
        or not model.objects.visible_to(by).filter(pk=document.pk).exists()
        or not document.is_author(by)
    ):
        raise Forbidden(_("You may not edit this document."))
    unknown = set(changes) - set(fields)
    if unknown:
        raise Invalid(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if document.state != State.DRAFT:
        raise Conflict(_("Only a draft can be edited; this one is already further on."))
    cleaned = clean({**_current_values(document, fields), **changes})
    return services.save_draft(document, cleaned, lock_version=lock_version)


def ask_newcomers(today=None) -> int:
    """A published position description asks whoever holds the position now, and criteria
    whose round has not ended ask whoever is in scope now: staff who took up a position or
    joined after the version was published are asked too (once: an acknowledgement is unique
    per version and person), with the version's deadline, or two weeks from today if it has
    passed. Run hourly by beat; returns how many were asked."""
    today = today or timezone.localdate()
    asked = 0
    documents = [
        *PositionDescription.objects.filter(state=State.PUBLISHED),
        *(
            c
            for c in EvaluationCriteria.objects.filter(state=State.PUBLISHED)
            if c.round_end >= today
        ),
    ]
    for document in documents:
        if not _newcomers(document):
            continue  # the usual case: no transaction, no lock
        with transaction.atomic():
            locked = type(document).objects.select_for_update().get(pk=document.pk)
            if locked.state != State.PUBLISHED:
                continue  # withdrawn or archived a moment ago
            newcomers = _newcomers(locked)  # again under the lock: a run beside this one
            if newcomers:
                deadline = locked.acknowledge_by()
                if deadline is None or deadline < today:
                    deadline = today + LATE_DEADLINE
                notices.announce(locked, newcomers, deadline=deadline)
                asked += len(newcomers)
    return asked


def _newcomers(document) -> list[int]:
    already = set(
        Acknowledgement.objects.for_document(document).values_list("employee_id", flat=True)
    )
    return [pk for pk in document.audience_employee_ids() if pk not in already]
