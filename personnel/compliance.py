"""Reads of measure 6: what applies to one employee now (and what they acknowledged before),
and, per evaluation round, who has not acknowledged the criteria yet, by unit."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from hrflow import roles
from hrflow.models import Employee
from hrflow.thai import evaluation_round
from notifications import tracking
from notifications.models import Acknowledgement
from workflows.models import State

from .models import EvaluationCriteria, PositionDescription

MY_KINDS = (PositionDescription, EvaluationCriteria)
COUNTS = ("recipients", "acknowledged", "pending", "overdue")


@dataclass
class MyKind:
    model: type
    current: list = field(default_factory=list)  # [(document, acknowledgement)]
    history: list = field(default_factory=list)


def my_documents(employee) -> list[MyKind]:
    """Per kind: the published versions addressed to the employee with their acknowledgement,
    and the acknowledgement requests of older (archived, withdrawn) versions."""
    sections = []
    for model in MY_KINDS:
        section = MyKind(model)
        acks = list(
            Acknowledgement.objects.filter(
                employee=employee, content_type=ContentType.objects.get_for_model(model)
            )
            .select_related("proxy_by")
            .order_by("-requested_at", "-pk")
        )
        documents = model.objects.in_bulk([ack.object_id for ack in acks])
        for ack in acks:
            document = documents.get(ack.object_id)
            if document is None:
                continue
            rows = section.current if document.state == State.PUBLISHED else section.history
            rows.append((document, ack))
        sections.append(section)
    return sections


def followed_units(user) -> set[int] | None:
    """Whose acknowledgements of the criteria the user follows: None for everyone's (auditors,
    HR and the agency's top executives); the people of the units they lead for a head of unit
    or the executive of an office; an empty set for nobody's."""
    model = EvaluationCriteria
    if roles.has_role(user, roles.AUDITOR, *model.author_roles):
        return None
    officer = roles.has_role(user, *model.reviewer_roles, *model.publisher_roles)
    if officer and roles.unit_scope(user) is None:
        return None
    return roles.led_unit_ids(user)


def rounds() -> list[tuple[int, int]]:
    """The rounds that have published criteria, newest first."""
    return list(
        EvaluationCriteria.objects.exclude(state__in=[State.DRAFT, State.IN_REVIEW, State.APPROVED])
        .values_list("fiscal_year", "round")
        .distinct()
        .order_by("-fiscal_year", "-round")
    )


def current_round(today=None) -> tuple[int, int]:
    """The round the page opens on: the one today falls in; if it has no published criteria
    yet, the latest started round that has (so a round published ahead of time does not hide
    the one in progress)."""
    today = today or timezone.localdate()
    now = evaluation_round(today)
    known = rounds()
    if now in known:
        return now
    started = [r for r in known if EvaluationCriteria.round_bounds(*r)[0] <= today]
    return started[0] if started else now


def uncovered_staff(fiscal_year: int, round_number: int, units=None):
    """Active staff whose employment type no published criteria of the round covers (one
    query), by unit then staff id; only the people of `units` unless None."""
    types = set()
    for covered in EvaluationCriteria.objects.filter(
        fiscal_year=fiscal_year, round=round_number, state=State.PUBLISHED
    ).values_list("employment_types", flat=True):
        types |= set(covered or [])
    staff = Employee.objects.filter(user__is_active=True).exclude(employment_type__in=types)
    if units is not None:
        staff = staff.filter(unit_id__in=units)
    return list(staff.select_related("unit", "position").order_by("unit__name", "staff_id"))


@dataclass
class RoundCompliance:
    fiscal_year: int
    round: int
    documents: list  # the published criteria of the round, each with its summary
    units: list  # [{"unit", "recipients", "acknowledged", "pending", "overdue"}]
    outstanding: list  # pending acknowledgements, by unit then staff id
    uncovered: list  # staff no published criteria of the round covers
    recipients: int = 0
    acknowledged: int = 0


def round_compliance(fiscal_year: int, round_number: int, today=None, units=None):
    """The round's acknowledgements of its criteria, of everyone asked (`units` None) or of the
    people asked while in those units."""
    today = today or timezone.localdate()
    published = list(
        EvaluationCriteria.objects.filter(
            fiscal_year=fiscal_year, round=round_number, state=State.PUBLISHED
        ).order_by("pk")
    )
    totals: dict[int, dict] = {}
    for document in published:
        for row in tracking.by_unit(document, today, units):
            total = totals.setdefault(
                row["unit_id"],
                {
                    "unit": row["unit"],
                    "recipients": 0,
                    "acknowledged": 0,
                    "pending": 0,
                    "overdue": 0,
                },
            )
            for key in ("recipients", "acknowledged", "pending", "overdue"):
                total[key] += row[key]
    pending = Q()
    for document in published:
        pending |= Q(object_id=document.pk, version=document.version)
    outstanding = []
    if published:
        outstanding = list(
            Acknowledgement.objects.filter(
                pending, content_type=ContentType.objects.get_for_model(EvaluationCriteria)
            )
            .pending()
            .filter(**({} if units is None else {"unit_id__in": units}))
            .select_related("employee__unit", "employee__position")
            .order_by("employee__unit__name", "employee__staff_id")
        )
    rows = sorted(totals.values(), key=lambda row: row["unit"])
    return RoundCompliance(
        fiscal_year=fiscal_year,
        round=round_number,
        documents=[(document, tracking.summary(document, today, units)) for document in published],
        units=rows,
        outstanding=outstanding,
        uncovered=uncovered_staff(fiscal_year, round_number, units),
        recipients=sum(row["recipients"] for row in rows),
        acknowledged=sum(row["acknowledged"] for row in rows),
    )
