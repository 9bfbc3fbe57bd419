"""How the shared workflow tests make and edit a document of each registered kind.

The kinds come from the one registry (workflows/registry.py); this file only says, per kind,
how to make a draft of it (authored in the personas' office and addressed to that office with
its sections) and how to edit one. A registered kind without an entry fails the shared tests."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from circulars import services as circular_services
from circulars.models import Circular
from meetings import services as meetings
from meetings.models import MeetingMinutes
from personnel import services as hr_documents
from personnel.models import EvaluationCriteria, PositionDescription
from tests.factories import CircularFactory, criteria_draft, position_description_draft
from tests.meetings import minutes_draft
from workflows import registry


def shared_kinds() -> list[type]:
    """The registered kinds the common workflow applies to: those that ask their audience to
    acknowledge on publish (what the shared tests check). A kind that asks nobody (the integrity
    report) is proven by its own tests (tests/reports/)."""
    return [model for model in registry.models() if model.requires_acknowledgement]


@dataclass(frozen=True)
class KindSpec:
    make_draft: Callable[..., Any]  # (org) -> a draft document
    edit: Callable[..., Any]  # (document, *, by, lock_version, **changes) -> the document
    change: dict  # a harmless edit to a draft


def _circular_draft(org):
    return CircularFactory(
        owner_unit=org.office,
        created_by=org.clerk.user,
        audience=[{"kind": "unit", "id": org.office.pk, "subunits": True}],
    )


REGISTRY = {
    Circular: KindSpec(
        make_draft=_circular_draft,
        edit=circular_services.circular_update,
        change={"title": "หนังสือเวียนฉบับแก้ไข"},
    ),
    # Addressed to the employee (the position's holder) and the office's head.
    PositionDescription: KindSpec(
        make_draft=lambda org: position_description_draft(org, org.employee.position),
        edit=hr_documents.position_description_update,
        change={"title": "รายละเอียดของตำแหน่งงานฉบับแก้ไข"},
    ),
    # For the next round (not started yet), addressed to every civil servant.
    EvaluationCriteria: KindSpec(
        make_draft=criteria_draft,
        edit=hr_documents.evaluation_criteria_update,
        change={"title": "เกณฑ์การประเมินฉบับแก้ไข"},
    ),
    MeetingMinutes: KindSpec(
        make_draft=minutes_draft,
        edit=meetings.minutes_update,
        change={"place": "ห้องประชุมใหญ่ ชั้น 2"},
    ),
}
