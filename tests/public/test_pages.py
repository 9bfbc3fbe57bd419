"""The public evidence page: what an anonymous visitor reaches, and what never leaks."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from circulars.models import Circular
from hrflow.thai import fiscal_year
from personnel.models import EvaluationCriteria, PositionDescription
from public import registry
from tests.public.conftest import hr_document, public_circular

SLUGS = {Circular: "circulars", PositionDescription: "position-descriptions",
         EvaluationCriteria: "evaluation-criteria"}  # fmt: skip


def fy_of(document):
    if isinstance(document, EvaluationCriteria):
        return document.fiscal_year
    when = document.published_at or timezone.now()
    return fiscal_year(timezone.localtime(when).date())


def without_token(response, url):
    """The page without what differs per request: the CSRF token and the address it echoes."""
    html = response.content.decode().replace(url, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def item_url(document, suffix=""):
    args = [fy_of(document), SLUGS[type(document)], document.pk]
    if suffix:
        return reverse("public:download", args=[*args, suffix])
    return reverse("public:item", args=args)


def test_an_anonymous_visitor_finds_the_fiscal_years_and_each_years_public_documents(
    public_world, as_
):
    client = as_(None, lang="")  # no preference: Thai
    shown = public_world.shown
    index = client.get(reverse("public:index"))
    assert index.status_code == 200
    this_year = fy_of(shown.circular)
    assert f'data-year="{this_year}"' in index.content.decode()
    assert "ปีงบประมาณ" in index.content.decode()

    page = client.get(reverse("public:year", args=[this_year]))
    assert page.status_code == 200
    html = page.content.decode()
    for document in (shown.circular, shown.superseded, shown.current, shown.retired, shown.pd):
        assert item_url(document) in html, document.title
    assert "แทนที่ด้วยเวอร์ชัน 2" in html  # the superseded version is marked as such


@pytest.mark.parametrize("name", ["circular", "superseded", "current", "retired", "pd", "criteria"])
def test_every_shown_document_has_a_page_and_a_docx_download(name, public_world, as_):
    client = as_(None)
    document = getattr(public_world.shown, name)
    page = client.get(item_url(document))
    assert page.status_code == 200
    assert document.title in page.content.decode()
    assert item_url(document, "docx") in page.content.decode()
    docx = client.get(item_url(document, "docx"))
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx.getvalue()[:2] == b"PK"


@pytest.mark.needs("chromium")
def test_the_pdf_download_is_the_official_export_and_is_made_once(public_world, as_, settings):
    client = as_(None)
    document = public_world.shown.circular
    first = client.get(item_url(document, "pdf"))
    assert first.status_code == 200
    content = first.getvalue()  # streamed from storage: read once
    assert content.startswith(b"%PDF")
    cached = list((settings.MEDIA_ROOT / "exports").rglob("*.pdf"))
    assert len(cached) == 1
    # A second visitor gets the kept file: no new Chromium run (a missing Chromium would 503).
    settings.HRFLOW_CHROMIUM = "/nonexistent/chromium"
    again = client.get(item_url(document, "pdf"))
    assert again.status_code == 200
    assert again.getvalue() == content


def test_a_pdf_that_cannot_be_made_is_a_503_with_a_reason(public_world, as_, settings):
    settings.HRFLOW_CHROMIUM = "/nonexistent/chromium"
    response = as_(None).get(item_url(public_world.shown.pd, "pdf"))
    assert response.status_code == 503
    assert "Chromium" in response.content.decode()


HIDDEN = [
    "draft", "in_review", "approved", "withdrawn", "withdrawn_archived", "internal",
    "pd_draft", "pd_internal", "criteria_review", "criteria_internal",
]  # fmt: skip


@pytest.mark.parametrize("name", HIDDEN)
@pytest.mark.parametrize("persona", [None, "clerk", "auditor"])
def test_nothing_unpublished_or_internal_is_reachable_and_its_existence_does_not_leak(
    name, persona, public_world, org, as_
):
    client = as_(getattr(org, persona) if persona else None)
    document = getattr(public_world.hidden, name)
    missing = item_url(document).replace(f"/{document.pk}/", "/999999/")
    for url in (item_url(document), item_url(document, "pdf"), item_url(document, "docx")):
        response = client.get(url)
        assert response.status_code == 404, url
        assert document.title not in response.content.decode()
        # The same answer as an id that does not exist.
        assert without_token(response, url) == without_token(client.get(missing), missing)
    year = client.get(reverse("public:year", args=[fy_of(document)])).content.decode()
    assert document.title not in year


def test_a_files_attached_to_a_public_circular_are_downloadable_and_others_are_not(
    public_world, org, as_
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from circulars import services as circular_services

    pdf = b"%PDF-1.4\n% public\n"
    draft = public_circular(org, "ประกาศพร้อมไฟล์แนบ")
    attachment = circular_services.circular_attach(
        draft, by=org.clerk.user,
        upload=SimpleUploadedFile("ประกาศ.pdf", pdf, content_type="application/pdf"),
    )  # fmt: skip
    client = as_(None)
    fy = fy_of(draft)
    url = reverse("public:file", args=[fy, "circulars", draft.pk, attachment.pk])
    assert client.get(url).status_code == 404  # still a draft
    from tests.web.conftest import walk

    published = walk(draft, org, "submit", "approve", "publish")
    url = reverse("public:file", args=[fy_of(published), "circulars", published.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    page = client.get(item_url(published)).content.decode()
    assert url in page
    # Another circular's attachment under this one's URL: not found.
    other = reverse(
        "public:file", args=[fy_of(published), "circulars", public_world.shown.circular.pk,
                             attachment.pk]
    )  # fmt: skip
    assert client.get(other).status_code == 404


def test_a_document_asked_for_under_another_year_is_redirected_to_its_own(public_world, as_):
    document = public_world.shown.circular
    right = item_url(document)
    wrong = right.replace(f"/{fy_of(document)}/", f"/{fy_of(document) - 3}/")
    response = as_(None).get(wrong)
    assert response.status_code == 301
    assert response["Location"] == right


@pytest.mark.parametrize(
    "url",
    [
        "/public/1999/",
        "/public/2569/no-such-kind/",
        "/public/2569/no-such-kind/1/",
        "/public/2569/circulars/999999/",
        "/public/2569/circulars/1.exe",
    ],
)
def test_mistyped_public_urls_are_404s(url, public_world, as_):
    assert as_(None).get(url).status_code == 404


def test_a_format_the_document_does_not_offer_is_a_404(public_world, as_):
    document = public_world.shown.circular
    assert as_(None).get(item_url(document, "xlsx")).status_code == 404


def test_the_public_pages_only_answer_reads(public_world, as_):
    client = as_(None)
    response = client.post(reverse("public:year", args=[fy_of(public_world.shown.circular)]))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "name,args",
    [
        ("notifications:inbox", []),
        ("workflows:my-documents", []),
        ("workflows:circular-list", []),
        ("workflows:circular-detail", ["circular"]),
        ("workflows:circular-export-pdf", ["circular"]),
        ("workflows:positiondescription-detail", ["pd"]),
        ("workflows:evaluationcriteria-export-docx", ["criteria"]),
        ("auditor:search", []),
    ],
)
def test_an_anonymous_visitor_still_cannot_open_any_logged_in_page(name, args, public_world, as_):
    url = reverse(name, args=[getattr(public_world.shown, a).pk for a in args])
    response = as_(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_documents_are_grouped_by_the_fiscal_year_they_belong_to(public_world, as_):
    shown = public_world.shown
    # A circular published last October belongs to this year's predecessor's successor: move
    # one back to the previous fiscal year (1 October is the first day of a fiscal year).
    this_year = fy_of(shown.circular)
    start = dt.datetime(this_year - 543 - 1, 9, 30, 23, 0, tzinfo=timezone.get_current_timezone())
    Circular.objects.filter(pk=shown.retired.pk).update(published_at=start)
    client = as_(None)
    years = client.get(reverse("public:index")).content.decode()
    assert f'data-year="{this_year - 1}"' in years
    previous = client.get(reverse("public:year", args=[this_year - 1])).content.decode()
    current = client.get(reverse("public:year", args=[this_year])).content.decode()
    retired_url = reverse("public:item", args=[this_year - 1, "circulars", shown.retired.pk])
    assert retired_url in previous and retired_url not in current
    assert item_url(shown.circular) in current and item_url(shown.circular) not in previous
    # Criteria belong to the fiscal year of their round, whenever they were published.
    criteria_url = item_url(shown.criteria)
    page = client.get(reverse("public:year", args=[shown.criteria.fiscal_year])).content.decode()
    assert criteria_url in page


def test_one_kinds_page_lists_only_that_kind(public_world, as_):
    shown = public_world.shown
    url = reverse("public:kind", args=[fy_of(shown.pd), "position-descriptions"])
    html = as_(None).get(url).content.decode()
    assert item_url(shown.pd) in html
    assert item_url(shown.circular) not in html


def test_the_number_of_queries_does_not_grow_with_the_number_of_documents(public_world, org, as_):
    client = as_(None)
    fy = fy_of(public_world.shown.circular)
    pages = [reverse("public:index"), reverse("public:year", args=[fy]),
             reverse("public:kind", args=[fy, "circulars"])]  # fmt: skip

    def counts():
        result = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for n in range(6):
        public_circular(org, f"ประกาศเพิ่มเติม {n}", "submit", "approve", "publish")
        hr_document(PositionDescription, org, f"รายละเอียดตำแหน่งเพิ่มเติม {n}", "publish")
    after = counts()
    assert after == before
    assert max(after) <= 8


def test_hr_marks_a_position_description_public_in_its_edit_form(org, as_):
    from tests.hr_world import draft_of

    draft = draft_of(PositionDescription, org)
    assert draft.is_public is False
    client = as_(org.clerk)
    edit = reverse("workflows:positiondescription-edit", args=[draft.pk])
    form = client.get(edit).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["duties"] = form.initial["duties"]
    data["is_public"] = "on"
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.is_public is True


ROLES = ("anonymous", "employee", "clerk", "executive", "head", "auditor", "outsider", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_same_public_pages_and_the_same_404s(role, public_world, org, as_):
    """The access table of the public URLs: the same for everyone, signed in or not."""
    client = as_(None if role == "anonymous" else getattr(org, role))
    shown, hidden = public_world.shown, public_world.hidden
    fy = fy_of(shown.circular)
    ok = [
        reverse("public:index"),
        reverse("public:year", args=[fy]),
        reverse("public:kind", args=[fy, "circulars"]),
        item_url(shown.circular),
        item_url(shown.pd, "docx"),
    ]
    for url in ok:
        assert client.get(url).status_code == 200, (role, url)
    assert client.get(item_url(hidden.internal)).status_code == 404
    assert client.get(item_url(hidden.pd_internal, "docx")).status_code == 404
    file_url = reverse("public:file", args=[fy, "circulars", shown.circular.pk, 1])
    assert client.get(file_url).status_code == 404  # it has no attachments


def test_versions_link_to_each_other_and_the_page_gives_its_permanent_address(
    public_world, as_, settings
):
    shown = public_world.shown
    client = as_(None)
    old = client.get(item_url(shown.superseded)).content.decode()
    assert item_url(shown.current) in old
    new = client.get(item_url(shown.current)).content.decode()
    assert item_url(shown.superseded) in new
    assert settings.HRFLOW_SITE_URL + item_url(shown.current) in new


def test_a_newer_version_still_in_preparation_is_not_linked(public_world, org, as_):
    from workflows import services

    current = public_world.shown.current
    draft = services.document_revise(current, by=org.clerk.user)
    html = as_(None).get(item_url(current)).content.decode()
    assert f"/circulars/{draft.pk}/" not in html


def test_a_staff_page_gives_the_public_address_of_what_is_public_and_only_that(
    public_world, org, as_
):
    shown, hidden = public_world.shown, public_world.hidden
    client = as_(org.clerk)
    for document in (shown.circular, shown.pd, shown.criteria):
        page = client.get(document.get_absolute_url()).content.decode()
        assert "data-public-url" in page, document.title
        address = page.split("data-public-url")[1].split('href="')[1].split('"')[0]
        assert as_(None).get(address).status_code == 200  # the address works without a login
        client = as_(org.clerk)
    for document in (hidden.internal, hidden.withdrawn, hidden.pd_internal, hidden.draft):
        page = client.get(document.get_absolute_url()).content.decode()
        assert "data-public-url" not in page, document.title


def test_public_pages_show_the_published_content_without_staff_only_facts(public_world, as_):
    for document in (public_world.shown.pd, public_world.shown.criteria):
        kind = registry.kind(document.kind_slug)
        page = as_(None).get(kind.get(document.pk).url).content.decode()
        assert document.title in page
        assert 'data-field="visibility"' not in page and "Acknowledge by" not in page
