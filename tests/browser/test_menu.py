"""Every role, at 1280 px and on a 390 px phone, reaches every menu entry it may use within two
clicks (visible, on the screen, not covered), lands on its page, and axe-core finds nothing
critical or serious on any page it visits."""

import pytest
from django.db import connections
from django.test import RequestFactory

from hrflow import menu
from tests.browser.conftest import axe_violations, log_in, menu_link

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
def test_each_role_reaches_every_menu_entry_in_two_clicks(width, org, live_server, browser):
    audited = {}  # url → axe's findings: a page is audited once per width, whoever opens it
    try:
        for role in ROLES:
            walk_the_menu(getattr(org, role), WIDTHS[width], live_server, browser, audited)
    finally:
        connections.close_all()
    assert not {url: found for url, found in audited.items() if found}


def walk_the_menu(persona, options, live_server, browser, audited):
    entries = expected_entries(persona.user)
    assert entries, "every role has a menu"
    # The pages' CSP forbids inline scripts; only the test's axe-core is let through.
    page = log_in(browser, live_server, persona, bypass_csp=True, **options)
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
