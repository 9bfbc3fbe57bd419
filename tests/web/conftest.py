import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Acknowledgement
from workflows import services


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_(client):
    """as_(persona) → the test client logged in as that persona (None: anonymous).

    Pages are asked for in English, so assertions on messages read the msgids and stay true
    once the Thai catalogue exists; lang="" asks without a preference (Thai by default)."""

    def login(persona, lang="en"):
        client.logout()
        client.defaults.pop("HTTP_ACCEPT_LANGUAGE", None)
        if lang:
            client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
        if persona is not None:
            client.force_login(persona.user)
        return client

    return login


def new_draft(org, title="ร่างประกาศเรื่องการแต่งกาย", **fields):
    return services.circular_create(
        by=org.clerk.user,
        title=title,
        body=fields.pop("body", "<p>ร่างเนื้อหา</p>"),
        deadline=fields.pop("deadline", timezone.localdate() + dt.timedelta(days=7)),
        audience=fields.pop("audience", [{"kind": "unit", "id": org.office.pk, "subunits": True}]),
        **fields,
    )


@pytest.fixture
def draft(org):
    return new_draft(org)


def walk(circular, org, *steps):
    by = {"submit": org.clerk, "approve": org.executive, "publish": org.executive}
    for step in steps:
        circular = services.apply_transition(circular, step, by=by[step].user)
    return circular


@pytest.fixture
def published(org):
    """Published to the office and its section: head, clerk, executive and employee."""
    return walk(new_draft(org, "ประกาศเรื่องวันหยุดราชการ"), org, "submit", "approve", "publish")


@pytest.fixture
def employee_ack(org, published):
    return Acknowledgement.objects.get(employee=org.employee, object_id=published.pk)
