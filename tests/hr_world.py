"""A published and a draft position description and evaluation criteria of the personas' office,
for the access tests of the web pages and the API.

Both published documents are addressed to the employee (the position's holder; a permanent
employee, the criteria's only type in scope) — and the PD to the office's head too — so every
persona stands in the same relation to both kinds."""

from types import SimpleNamespace

from notifications.models import Acknowledgement, Notice
from personnel.models import EvaluationCriteria, PositionDescription
from tests.factories import criteria_draft, position_description_draft
from workflows import services
from workflows.models import DocumentComment, TransitionLog

KINDS = (PositionDescription, EvaluationCriteria)
PERMANENT = "permanent_worker"


def draft_of(model, org, **values):
    if model is PositionDescription:
        return position_description_draft(org, org.employee.position, **values)
    return criteria_draft(org, employment_types=[PERMANENT], **values)


def publish(document, org):
    for step, who in (
        ("submit", org.clerk),
        ("approve", org.executive),
        ("publish", org.executive),
    ):
        document = services.apply_transition(document, step, by=who.user)
    return document


def build(org):
    org.employee.employment_type = PERMANENT
    org.employee.save(update_fields=["employment_type"])
    world = {}
    for model in KINDS:
        published = publish(draft_of(model, org), org)
        ack = Acknowledgement.objects.for_document(published).get(employee=org.employee)
        comment = DocumentComment.objects.create(
            document=published, version=1, author=org.employee.user, body="ขอถามเรื่องน้ำหนัก"
        )
        world[model] = SimpleNamespace(
            draft=draft_of(model, org, title="ร่างฉบับใหม่"),
            published=published,
            ack=ack,
            comment=comment,
        )
    return world


def snapshot():
    """What a refused request must not change."""
    return (
        [
            list(model.objects.order_by("pk").values_list("pk", "state", "lock_version", "title"))
            for model in KINDS
        ],
        TransitionLog.objects.count(),
        list(Acknowledgement.objects.order_by("pk").values_list("pk", "acknowledged_at")),
        list(DocumentComment.objects.order_by("pk").values_list("pk", "answer")),
        Notice.objects.count(),
    )
