"""Issue 18: the demo's numbers are consistent — a meeting's number is within the year its series
and its date say, and the register numbers circulars in the order of the days they show."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from circulars.models import Circular
from hrflow.thai import be_year
from meetings.models import MeetingMinutes
from workflows import services
from workflows.models import RegisterCounter, State

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_every_demo_meeting_is_numbered_within_the_year_of_its_date_and_of_its_series():
    seed()
    meetings = list(
        MeetingMinutes.objects.filter(version=1)
        .select_related("series")
        .order_by("series_id", "number_year", "meeting_date")
    )
    assert len(meetings) > 12  # the past fiscal year's twelve and today's meetings
    for minutes in meetings:
        assert minutes.number_year == be_year(minutes.meeting_date), minutes.number_display
        # A series that names a year (ปีงบประมาณ 2569) holds the numbers of that year only.
        named = {int(year) for year in re.findall(r"\d{4}", minutes.series.name)}
        assert named <= {minutes.number_year}, (minutes.series.name, minutes.number_display)
    # Within a series and a year: 1, 2, 3 … in the order the meetings were held.
    by_year: dict[tuple[int, int], list[int]] = {}
    for minutes in meetings:
        by_year.setdefault((minutes.series_id, minutes.number_year), []).append(minutes.number)
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in by_year.values())


def test_the_demo_register_numbers_circulars_in_the_order_of_their_publishing_days():
    seed()
    numbered = list(Circular.objects.filter(number__isnull=False).order_by("published_at", "pk"))
    assert len({c.published_at.date() for c in numbered}) > 12  # a past year and today
    register: dict[tuple[str, int], list[int]] = {}
    for circular in numbered:
        year = be_year(timezone.localdate(circular.published_at))
        assert circular.number_year == year, (circular.title, circular.published_at)
        register.setdefault((circular.register_code, year), []).append(circular.number)
    assert len(register) > 1  # the past fiscal year spans two BE years
    for (code, year), numbers in register.items():
        assert numbers == list(range(1, len(numbers) + 1)), (code, year)
        assert RegisterCounter.objects.get(code=code, year=year).last_number == len(numbers)

    # The register carries on from there: the next circular published takes the next number.
    ready = Circular.objects.filter(state=State.APPROVED).first()
    executive = get_user_model().objects.get(username="executive")
    published = services.apply_transition(ready, "publish", by=executive)
    year = be_year(timezone.localdate())
    assert published.number == len(register[(published.register_code, year)]) + 1
