"""The Done-when refusals: each a clear 4xx (Invalid 400 / Forbidden 403 / Conflict 409) with a
message, and nothing written — no case, item, log row, audit event or notice."""

import datetime as dt

import pytest
from django.utils import timezone

from evaluations.models import CaseState, EvaluationCase
from evaluations.services import appeals, cases, rounds
from hrflow.errors import Conflict, Forbidden, Invalid
from hrflow.thai import format_date
from tests.evaluations.conftest import ITEMS, agreed, scores_of, snapshot

pytestmark = pytest.mark.django_db


def refused(error, call):
    before = snapshot()
    with pytest.raises(error) as raised:
        call()
    assert raised.value.message
    assert snapshot() == before
    return raised.value


def scored(world, case, values=(4, 4, 4)):
    agreed(world, case)
    return cases.case_score(case, by=world.boss.user, scores=scores_of(case, *values), idp=["อบรม"])


def approved(world):
    for each in world.cases.values():
        scored(world, each)
        cases.result_acknowledge(each, by=each.person.user)
        cases.second_level_review(each, by=world.chief.user)
    rounds.committee_close(world.round, by=world.member.user)
    rounds.round_approve(world.round, by=world.org.executive.user)
    world.case.refresh_from_db()
    return world.case


@pytest.mark.parametrize(
    "items",
    [
        [{**ITEMS[0], "weight": 50}, ITEMS[1], ITEMS[2]],  # 50 + 40 under achievement
        [ITEMS[0], ITEMS[1]],  # nothing under competency
        [ITEMS[0], ITEMS[1], {**ITEMS[2], "weight": "100"}, {**ITEMS[2], "weight": 0.001}],
        [ITEMS[0], ITEMS[1], {**ITEMS[2], "component": 7}],
    ],
)
def test_weights_not_totalling_100_per_component_are_refused(opened, items):
    error = refused(
        Invalid, lambda: cases.agreement_set(opened.case, by=opened.boss.user, items=items)
    )
    assert error.field == "items"


def test_a_score_outside_the_scale_is_refused(opened):
    agreed(opened, opened.case)
    for bad in (6, 0, 2.5, "x", True):
        error = refused(
            Invalid,
            lambda bad=bad: cases.case_score(
                opened.case, by=opened.boss.user, scores=scores_of(opened.case, 5, bad, 3),
                idp=["อบรม"],
            ),
        )  # fmt: skip
        assert error.field == "scores"


def test_an_evaluator_evaluating_themself_is_refused(opened):
    error = refused(
        Invalid,
        lambda: rounds.case_set_evaluator(
            opened.case, by=opened.hr.user, evaluator=opened.case.person, reason="ลองดู"
        ),
    )
    assert error.field == "evaluator"


def test_acknowledging_someone_elses_result_is_refused(opened):
    scored(opened, opened.case)
    other = opened.staff[1]
    for who in (other, opened.boss, opened.org.outsider):
        refused(Forbidden, lambda who=who: cases.result_acknowledge(opened.case, by=who.user))


def test_an_appeal_after_the_window_is_refused(opened):
    case = approved(opened)
    too_late = timezone.now() - dt.timedelta(days=opened.round.appeal_days + 1)
    EvaluationCase.objects.filter(pk=case.pk).update(answered_at=too_late)
    error = refused(
        Conflict, lambda: appeals.appeal_file(case, by=case.person.user, reasons="ขอทบทวน")
    )
    last_day = timezone.localtime(too_late).date() + dt.timedelta(days=opened.round.appeal_days)
    assert format_date(last_day) in error.message


def test_an_appeal_on_the_last_day_of_the_window_is_taken(opened):
    case = approved(opened)
    last_day = timezone.now() - dt.timedelta(days=opened.round.appeal_days)
    EvaluationCase.objects.filter(pk=case.pk).update(answered_at=last_day)
    appeals.appeal_file(case, by=case.person.user, reasons="ขอทบทวน")
    case.refresh_from_db()
    assert case.state == CaseState.APPEALED


@pytest.mark.parametrize("who", ["outsider", "colleague", "hr", "auditor", "member"])
def test_a_step_by_someone_not_on_the_case_is_refused(opened, who):
    person = {
        "outsider": opened.org.outsider,
        "colleague": opened.staff[1],
        "hr": opened.hr,
        "auditor": opened.org.auditor,
        "member": opened.member,
    }[who]
    case = opened.case
    refused(Forbidden, lambda: cases.agreement_set(case, by=person.user, items=ITEMS))
    agreed(opened, case)
    refused(
        Forbidden,
        lambda: cases.case_score(case, by=person.user, scores=scores_of(case, 4, 4, 4), idp=["x"]),
    )
    cases.case_score(case, by=opened.boss.user, scores=scores_of(case, 4, 4, 4), idp=["อบรม"])
    refused(Forbidden, lambda: cases.result_decline(case, by=person.user, witness="นายพยาน"))
    cases.result_acknowledge(case, by=case.person.user)
    refused(Forbidden, lambda: cases.second_level_review(case, by=person.user))


def test_only_the_committee_sends_back_and_a_member_never_screens_their_own_case(opened):
    case = scored(opened, opened.case)
    cases.result_acknowledge(case, by=case.person.user)
    cases.second_level_review(case, by=opened.chief.user)
    rounds.committee_set(opened.round, by=opened.hr.user, members=[opened.member, case.person])
    refused(Forbidden, lambda: rounds.committee_send_back(case, by=case.person.user, reason="x"))
    refused(Forbidden, lambda: rounds.committee_send_back(case, by=opened.boss.user, reason="x"))
    refused(Invalid, lambda: rounds.committee_send_back(case, by=opened.member.user, reason=" "))


def test_the_committee_cannot_close_while_cases_wait_for_the_second_level(opened):
    refused(Conflict, lambda: rounds.committee_close(opened.round, by=opened.member.user))


def test_editing_after_approval_is_refused(opened):
    case = approved(opened)
    refused(Conflict, lambda: cases.agreement_set(case, by=opened.boss.user, items=ITEMS))
    refused(
        Conflict,
        lambda: cases.case_score(case, by=opened.boss.user, scores=scores_of(case, 5, 5, 5)),
    )
    refused(Conflict, lambda: cases.result_acknowledge(case, by=case.person.user))
    refused(
        Conflict,
        lambda: rounds.case_set_evaluator(
            case, by=opened.hr.user, evaluator=opened.chief, reason="ย้าย"
        ),
    )
    refused(Conflict, lambda: rounds.round_approve(opened.round, by=opened.org.executive.user))


def test_a_changed_agreed_agreement_needs_both_sides_again(opened):
    case = agreed(opened, opened.case)
    assert case.state == CaseState.AGREED
    cases.agreement_set(case, by=case.person.user, items=[*ITEMS[:2], {**ITEMS[2], "name": "ใหม่"}])
    case.refresh_from_db()
    assert (case.state, case.version, case.person_agreed_at) == (CaseState.AGREEMENT, 2, None)
    cases.agreement_agree(case, by=case.person.user)
    refused(Conflict, lambda: cases.agreement_agree(case, by=case.person.user))
    case = cases.agreement_agree(case, by=opened.boss.user)
    assert case.state == CaseState.AGREED


def test_only_hr_opens_a_round_and_only_from_published_criteria(world):
    from tests.factories import criteria_draft

    for who in (world.boss, world.org.auditor, world.org.executive):
        refused(
            Forbidden,
            lambda who=who: rounds.round_open(
                by=who.user, criteria=world.criteria, unit=world.team
            ),
        )
    draft = criteria_draft(world.org, title="ร่าง")
    refused(Invalid, lambda: rounds.round_open(by=world.hr.user, criteria=draft, unit=world.team))
    refused(
        Invalid,
        lambda: rounds.round_open(
            by=world.hr.user, criteria=world.criteria, unit=world.team, scale_max=1
        ),
    )


def test_an_appeal_is_decided_by_an_executive_with_reasons(opened):
    case = approved(opened)
    appeals.appeal_file(case, by=case.person.user, reasons="ขอทบทวน")
    refused(
        Forbidden,
        lambda: appeals.appeal_decide(case, by=opened.boss.user, upheld=False, reasons="x"),
    )
    refused(
        Invalid,
        lambda: appeals.appeal_decide(case, by=opened.org.executive.user, upheld=False, reasons=""),
    )
    refused(
        Invalid,
        lambda: appeals.appeal_decide(case, by=opened.org.executive.user, upheld=True, reasons="x"),
    )
