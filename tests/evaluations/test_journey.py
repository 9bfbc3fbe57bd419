"""A round from opening to the appeal's decision, through the services, on the engine's log and
the audit chain."""

import pytest

from evaluations.models import Appeal, CaseState, EvaluationCase
from evaluations.services import appeals, cases, rounds
from hrflow import audit
from hrflow.errors import Forbidden
from notifications.models import Notice
from tests.evaluations.conftest import ITEMS, agreed, scores_of
from workflows.models import TransitionLog

pytestmark = pytest.mark.django_db


def test_opening_a_round_gives_each_person_in_scope_one_case_with_evaluators_from_the_tree(
    opened,
):
    assert set(opened.cases) == {person.pk for person in opened.staff}
    for case in opened.cases.values():
        assert case.state == CaseState.AGREEMENT
        assert case.evaluator_id == opened.boss.pk  # head of the division above the team
        assert case.second_level_id == opened.chief.pk  # head of the office above that
    assert (opened.round.fiscal_year, opened.round.number) == (
        opened.criteria.fiscal_year,
        opened.criteria.round,
    )
    told = set(Notice.objects.values_list("recipient_id", flat=True))
    assert {opened.boss.pk, *(p.pk for p in opened.staff)} <= told


def test_a_head_of_unit_is_evaluated_by_the_head_of_the_unit_above(world):
    _round, opened = rounds.round_open(
        by=world.hr.user, criteria=world.criteria, unit=world.division
    )
    boss_case = next(case for case in opened if case.person_id == world.boss.pk)
    assert boss_case.evaluator_id == world.chief.pk
    assert boss_case.second_level_id is None


def test_people_joining_the_scope_later_get_a_case_once(opened):
    from tests.factories import make_person

    newcomer = make_person("newcomer", unit=opened.team)
    added = rounds.round_add_newcomers(opened.round, by=opened.hr.user)
    assert [case.person_id for case in added] == [newcomer.pk]
    assert rounds.round_add_newcomers(opened.round, by=opened.hr.user) == []


def test_hr_may_put_another_evaluator_on_a_case_with_a_reason(opened):
    case = opened.case
    rounds.case_set_evaluator(case, by=opened.hr.user, evaluator=opened.chief, reason="หัวหน้าลา")
    case.refresh_from_db()
    assert (case.evaluator_id, case.evaluator_reason) == (opened.chief.pk, "หัวหน้าลา")


def test_the_whole_journey_is_logged_and_the_chain_still_verifies(opened):
    world, case = opened, opened.case
    for each in world.cases.values():
        agreed(world, each)
        cases.case_score(each, by=world.boss.user, scores=scores_of(each, 5, 4, 4), idp=["อบรม"])
        cases.result_acknowledge(each, by=each.person.user)
        cases.second_level_review(each, by=world.chief.user)
    case.refresh_from_db()
    # 5/5·60 + 4/5·40 = 92 achievement; 4/5·100 = 80 competency; 0.7·92 + 0.3·80 = 88.4
    assert (case.component_scores, str(case.total), case.level) == (
        ["92.00", "80.00"],
        "88.40",
        "ดีมาก",
    )
    rounds.committee_send_back(case, by=world.member.user, reason="หลักฐานไม่ครบ")
    case.refresh_from_db()
    assert case.state == CaseState.SCORED and case.answered_at is None
    cases.case_score(case, by=world.boss.user, scores=scores_of(case, 5, 5, 5))
    cases.result_acknowledge(case, by=case.person.user)
    cases.second_level_review(case, by=world.chief.user)
    rounds.committee_close(world.round, by=world.member.user)
    rounds.round_approve(world.round, by=world.org.executive.user)
    rounds.round_announce(world.round, by=world.hr.user)
    assert set(EvaluationCase.objects.values_list("state", flat=True)) == {CaseState.APPROVED}
    announced = Notice.objects.filter(
        dedupe_key__startswith=f"msg:eval-round:{world.round.pk}:announced:",
        recipient=world.staff[1],
    )
    assert announced.exists() and case.person.full_name in announced.first().text

    appeals.appeal_file(case, by=case.person.user, reasons="ผลงานครบตามเป้าหมาย")
    appeals.appeal_decide(case, by=world.org.executive.user, upheld=False, reasons="ตามหลักฐาน")
    case.refresh_from_db()
    assert case.state == CaseState.APPEAL_DECIDED
    assert Appeal.objects.get(case=case).decision == Appeal.Decision.REJECTED
    assert Notice.objects.filter(
        recipient=case.person, dedupe_key__startswith=f"msg:eval-case:{case.pk}:appeal-decided:"
    ).exists()
    steps = list(
        TransitionLog.objects.filter(object_id=case.pk, content_type__model="evaluationcase")
        .values_list("transition", flat=True)
    )  # fmt: skip
    assert steps == [
        "agree", "score", "acknowledge", "review", "send_back", "score", "acknowledge",
        "review", "screen", "approve", "file_appeal", "decide_appeal",
    ]  # fmt: skip
    assert audit.verify().ok


def test_an_upheld_appeal_gives_the_new_score_and_level(opened):
    world, case = opened, opened.case
    for each in world.cases.values():
        agreed(world, each)
        cases.case_score(each, by=world.boss.user, scores=scores_of(each, 3, 3, 3), idp=["อบรม"])
        cases.result_acknowledge(each, by=each.person.user)
        cases.second_level_review(each, by=world.chief.user)
    rounds.committee_close(world.round, by=world.member.user)
    rounds.round_approve(world.round, by=world.org.executive.user)
    appeals.appeal_file(case, by=case.person.user, reasons="ขอทบทวน")
    appeals.appeal_decide(
        case, by=world.org.executive.user, upheld=True, reasons="หลักฐานเพิ่มเติม",
        scores=scores_of(case, 5, 5, 5),
    )  # fmt: skip
    case.refresh_from_db()
    assert (str(case.total), case.level) == ("100.00", "ดีเด่น")
    assert str(case.appeal.previous_total) == "60.00"


def test_without_a_second_level_an_executive_over_the_unit_gives_the_opinion(world):
    _round, opened = rounds.round_open(
        by=world.hr.user, criteria=world.criteria, unit=world.division
    )
    boss_case = next(case for case in opened if case.person_id == world.boss.pk)
    assert boss_case.second_level_id is None
    cases.agreement_set(boss_case, by=world.chief.user, items=ITEMS)
    cases.agreement_agree(boss_case, by=world.chief.user)
    cases.agreement_agree(boss_case, by=world.boss.user)
    cases.case_score(
        boss_case, by=world.chief.user, scores=scores_of(boss_case, 4, 4, 4), idp=["x"]
    )
    cases.result_acknowledge(boss_case, by=world.boss.user)
    with pytest.raises(Forbidden):
        cases.second_level_review(boss_case, by=world.staff[0].user)
    cases.second_level_review(boss_case, by=world.org.executive.user)
    boss_case.refresh_from_db()
    assert boss_case.state == CaseState.REVIEWED
