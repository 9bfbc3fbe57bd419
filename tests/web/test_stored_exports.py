"""No Chromium on an anonymous request for a file that exists: a published version's PDF is
printed once (two first requests at the same moment included) and served from MEDIA storage
afterwards, on every public PDF address; a draft's is printed on demand, one at a time.
Chromium starts are counted by hrflow.exports.pdf itself (real starts, nothing mocked)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hrflow import locks
from hrflow.exports import pdf, stored
from hrflow.thai import fiscal_year
from reports.models import IntegrityReport
from tests.concurrency import at_once
from tests.conftest import need
from tests.reports.conftest import YEAR, build, publish
from workflows import services

from .conftest import new_draft, walk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    need("chromium")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


def public_pdfs(org):
    """Every public PDF address of a published report and a public circular."""
    report = publish(org, build(org))
    circular = walk(new_draft(org, "ประกาศสาธารณะ", is_public=True), org, "submit", "approve")
    circular = walk(circular, org, "publish")
    fy = fiscal_year(timezone.localtime(circular.published_at).date())
    return [
        # The public page's download is the agency's style (Thai digits): a file of its own.
        reverse("reports:export", args=[report.pk, "pdf"]) + "?digits=arabic",
        reverse("public:download", args=[YEAR, IntegrityReport.kind_slug, report.pk, "pdf"]),
        reverse("public:download", args=[fy, "circulars", circular.pk, "pdf"]),
    ]


def test_a_second_anonymous_request_for_any_public_pdf_starts_no_chromium(org):
    for url in public_pdfs(org):
        before = pdf.started
        first = Client().get(url)
        assert first.status_code == 200, (url, first.status_code)
        content = first.getvalue()  # a public download is streamed: read once
        assert content.startswith(b"%PDF")
        assert pdf.started == before + 1, url
        again = Client().get(url)
        assert again.status_code == 200 and again.getvalue() == content
        assert pdf.started == before + 1, url  # served from storage


def test_two_first_requests_at_the_same_moment_print_once(org):
    url = reverse("reports:export", args=[publish(org, build(org)).pk, "pdf"])
    before = pdf.started

    responses = at_once(2, lambda _i: Client().get(url))

    assert [r.status_code for r in responses] == [200, 200], responses
    assert responses[0].content == responses[1].content
    assert pdf.started == before + 1


def test_a_new_version_gets_its_own_file(org):
    first = walk(new_draft(org, "ประกาศฉบับแรก"), org, "submit", "approve", "publish")
    second = services.document_revise(first, by=org.clerk.user)
    second = walk(second, org, "submit", "approve", "publish")
    first.refresh_from_db()
    assert stored.path_of(first, "pdf") != stored.path_of(second, "pdf")
    client = Client()
    client.force_login(org.clerk.user)
    before = pdf.started
    for document in (first, second, first, second):
        url = reverse("workflows:circular-export-pdf", args=[document.pk])
        assert client.get(url).status_code == 200
    assert pdf.started == before + 2


def test_a_drafts_pdf_is_printed_on_demand_but_never_twice_at_once(org):
    draft = new_draft(org, "ร่างประกาศ")
    url = reverse("workflows:circular-export-pdf", args=[draft.pk])
    client = Client()
    client.force_login(org.clerk.user)
    before = pdf.started
    outcome = {}

    def request():
        try:
            outcome["response"] = client.get(url)
        finally:
            connection.close()

    with locks.exclusive(stored.lock_name(draft)):  # a print of this draft is under way
        waiting = threading.Thread(target=request)
        waiting.start()
        waiting.join(timeout=2)
        # Still waiting for the lock: it has not started a second Chromium beside the first.
        assert waiting.is_alive() and pdf.started == before
    waiting.join(timeout=120)
    assert outcome["response"].status_code == 200
    assert pdf.started == before + 1
    assert client.get(url).status_code == 200
    assert pdf.started == before + 2  # a draft may change: printed again
