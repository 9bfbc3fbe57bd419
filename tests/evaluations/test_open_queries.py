"""Opening a round runs a fixed number of queries however many people are in scope (the
10,000-case round of `make bench`): cases, their notices and the evaluators' notices in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import EvaluationCase
from evaluations.services import rounds
from hrflow.models import Employee
from notifications.models import Notice
from tests.factories import DepartmentFactory, bulk_people, criteria_draft, make_person
from tests.hr_world import publish

pytestmark = pytest.mark.django_db


def scope(org, teams, name):
    """A unit with `teams` sub-units of five contract staff, each headed by one more of them
    (their evaluator): as many evaluators as teams."""
    parent = DepartmentFactory(name=f"กอง{name}")
    for n in range(teams):
        team = bulk_people(5, prefix=f"{name}{n}-")
        team.parent = parent
        team.head = make_person(f"{name}{n}head", unit=team, employment_type="contract")
        team.save()
    return parent


def test_opening_a_round_runs_the_same_queries_for_2_or_4_evaluators_and_their_teams(org):
    # Small enough that SQLite writes every bulk in one batch too.
    small, large = scope(org, 2, "small"), scope(org, 4, "large")
    criteria = publish(criteria_draft(org, employment_types=["contract"]), org)
    counts = []
    for unit, teams in ((small, 2), (large, 4)):
        with CaptureQueriesContext(connection) as queries:
            round_, cases = rounds.round_open(by=org.clerk.user, criteria=criteria, unit=unit)
        counts.append(len(queries))
        people = Employee.objects.filter(unit__parent=unit)
        assert len(cases) == people.count() == teams * 6
        # Every person and every evaluator is told, in the outbox.
        told = Notice.objects.filter(dedupe_key__contains=f"eval-round:{round_.pk}:open")
        assert set(told.values_list("recipient_id", flat=True)) == set(
            people.values_list("pk", flat=True)
        )
        evaluators = set(
            EvaluationCase.objects.filter(round=round_, evaluator__isnull=False).values_list(
                "evaluator_id", flat=True
            )
        )
        assert len(evaluators) == teams
        assert told.filter(recipient_id__in=evaluators, text__contains="5").count() >= teams
    assert counts[0] == counts[1]
