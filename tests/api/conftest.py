"""API helpers: a logged-in client per persona, circulars in any state, and a snapshot of
everything a refused request must leave untouched."""

from contextlib import contextmanager

import pytest
from rest_framework.test import APIClient

from circulars import services as circular_services
from circulars.models import Circular
from notifications import services as notices
from notifications.models import Acknowledgement, Notice
from workflows import services
from workflows.models import RegisterCounter, TransitionLog

# The steps from a new draft to each state, taken by the persona who may take them.
PATH_TO = {
    "draft": [],
    "in_review": [("submit", "clerk")],
    "approved": [("submit", "clerk"), ("approve", "executive")],
    "published": [("submit", "clerk"), ("approve", "executive"), ("publish", "executive")],
    "withdrawn": [
        ("submit", "clerk"),
        ("approve", "executive"),
        ("publish", "executive"),
        ("withdraw", "executive"),
    ],
}


@pytest.fixture
def login(org):
    """login(persona) → an APIClient with a real session for that persona (None: anonymous)."""

    def _login(person=None):
        client = APIClient()
        if person is not None:
            client.force_login(person.user)
        return client

    return _login


@pytest.fixture
def make_circular(org):
    """A circular of the office, addressed to the office and its section (head, clerk,
    executive, employee), moved to `state` through the one write path."""

    def _make(state="draft", **fields):
        fields.setdefault("title", "แนวทางปฏิบัติเรื่องการลา")
        fields.setdefault("body", "<p>โปรดทราบและถือปฏิบัติ</p>")
        fields.setdefault("audience", [{"kind": "unit", "id": org.office.pk, "subunits": True}])
        circular = circular_services.circular_create(by=org.clerk.user, **fields)
        for step, who in PATH_TO[state]:
            circular = services.apply_transition(
                circular, step, by=getattr(org, who).user, note="เหตุผลทดสอบ"
            )
        return circular

    return _make


def deliver_all():
    """Run the delivery service over every waiting notice, as a worker would."""
    return notices.deliver(list(Notice.objects.values_list("pk", flat=True)))


def world():
    """What a refused request must not change: the log, states and versions, the register,
    acknowledgements and the outbox."""
    return {
        "log": list(TransitionLog.objects.values_list("pk", flat=True)),
        "circulars": list(
            Circular.objects.order_by("pk").values_list(
                "pk", "state", "title", "body", "audience", "lock_version", "number"
            )
        ),
        "register": list(RegisterCounter.objects.values_list("code", "year", "last_number")),
        "acks": list(Acknowledgement.objects.order_by("pk").values_list("pk", "acknowledged_at")),
        "notices": Notice.objects.count(),
    }


@pytest.fixture
def unchanged():
    """with unchanged(): … — asserts the world is the same after the block."""

    @contextmanager
    def _unchanged():
        before = world()
        yield
        assert world() == before

    return _unchanged
