"""The auditor's workspace: search the trail, a circular's timeline with the diff between its
versions and the acknowledgements of each, a person's timeline, and exports carrying the
chain's head hash."""

import csv
import io
import subprocess

import pytest
from django.urls import reverse

from hrflow import audit
from tests.conftest import need
from tests.web.conftest import revised_circular
from tests.web.test_exports import pdf_text


@pytest.fixture
def revised(org):
    return revised_circular(org)


def test_a_circulars_timeline_shows_each_version_its_steps_the_diff_and_acknowledgements(
    org, as_, revised
):
    first, second = revised
    page = as_(org.auditor).get(reverse("auditor:document", args=["circulars", second.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-version="') == 2
    assert "<del>เข้างานเวลา 08.30 น.</del>" in html
    assert "<ins>เข้างานเวลา 08.00 น.</ins>" in html
    assert "Publish: Approved → Published" in html
    assert org.employee.full_name in html and "IP 10.1.1.1" in html
    # The same page from version 1's id: the whole family either way.
    again = as_(org.auditor).get(reverse("auditor:document", args=["circulars", first.pk]))
    assert again.content.decode().count('data-version="') == 2


def test_searching_by_event_kind_person_and_dates(org, as_, revised):
    client = as_(org.auditor)
    acks = client.get(reverse("auditor:search"), {"kind": "acknowledgement"})
    assert acks.status_code == 200
    assert acks.content.decode().count('data-kind="acknowledgement"') == 1
    by_person = client.get(reverse("auditor:search"), {"person": org.clerk.first_name})
    kinds = set(by_person.content.decode().split('data-kind="')[1:])
    assert kinds and all(k.startswith("transition") for k in kinds)
    none = client.get(reverse("auditor:search"), {"date_from": "1/1/2500", "date_to": "2/1/2500"})
    assert "No events match." in none.content.decode()


def test_a_reversed_date_range_is_a_form_error_not_a_500(org, as_):
    response = as_(org.auditor).get(
        reverse("auditor:search"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "The start date is after the end date." in response.content.decode()


def test_the_person_timeline_lists_what_concerned_them(org, as_, revised):
    page = as_(org.auditor).get(reverse("auditor:person", args=[org.employee.pk]))
    assert page.status_code == 200
    assert 'data-kind="acknowledgement"' in page.content.decode()


def test_an_unknown_kind_or_document_is_a_404(org, as_):
    client = as_(org.auditor)
    assert client.get(reverse("auditor:document", args=["memos", 1])).status_code == 404
    assert client.get(reverse("auditor:document", args=["circulars", 999999])).status_code == 404


def test_the_csv_export_carries_the_head_hash_and_every_matching_event(org, as_, revised):
    response = as_(org.auditor).get(reverse("auditor:export-csv"), {"kind": "transition"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [audit.head_hash()] == [row[1] for row in rows if row and "hash" in row[0].lower()]
    header = rows.index(next(row for row in rows if row and row[0] == "#"))
    events = rows[header + 1 :]
    assert {row[2] for row in events} == {"Workflow step"}
    # Three steps to publish version 1, its revision, three steps for version 2, and the
    # archiving of version 1 that publishing version 2 did.
    assert len(events) == 8
    # What each is about, in words as on the pages: not the stored "publish: approved → …".
    about = {row[4].split(" · ")[0] for row in events}
    assert "Publish: Approved → Published" in about
    assert not any(":" in words and words.split(":")[0].islower() for words in about), about


@pytest.mark.needs("chromium")
def test_the_pdf_export_prints_the_head_hash(org, as_, revised):
    response = as_(org.auditor).get(reverse("auditor:export-pdf"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert audit.head_hash()[:16] in text.replace("\n", "").replace(" ", "")
    # The title wraps inside its table cell (the names beside it never do), and pdftotext
    # without the layout may read a neighbouring cell's line between its two lines (how long
    # the factory's names are decides): each word of the title is there, whole.
    plain = subprocess.run(
        [need("pdftotext"), "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert all(word in plain for word in ("ประกาศ", "เรื่อง", "เวลา", "ทำงาน"))
