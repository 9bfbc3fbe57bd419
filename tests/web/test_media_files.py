"""Uploads are served only by views that check who may see the document, in every mode: the
media folder has no address of its own, not even with DEBUG on (`make run`)."""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver, reverse
from django.views.static import serve

import hrflow.urls
from circulars import services as circular_services

from .conftest import new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings):
    """The URL configuration as `make run` builds it (DEBUG is read when it is imported)."""
    settings.DEBUG = True
    importlib.reload(hrflow.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(hrflow.urls)
    clear_url_caches()


def views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_no_address_serves_the_media_folder_even_with_debug_on(debug_urls):
    assert serve not in set(views(get_resolver().url_patterns))


def test_a_draft_circulars_attachment_is_not_served_by_its_media_path(
    org, as_, debug_urls, settings
):
    draft = new_draft(org)
    circular_services.circular_attach(
        draft,
        by=org.clerk.user,
        upload=SimpleUploadedFile("order.pdf", b"%PDF-1.4 draft", "application/pdf"),
    )
    attachment = draft.attachments.get()
    assert (settings.MEDIA_ROOT / attachment.file.name).exists()
    raw = "/" + settings.MEDIA_URL.lstrip("/") + attachment.file.name

    for persona in (org.outsider, org.employee, org.clerk, None):
        assert as_(persona).get(raw).status_code == 404, persona
    # The checked view serves it to its author, and not to someone outside the draft.
    checked = reverse("workflows:circular-attachment", args=[draft.pk, attachment.pk])
    assert as_(org.clerk).get(checked).status_code == 200
    assert as_(org.outsider).get(checked).status_code in (403, 404)
