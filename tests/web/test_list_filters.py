"""The one filter form of every kind's list page (workflows/filters.py): text, fiscal year, unit
and state narrow what the person may already see, combine, stay in the pagination links, and a
bad value is a form error over the unfiltered list — never a 500, never more than one may see."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circulars.models import Circular
from meetings.models import MeetingMinutes
from tests.factories import CircularFactory
from tests.workflows.kinds import REGISTRY
from workflows import registry, services
from workflows.models import State

pytestmark = pytest.mark.django_db

STEPS = (("submit", "clerk"), ("approve", "executive"), ("publish", "executive"))


# The product's kinds with list pages (the shared tests' makers: tests/workflows/kinds.py).
@pytest.fixture(
    params=[kind.model for kind in registry.with_pages() if kind.model in REGISTRY],
    ids=lambda model: model.kind_slug,
)
def model(request):
    return request.param


def make(model, org, title, *, publish=False):
    document = REGISTRY[model].make_draft(org)
    model.objects.filter(pk=document.pk).update(title=title)
    document.refresh_from_db()
    for step, persona in STEPS if publish else ():
        document = services.apply_transition(document, step, by=getattr(org, persona).user)
    return document


def list_of(client, model, **filters):
    pages = registry.for_model(model).pages
    return client.get(reverse(pages.url_name("list")), filters)


def shown(response, *documents) -> list[bool]:
    page = response.content.decode()
    return [document.title in page for document in documents]


def move_to_year(document, fiscal_year):
    """Put the document in another BE fiscal year, by the field its kind counts."""
    model = type(document)
    if model.fiscal_year_field:
        values = {model.fiscal_year_field: fiscal_year}
    else:
        day = dt.date(fiscal_year - 543 - 1, 11, 15)  # November: the fiscal year ending next
        field = model._meta.get_field(model.fiscal_year_date)
        values = {model.fiscal_year_date: day}
        if field.get_internal_type() == "DateTimeField":
            values[model.fiscal_year_date] = dt.datetime(day.year, 11, 15, 10, tzinfo=dt.UTC)
    model.objects.filter(pk=document.pk).update(**values)


def test_the_text_is_found_inside_words_whatever_the_case(model, org, as_):
    broom = make(model, org, "ประกาศจัดซื้อไม้กวาดทางมะพร้าว Budget Plan")
    other = make(model, org, "ประกาศเรื่องวันหยุด")
    client = as_(org.clerk)
    assert shown(list_of(client, model, q="กวาดทาง"), broom, other) == [True, False]
    assert shown(list_of(client, model, q="budget"), broom, other) == [True, False]
    assert shown(list_of(client, model, q="budget ไม้"), broom, other) == [True, False]
    assert shown(list_of(client, model, q="budget ไม่มีคำนี้"), broom, other) == [False, False]


def test_filters_combine_and_each_narrows(model, org, as_):
    old_draft = make(model, org, "แผนงานปีเก่า ฉบับร่าง")
    new_draft = make(model, org, "แผนงานปีใหม่ ฉบับร่าง")
    published = make(model, org, "แผนงานปีใหม่ ฉบับประกาศ", publish=True)
    other = make(model, org, "เรื่องอื่น")
    move_to_year(old_draft, 2560)
    model.objects.filter(pk=new_draft.pk).update(owner_unit=org.section)
    client = as_(org.clerk)
    every = (old_draft, new_draft, published, other)
    assert shown(list_of(client, model, year=2560), *every) == [True, False, False, False]
    assert shown(list_of(client, model, unit=org.section.pk), *every) == [False, True, False, False]
    assert shown(list_of(client, model, state="published"), *every) == [False, False, True, False]
    assert shown(list_of(client, model, q="แผนงาน", state="draft"), *every) == [
        True,
        True,
        False,
        False,
    ]
    both = list_of(client, model, q="แผนงาน", state="draft", unit=org.section.pk)
    assert shown(both, *every) == [False, True, False, False]
    assert (
        shown(list_of(client, model, q="แผนงาน", year=2560, state="published"), *every)
        == [False] * 4
    )


def test_the_form_offers_the_documents_own_years_and_units_and_the_kinds_states(model, org, as_):
    document = make(model, org, "แผนงาน")
    move_to_year(document, 2561)
    page = list_of(as_(org.clerk, lang=""), model).content.decode()
    assert '<option value="2561">2561</option>' in page
    assert f'<option value="{org.office.pk}">{org.office.name}</option>' in page
    assert f'<option value="{org.other.pk}">' not in page  # no document of that unit here
    for value, label in model._meta.get_field("state").choices:
        assert f'<option value="{value}">{label}</option>' in page
    # Labelled fields: a label for every input, in Thai.
    for name in ("q", "year", "unit", "state"):
        assert f'<label for="id_{name}">' in page
    assert "ปีงบประมาณ" in page and "สถานะ" in page


@pytest.mark.parametrize(
    "bad",
    [
        {"year": "สองพันห้าร้อย"},
        {"year": "2560"},  # a number, but no document of that year is here
        {"unit": "999999"},
        {"unit": "x"},
        {"state": "bogus"},
        {"q": "ก" * 500},
    ],
)
def test_a_bad_value_is_a_form_error_over_the_unfiltered_list(model, org, as_, bad):
    first = make(model, org, "เอกสารที่หนึ่ง")
    second = make(model, org, "เอกสารที่สอง")
    response = list_of(as_(org.clerk), model, **{"q": "หนึ่ง", **bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert shown(response, first, second) == [True, True]


def test_filtering_by_another_units_id_shows_none_of_its_drafts(model, org, as_):
    draft = make(model, org, "ร่างของกอง")
    published = make(model, org, "ฉบับประกาศของกอง", publish=True)
    for persona in (org.employee, org.outsider):
        for filters in ({"unit": org.office.pk}, {"unit": org.office.pk, "state": "draft"}):
            response = list_of(as_(persona), model, **filters)
            assert response.status_code in (200, 400)  # 400: no document of it here at all
            assert draft.title not in response.content.decode()
        # Of the unit, the list shows what the person may read, filtered or not.
        unfiltered = list_of(as_(persona), model)
        by_unit = list_of(as_(persona), model, unit=org.office.pk)
        assert shown(by_unit, published) == shown(unfiltered, published)


def test_the_pagination_links_keep_the_filters(org, as_):
    for n in range(23):
        CircularFactory(
            title=f"ประกาศทดสอบ {n:02d}", owner_unit=org.office, created_by=org.clerk.user
        )
    CircularFactory(title="ไม่ใช่ของหน้านี้", owner_unit=org.office, created_by=org.clerk.user)
    client = as_(org.clerk)
    first = list_of(client, Circular, q="ทดสอบ", state="draft").content.decode()
    assert first.count('class="card doc-item"') == 20
    assert "?q=%E0%B8%97%E0%B8%94%E0%B8%AA%E0%B8%AD%E0%B8%9A&amp;state=draft&amp;page=2" in first
    second = list_of(client, Circular, q="ทดสอบ", state="draft", page=2).content.decode()
    assert second.count('class="card doc-item"') == 3
    assert "ไม่ใช่ของหน้านี้" not in second


def test_a_circular_is_found_by_its_number_and_its_authors_name(org, as_):
    numbered = make(Circular, org, "ประกาศมีเลขที่", publish=True)
    Circular.objects.filter(pk=numbered.pk).update(number=4711)  # no digit of a test name
    numbered.refresh_from_db()
    plain = make(Circular, org, "ประกาศอื่น")
    client = as_(org.clerk)
    digits = str(numbered.number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    for text in (str(numbered.number), f"ว {numbered.number}", f"ว {digits}"):
        assert shown(list_of(client, Circular, q=text), numbered, plain) == [True, False]
    by_name = list_of(client, Circular, q=org.clerk.last_name)
    assert shown(by_name, numbered, plain) == [True, True]


def test_minutes_are_found_by_number_and_year_and_the_chairs_name(org, as_):
    march = make(MeetingMinutes, org, "ประชุมเดือนมีนาคม", publish=True)
    april = make(MeetingMinutes, org, "ประชุมเดือนเมษายน")
    client = as_(org.clerk)
    text = f"{march.number}/{march.number_year}"
    assert shown(list_of(client, MeetingMinutes, q=text), march, april) == [True, False]
    chair = list_of(client, MeetingMinutes, q=org.executive.first_name)
    assert shown(chair, march, april) == [True, True]


def _queries(client, model):
    filters = {"q": "แผน", "state": State.DRAFT, "unit": ""}
    with CaptureQueriesContext(connection) as captured:
        response = list_of(client, model, **filters)
    assert response.status_code == 200
    return len(captured)


def test_a_filtered_list_asks_the_same_number_of_queries_for_2_and_12_documents(model, org, as_):
    client = as_(org.clerk)
    for n in range(2):
        make(model, org, f"แผนงาน {n}")
    few = _queries(client, model)
    for n in range(10):
        make(model, org, f"แผนงานเพิ่ม {n}")
    assert _queries(client, model) == few


def test_the_integrity_reports_list_filters_by_year_and_state(org, as_, settings, tmp_path):
    from tests.reports.conftest import build, publish

    settings.MEDIA_ROOT, settings.VAR_DIR = tmp_path / "media", tmp_path / "var"
    older = publish(org, build(org, 2568))
    newer = build(org, 2569)
    client = as_(org.clerk)
    url = reverse("reports:list")
    assert shown(client.get(url, {"year": 2568}), older, newer) == [True, False]
    assert shown(client.get(url, {"state": "draft"}), older, newer) == [False, True]
    assert shown(client.get(url, {"year": 2568, "state": "draft"}), older, newer) == [False] * 2
    bad = client.get(url, {"year": "๒๕๖๘x"})
    assert bad.status_code == 400 and 'class="error-summary"' in bad.content.decode()
    assert shown(bad, older, newer) == [True, True]
    # Still only for those who follow the report: a filter opens nothing.
    assert as_(org.employee).get(url, {"year": 2568}).status_code == 403


def test_a_year_in_thai_digits_is_read_and_a_year_that_is_no_number_says_so(org, as_):
    document = make(Circular, org, "ประกาศปีเก่า")
    move_to_year(document, 2560)
    client = as_(org.clerk, lang="")
    thai = list_of(client, Circular, year="๒๕๖๐")
    assert shown(thai, document) == [True]
    assert re.search(r'<option value="2560"\s+selected>', thai.content.decode())  # shown chosen
    words = list_of(client, Circular, year="สองพันห้าร้อย")
    assert words.status_code == 400
    assert "โปรดระบุปีงบประมาณเป็นปีพุทธศักราช" in words.content.decode()
    long = list_of(client, Circular, q="ก" * 101)
    assert "พิมพ์ได้ไม่เกิน 100 ตัวอักษร" in long.content.decode()
