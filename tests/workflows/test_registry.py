"""One registry of kinds (workflows/registry.py): every Document subclass is registered, the
integrity report like the rest, and a kind defined only in the test suite's own app
(tests/toykind) is served by the generic pages, API, auditor and public page from its
registration alone."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from rest_framework.test import APIClient

from public import registry as public_registry
from reports import services as report_services
from tests.toykind.models import ToyNote
from workflows import registry
from workflows.models import Document, State, TransitionLog
from workflows.services import apply_transition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_concrete_document_subclass_is_registered():
    documents = {
        model
        for model in apps.get_models()
        if issubclass(model, Document) and not model._meta.abstract
    }
    assert documents, "no Document subclass found"
    missing = documents - set(registry.models())
    assert not missing, (
        f"not registered in any app's kinds.py: {sorted(m.__name__ for m in missing)}"
    )


def test_the_registry_holds_every_kind_once_with_its_own_slug():
    slugs = [kind.slug for kind in registry.kinds()]
    assert len(slugs) == len(set(slugs))
    assert {"circulars", "minutes", "position-descriptions", "evaluation-criteria",
            "integrity-reports", "toy-notes"} <= set(slugs)  # fmt: skip


def test_a_kind_that_is_not_a_document_or_takes_a_used_slug_is_refused(monkeypatch):
    class Impostor:
        kind_slug = "impostors"

    with pytest.raises(ImproperlyConfigured, match="not a concrete workflows Document"):
        registry.register(registry.Kind(Impostor))
    monkeypatch.setattr(ToyNote, "kind_slug", "circulars")
    with pytest.raises(ImproperlyConfigured, match="share the kind slug"):
        registry.register(registry.Kind(ToyNote))
    assert registry.get("circulars").model.__name__ == "Circular"


def test_the_integrity_reports_auditor_timeline_shows_its_steps(org, as_):
    report = report_services.report_build(2569, by=org.clerk.user)
    report = apply_transition(report, "submit", by=org.clerk.user)
    report = apply_transition(report, "approve", by=org.executive.user)
    report = apply_transition(report, "publish", by=org.executive.user)
    url = reverse("auditor:document", args=["integrity-reports", report.pk])
    assert url == f"/audit/documents/integrity-reports/{report.pk}/"
    page = as_(org.auditor).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert report.title in html
    for label in ("Build from the records", "Submit for review", "Approve", "Publish"):
        assert label in html
    assert "Approved → Published" in html
    assert as_(org.employee).get(url).status_code == 403


def test_the_auditors_search_offers_every_registered_kind(org, as_):
    html = as_(org.auditor).get(reverse("auditor:search")).content.decode()
    for model in registry.models():
        assert f'value="{model._meta.label_lower}"' in html


# --- the toy kind, from tests/toykind alone --------------------------------------------------


def api(persona):
    client = APIClient()
    client.force_login(persona.user)
    return client


def test_a_kind_from_its_own_app_is_served_by_the_generic_pages_api_auditor_and_public_page(
    org, as_, client
):
    # The API creates a draft and lists it.
    created = api(org.clerk).post(
        "/api/toy-notes/", {"title": "บันทึกทดลอง", "body": "เนื้อความ"}, format="json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["kind"] == "toy-notes" and created.json()["state"] == State.DRAFT
    listed = api(org.clerk).get("/api/toy-notes/").json()
    assert [row["id"] for row in listed["results"]] == [pk]

    # The generic pages: in the menu, listed, shown, edited.
    clerk = as_(org.clerk)
    home = clerk.get(reverse("workflows:toynote-list"))
    assert home.status_code == 200 and "บันทึกทดลอง" in home.content.decode()
    assert 'href="/toy-notes/"' in home.content.decode()  # the menu entry
    edit_url = reverse("workflows:toynote-edit", args=[pk])
    form = {"title": "บันทึกทดลอง", "body": "เนื้อความใหม่", "is_public": "on", "lock_version": 0}
    assert clerk.post(edit_url, form).status_code == 302
    note = ToyNote.objects.get(pk=pk)
    assert note.body == "เนื้อความใหม่" and note.is_public
    detail = clerk.get(reverse("workflows:toynote-detail", args=[pk]))
    assert detail.status_code == 200 and 'data-field="body"' in detail.content.decode()

    # The workflow, through a page step and API steps.
    step = reverse("workflows:toynote-transition", args=[pk, "submit"])
    assert clerk.post(step, {"from_state": "draft"}).status_code == 302
    approved = api(org.executive).post(f"/api/toy-notes/{pk}/transitions/approve/", {})
    assert approved.status_code == 200 and approved.json()["state"] == State.APPROVED
    published = api(org.executive).post(f"/api/toy-notes/{pk}/transitions/publish/", {})
    assert published.status_code == 200 and published.json()["state"] == State.PUBLISHED
    history = api(org.executive).get(f"/api/toy-notes/{pk}/history/").json()
    assert [row["transition"] for row in history] == ["submit", "approve", "publish"]
    assert TransitionLog.objects.filter(object_id=pk, transition="publish").count() == 1

    # The auditor's timeline of it.
    timeline = as_(org.auditor).get(reverse("auditor:document", args=["toy-notes", pk]))
    assert timeline.status_code == 200
    assert "Submit for review: Draft → In review" in timeline.content.decode()
    assert "Approved → Published" in timeline.content.decode()

    # Published and public: on the public page, for anyone; its PDF/DOCX from its builder.
    item = public_registry.kind("toy-notes").get(pk)
    assert item is not None and "docx" in item.formats
    client.logout()
    public_page = client.get(item.url)
    assert public_page.status_code == 200 and "บันทึกทดลอง" in public_page.content.decode()
    year = client.get(reverse("public:year", args=[item.fiscal_year])).content.decode()
    assert item.url in year


def test_a_toy_note_that_is_not_public_stays_off_the_public_page(org):
    created = api(org.clerk).post("/api/toy-notes/", {"title": "ภายใน"}, format="json")
    note = ToyNote.objects.get(pk=created.json()["id"])
    note = apply_transition(note, "submit", by=org.clerk.user)
    note = apply_transition(note, "approve", by=org.executive.user)
    note = apply_transition(note, "publish", by=org.executive.user)
    assert public_registry.kind("toy-notes").get(note.pk) is None
    assert api(org.outsider).get(f"/api/toy-notes/{note.pk}/").status_code == 404
