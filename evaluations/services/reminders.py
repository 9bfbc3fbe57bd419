"""Reminders before each of a round's deadlines and escalation after it (beat, daily): the next
actor of every case still waiting for the step is reminded HRFLOW_REMIND_DAYS_BEFORE days
before the deadline, on it and every day after it; HRFLOW_ESCALATE_AFTER_DAYS days after it the
head of unit above each late actor is told who is late. Everything goes through the outbox
(notifications.services.notify) with dedupe keys: a reminder once per actor, deadline and day,
an escalation once per head and deadline — a second run the same day sends nothing again.

A fixed number of queries per round and deadline, however many cases it has."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hrflow.models import Employee, nearest_heads
from hrflow.thai import format_date
from notifications.services import notify

from ..models import CaseState, EvaluationCase, EvaluationRound, RoundState
from ..progress import DEADLINES

S = CaseState


def next_actors(row) -> list[int]:
    """Who the case waits for: either side that has not agreed yet, the evaluator's scores,
    the person's acknowledgement, the second level's opinion."""
    state = row["state"]
    if state == S.AGREEMENT:
        return [
            pk
            for pk, agreed in (
                (row["person_id"], row["person_agreed_at"]),
                (row["evaluator_id"], row["evaluator_agreed_at"]),
            )
            if pk and not agreed
        ]
    if state in (S.AGREED, S.SELF_ASSESSED):
        return [row["evaluator_id"]] if row["evaluator_id"] else []
    if state == S.SCORED:
        return [row["person_id"]]
    if state in (S.ACKNOWLEDGED, S.DECLINED):
        return [row["second_level_id"]] if row["second_level_id"] else []
    return []


STEP_NAMES = {
    "agreement_due": lambda: _("agree the performance agreement"),
    "assessment_due": lambda: _("score the evaluation"),
    "result_due": lambda: _("acknowledge the result or give the second-level opinion"),
}


def _waiting(round_, states) -> dict[int, list[dict]]:
    """{actor: [case rows waiting for them]} for the round's cases in these states."""
    rows = EvaluationCase.objects.filter(round=round_, state__in=states).values(
        "pk", "state", "person_id", "evaluator_id", "second_level_id", "person_agreed_at",
        "evaluator_agreed_at", "person__first_name", "person__last_name",
    )  # fmt: skip
    by_actor: dict[int, list[dict]] = {}
    for row in rows:
        for actor in next_actors(row):
            by_actor.setdefault(actor, []).append(row)
    return by_actor


def _escalate(round_, field, due, by_actor, chains) -> int:
    """Each head of unit above a late actor is told who is late, once per deadline."""
    actors = Employee.objects.in_bulk(list(by_actor))
    late_under: dict[int, list[int]] = {}
    for pk, actor in actors.items():
        head = next((h for h in chains.get(actor.unit_id, []) if h != pk), None)
        if head is not None:
            late_under.setdefault(head, []).append(pk)
    subject = _("Late in evaluation round %(round)s/%(year)s: %(step)s was due on %(date)s") % {
        "round": round_.number, "year": round_.fiscal_year, "step": STEP_NAMES[field](),
        "date": format_date(due),
    }  # fmt: skip
    sent = []
    for head, late in late_under.items():
        lines = [
            _("%(name)s: %(n)s cases") % {"name": actors[pk].full_name, "n": len(by_actor[pk])}
            for pk in sorted(late)
        ]
        sent.append(
            notify(
                [head],
                subject=subject,
                text="\n".join(lines),
                link=reverse("evaluations:home"),
                key=f"eval-round:{round_.pk}:{field}:escalate",
            )
        )
    return sum(len(ids) for ids in sent)


def remind_and_escalate(today=None) -> dict:
    """Beat task body; returns how many notices (rows of the outbox) it created."""
    today = today or timezone.localdate()
    before = set(settings.HRFLOW_REMIND_DAYS_BEFORE)
    escalate_after = dt.timedelta(days=settings.HRFLOW_ESCALATE_AFTER_DAYS)
    reminded = escalated = 0
    chains = None
    for round_ in EvaluationRound.objects.filter(state=RoundState.OPEN).order_by("pk"):
        for field, states in DEADLINES:
            due = getattr(round_, field)
            if due is None or ((due - today).days not in before and due > today):
                continue
            by_actor = _waiting(round_, states)
            if not by_actor:
                continue
            with transaction.atomic(), override(settings.LANGUAGE_CODE):
                subject = _(
                    "Evaluation round %(round)s/%(year)s: please %(step)s by %(date)s"
                ) % {
                    "round": round_.number, "year": round_.fiscal_year,
                    "step": STEP_NAMES[field](), "date": format_date(due),
                }  # fmt: skip
                reminded += len(
                    notify(
                        list(by_actor),
                        subject=subject,
                        link=reverse("evaluations:home"),
                        key=f"eval-round:{round_.pk}:{field}:remind:{today.isoformat()}",
                    )
                )
                if today >= due + escalate_after:
                    chains = chains if chains is not None else nearest_heads()
                    escalated += _escalate(round_, field, due, by_actor, chains)
    return {"reminders": reminded, "escalations": escalated}
