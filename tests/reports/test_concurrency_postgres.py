"""The report asks nobody to acknowledge, so the shared race tests skip it (see
IntegrityReport's docstring) and it gets its own race tests on PostgreSQL's real row locks:
simultaneous publishes and simultaneous builds."""

import pytest

from hrflow.errors import Conflict
from reports import services as report_services
from reports.models import IntegrityReport
from tests.concurrency import at_once
from tests.reports.conftest import YEAR, build
from workflows.models import State, TransitionLog
from workflows.services import apply_transition

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_eight_simultaneous_publishes_one_wins_one_log_row(org):
    report = build(org)
    report = apply_transition(report, "submit", by=org.clerk.user)
    report = apply_transition(report, "approve", by=org.executive.user)

    outcomes = at_once(
        8,
        lambda _: apply_transition(
            IntegrityReport.objects.get(pk=report.pk), "publish", by=org.executive.user
        ),
    )

    winners = [o for o in outcomes if isinstance(o, IntegrityReport)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, Conflict) for o in outcomes if o not in winners), outcomes
    assert IntegrityReport.objects.get(pk=report.pk).state == State.PUBLISHED
    publishes = TransitionLog.objects.filter(
        content_type__model="integrityreport", object_id=report.pk, transition="publish"
    )
    assert publishes.count() == 1


def test_six_simultaneous_builds_of_a_year_make_one_report(org):
    outcomes = at_once(6, lambda _: report_services.report_build(YEAR, by=org.clerk.user))

    # They take turns on the year's measures: one builds, the others rebuild its draft.
    assert all(isinstance(o, IntegrityReport) for o in outcomes), outcomes
    assert {o.pk for o in outcomes} == set(IntegrityReport.objects.values_list("pk", flat=True))
    assert IntegrityReport.objects.filter(fiscal_year=YEAR).count() == 1
    builds = TransitionLog.objects.filter(content_type__model="integrityreport", transition="build")
    assert builds.count() == 6
