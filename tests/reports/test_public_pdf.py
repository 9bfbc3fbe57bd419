"""Issue 19, public-pdf: a report's PDF is made when it is published (by a real worker on the
configured broker, or by the task's own function), an anonymous download streams the kept file
with its hash as ETag and starts no Chromium, a missing file is made again on request, and only
a published report has a public file. Chromium starts are counted by hrflow.exports.pdf itself
(real starts, across processes), nothing mocked."""

import hashlib
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.test import Client
from django.urls import reverse

from hrflow.celery import app
from hrflow.exports import digits as digit_styles
from hrflow.exports import pdf
from hrflow.exports import stored as kept
from public import views as public_views
from reports.models import IntegrityReport
from tests.conftest import need
from tests.reports.conftest import YEAR, build, publish
from workflows import services, tasks

pytestmark = pytest.mark.needs("chromium")


@pytest.fixture(autouse=True)
def chromium():
    need("chromium")


def public_url(report, fmt="pdf"):
    return reverse("public:download", args=[YEAR, IntegrityReport.kind_slug, report.pk, fmt])


def kept_pdf(report):
    """Where the public PDF (the agency's digit style) of this version is kept."""
    report.refresh_from_db()
    name = f"{digit_styles.default_style()}.pdf"
    return kept.path_of(report, name)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def finished():
    done, lock = [], threading.Lock()

    def record(task=None, args=None, **kwargs):
        with lock:
            done.append((task.name, tuple(args or ())))

    task_postrun.connect(record, weak=False)
    yield done
    task_postrun.disconnect(record)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_pdf_when_the_report_is_published(org, finished):
    app.control.purge()  # messages left by earlier tests point at rows their rollback removed
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        report = publish(org, build(org))
        deadline = time.monotonic() + 120
        wanted = (tasks.render_published.name, (report._meta.label_lower, report.pk))
        while wanted not in finished:
            assert time.monotonic() < deadline, "the worker did not render the report"
            time.sleep(0.05)
    app.control.purge()
    path = kept_pdf(report)
    assert path.read_bytes().startswith(b"%PDF")
    starts = pdf.starts_recorded()
    assert starts >= 1  # the worker's start, written where every process counts

    response = Client().get(public_url(report))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = body(response)
    assert content == path.read_bytes()
    assert response["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert response["Last-Modified"]
    assert pdf.starts_recorded() == starts  # the download started no Chromium


@pytest.mark.django_db
def test_an_anonymous_download_after_publish_starts_no_chromium_and_honours_its_etag(org):
    report = publish(org, build(org))
    # What the worker runs, called directly (the test's transaction never commits, so the
    # on-commit enqueue does not happen here; the worker test above covers the delivery).
    assert tasks.render_published.run(report._meta.label_lower, report.pk) == 1
    before = pdf.starts_recorded()

    first = Client().get(public_url(report))
    etag, modified = first["ETag"], first["Last-Modified"]
    again = Client().get(public_url(report), headers={"If-None-Match": etag})
    since = Client().get(public_url(report), headers={"If-Modified-Since": modified})

    assert first.status_code == 200 and body(first).startswith(b"%PDF")
    assert again.status_code == 304 and again["ETag"] == etag
    assert since.status_code == 304
    assert pdf.starts_recorded() == before


@pytest.mark.django_db
def test_a_missing_file_is_made_again_on_the_first_request(org):
    report = publish(org, build(org))
    tasks.render_published.run(report._meta.label_lower, report.pk)
    path = kept_pdf(report)
    path.unlink()
    before = pdf.starts_recorded()

    response = Client().get(public_url(report))

    assert response.status_code == 200
    content = body(response)
    assert content.startswith(b"%PDF") and path.read_bytes() == content
    assert pdf.starts_recorded() == before + 1
    assert response["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert path.with_name(path.name + ".sha256").read_text() == hashlib.sha256(content).hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize("steps", [(), ("submit",), ("submit", "approve")])
def test_an_unpublished_report_has_no_public_file_and_nothing_is_made_for_it(org, steps):
    report = build(org)
    people = {"submit": org.clerk.user, "approve": org.executive.user}
    for step in steps:
        report = services.apply_transition(report, step, by=people[step])
    before = pdf.starts_recorded()

    made = tasks.render_published.run(report._meta.label_lower, report.pk)
    response = Client().get(public_url(report))

    assert made == 0
    assert response.status_code == 404
    assert not kept_pdf(report).exists()
    assert pdf.starts_recorded() == before


@pytest.mark.django_db
def test_a_withdrawn_report_is_no_longer_public_though_its_file_was_made(org):
    report = publish(org, build(org))
    tasks.render_published.run(report._meta.label_lower, report.pk)
    if "withdraw" not in report.TRANSITIONS:
        pytest.skip("reports are not withdrawn")
    services.apply_transition(report, "withdraw", by=org.executive.user, note="ผิดพลาด")

    assert Client().get(public_url(report)).status_code == 404


@pytest.mark.django_db
def test_the_task_for_a_report_that_is_gone_does_nothing(org):
    report = publish(org, build(org))
    label, pk = report._meta.label_lower, report.pk
    IntegrityReport.objects.filter(pk=pk).delete()

    assert tasks.render_published.run(label, pk) == 0


@pytest.fixture
def kept_answers(settings):
    """Web workers keep the public answers, as in production (tests/settings.py turns it off)."""
    from django.core.cache import cache

    settings.HRFLOW_PUBLIC_CACHE_SECONDS = 60
    settings.HRFLOW_PUBLIC_RECHECK_SECONDS = 0  # the chain's number asked on every request
    cache.clear()
    yield
    cache.clear()


def statements_of(path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ran:
        response = Client().get(path)
        if response.streaming:
            body(response)
    return response, [q["sql"] for q in ran]


@pytest.mark.django_db
def test_a_kept_public_answer_costs_one_read_of_the_chains_number(org, kept_answers):
    report = publish(org, build(org))
    tasks.render_published.run(report._meta.label_lower, report.pk)
    first, _ = statements_of(reverse("public:index"))
    again, index = statements_of(reverse("public:index"))
    statements_of(public_url(report))
    download, downloaded = statements_of(public_url(report))

    assert first.status_code == again.status_code == download.status_code == 200
    assert f'data-year="{YEAR}"' in again.content.decode()
    assert first.content == again.content
    assert len(index) == 1 and "audithead" in index[0], index
    assert len(downloaded) == 1 and "audithead" in downloaded[0], downloaded


@pytest.mark.django_db
def test_a_withdrawal_is_public_at_once_though_the_answers_were_kept(org, kept_answers):
    report = publish(org, build(org))
    tasks.render_published.run(report._meta.label_lower, report.pk)
    year = reverse("public:year", args=[YEAR])
    item = reverse("public:item", args=[YEAR, IntegrityReport.kind_slug, report.pk])
    assert item in statements_of(year)[0].content.decode()
    assert statements_of(item)[0].status_code == statements_of(public_url(report))[0].status_code
    assert statements_of(public_url(report))[0].status_code == 200

    services.apply_transition(report, "withdraw", by=org.executive.user, note="ผิดพลาด")

    assert statements_of(public_url(report))[0].status_code == 404
    assert statements_of(item)[0].status_code == 404
    assert item not in statements_of(year)[0].content.decode()


@pytest.mark.django_db
def test_the_agencys_new_name_is_public_at_once_though_the_answers_were_kept(
    org, kept_answers, client
):
    admin_user = org.admin.user
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    fields = {"name": "องค์การบริหารส่วนจังหวัดเดิม", "digits": "thai", "address": "", "phone": ""}
    assert client.post(reverse("admin:hrflow_agency_add"), fields).status_code == 302
    assert "จังหวัดเดิม" in statements_of(reverse("public:index"))[0].content.decode()

    fields["name"] = "องค์การบริหารส่วนจังหวัดใหม่"
    changed = client.post(reverse("admin:hrflow_agency_change", args=[1]), fields)

    assert changed.status_code == 302
    assert "จังหวัดใหม่" in statements_of(reverse("public:index"))[0].content.decode()


@pytest.mark.django_db
def test_a_worker_asks_the_chains_number_once_a_second_and_a_withdrawal_is_public_within_it(
    org, kept_answers, settings, monkeypatch
):
    settings.HRFLOW_PUBLIC_RECHECK_SECONDS = 1
    now = [1000.0]
    monkeypatch.setattr(public_views, "_clock", lambda: now[0])
    monkeypatch.setattr(public_views, "_chain", {"number": 0, "read_at": float("-inf")})
    report = publish(org, build(org))
    tasks.render_published.run(report._meta.label_lower, report.pk)
    assert statements_of(public_url(report))[0].status_code == 200

    kept_answer, asked = statements_of(public_url(report))
    services.apply_transition(report, "withdraw", by=org.executive.user, note="ผิดพลาด")
    within_the_second = statements_of(public_url(report))[0]
    now[0] += 1
    after_it = statements_of(public_url(report))[0]

    assert (kept_answer.status_code, asked) == (200, [])  # nothing asked of the database
    assert within_the_second.status_code == 200
    assert after_it.status_code == 404
