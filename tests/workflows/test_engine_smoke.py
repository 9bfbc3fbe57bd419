import pytest

from notifications.models import Acknowledgement, Notice
from workflows import services
from workflows.errors import Conflict, Forbidden, Invalid
from workflows.models import State, TransitionLog


@pytest.mark.django_db
def test_a_circular_goes_from_draft_to_published_and_asks_its_audience(org):
    circular = services.circular_create(
        by=org.clerk.user,
        title="ประกาศทดสอบ",
        body="<p>ทดสอบ</p>",
        audience=[{"kind": "unit", "id": org.office.pk, "subunits": True}],
    )
    circular = services.apply_transition(circular, "submit", by=org.clerk.user)
    with pytest.raises(Forbidden):
        services.apply_transition(circular, "approve", by=org.clerk.user)
    with pytest.raises(Invalid):
        services.apply_transition(circular, "send_back", by=org.executive.user)
    circular = services.apply_transition(circular, "approve", by=org.executive.user)
    circular = services.apply_transition(circular, "publish", by=org.executive.user)
    assert circular.state == State.PUBLISHED
    assert circular.number == 1
    assert circular.number_display.startswith("ที่ ")
    assert Acknowledgement.objects.count() == 4  # head, clerk, executive, employee
    assert Notice.objects.filter(channel="inapp").count() == 4
    assert TransitionLog.objects.count() == 3
    with pytest.raises(Conflict):
        services.apply_transition(circular, "publish", by=org.executive.user)
