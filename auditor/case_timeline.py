"""The auditor's timeline of an evaluation case: every step and content change in the audit
trail, in order, each score change as old → new per indicator (by name), the total and level
before and after, the agreement's lines removed and added, and people by name, never ids.
Reads only, a fixed number of queries per case."""

from dataclasses import dataclass, field

from evaluations.models import AgreementItem, CaseState, EvaluationCase
from hrflow import audit
from hrflow.models import AuditEvent, Employee


@dataclass
class ScoreChange:
    indicator: str
    old: str
    new: str


@dataclass
class CaseEvent:
    event: AuditEvent
    heading: str
    note: str = ""
    scores: list = field(default_factory=list)  # [ScoreChange] of the items that changed
    result: tuple | None = None  # (old total, old level, new total, new level)
    agreement: list = field(default_factory=list)  # [(sign, line)]: "-" removed, "+" added
    people: list = field(default_factory=list)  # ["evaluator: A → B"]


def _state(value) -> str:
    try:
        return str(CaseState(value).label)
    except ValueError:
        return value or "—"


def _step_label(name) -> str:
    transitions = EvaluationCase._meta.get_field("state").get_all_transitions(EvaluationCase)
    return next((str(t.custom.get("label", name)) for t in transitions if t.name == name), name)


def _plain(value) -> str:
    if value in (None, ""):
        return "—"
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _item_line(item) -> str:
    return f"{item.get('name', '')} · {item.get('target', '')} · {_plain(item.get('weight'))}"


def _scores(part) -> dict:
    """The {item id: score} of a before/after part of an event (a list for the agreement)."""
    scores = part.get("scores") if isinstance(part, dict) else None
    return scores if isinstance(scores, dict) else {}


def _score_changes(data, names) -> list[ScoreChange]:
    before, after = _scores(data.get("before")), _scores(data.get("after"))
    if isinstance(data.get("self_scores"), dict):
        after = data["self_scores"]
    own = data.get("names") if isinstance(data.get("names"), dict) else {}
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: int(k) if str(k).isdigit() else 0):
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old != new:
            name = own.get(key) or names.get(str(key)) or f"#{key}"
            changes.append(ScoreChange(name, old, new))
    return changes


def _result(data):
    before, after = data.get("before"), data.get("after")
    if not isinstance(before, dict) or not isinstance(after, dict) or "total" not in after:
        return None
    return (_plain(before.get("total")), before.get("level") or "—", _plain(after.get("total")),
            after.get("level") or "—")  # fmt: skip


def _agreement(data) -> list[tuple[str, str]]:
    before, after = data.get("before"), data.get("after")
    if not isinstance(before, list) or not isinstance(after, list):
        return []
    old, new = [_item_line(i) for i in before], [_item_line(i) for i in after]
    return [("-", line) for line in old if line not in new] + [
        ("+", line) for line in new if line not in old
    ]


def case_timeline(case) -> list[CaseEvent]:
    events = list(
        AuditEvent.objects.filter(
            subject_type__in=audit.labels_of(EvaluationCase._meta.label_lower),
            subject_id=case.pk,
        ).order_by("seq")
    )
    # Names of every indicator and person the events mention, in one query each.
    item_ids, people = set(), set()
    for event in events:
        data = event.data or {}
        keys = [*_scores(data.get("before")), *_scores(data.get("after"))]
        if isinstance(data.get("self_scores"), dict):
            keys += list(data["self_scores"])
        item_ids |= {int(k) for k in keys if str(k).isdigit()}
        people |= {pk for pk in data.get("evaluator") or [] if isinstance(pk, int)}
    names = {
        str(pk): name
        for pk, name in AgreementItem.objects.filter(pk__in=item_ids).values_list("pk", "name")
    }
    persons = {pk: e.full_name for pk, e in Employee.objects.in_bulk(list(people)).items()}
    timeline = []
    for event in events:
        data = event.data or {}
        if event.kind == audit.Kind.TRANSITION and "transition" in data:
            heading = (
                f"{_step_label(data['transition'])}: {_state(data.get('from'))} → "
                f"{_state(data.get('to'))}"
            )
        else:
            heading = event.summary.split(" · ", 1)[0]
        entry = CaseEvent(event=event, heading=heading, note=data.get("note") or "")
        entry.scores = _score_changes(data, names)
        entry.result = _result(data)
        entry.agreement = _agreement(data)
        if isinstance(data.get("evaluator"), list) and len(data["evaluator"]) == 2:
            old, new = (persons.get(pk, "—") for pk in data["evaluator"])
            entry.people.append(f"{old} → {new}")
            entry.note = entry.note or data.get("reason", "")
        timeline.append(entry)
    return timeline
