"""Bad input the hostile tester found in the pages' forms: each is a 4xx with a message (a form
error or a problem page), never a 500, and nothing is written.
(The property test over every form is tests/reliability/test_hostile_values.py.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import hostile
from tests.meetings import minutes_world
from tests.web.test_documents import form_data

HUGE = str(10**20)


def refused(client, url, data):
    client.raise_request_exception = False
    before = hostile.fingerprint()
    response = client.post(url, data)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert hostile.fingerprint() == before
    return response.content.decode()


@pytest.mark.parametrize("value", ["abc", HUGE, "-1", "1.5"])
def test_non_integer_and_huge_ids_in_minutes_forms_are_refused(org, as_, value):
    world = minutes_world(org)
    clerk = as_(org.clerk)
    april = world["april"]
    refused(clerk, f"/minutes/{april.pk}/entries/", {"remove": value, "kind": "problem"})
    handle = reverse("workflows:suggestion-handle", args=[world["suggestion"].pk])
    refused(clerk, handle, {"minutes": value})


@pytest.mark.parametrize("value", ["abc", HUGE, str(-(10**20))])
def test_huge_or_non_integer_ids_in_a_choice_field_are_a_form_error(org, draft, as_, value):
    edit = reverse("workflows:circular-edit", args=[draft.pk])
    data = {**form_data(org, title="ใหม่"), "audience_units": [value]}
    page = refused(as_(org.clerk), edit, data)
    assert "audience_units" in page


def test_an_attachment_name_too_long_for_the_disk_is_a_form_error(org, draft, as_, settings):
    attach = reverse("workflows:circular-attach", args=[draft.pk])
    upload = SimpleUploadedFile("\U0001d400" * 83 + ".pdf", b"%PDF-1.4 x", "application/pdf")
    page = refused(as_(org.clerk), attach, {"file": upload})
    assert "The file name is too long" in page


@pytest.mark.parametrize("deadline", ["1/1/2443", "1/1/2500", "2000-01-01", "0001-01-01"])
def test_a_deadline_before_today_is_a_form_error(org, as_, deadline):
    page = refused(
        as_(org.clerk), reverse("workflows:circular-new"), form_data(org, deadline=deadline)
    )
    assert "deadline" in page


def test_a_title_of_only_invisible_characters_is_a_form_error(org, as_):
    data = form_data(org, title="\u200b\u200b\u0301")
    refused(as_(org.clerk), reverse("workflows:circular-new"), data)


@pytest.mark.parametrize("target", ["inbox", "Vz", "javascript:alert(1)"])
def test_a_next_that_is_not_a_path_of_this_site_goes_to_the_inbox(org, as_, target):
    client = as_(org.employee)
    client.raise_request_exception = False
    response = client.post(reverse("notifications:notices-read"), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("notifications:inbox")


def test_a_nul_character_in_any_form_or_query_value_is_a_400(org, as_):
    from tests.hr_world import KINDS, build

    published = build(org)[KINDS[0]].published
    client = as_(org.employee)
    refused(client, f"/{published.kind_slug}/{published.pk}/comments/", {"body": "ถาม\x00"})
    client.raise_request_exception = False
    assert client.get(reverse("workflows:circular-list"), {"state": "\x00"}).status_code == 400
