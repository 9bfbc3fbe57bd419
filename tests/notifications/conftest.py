import datetime as dt

import pytest
from django.utils import timezone

from circulars import services as circular_services
from notifications.models import Notice
from workflows import services


@pytest.fixture
def publish(org):
    """publish(audience=…, deadline=…) → a circular published by the personas' office."""

    def publish(audience=None, *, deadline=None, title="ประกาศเรื่องการลาพักผ่อนประจำปี"):
        circular = circular_services.circular_create(
            by=org.clerk.user,
            title=title,
            body="<p>โปรดทราบและถือปฏิบัติ</p>",
            deadline=deadline or timezone.localdate() + dt.timedelta(days=14),
            audience=audience or [{"kind": "unit", "id": org.office.pk, "subunits": True}],
        )
        for step, persona in (("submit", org.clerk), ("approve", org.executive)):
            services.apply_transition(circular, step, by=persona.user)
        # Submitting told the approvers (tests/workflows/test_submit_notifies.py); these tests
        # are about the publish's own notices, so they start from an empty outbox.
        Notice.objects.filter(kind=Notice.Kind.MESSAGE).delete()
        return services.apply_transition(circular, "publish", by=org.executive.user)

    return publish
