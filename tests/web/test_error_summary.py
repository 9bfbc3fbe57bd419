"""The error summary on top of a refused form: every error at once, each linked to its field,
and what was typed kept."""

from django.urls import reverse

from circulars.models import Circular


def summary_of(page: str) -> str:
    start = page.index("data-error-summary")
    return page[start : page.index("</ul>", start)]


def test_a_refused_circular_lists_every_error_at_once_linked_to_its_field(org, as_):
    response = as_(org.clerk).post(
        reverse("workflows:circular-new"),
        {"title": "", "body": "ขอเชิญประชุม", "deadline": "31/02/2569"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = summary_of(page)
    assert 'href="#id_title"' in summary and 'href="#id_deadline"' in summary
    assert "Choose who the document is for" in summary  # the audience, said at the same time
    assert 'value="31/02/2569"' in page and "ขอเชิญประชุม</textarea>" in page
    assert not Circular.objects.exists()


def test_a_form_without_errors_has_no_summary(org, as_):
    page = as_(org.clerk).get(reverse("workflows:circular-new")).content.decode()
    assert "data-error-summary" not in page


def test_the_login_page_says_a_wrong_password_in_the_summary(org, client):
    response = client.post(reverse("login"), {"username": "clerk", "password": "wrong"})
    assert "data-error-summary" in response.content.decode()
