"""Issue 14 item 5: nobody — the admin included — learns from HRFlow's pages who wrote an
anonymous suggestion; only its author sees the answer they were sent.

Every admin page (the changelist, its search for the author, and the change page of every row
of every registered model), the auditor's pages and the API are read as the admin and as the
auditor: no page may show something of the suggestion (its text, its answer, its id in a key)
together with something of its author (name, username, staff id)."""

from django.contrib import admin
from django.urls import reverse

from meetings import suggestions as suggestion_services
from notifications.models import Notice
from tests.factories import make_person
from tests.meetings import office_series

TEXT = "ควรมีห้องให้นมบุตรที่ชั้นสอง"
OUTCOME = "ที่ประชุมเห็นชอบ จัดห้องภายในไตรมาสหน้า"


def admin_pages(author):
    """Every registered model's changelist, its search for the author, and every row's page."""
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        yield changelist
        if model_admin.search_fields:
            yield f"{changelist}?q={author.last_name}"
        for pk in model._default_manager.values_list("pk", flat=True)[:200]:
            yield reverse("admin:{}_{}_change".format(*info), args=[pk])


def other_pages(author, suggestion):
    yield reverse("auditor:search")
    yield f"{reverse('auditor:search')}?q={author.first_name}"
    yield reverse("auditor:person", args=[author.pk])
    yield reverse("workflows:suggestions")
    yield "/api/suggestions/"
    yield f"/api/suggestions/{suggestion.pk}/"
    yield "/api/me/notices/"


def test_no_admin_auditor_or_api_page_links_an_anonymous_suggestion_to_its_author(org, as_):
    org.admin.user.is_staff = True  # the admin as HR sets it up: the Django admin opens
    org.admin.user.save(update_fields=["is_staff"])
    # Marks found nowhere else on the pages (the personas' "employee" is a word of the pages).
    author = make_person("srisuda.k", unit=org.section, first_name="ศรีสุดา", last_name="นิรนามวงศ์")
    suggestion = suggestion_services.suggestion_submit(
        by=author.user, series=office_series(org), text=TEXT, anonymous=True
    )
    suggestion_services.suggestion_answer(suggestion, by=org.executive.user, outcome=OUTCOME)
    # The author is told, and sees the answer in their own inbox.
    told = Notice.objects.filter(recipient=author, kind=Notice.Kind.MESSAGE)
    assert told.exists() and all(notice.text == OUTCOME for notice in told)
    assert all(f"suggestion:{suggestion.pk}" not in notice.dedupe_key for notice in told)

    of_suggestion = (TEXT, OUTCOME, f"suggestion:{suggestion.pk}")
    of_author = (author.full_name, author.first_name, author.user.username, author.staff_id)
    leaks, opened = [], 0
    for persona, pages in (
        (org.admin, admin_pages(author)),
        (org.admin, other_pages(author, suggestion)),
        (org.auditor, other_pages(author, suggestion)),
    ):
        client = as_(persona)
        for address in pages:
            response = client.get(address)
            opened += response.status_code == 200
            page = response.content.decode(errors="replace")
            if any(s in page for s in of_suggestion) and any(a in page for a in of_author):
                found = [m for m in (*of_suggestion, *of_author) if m in page]
                leaks.append((persona.user.username, address, found))
    assert opened > 20  # the walk really read pages
    assert leaks == []
