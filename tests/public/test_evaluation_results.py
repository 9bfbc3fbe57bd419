"""The public listing of announced evaluation results: only when HR put the round's
announcement on the public page, only approved rounds, only the names at the top two levels —
no score, unit or anything else of a case; anything else answers the same 404."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import EvaluationCase
from evaluations.services import rounds
from tests.evaluations.test_api_access import PERSONAS, persona, through

pytestmark = pytest.mark.django_db


def levels(world, *values):
    """Give the five cases these totals and levels (the approved round's results)."""
    for person, (total, level) in zip(world.staff, values, strict=True):
        EvaluationCase.objects.filter(round=world.round, person=person).update(
            total=total, level=level
        )


def url(world, suffix=""):
    return f"/public/{world.round.fiscal_year}/evaluation-results/{world.round.pk}/{suffix}"


@pytest.fixture
def announced(opened):
    through(opened, "approved")
    levels(opened, (95, "ดีเด่น"), (85.5, "ดีมาก"), (75, "ดี"), (65, "พอใช้"), (40, "ต้องปรับปรุง"))
    rounds.round_announce(opened.round, by=opened.hr.user, public=True)
    return opened


@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_and_anonymous_read_the_public_names_and_only_them(announced, as_, who):
    response = as_(persona(announced, who)).get(url(announced))
    assert response.status_code == 200
    html = response.content.decode()
    shown = [announced.staff[0].full_name, announced.staff[1].full_name]
    hidden = [p.full_name for p in announced.staff[2:]]
    assert all(name in html for name in shown)
    assert not any(name in html for name in hidden)
    listing = html.split("data-announced")[1]
    assert not re.search(r"(?<![\d])(95|85\.5)(\.0+)?(?![\d])", listing)  # no scores
    assert announced.team.name not in listing  # no unit per name


def test_the_round_is_listed_under_its_fiscal_year(announced, as_):
    page = as_(None).get(f"/public/{announced.round.fiscal_year}/evaluation-results/")
    assert page.status_code == 200 and url(announced) in page.content.decode()


def test_an_announcement_kept_for_staff_is_not_public(opened, as_):
    through(opened, "approved")
    levels(opened, (95, "ดีเด่น"), (85, "ดีมาก"), (75, "ดี"), (65, "พอใช้"), (40, "ต้องปรับปรุง"))
    rounds.round_announce(opened.round, by=opened.hr.user, public=False)
    assert as_(None).get(url(opened)).status_code == 404
    year = as_(None).get(f"/public/{opened.round.fiscal_year}/evaluation-results/")
    assert url(opened) not in year.content.decode()


@pytest.mark.parametrize("stage", ["open", "screened"])
def test_a_round_not_approved_is_not_public_even_if_flagged(opened, as_, stage):
    through(opened, stage)
    type(opened.round).objects.filter(pk=opened.round.pk).update(
        announce_public=True, announced_at=opened.round.opened_at
    )
    assert as_(None).get(url(opened)).status_code == 404


def test_the_year_listing_runs_the_same_queries_for_one_round_or_several(announced, as_):
    from public import evaluation_results

    with CaptureQueriesContext(connection) as one:
        assert len(evaluation_results.items(announced.round.fiscal_year)) == 1
    assert len(one) == 1
