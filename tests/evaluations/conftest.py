"""A unit of five under a division whose head evaluates them, with the office's head above as
the second level, published criteria for the next round, HR (the clerk) and a committee."""

from types import SimpleNamespace

import pytest

from evaluations.models import AgreementItem, Appeal, EvaluationCase, EvaluationRound, IdpLine
from evaluations.services import rounds
from hrflow.models import AuditEvent
from notifications.models import Notice
from tests.factories import DepartmentFactory, criteria_draft, make_person
from tests.hr_world import publish
from workflows.models import TransitionLog


@pytest.fixture
def world(org):
    division = DepartmentFactory(code="DIV", name="ฝ่ายบริหารงานบุคคล", parent=org.office)
    boss = make_person("boss", unit=division)
    division.head = boss
    division.save()
    team = DepartmentFactory(code="TEAM", name="งานประเมินผล", parent=division, kind="section")
    staff = [make_person(f"staff{n}", unit=team) for n in range(5)]
    member = make_person("member", unit=org.other)
    criteria = publish(criteria_draft(org), org)
    return SimpleNamespace(
        org=org, division=division, team=team, boss=boss, staff=staff, member=member,
        criteria=criteria, hr=org.clerk, chief=org.head,
    )  # fmt: skip


@pytest.fixture
def opened(world):
    round_, cases = rounds.round_open(
        by=world.hr.user, criteria=world.criteria, unit=world.team, committee=[world.member]
    )
    world.round = round_
    world.cases = {case.person_id: case for case in cases}
    world.case = world.cases[world.staff[0].pk]
    return world


# Two indicators under the achievement component (60 + 40), one under competency (100).
ITEMS = [
    {"component": 0, "name": "จัดทำทะเบียนประวัติครบถ้วน", "target": "100 %", "weight": 60},
    {"component": 0, "name": "สรุปผลการประเมินทันเวลา", "target": "ภายใน 15 วัน", "weight": 40},
    {"component": 1, "name": "การมุ่งผลสัมฤทธิ์", "target": "ระดับ 3", "weight": 100},
]


def agreed(world, case):
    from evaluations.services import cases

    cases.agreement_set(case, by=world.boss.user, items=ITEMS)
    cases.agreement_agree(case, by=world.boss.user)
    return cases.agreement_agree(case, by=case.person.user)


def scores_of(case, *values):
    return {
        item.pk: {"score": value, "comment": "ตามหลักฐาน"}
        for item, value in zip(case.items.order_by("component", "position"), values, strict=True)
    }


def snapshot():
    """What a refused request must not change."""
    return (
        list(EvaluationRound.objects.order_by("pk").values_list("pk", "state", "committee")),
        list(
            EvaluationCase.objects.order_by("pk").values_list(
                "pk",
                "state",
                "version",
                "evaluator",
                "total",
                "level",
                "answered_at",
                "person_agreed_at",
                "evaluator_agreed_at",
            )
        ),
        list(AgreementItem.objects.order_by("pk").values_list("pk", "weight", "score", "comment")),
        IdpLine.objects.count(),
        list(Appeal.objects.values_list("pk", "decision")),
        TransitionLog.objects.count(),
        AuditEvent.objects.count(),
        Notice.objects.count(),
    )
