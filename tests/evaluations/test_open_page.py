"""HR opens a round on its page: the round and its cases exist and HR lands on its progress;
what the form or the service refuses is shown on the form, with the status, and writes nothing."""

import pytest

from evaluations.models import EvaluationCase, EvaluationRound
from tests.evaluations.conftest import snapshot

pytestmark = pytest.mark.django_db


def form(world, **changes):
    return {
        "criteria": world.criteria.pk, "unit": world.team.pk, "committee": [world.member.pk],
        "scale_max": 5, "appeal_days": 30, **changes,
    }  # fmt: skip


def test_hr_opens_a_round_for_a_unit_of_five_on_the_page(world, as_):
    hr = as_(world.hr)
    page = hr.get("/evaluations/")
    assert b'data-action="round-new"' in page.content
    assert b"round-open" in hr.get("/evaluations/rounds/new/").content
    response = hr.post("/evaluations/rounds/new/", form(world))
    round_ = EvaluationRound.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/evaluations/rounds/{round_.pk}/"
    )
    assert EvaluationCase.objects.filter(round=round_).count() == 5
    assert list(round_.committee.all()) == [world.member]


def test_a_refused_opening_is_a_form_error_with_what_was_typed_and_writes_nothing(world, as_):
    hr = as_(world.hr)
    before = snapshot()
    bad_scale = hr.post("/evaluations/rounds/new/", form(world, scale_max=11))
    assert bad_scale.status_code == 400 and b"data-error-summary" in bad_scale.content
    no_unit = hr.post("/evaluations/rounds/new/", form(world, unit=999999))
    assert no_unit.status_code == 400 and b"data-error-summary" in no_unit.content
    assert snapshot() == before
    assert not EvaluationRound.objects.exists()


def test_only_hr_sees_the_link_and_the_page(world, as_):
    for person in (world.staff[0], world.boss, world.member, world.chief):
        client = as_(person)
        assert b'data-action="round-new"' not in client.get("/evaluations/").content
        assert client.get("/evaluations/rounds/new/").status_code == 403
        assert client.post("/evaluations/rounds/new/", form(world)).status_code == 403
    assert not EvaluationRound.objects.exists()
