"""Measure 6's evaluation statement equals an independent recount of the same rows."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from evaluations.models import Appeal, CaseState, EvaluationCase, EvaluationRound, RoundState
from evaluations.services import appeals
from hrflow import audit
from hrflow.thai import fiscal_year, fiscal_year_bounds
from notifications.models import Acknowledgement
from notifications.services import acknowledge
from reports import computations
from tests.evaluations.test_api_access import through
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db


def recount(year):
    cases = list(EvaluationCase.objects.filter(round__fiscal_year=year).select_related("round"))
    acks = {
        (a.employee_id, a.object_id): a.acknowledged_at
        for a in Acknowledgement.objects.filter(
            acknowledged_at__isnull=False, content_type__model="evaluationcriteria"
        )
    }

    def day(at):
        return timezone.localtime(at).date()

    evaluated = [c for c in cases if c.total is not None]
    return {
        "cases": len(cases),
        "evaluated": len(evaluated),
        "against_acknowledged": sum(
            1 for c in evaluated
            if (c.person_id, c.round.criteria_id) in acks
            and day(acks[(c.person_id, c.round.criteria_id)]) <= c.round.starts_on
        ),
        "agreed_before_start": sum(
            1 for c in cases if c.agreed_at and day(c.agreed_at) <= c.round.starts_on
        ),
        "completed": sum(1 for c in cases if c.approved_at),
        "completed_on_time": sum(
            1 for c in cases
            if c.approved_at and day(c.approved_at) <= c.round.ends_on + dt.timedelta(days=60)
        ),
        "appeals": sum(1 for c in cases if hasattr(c, "appeal")),
        "appeals_decided": sum(1 for c in cases if hasattr(c, "appeal") and c.appeal.decision),
    }  # fmt: skip


def test_the_evaluation_statement_equals_an_independent_recount(opened):
    world = opened
    # Three of five acknowledge the criteria before the round; one of them only after it began.
    acks = Acknowledgement.objects.filter(object_id=world.criteria.pk)
    for person in world.staff[:3]:
        acknowledge(acks.get(employee=person), user=person.user)
    late = world.round.starts_on + dt.timedelta(days=3)
    acks.filter(employee=world.staff[2]).update(
        acknowledged_at=timezone.make_aware(dt.datetime.combine(late, dt.time(9)))
    )
    through(world, "approved")
    # One agreement counted as agreed after the round started.
    EvaluationCase.objects.filter(pk=world.cases[world.staff[4].pk].pk).update(
        agreed_at=timezone.make_aware(dt.datetime.combine(late, dt.time(10)))
    )
    appeals.appeal_file(world.case, by=world.case.person.user, reasons="ขอทบทวน")
    appeals.appeal_decide(world.case, by=world.org.executive.user, upheld=False, reasons="ตามเดิม")
    case = world.cases[world.staff[1].pk]
    appeals.appeal_file(case, by=case.person.user, reasons="ขอทบทวน")

    year = world.round.fiscal_year
    end = dt.date(year - 543, 9, 30)
    statement = computations.compute("evaluations", dt.date(year - 544, 10, 1), end)
    expected = recount(year)
    assert {k: statement.numbers[k] for k in expected} == expected
    assert expected == {
        "cases": 5, "evaluated": 5, "against_acknowledged": 2, "agreed_before_start": 4,
        "completed": 5, "completed_on_time": 5, "appeals": 2, "appeals_decided": 1,
    }  # fmt: skip
    assert "อุทธรณ์ 2 เรื่อง วินิจฉัยแล้ว 1 เรื่อง" in statement.text


def test_the_demo_year_has_two_completed_rounds_whose_statement_equals_a_recount():
    """seed_demo: last fiscal year's two rounds completed through the services (one appeal
    decided), the current round in progress; the measure-6 statement of that year has numbers
    and equals the independent recount."""
    with translation.override("en"):
        call_command("seed_demo", stdout=io.StringIO())
    year = fiscal_year(timezone.localdate()) - 1

    past = EvaluationRound.objects.filter(fiscal_year=year).order_by("number")
    assert [(r.number, r.state) for r in past] == [(1, RoundState.APPROVED), (2, "approved")]
    for round_ in past:
        assert round_.announced_at is not None
        assert round_.starts_on <= timezone.localtime(round_.approved_at).date()
        assert timezone.localtime(round_.approved_at).date() < timezone.localdate()
        states = set(round_.cases.values_list("state", flat=True))
        assert states <= {CaseState.APPROVED, CaseState.APPEAL_DECIDED}
        assert not round_.cases.filter(total__isnull=True).exists()
        assert round_.cases.filter(witness__gt="").count() == 1  # one declined, witnessed
    appeal = Appeal.objects.get(case__round__fiscal_year=year)
    assert appeal.decision == Appeal.Decision.UPHELD and appeal.case.total != appeal.previous_total
    # The log of every past case walks the workflow, dated inside its round's half-year.
    for case in EvaluationCase.objects.filter(round__fiscal_year=year).select_related("round"):
        log = TransitionLog.objects.filter(
            content_type__model="evaluationcase", object_id=case.pk
        ).order_by("pk")
        assert log.last().to_state == case.state
        assert "score" in {entry.transition for entry in log}
        for entry in log:
            day = timezone.localtime(entry.at).date()
            assert case.round.starts_on - dt.timedelta(days=30) <= day < timezone.localdate()

    current = EvaluationRound.objects.get(fiscal_year__gt=year)
    assert current.state == RoundState.OPEN
    assert current.cases.values("state").distinct().count() >= 5  # cases at different steps
    assert audit.verify().ok

    start, end = fiscal_year_bounds(year)
    statement = computations.compute("evaluations", start, end)
    expected = recount(year)
    assert {k: statement.numbers[k] for k in expected} == expected
    assert all(expected[k] > 0 for k in expected), expected
    assert expected["appeals"] == expected["appeals_decided"] == 1
    assert expected["agreed_before_start"] < expected["cases"]  # two agreed late
    assert f"อุทธรณ์ {expected['appeals']} เรื่อง วินิจฉัยแล้ว 1 เรื่อง" in statement.text
