"""What the auditor's pages read: events filtered as the search form asks, a document's
timeline across its versions (with the diff of each version's text against the one before)
and a person's timeline. Reads only; the trail itself is written by hrflow.audit."""

import difflib
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext as _

from hrflow import audit
from hrflow.models import AuditEvent, Employee
from hrflow.sanitize import text_lines
from hrflow.thai import format_date
from notifications.models import Acknowledgement
from workflows import registry


def kind_by_slug(slug):
    kind = registry.get(slug)
    return kind.model if kind is not None else None


def kind_by_label(label):
    label = audit.current_label(label)  # events written before a kind moved app keep its old label
    return next((model for model in registry.models() if model._meta.label_lower == label), None)


class _MachineLabels:
    """Step and state labels of a state machine that is not a registered kind (an evaluation
    case or round): its transitions' custom labels and its state field's choices."""

    def __init__(self, model):
        field = model._meta.get_field("state")
        self.states = dict(field.choices or ())
        self.steps = {
            move.name: str(move.custom["label"])
            for move in field.get_all_transitions(model)
            if "label" in move.custom
        }

    def step_label(self, name):
        return self.steps.get(name, name)

    def state_label(self, value):
        return str(self.states.get(value, value)) if value else "—"


def machine_by_label(label):
    """The labels of the model an event is about, when it has a state machine of its own."""
    try:
        model = apps.get_model(audit.current_label(label))
        model._meta.get_field("state").get_all_transitions  # noqa: B018 (an FSM field)
    except (LookupError, ValueError, AttributeError, FieldDoesNotExist):
        return None
    return _MachineLabels(model)


def event_about(event, model) -> str:
    """What an event is about, as the pages show it: a step of a registered kind, or of another
    state machine (an evaluation case), in words ("Publish: Approved → Published · title"); the
    stored summary (hashed, never rewritten) otherwise."""
    data = event.data or {}
    title = event.summary.split(" · ", 1)[1] if " · " in event.summary else ""
    if event.kind == audit.Kind.COMMENT and "comment" in data:
        # Stored as "comment #12 · title"; the page says it in the page's language.
        what = _("Answer to comment no. %(n)s") if "answer" in data else _("Comment no. %(n)s")
        return " · ".join(filter(None, [what % {"n": data["comment"]}, title]))
    if event.kind != "transition" or "transition" not in data:
        return event.summary
    model = model or machine_by_label(event.subject_type)
    if model is None:
        return event.summary
    step = (
        f"{model.step_label(data['transition'])}: {model.state_label(data.get('from'))}"
        f" → {model.state_label(data.get('to'))}"
    )
    return f"{step} · {title}" if title else step


def search(*, kind="", people=None, unit=None, date_from=None, date_to=None, text="",
           subject_type="", subject_id=None):  # fmt: skip
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    if kind:
        events = events.filter(kind=kind)
    if people is not None:
        people = list(people)
        events = events.filter(
            Q(employee_id__in=[p.pk for p in people]) | Q(actor_id__in=[p.user_id for p in people])
        )
    if unit is not None:
        events = events.filter(unit_id__in=unit.descendant_ids())
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    if text:
        events = events.filter(Q(summary__icontains=text) | Q(actor_name__icontains=text))
    if subject_type:
        events = events.filter(subject_type__in=audit.labels_of(subject_type))
        if subject_id:
            events = events.filter(subject_id=subject_id)
    return events


def versions_of(document):
    """Every version of the document, oldest first."""
    model = type(document)
    first = document
    while first.supersedes_id:
        first = model.objects.get(pk=first.supersedes_id)
    chain = [first]
    while True:
        newer = model.objects.filter(supersedes=chain[-1]).first()
        if newer is None:
            return chain
        chain.append(newer)


@dataclass
class VersionTimeline:
    document: object
    events: list
    acknowledgements: list
    diff: list = field(default_factory=list)  # (sign, line): " " kept, "-" removed, "+" added

    @property
    def acknowledged(self):
        return sum(1 for ack in self.acknowledgements if ack.acknowledged_at)


def document_timeline(document) -> list[VersionTimeline]:
    versions = versions_of(document)
    labels = audit.labels_of(document._meta.label_lower)
    ids = [version.pk for version in versions]
    events = list(
        AuditEvent.objects.filter(subject_type__in=labels, subject_id__in=ids).order_by("seq")
    )
    for event in events:
        event.about = event_about(event, type(document))
    acks = list(
        Acknowledgement.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id__in=ids
        )
        .select_related("employee__unit", "proxy_by")
        .order_by("employee__unit__name", "employee__first_name")
    )
    timeline, previous_text = [], None
    for version in versions:
        text = document_text(version)
        diff = []
        if previous_text is not None:
            for line in difflib.ndiff(previous_text, text):
                if line[:1] in {" ", "-", "+"}:
                    diff.append((line[:1], line[2:]))
        timeline.append(
            VersionTimeline(
                document=version,
                events=[e for e in events if e.subject_id == version.pk],
                acknowledgements=[a for a in acks if a.object_id == version.pk],
                diff=diff,
            )
        )
        previous_text = text
    return timeline


def document_text(document) -> list[str]:
    """The version's content as lines of text, field by field, for a readable diff."""
    lines = []
    for name in document.content_fields:
        field_ = document._meta.get_field(name)
        lines.append(f"[{field_.verbose_name}]")
        lines += _value_lines(getattr(document, name))
    return lines


def _value_lines(value) -> list[str]:
    if value is None or value == "":
        return ["-"]
    if isinstance(value, str):
        if "<" in value and ">" in value:
            return [text for text, _paragraph in text_lines(value)] or ["-"]
        return value.splitlines() or ["-"]
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
    if hasattr(value, "year"):
        return [format_date(value)]
    return [str(value)]


def people_matching(text):
    """Employees whose name or staff ID contains the text (every word of it)."""
    people = Employee.objects.all()
    for word in text.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(staff_id=word)
        )
    return people.only("pk", "user_id")
