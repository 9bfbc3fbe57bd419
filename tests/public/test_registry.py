"""The registry's contract, as another app (reports/) uses it: a kind of its own, with its own
items, downloads and gate."""

import pytest
from django.urls import reverse

from public import registry

ITEMS = {
    7: registry.PublicItem(
        kind="annual-reports", pk=7, title="รายงานผลการดำเนินการตามมาตรการ ประจำปี 2569",
        fiscal_year=2569, formats=("xlsx", "pdf"), filename="report-2569",
    ),
}  # fmt: skip


def _get(pk):
    return ITEMS.get(pk)


def _download(item, fmt):
    if fmt == "pdf":
        raise registry.Unavailable("ยังสร้างไฟล์ PDF ไม่ได้")
    return b"PK-xlsx-" + str(item.pk).encode()


@pytest.fixture
def report_kind(db):
    registry.register(
        registry.PublicKind(
            slug="annual-reports",
            label="รายงานประจำปี",
            years=lambda: {2569},
            items=lambda fy: [item for item in ITEMS.values() if item.fiscal_year == fy],
            get=_get,
            download=_download,
            order=0,
        )
    )
    yield
    registry.unregister("annual-reports")


def test_a_registered_kind_is_listed_first_by_its_order_and_served_by_the_public_urls(
    report_kind, client
):
    assert registry.kinds()[0].slug == "annual-reports"
    assert 'data-year="2569"' in client.get(reverse("public:index")).content.decode()
    year = client.get(reverse("public:year", args=[2569])).content.decode()
    assert 'data-kind="annual-reports"' in year
    assert ITEMS[7].url in year
    page = client.get(ITEMS[7].url)
    assert page.status_code == 200
    assert ITEMS[7].title in page.content.decode()
    xlsx = client.get(reverse("public:download", args=[2569, "annual-reports", 7, "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx.content == b"PK-xlsx-7"
    assert xlsx["Content-Disposition"] == 'attachment; filename="report-2569.xlsx"'
    assert "public" in xlsx["Cache-Control"]


def test_what_the_kinds_gate_does_not_return_is_a_404_and_a_failed_file_a_503(report_kind, client):
    assert client.get(reverse("public:item", args=[2569, "annual-reports", 8])).status_code == 404
    docx = reverse("public:download", args=[2569, "annual-reports", 7, "docx"])
    assert client.get(docx).status_code == 404  # not one of the item's formats
    pdf = client.get(reverse("public:download", args=[2569, "annual-reports", 7, "pdf"]))
    assert pdf.status_code == 503
    assert "ยังสร้างไฟล์ PDF ไม่ได้" in pdf.content.decode()


@pytest.mark.parametrize("slug", ["รายงาน", "reports/2569", "Reports", ""])
def test_a_slug_must_be_fit_for_a_url(slug, db):
    with pytest.raises(ValueError):
        registry.register(
            registry.PublicKind(
                slug=slug, label="x", years=set, items=lambda fy: [], get=lambda pk: None
            )
        )


def test_a_kind_without_a_public_flag_is_only_registered_when_every_published_version_is_public(
    db,
):
    from meetings.models import MeetingMinutes
    from public.documents import DocumentKind

    with pytest.raises(ValueError, match="all_published"):
        DocumentKind(MeetingMinutes, slug="minutes")
    kind = DocumentKind(MeetingMinutes, slug="minutes", all_published=True)
    assert kind.years() == set()
