"""The author of a version never approves it — for every kind, the integrity report included,
decided once in apply_transition: whoever drafted or submitted a version gets a 403 on its
approve step, and on its publish step unless HRFLOW_EXECUTIVE_MAY_PUBLISH_OWN allows it (then
only with a reason, logged)."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from hrflow.errors import Forbidden, Invalid
from hrflow.models import AuditEvent
from meetings.models import MeetingMinutes
from reports import services as report_services
from tests.factories import make_person
from tests.workflows.kinds import REGISTRY, shared_kinds
from workflows import services
from workflows.models import State, TransitionLog

pytestmark = pytest.mark.django_db

# The registered document kinds with the common workflow (tests/workflows/kinds.py).
KINDS = shared_kinds()
# Minutes' author is their secretary, whom the minutes' own stricter rule never lets chair or
# approve at all (tests/workflows/test_minutes_duties.py): the 403 comes before this rule's.
AUTHOR_MAY_HOLD_THE_ROLE = [model for model in KINDS if model is not MeetingMinutes]


@pytest.fixture(autouse=True)
def english():
    """The services' messages in English, so the assertions read the msgids."""
    with translation.override("en"):
        yield


def also_executive(person):
    """The person now also holds the executive role (a small agency's clerk-and-approver)."""
    person.user.groups.add(Group.objects.get_or_create(name="executive")[0])
    person.user.__dict__.pop("_hrflow_roles", None)
    return person


def written_by_clerk(org, model):
    """A version of the kind drafted and submitted by the clerk, who may also approve it by
    role (for minutes: the clerk, their secretary, also chairs the meeting)."""
    document = REGISTRY[model].make_draft(org)
    also_executive(org.clerk)
    if isinstance(document, MeetingMinutes):
        MeetingMinutes.objects.filter(pk=document.pk).update(chair=org.clerk)
        document.refresh_from_db()
    return services.apply_transition(document, "submit", by=org.clerk.user)


def steps_of(document):
    return list(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        ).values_list("transition", flat=True)
    )


@pytest.mark.parametrize("model", AUTHOR_MAY_HOLD_THE_ROLE, ids=lambda model: model.kind_slug)
def test_the_author_of_a_version_may_not_approve_it(org, model):
    document = written_by_clerk(org, model)
    with pytest.raises(Forbidden, match="You drafted or submitted this version"):
        services.apply_transition(document, "approve", by=org.clerk.user)
    document.refresh_from_db()
    assert document.state == State.IN_REVIEW
    assert steps_of(document) == ["submit"]
    assert "approve" not in services.available_transitions(document, org.clerk.user)


@pytest.mark.parametrize("model", AUTHOR_MAY_HOLD_THE_ROLE, ids=lambda model: model.kind_slug)
def test_the_author_approving_on_the_page_or_the_api_is_a_403_with_the_message(org, as_, model):
    document = written_by_clerk(org, model)
    url = reverse(f"workflows:{model._meta.model_name}-transition", args=[document.pk, "approve"])
    response = as_(org.clerk).post(url, {"from_state": State.IN_REVIEW})
    assert response.status_code == 403
    assert "You drafted or submitted this version" in response.content.decode()
    client = APIClient()
    client.force_login(org.clerk.user)
    response = client.post(
        f"/api/{model.kind_slug}/{document.pk}/transitions/approve/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert "You drafted or submitted this version" in response.json()["detail"]
    document.refresh_from_db()
    assert document.state == State.IN_REVIEW


def test_whoever_submitted_a_version_drafted_by_someone_else_may_not_approve_it(org):
    document = REGISTRY[KINDS[0]].make_draft(org)
    second = also_executive(make_person("clerk2", roles=["employee", "clerk"], unit=org.office))
    document = services.apply_transition(document, "submit", by=second.user)
    with pytest.raises(Forbidden):
        services.apply_transition(document, "approve", by=second.user)
    # Anyone else holding the role may.
    document = services.apply_transition(document, "approve", by=org.executive.user)
    assert document.state == State.APPROVED


@pytest.mark.parametrize("model", AUTHOR_MAY_HOLD_THE_ROLE, ids=lambda model: model.kind_slug)
def test_the_author_may_not_publish_what_they_wrote_by_default(org, model):
    document = written_by_clerk(org, model)
    approver = org.executive
    document = services.apply_transition(document, "approve", by=approver.user)
    with pytest.raises(Forbidden, match="You drafted or submitted this version"):
        services.apply_transition(document, "publish", by=org.clerk.user, note="ด่วน")
    document.refresh_from_db()
    assert document.state == State.APPROVED
    assert "publish" not in services.available_transitions(document, org.clerk.user)


def test_with_the_setting_an_executive_publishes_what_they_wrote_only_with_a_logged_reason(
    org, settings
):
    settings.HRFLOW_EXECUTIVE_MAY_PUBLISH_OWN = True
    document = written_by_clerk(org, KINDS[0])
    document = services.apply_transition(document, "approve", by=org.executive.user)
    assert "publish" in services.available_transitions(document, org.clerk.user)
    with pytest.raises(Invalid, match="give the reason"):
        services.apply_transition(document, "publish", by=org.clerk.user)
    document.refresh_from_db()
    assert document.state == State.APPROVED
    reason = "ผู้บริหารคนเดียวของหน่วยงาน"
    document = services.apply_transition(document, "publish", by=org.clerk.user, note=reason)
    assert document.state == State.PUBLISHED
    log = TransitionLog.objects.get(transition="publish", object_id=document.pk)
    assert (log.by_id, log.note) == (org.clerk.user.pk, reason)
    event = AuditEvent.objects.filter(kind="transition").order_by("-seq").first()
    assert event.data["own_version"] is True and event.data["note"] == reason
    # Approving one's own version stays refused whatever the setting.
    other = written_by_clerk(org, KINDS[0])
    with pytest.raises(Forbidden):
        services.apply_transition(other, "approve", by=org.clerk.user)


def test_the_author_of_an_integrity_report_may_not_approve_it(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    also_executive(org.clerk)
    report = report_services.report_build(2569, by=org.clerk.user)
    report = services.apply_transition(report, "submit", by=org.clerk.user)
    with pytest.raises(Forbidden):
        services.apply_transition(report, "approve", by=org.clerk.user)
    report = services.apply_transition(report, "approve", by=org.executive.user)
    assert report.state == State.APPROVED
