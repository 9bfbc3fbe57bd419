"""Two secretaries' drafts at the same moment, on PostgreSQL's real row locks: the series row
is locked while a number is taken, so two meetings never get one number, and the same number
asked for twice is one meeting and one clear refusal."""

import datetime as dt
import threading

import pytest
from django.db import connection

from hrflow.errors import Invalid
from meetings.models import MeetingMinutes
from tests.meetings import minutes_draft, office_series

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def together(org, numbers):
    office_series(org)
    barrier = threading.Barrier(len(numbers))
    outcomes = [None] * len(numbers)

    def run(index, number):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = minutes_draft(
                org, meeting_date=dt.date(2025, 3, 5 + index), number=number
            )
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(numbers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_two_drafts_at_once_take_two_consecutive_numbers(org):
    outcomes = together(org, [None, None])
    assert all(isinstance(o, MeetingMinutes) for o in outcomes), outcomes
    assert sorted(o.number for o in outcomes) == [1, 2]


def test_the_same_number_asked_for_twice_at_once_is_one_meeting_and_one_refusal(org):
    outcomes = together(org, [4, 4])
    made = [o for o in outcomes if isinstance(o, MeetingMinutes)]
    refused = [o for o in outcomes if isinstance(o, Invalid)]
    assert (len(made), len(refused)) == (1, 1), outcomes
    assert MeetingMinutes.objects.filter(number=4).count() == 1
