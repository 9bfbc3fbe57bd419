"""Every role, at 1280 px and on a 390 px phone, reaches every menu entry it may use within two
clicks (visible, on the screen, not covered) and lands on its page; axe-core finds nothing
critical or serious on any page a role reaches from the menu, nor on the public pages a visitor
opens (the index, a year, a kind's list, a document) and the login page.

Kept quick (CI runs it at both widths): one browser context per role, signed in by its session
cookie rather than the form (log_in and the journeys cover the form), each page audited once per
width whoever opens it first, and no waiting beyond the page's load."""

import pytest
from django.db import connections
from django.test import RequestFactory
from django.utils import timezone

from hrflow import menu
from hrflow.thai import fiscal_year
from tests.browser.conftest import axe_violations, menu_link, signed_in_page
from tests.web.conftest import new_draft, walk

pytestmark = pytest.mark.browser

ROLES = ("clerk", "executive", "employee", "auditor", "admin")
WIDTHS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
# Django's own admin is not HRFlow's page: it is reached, not audited.
NOT_AUDITED = ("admin",)


def expected_entries(user):
    request = RequestFactory().get("/")
    request.user = user
    return [
        (entry.key, entry.url) for group in menu.for_request(request) for entry in group.entries
    ]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_each_role_reaches_every_menu_entry_in_two_clicks_and_axe_finds_nothing_serious(
    width, org, live_server, browser
):
    # Something in the lists (a row, a state badge, a deadline) and on the public pages.
    circular = walk(
        new_draft(org, "ประกาศเรื่องการแต่งกาย", is_public=True),
        org,
        "submit",
        "approve",
        "publish",
    )
    audited = {}  # url → axe's findings: a page is audited once per width, whoever opens it
    try:
        for role in ROLES:
            walk_the_menu(getattr(org, role), WIDTHS[width], live_server, browser, audited)
        visit_the_public_pages(circular, WIDTHS[width], live_server, browser, audited)
    finally:
        connections.close_all()
    assert any("/public/" in url for url in audited) and any("/work/" in url for url in audited)
    assert not {url: found for url, found in audited.items() if found}


def walk_the_menu(persona, options, live_server, browser, audited):
    entries = expected_entries(persona.user)
    assert entries, "every role has a menu"
    # The pages' CSP forbids inline scripts; only the test's axe-core is let through.
    page = signed_in_page(browser, live_server, persona, bypass_csp=True, **options)
    shown = set(
        page.locator("nav.mainnav a[data-nav]").evaluate_all("a => a.map(l => l.dataset.nav)")
    )
    assert shown == {key for key, _url in entries}
    if page.url not in audited:
        audited[page.url] = axe_violations(page)
    for key, url in entries:
        link, clicks = menu_link(page, key)
        assert clicks <= 2, f"{key!r} took {clicks} clicks"
        link.click()
        page.wait_for_url(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= options["viewport"]["width"], f"{url} scrolls sideways ({width}px)"
        if key not in NOT_AUDITED and page.url not in audited:
            audited[page.url] = axe_violations(page)
    page.context.close()


def visit_the_public_pages(circular, options, live_server, browser, audited):
    """A visitor with no login, following the links as one would: the index, this year, the
    circulars of the year, the circular; and the login page."""
    context = browser.new_context(locale="th-TH", bypass_csp=True, **options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    fy = fiscal_year(timezone.localdate())
    steps = (
        None,
        f"a[data-year='{fy}']",
        "[data-kind=circulars] h2 a",
        f"a[data-item='circulars-{circular.pk}']",
    )
    page.goto(f"{live_server.url}/public/")
    for step in steps:
        if step is not None:
            page.locator(step).first.click()
            page.wait_for_load_state()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= options["viewport"]["width"], f"{page.url} scrolls sideways ({width}px)"
        audited[page.url] = axe_violations(page)
    page.goto(f"{live_server.url}/login/")
    audited[page.url] = axe_violations(page)
    context.close()
