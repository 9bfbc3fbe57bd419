"""Measure 6's evaluation statement equals an independent recount of the same rows."""

import datetime as dt

import pytest
from django.utils import timezone

from evaluations.models import EvaluationCase
from evaluations.services import appeals
from notifications.models import Acknowledgement
from notifications.services import acknowledge
from reports import computations
from tests.evaluations.test_api_access import through

pytestmark = pytest.mark.django_db


def recount(year):
    cases = list(EvaluationCase.objects.filter(round__fiscal_year=year).select_related("round"))
    acks = {
        (a.employee_id, a.object_id): a.acknowledged_at
        for a in Acknowledgement.objects.filter(acknowledged_at__isnull=False)
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
