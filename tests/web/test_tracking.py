import csv
import datetime as dt
import io
from collections import Counter

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from notifications import services as notices
from notifications.models import Acknowledgement, Notice
from tests.charts import bars_of, charts_in

from .conftest import new_draft, walk


def url(name, circular):
    return reverse(f"workflows:circular-{name}", args=[circular.pk])


def test_the_tracking_page_counts_recipients_and_acknowledgements(
    org, published, employee_ack, as_
):
    client = as_(org.clerk)
    page = client.get(url("tracking", published)).content.decode()
    assert 'data-stat="recipients">4<' in page
    assert 'data-stat="acknowledged">0<' in page
    assert org.employee.full_name in page  # outstanding
    notices.acknowledge(employee_ack, user=org.employee.user)
    page = client.get(url("tracking", published)).content.decode()
    assert 'data-stat="acknowledged">1<' in page
    assert "ฝ่ายสรรหา" in page  # the table by unit
    outstanding = page.split("Not acknowledged yet")[-1]
    assert org.employee.full_name not in outstanding


def test_the_tracking_page_draws_each_units_share_acknowledged_as_counted(
    org, published, employee_ack, as_
):
    notices.acknowledge(employee_ack, user=org.employee.user)
    page = as_(org.clerk).get(url("tracking", published)).content.decode()
    [chart] = charts_in(page, "acknowledgement-by-unit")
    assert chart.get("role") == "img" and "1 of 4 acknowledged (25%)" in chart.get("aria-label")
    acks = Acknowledgement.objects.filter(object_id=published.pk, version=published.version)
    asked = Counter(acks.values_list("unit_id", flat=True))
    done = Counter(acks.exclude(acknowledged_at=None).values_list("unit_id", flat=True))
    expected = sorted(f"{round(100 * done[unit] / n, 1)}%" for unit, n in asked.items())
    assert sorted(width for tone, width, _h in bars_of(chart) if tone == "ok") == expected
    assert "100.0%" in expected or "50.0%" in expected  # the employee's unit, acknowledged
    assert {width for tone, width, _h in bars_of(chart) if tone == "bad"} == {"0.0%"}  # not due

    # Past the deadline, the overdue bar is the share still not acknowledged (the table's count).
    acks.update(deadline=timezone.localdate() - dt.timedelta(days=1))
    page = as_(org.clerk).get(url("tracking", published)).content.decode()
    [chart] = charts_in(page, "acknowledgement-by-unit")
    late = sorted(f"{round(100 * (n - done[unit]) / n, 1)}%" for unit, n in asked.items())
    assert sorted(width for tone, width, _h in bars_of(chart) if tone == "bad") == late
    assert 'data-stat="overdue">3<' in page and "3 overdue (75%)" in chart.get("aria-label")


def test_the_csv_export_has_a_bom_for_excel_and_a_row_per_recipient(
    org, published, employee_ack, as_
):
    notices.acknowledge(employee_ack, user=org.employee.user)
    response = as_(org.clerk).get(url("tracking-csv", published))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + 4
    by_name = {row[1]: row for row in rows[1:]}
    employee_row = by_name[org.employee.full_name]
    assert employee_row[2] == "ฝ่ายสรรหา"
    assert str(timezone.localdate().year + 543) in employee_row[5]
    assert by_name[org.clerk.full_name][5] == ""


def test_the_xlsx_export_opens_with_every_recipient(org, published, as_):
    response = as_(org.auditor).get(url("tracking-xlsx", published))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert {row[1] for row in rows[1:]} == {
        p.full_name for p in (org.head, org.clerk, org.executive, org.employee)
    }


def test_a_name_that_looks_like_a_formula_is_exported_as_text(org, published, as_):
    org.employee.first_name = "=HYPERLINK(1)"
    org.employee.title = ""
    org.employee.save()
    response = as_(org.clerk).get(url("tracking-xlsx", published))
    names = [row[1] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True
    )]  # fmt: skip
    assert "'=HYPERLINK(1) ใจดี" in names


def test_remind_outstanding_queues_one_reminder_per_person_once_a_day(
    org, published, employee_ack, as_
):
    notices.acknowledge(employee_ack, user=org.employee.user)
    client = as_(org.clerk)
    response = client.post(url("remind", published))
    assert response.status_code == 302
    reminded = set(
        Notice.objects.filter(kind=Notice.Kind.REMINDER, channel="inapp").values_list(
            "recipient", flat=True
        )
    )
    assert reminded == {org.head.pk, org.clerk.pk, org.executive.pk}
    before = Notice.objects.count()
    client.post(url("remind", published))
    assert Notice.objects.count() == before


def test_an_auditor_may_not_remind_and_nothing_is_queued(org, published, as_):
    response = as_(org.auditor).post(url("remind", published))
    assert response.status_code == 403
    assert not Notice.objects.filter(kind=Notice.Kind.REMINDER).exists()


def test_reminding_about_an_unpublished_document_is_a_409(org, draft, as_):
    assert as_(org.clerk).post(url("remind", draft)).status_code == 409
    assert not Notice.objects.exists()


def test_an_auditor_sees_tracking_without_the_remind_button(org, published, as_):
    page = as_(org.auditor).get(url("tracking", published)).content.decode()
    assert 'data-stat="recipients">4<' in page
    assert 'data-action="remind"' not in page


def test_a_withdrawn_document_keeps_its_tracking_but_offers_no_reminder(org, published, as_):
    client = as_(org.executive)
    client.post(
        reverse("workflows:circular-transition", args=[published.pk, "withdraw"]),
        {"note": "ยกเลิกประกาศ"},
    )
    page = client.get(url("tracking", published)).content.decode()
    assert 'data-action="remind"' not in page
    assert client.post(url("remind", published)).status_code == 409
    assert Acknowledgement.objects.filter(object_id=published.pk).count() == 4


def test_tracking_a_draft_shows_nobody_asked_yet(org, draft, as_):
    walk(draft, org, "submit")
    page = as_(org.executive).get(url("tracking", draft)).content.decode()
    assert 'data-stat="recipients">0<' in page


def proxy_url(circular, ack):
    return reverse("workflows:circular-proxy", args=[circular.pk, ack.pk])


def test_a_clerk_records_a_paper_acknowledgement_with_a_reason(org, published, employee_ack, as_):
    client = as_(org.clerk)
    page = client.get(url("tracking", published)).content.decode()
    assert proxy_url(published, employee_ack) in page

    refused = client.post(proxy_url(published, employee_ack), {"reason": "  "})
    assert refused.status_code == 400
    assert "Please give a reason." in refused.content.decode()
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is None

    done = client.post(proxy_url(published, employee_ack), {"reason": "ลงนามในสำเนาแล้ว"})
    assert done.status_code == 302
    employee_ack.refresh_from_db()
    assert employee_ack.acknowledged_at is not None
    assert (employee_ack.proxy_by, employee_ack.proxy_reason) == (org.clerk.user, "ลงนามในสำเนาแล้ว")

    exported = client.get(url("tracking-csv", published)).content.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(exported)) if r[1] == org.employee.full_name)
    assert row[7] == f"{org.clerk.full_name}: ลงนามในสำเนาแล้ว"  # the evidence says so

    inbox = as_(org.employee).get(reverse("notifications:inbox")).content.decode()
    assert "Recorded on your behalf: ลงนามในสำเนาแล้ว" in inbox  # the employee is told

    client = as_(org.clerk)
    first = employee_ack.acknowledged_at
    client.post(proxy_url(published, employee_ack), {"reason": "ซ้ำ"})
    employee_ack.refresh_from_db()
    assert (employee_ack.acknowledged_at, employee_ack.proxy_reason) == (first, "ลงนามในสำเนาแล้ว")


def test_nobody_records_their_own_acknowledgement_by_proxy(org, published, as_):
    own = Acknowledgement.objects.get(employee=org.clerk, object_id=published.pk)
    response = as_(org.clerk).post(proxy_url(published, own), {"reason": "ตัวเอง"})
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.acknowledged_at is None


def test_an_acknowledgement_of_another_document_is_not_reachable_by_proxy(
    org, published, draft, as_
):
    other = Acknowledgement.objects.get(employee=org.employee, object_id=published.pk)
    response = as_(org.clerk).post(proxy_url(draft, other), {"reason": "ผิดฉบับ"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.acknowledged_at is None


def _publish_to(org, unit, title):
    draft = new_draft(org, title, audience=[{"kind": "unit", "id": unit.pk}])
    return walk(draft, org, "submit", "approve", "publish")


def test_the_tracking_page_lists_the_outstanding_a_page_at_a_time_with_the_same_queries(org, as_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import bulk_people

    few = _publish_to(org, bulk_people(3, prefix="few"), "ประกาศถึงสามคน")
    many = _publish_to(org, bulk_people(120, prefix="many"), "ประกาศถึงหนึ่งร้อยยี่สิบคน")
    client = as_(org.clerk)
    counts = []
    for circular in (few, many):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url("tracking", circular)).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert 'data-stat="recipients">120<' in page
    [chart] = charts_in(page, "acknowledgement-by-unit")  # drawn within the same queries
    assert [width for tone, width, _h in bars_of(chart) if tone == "ok"] == ["0.0%"]
    assert page.count('data-action="proxy"') == 50  # the first page of the outstanding
    assert "Page 1 of 3" in page
    last = client.get(url("tracking", many) + "?page=3").content.decode()
    assert last.count('data-action="proxy"') == 20
    names = set()
    for number in (1, 2, 3):
        text = client.get(url("tracking", many) + f"?page={number}").content.decode()
        names |= {n for n in range(120) if f">พนักงาน{n} ทดสอบ<" in text}
    assert names == set(range(120))  # every outstanding person on exactly one of the pages


def test_notified_counts_the_people_whose_announcement_was_delivered(org, published, as_):
    client = as_(org.clerk)
    assert 'data-stat="delivered">0<' in client.get(url("tracking", published)).content.decode()
    first = Notice.objects.filter(acknowledgement__employee=org.employee, channel="inapp")
    notices.deliver(list(first.values_list("pk", flat=True)))
    ack = Acknowledgement.objects.get(employee=org.employee, object_id=published.pk)
    assert ack.delivered_at is not None
    assert 'data-stat="delivered">1<' in client.get(url("tracking", published)).content.decode()
    notices.deliver(list(Notice.objects.values_list("pk", flat=True)))
    ack.refresh_from_db()
    assert ack.delivered_at == first.get().sent_at  # the first delivery, kept
    assert 'data-stat="delivered">4<' in client.get(url("tracking", published)).content.decode()
