"""A step form that does not validate is refused as a whole (400 with a message) and nothing
moves — on every kind's page, the integrity report's page and the API's transition endpoint.

Before, an invalid `from_state` (e.g. 100,000 characters) made the form invalid, the page then
dropped the state it had seen and the step was applied with no stale-state check at all."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient

from reports import services as report_services
from tests.workflows.kinds import REGISTRY, shared_kinds
from workflows import services
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db

# The registered document kinds with the common workflow (tests/workflows/kinds.py).
KINDS = shared_kinds()

BAD_STATES = ["x" * 100_000, "bogus", "in_review\x00"]
# What the page says: a NUL is refused before any view reads the form (hrflow.middleware).
REFUSAL = ("Reload it and try again", "NUL character")


@pytest.fixture(params=KINDS, ids=lambda model: model.kind_slug)
def submitted(request, org):
    document = REGISTRY[request.param].make_draft(org)
    return services.apply_transition(document, "submit", by=org.clerk.user)


def steps_of(document):
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    ).count()


@pytest.mark.parametrize("bad", BAD_STATES, ids=["100k", "unknown", "nul"])
def test_a_step_page_refuses_an_invalid_from_state_with_a_400_and_moves_nothing(
    submitted, org, as_, bad
):
    url = reverse(
        f"workflows:{submitted._meta.model_name}-transition", args=[submitted.pk, "approve"]
    )
    before = steps_of(submitted)
    response = as_(org.executive).post(url, {"from_state": bad, "note": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert any(words in page for words in REFUSAL)
    assert "x" * 1000 not in page  # the message names the problem, it does not echo the value
    submitted.refresh_from_db()
    assert submitted.state == State.IN_REVIEW
    assert steps_of(submitted) == before


def test_a_valid_from_state_still_takes_the_step(submitted, org, as_):
    url = reverse(
        f"workflows:{submitted._meta.model_name}-transition", args=[submitted.pk, "approve"]
    )
    response = as_(org.executive).post(url, {"from_state": State.IN_REVIEW})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED


@pytest.mark.parametrize("bad", BAD_STATES, ids=["100k", "unknown", "nul"])
def test_the_api_refuses_an_invalid_from_state_with_a_400_and_moves_nothing(submitted, org, bad):
    client = APIClient()
    client.force_login(org.executive.user)
    url = f"/api/{submitted.kind_slug}/{submitted.pk}/transitions/approve/"
    before = steps_of(submitted)
    response = client.post(url, {"from_state": bad}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.state == State.IN_REVIEW
    assert steps_of(submitted) == before


@pytest.mark.parametrize("bad", BAD_STATES, ids=["100k", "unknown", "nul"])
def test_the_report_step_form_refuses_an_invalid_from_state(org, as_, settings, tmp_path, bad):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    report = report_services.report_build(2569, by=org.clerk.user)
    report = services.apply_transition(report, "submit", by=org.clerk.user)
    url = reverse("reports:step", args=[report.pk, "approve"])
    before = steps_of(report)
    response = as_(org.executive).post(url, {"from_state": bad})
    assert response.status_code == 400
    assert any(words in response.content.decode() for words in REFUSAL)
    report.refresh_from_db()
    assert report.state == State.IN_REVIEW
    assert steps_of(report) == before
