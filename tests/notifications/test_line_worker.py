"""LINE delivery through a real Celery worker (never eager mode) to the local fake of the
Messaging API: 500 linked people get exactly 500 pushes, and a 429 only delays them."""

import pytest
from django.utils import timezone

from notifications import services
from notifications.models import LineLink, Notice
from tests.factories import bulk_people
from tests.notifications.test_delivery_worker import finished, queue_length, wait_until, worker

from .fakeline import FakeLine

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["finished", "worker"]  # fixtures, used by name


@pytest.fixture
def fake(settings):
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp", "line"]
    with FakeLine() as fake:
        settings.HRFLOW_LINE_CHANNEL_TOKEN = fake.token
        settings.HRFLOW_LINE_API_URL = fake.url
        yield fake


def linked_staff(count):
    unit = bulk_people(count, prefix="line")
    people = list(unit.employees.values_list("pk", flat=True))
    LineLink.objects.bulk_create(
        LineLink(employee_id=pk, line_user_id=f"U{pk:032x}", linked_at=timezone.now())
        for pk in people
    )
    return people


def line_sent():
    return Notice.objects.filter(channel="line", status=Notice.Status.SENT).count()


@pytest.mark.redis
def test_500_linked_people_get_exactly_500_pushes_and_a_429_only_delays_them(org, fake, worker):
    people = linked_staff(500)
    fake.script = {"*": [429]}  # LINE throttles the first push of the run
    ids = services.notify(people, subject="ประกาศทดสอบ LINE", link="/inbox/", key="line-500")

    waiting = Notice.objects.filter(channel="line").exclude(status=Notice.Status.SENT)
    throttled = waiting.filter(last_error__startswith="LINE 429")
    wait_until(
        lambda: waiting.exists() and waiting.count() == throttled.count(),
        what="the first round, up to LINE's 429",
    )
    # The rows behind the 429 wait out Retry-After; then the beat's sweep hands them back.
    wait_until(
        lambda: not waiting.filter(lease_until__gt=timezone.now()).exists(),
        what="Retry-After to pass",
    )
    assert services.sweep() == waiting.count()
    wait_until(lambda: line_sent() == 500, what="500 LINE pushes")
    wait_until(lambda: queue_length() == 0, what="the queue to drain")

    assert len(ids) == 1000  # in-app and LINE for each
    assert len(fake.delivered) == 500
    assert len({to for to, _ in fake.delivered}) == 500
    assert len(fake.requests) == 501  # the throttled push was made once more
    assert not Notice.objects.exclude(status=Notice.Status.SENT).exists()
    assert set(Notice.objects.filter(channel="line").values_list("attempts", flat=True)) == {1}
