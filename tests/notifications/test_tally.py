"""AcknowledgementTally (PostgreSQL): the counts the acknowledgements' triggers keep, against
the acknowledgement rows counted directly, after each real change a version goes through.

tracking.summary and tracking.by_unit read the tally when hrflow.sql_paths says PostgreSQL's
statements, and count the acknowledgements otherwise (SQLite's way): with
HRFLOW_POSTGRES_STATEMENTS off they are the direct count, on the same rows."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrflow import audit
from notifications import tracking
from notifications.models import Acknowledgement, AcknowledgementTally, Notice
from notifications.services import acknowledgements, delivery
from tests.concurrency import at_once
from tests.factories import bulk_people

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def both_ways(settings, read):
    """{True: `read()` from the tally, False: `read()` counting the acknowledgements}."""
    results = {}
    for statements in (True, False):
        settings.HRFLOW_POSTGRES_STATEMENTS = statements
        with CaptureQueriesContext(connection) as queries:
            results[statements] = read()
        tally_read = any("notifications_acknowledgementtally" in q["sql"] for q in queries)
        assert tally_read is statements
    settings.HRFLOW_POSTGRES_STATEMENTS = True
    return results


def assert_tally_exact():
    """Every group's row holds its acknowledgements' counts; a group nobody is left in, zeros."""
    group = ("content_type_id", "object_id", "version", "unit_id", "deadline")
    counted = {
        tuple(row[name] for name in group): (row["n"], row["acked"], row["reached"])
        for row in Acknowledgement.objects.values(*group)
        .annotate(
            n=Count("pk"),
            acked=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            reached=Count("pk", filter=Q(delivered_at__isnull=False)),
        )
        .order_by()
    }
    kept = {
        tuple(row[name] for name in group): (row["recipients"], row["acknowledged"],
                                             row["delivered"])
        for row in AcknowledgementTally.objects.values(*group, "recipients", "acknowledged",
                                                       "delivered")
    }  # fmt: skip
    assert {key: counts for key, counts in kept.items() if counts != (0, 0, 0)} == counted


def assert_same_counts(document, settings, today, units=None):
    assert_tally_exact()
    results = both_ways(
        settings,
        lambda: (
            tracking.summary(document, today, units),
            tracking.by_unit(document, today, units),
        ),
    )
    assert results[True] == results[False]
    summary, by_unit = results[True]
    numbers = [*summary.as_dict().values(), *(v for row in by_unit for v in row.values())]
    assert all(type(n) in (int, str, type(None)) for n in numbers)  # ints, as counted
    return summary, by_unit


def test_the_tally_counts_what_the_acknowledgements_say_through_a_versions_life(
    org, publish, settings, mailoutbox, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.HRFLOW_NOTICE_CHANNELS = ["inapp", "email"]
    today = timezone.localdate()
    circular = publish(
        audience=[
            {"kind": "unit", "id": org.office.pk, "subunits": True},
            {"kind": "unit", "id": org.other.pk},
        ]
    )
    summary, by_unit = assert_same_counts(circular, settings, today)
    assert (summary.recipients, summary.delivered, summary.acknowledged) == (5, 0, 0)
    assert {row["unit_id"]: row["recipients"] for row in by_unit} == {
        org.office.pk: 3, org.section.pk: 1, org.other.pk: 1}  # fmt: skip

    # Delivered (PostgreSQL's one-statement claim and the email marks).
    delivery.deliver(list(Notice.objects.values_list("pk", flat=True)))
    summary, _ = assert_same_counts(circular, settings, today)
    assert summary.delivered == 5

    # The employee's own acknowledgement: the one statement with its audit event.
    mine = Acknowledgement.objects.for_document(circular).get(employee=org.employee)
    assert acknowledgements.acknowledge(mine, user=org.employee.user)[1] is True
    # The head's, by proxy from the paper sheet.
    head = Acknowledgement.objects.for_document(circular).get(employee=org.head)
    acknowledgements.acknowledge_by_proxy(
        head, by=org.clerk.user, reason="ลงนามในใบลงนามแล้ว", signed_on=today
    )
    summary, by_unit = assert_same_counts(circular, settings, today)
    assert (summary.acknowledged, summary.overdue) == (2, 0)
    assert [ack.pk for ack in tracking.on_paper(circular)] == [head.pk]

    # Deadlines moved into the past for the office: its outstanding are overdue, per group.
    yesterday = today - dt.timedelta(days=1)
    Acknowledgement.objects.filter(unit=org.office).update(deadline=yesterday)
    summary, by_unit = assert_same_counts(circular, settings, today)
    assert summary.overdue == 2  # the clerk and the executive; the head acknowledged
    assert {row["unit_id"]: row["overdue"] for row in by_unit}[org.office.pk] == 2
    assert_same_counts(circular, settings, today, units=[org.office.pk, org.section.pk])

    # A unit's people moved to no unit (what deleting the unit does, SET_NULL): its group
    # stays in the tally at zero and is not listed.
    Acknowledgement.objects.filter(unit=org.other).update(unit=None)
    _, by_unit = assert_same_counts(circular, settings, today)
    assert org.other.pk not in {row["unit_id"] for row in by_unit}
    assert None in {row["unit_id"] for row in by_unit}

    # Rows deleted (the DELETE trigger).
    gone = Acknowledgement.objects.for_document(circular).get(employee=org.outsider)
    Notice.objects.filter(acknowledgement=gone).delete()
    gone.delete()
    summary, _ = assert_same_counts(circular, settings, today)
    assert summary.recipients == 4


def row_versions() -> dict:
    """Each tally row's ctid: where its current version lies (an UPDATE writes a new one)."""
    return dict(
        AcknowledgementTally.objects.annotate(written_by=RawSQL("ctid::text", []))
        .values_list("pk", "written_by")
    )  # fmt: skip


def test_an_update_that_changes_no_count_leaves_the_tally_rows_untouched(org, publish):
    circular = publish()
    before = row_versions()
    Acknowledgement.objects.for_document(circular).update(escalated_at=timezone.now())
    assert before and row_versions() == before
    Acknowledgement.objects.for_document(circular).filter(employee=org.employee).update(
        delivered_at=timezone.now()
    )
    assert row_versions() != before  # the test can tell a write


def test_a_proxy_acknowledgement_takes_its_row_and_the_audit_head_before_any_tally_row(
    org, publish
):
    """The one-statement acknowledgement locks its row, the audit head, then tally rows (its
    triggers); a proxy acknowledgement must lock in that order, or the two can deadlock."""
    circular = publish()
    ack = Acknowledgement.objects.for_document(circular).get(employee=org.employee)
    with CaptureQueriesContext(connection) as queries:
        acknowledgements.acknowledge_by_proxy(ack, by=org.clerk.user, reason="ลงนามแล้ว")
    sql = [q["sql"] for q in queries]
    row = next(i for i, q in enumerate(sql) if "FOR UPDATE" in q and "acknowledgement" in q)
    head = next(i for i, q in enumerate(sql) if "FOR UPDATE" in q and "audithead" in q)
    update = next(i for i, q in enumerate(sql) if q.startswith('UPDATE "notifications_ack'))
    assert row < head < update


def test_the_tracking_page_reads_the_tally_in_as_many_statements(org, publish, as_, settings):
    circular = publish()
    client = as_(org.clerk)
    path = reverse("workflows:circular-tracking", args=[circular.pk])
    client.get(path)  # the first request of a session reads what the next ones have cached
    counts, pages = {}, {}
    for statements in (True, False):
        settings.HRFLOW_POSTGRES_STATEMENTS = statements
        with CaptureQueriesContext(connection) as queries:
            pages[statements] = client.get(path).content.decode()
        counts[statements] = len(queries)
    assert counts[True] == counts[False]
    assert 'data-stat="recipients">4<' in pages[True]


@pytest.mark.django_db(transaction=True)
def test_own_and_proxy_acknowledgements_in_one_unit_at_once_all_succeed_and_count_exactly(
    org, publish
):
    """Own acknowledgements (one statement: its row, the audit head, then tally rows) and proxy
    ones (a transaction) of the same unit at the same moment: none deadlocks, each is recorded
    once, and the tally counts them all."""
    unit = bulk_people(24, prefix="race")
    circular = publish(audience=[{"kind": "unit", "id": unit.pk}])
    acks = list(Acknowledgement.objects.for_document(circular).select_related("employee__user"))

    def act(index):
        ack = acks[index]
        if index % 2:
            return acknowledgements.acknowledge(ack, user=ack.employee.user)[1]
        return acknowledgements.acknowledge_by_proxy(ack, by=org.clerk.user, reason="ลงนามแล้ว")[1]

    assert at_once(len(acks), act) == [True] * len(acks)
    assert_tally_exact()
    [row] = tracking.by_unit(circular)
    assert (row["recipients"], row["acknowledged"]) == (24, 24)
    assert audit.verify().ok
