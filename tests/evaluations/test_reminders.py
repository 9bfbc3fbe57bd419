"""Reminders before each of a round's deadlines and escalation to the head of unit after it,
as rows of the real outbox: the next actor of each waiting case, nobody else, and a second
run sends nothing twice."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from evaluations import tasks
from evaluations.models import EvaluationRound
from evaluations.services import cases, reminders
from notifications.models import Notice
from tests.evaluations.conftest import ITEMS, agreed, scores_of

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 1, 10)


@pytest.fixture(autouse=True)
def reminder_days(settings):
    settings.HRFLOW_REMIND_DAYS_BEFORE = [7, 1]
    settings.HRFLOW_ESCALATE_AFTER_DAYS = 3


def due(world, **days):
    """Set the round's deadlines to TODAY + n days."""
    EvaluationRound.objects.filter(pk=world.round.pk).update(
        **{field: TODAY + dt.timedelta(days=n) for field, n in days.items()}
    )


def recipients(**filters):
    return set(Notice.objects.filter(**filters).values_list("recipient_id", flat=True))


def run(day=TODAY):
    return reminders.remind_and_escalate(day)


def test_a_week_before_the_agreement_is_due_both_sides_who_have_not_agreed_are_reminded(opened):
    due(opened, agreement_due=7, assessment_due=60, result_due=80)
    first = opened.case
    cases.agreement_set(first, by=opened.boss.user, items=ITEMS)
    cases.agreement_agree(first, by=opened.boss.user)  # the evaluator has agreed, the person not
    done = opened.cases[opened.staff[1].pk]
    agreed(opened, done)  # nothing left to agree here
    before = set(Notice.objects.values_list("pk", flat=True))
    assert run()["reminders"] > 0
    new = Notice.objects.exclude(pk__in=before)
    assert set(new.values_list("recipient_id", flat=True)) == {
        opened.boss.pk,
        *(person.pk for person in opened.staff if person.pk != opened.staff[1].pk),
    }
    assert all("ข้อตกลง" in n.subject or "agree" in n.subject for n in new)
    assert not new.filter(subject__contains="Late").exists()
    # The boss is on four cases still waiting for their agreement, the first one not any more:
    # one reminder for the boss all the same (one per actor and deadline a day).
    assert new.filter(recipient=opened.boss, channel="inapp").count() == 1


def test_a_second_run_the_same_day_sends_nothing_and_a_day_off_the_schedule_nothing(opened):
    due(opened, agreement_due=7, assessment_due=60, result_due=80)
    run()
    count = Notice.objects.count()
    assert run() == {"reminders": 0, "escalations": 0}
    assert run(TODAY + dt.timedelta(days=1)) == {"reminders": 0, "escalations": 0}  # 6 days
    assert Notice.objects.count() == count
    assert run(TODAY + dt.timedelta(days=6))["reminders"] > 0  # the day before
    assert Notice.objects.count() > count


def test_after_the_deadline_the_heads_above_the_late_actors_are_told_once(opened):
    due(opened, agreement_due=-3, assessment_due=60, result_due=80)
    before = set(Notice.objects.values_list("pk", flat=True))
    outcome = run()
    assert outcome["reminders"] > 0 and outcome["escalations"] > 0
    escalations = Notice.objects.exclude(pk__in=before).filter(subject__contains="Late")
    if not escalations.exists():  # the subject in Thai
        escalations = Notice.objects.exclude(pk__in=before).filter(subject__contains="ล่าช้า")
    # The five people are late to agree: the head above them is the boss; the boss is late
    # too: the head above the boss is the chief.
    assert set(escalations.values_list("recipient_id", flat=True)) == {
        opened.boss.pk,
        opened.chief.pk,
    }
    boss_notice = escalations.filter(recipient=opened.boss).first()
    assert all(person.full_name in boss_notice.text for person in opened.staff)
    count = Notice.objects.count()
    assert run() == {"reminders": 0, "escalations": 0}
    following = run(TODAY + dt.timedelta(days=1))
    assert following["reminders"] > 0 and following["escalations"] == 0  # daily, not again
    assert Notice.objects.count() > count


def test_before_escalate_after_days_there_is_no_escalation(opened):
    due(opened, agreement_due=-2, assessment_due=60, result_due=80)
    assert run()["escalations"] == 0


def test_each_deadline_reminds_the_actor_its_step_waits_for(opened):
    due(opened, agreement_due=-40, assessment_due=1, result_due=1)
    scored, acknowledged = opened.cases[opened.staff[0].pk], opened.cases[opened.staff[1].pk]
    waiting_score = opened.cases[opened.staff[2].pk]
    for case in (scored, acknowledged, waiting_score):
        agreed(opened, case)
    for case in (scored, acknowledged):
        cases.case_score(case, by=opened.boss.user, scores=scores_of(case, 4, 4, 4), idp=["อบรม"])
    cases.result_acknowledge(acknowledged, by=acknowledged.person.user)
    before = set(Notice.objects.values_list("pk", flat=True))
    run()
    new = Notice.objects.exclude(pk__in=before)
    late_agreement = {opened.staff[3].pk, opened.staff[4].pk, opened.boss.pk}
    # agreement: 2 people + the boss (late: reminded daily); scores: the boss; result: the
    # scored person (to acknowledge), the chief (second level of the acknowledged one).
    assert set(new.values_list("recipient_id", flat=True)) == late_agreement | {
        opened.staff[0].pk,
        opened.chief.pk,
    }
    assert not new.filter(recipient_id__in=[opened.staff[1].pk, opened.staff[2].pk]).exists()


def test_a_round_whose_committee_closed_its_review_reminds_nobody(opened):
    due(opened, agreement_due=1, assessment_due=1, result_due=1)
    EvaluationRound.objects.filter(pk=opened.round.pk).update(state="screened")
    count = Notice.objects.count()
    assert run() == {"reminders": 0, "escalations": 0}
    assert Notice.objects.count() == count


def test_a_round_opens_with_its_three_deadlines(opened):
    round_ = opened.round
    assert round_.agreement_due == round_.starts_on + dt.timedelta(days=30)
    assert round_.assessment_due == round_.ends_on
    assert round_.result_due == round_.ends_on + dt.timedelta(days=15)


def test_beat_runs_the_reminders_task_and_the_task_calls_the_service(opened):
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == tasks.remind_evaluation_deadlines.name
    )  # fmt: skip
    assert entry["schedule"] <= dt.timedelta(days=1)
    due_today = timezone.localdate() - TODAY
    due(opened, agreement_due=1 + due_today.days, assessment_due=90, result_due=99)
    assert tasks.remind_evaluation_deadlines()["reminders"] > 0
