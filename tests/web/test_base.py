from django.test import Client
from django.urls import reverse

from notifications.models import Acknowledgement


def test_the_language_switch_turns_the_pages_to_english_and_back(org, as_):
    client = as_(org.employee, lang="")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inbox/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("notifications:inbox")).content.decode()
    client.post(reverse("set_language"), {"language": "th", "next": "/inbox/"})
    assert '<html lang="th">' in client.get(reverse("notifications:inbox")).content.decode()


def test_logging_out_is_a_post_and_then_every_page_asks_for_a_login(org, as_):
    client = as_(org.employee)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_menu_offers_new_circular_to_clerks_only(org, as_):
    new = f'href="{reverse("workflows:circular-new")}"'
    assert new in as_(org.clerk).get(reverse("notifications:inbox")).content.decode()
    for persona in (org.employee, org.executive, org.auditor):
        page = as_(persona).get(reverse("notifications:inbox")).content.decode()
        assert new not in page
        assert f'href="{reverse("workflows:circular-list")}"' in page
        assert persona.full_name in page


def test_a_form_without_its_csrf_token_is_refused_with_a_page_and_changes_nothing(
    org, employee_ack
):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    client.force_login(org.employee.user)
    response = client.post(reverse("notifications:acknowledgement", args=[employee_ack.pk]))
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert Acknowledgement.objects.get(pk=employee_ack.pk).acknowledged_at is None


def test_a_missing_page_is_a_404_page_in_the_layout(org, as_):
    response = as_(org.employee).get("/no-such-page/")
    assert response.status_code == 404
    assert "There is nothing here" in response.content.decode()


def test_an_english_browser_still_gets_thai_pages_until_english_is_chosen(org, as_):
    client = as_(org.employee, lang="")
    page = client.get(reverse("notifications:inbox"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="th">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/inbox/"})
    page = client.get(reverse("notifications:inbox"), HTTP_ACCEPT_LANGUAGE="th")
    assert '<html lang="en">' in page.content.decode()
