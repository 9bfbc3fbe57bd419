"""What every browser test needs: the installed Chromium driven by Playwright, a real Celery
worker, a login helper and a bounded wait for a condition."""

import os
import time
from pathlib import Path

import pytest

from tests.conftest import need, service_missing
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django would take the ORM calls
# of the test itself for calls from async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    chromium = need("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("needs the playwright package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker on the configured broker (filesystem here, Redis in CI)."""
    from celery.contrib.testing.worker import start_worker

    from hrflow.celery import app

    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        yield


def wait_for(condition, *, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def log_in(browser, live_server, persona, **context_options):
    context = browser.new_context(locale="th-TH", **context_options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/login/")
    assert page.locator("label[for=id_username]").inner_text().startswith("ชื่อผู้ใช้")
    page.fill("#id_username", persona.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)  # each role lands on its own page
    assert persona.full_name in page.locator(".who-name").inner_text()
    return page


def signed_in_page(browser, live_server, persona, **context_options):
    """A page of a new browser context already signed in as `persona`: the session is made on
    the server (as the test client's force_login does) and handed to the browser as its cookie,
    so tests that are not about signing in spend no time on the login form (log_in covers it).
    The page opens "/", where each role lands on its own page."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(persona.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="th-TH", **context_options)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/")
    assert "/login/" not in page.url, f"{persona.user.username} was not signed in by the cookie"
    assert persona.full_name in page.locator(".who-name").inner_text()
    return page


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


# What axe reports is sifted in the page: only the critical and serious violations cross back to
# Python (the whole result, passes included, is large and slow to hand over).
_AXE_RUN = """() => axe.run(document, {resultTypes: ["violations"]}).then((results) =>
    results.violations
        .filter((v) => v.impact === "critical" || v.impact === "serious")
        .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${JSON.stringify(
            v.nodes.slice(0, 3).map((n) => n.target))}`))"""


def axe_violations(page) -> list[str]:
    """axe-core (the npm package, `make node-deps`) on the page as shown: its critical and
    serious violations, each with where it was found."""
    if not AXE.exists():
        service_missing(f"needs axe-core at {AXE} (make node-deps)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_AXE_RUN)


# One round trip for what menu_link needs to know before clicking: whether the entry is there
# once and shown (as Playwright's is_visible means it: checkVisibility(), visibility "visible"
# and a box), and whether the phone's
# "menu" disclosure is shown and closed.
_MENU_STATE = """(key) => {
    const shown = (el) => {
        if (!el || !el.checkVisibility() || getComputedStyle(el).visibility !== "visible") {
            return false;
        }
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
    };
    const links = document.querySelectorAll(`nav.mainnav a[data-nav="${key}"]`);
    const menu = document.querySelector("nav.mainnav details[data-menu]");
    return {
        count: links.length,
        shown: shown(links[0]),
        menuClosed: !!menu && !menu.open && shown(menu.querySelector(":scope > summary")),
    };
}"""
# Whether the entry is shown, inside the screen's width and the element a tap at its middle
# reaches (nothing covers it), once scrolled to the middle of the screen.
_REACHABLE = """(key) => {
    const link = document.querySelector(`nav.mainnav a[data-nav="${key}"]`);
    const box = link.getBoundingClientRect();
    const visible = link.checkVisibility() && getComputedStyle(link).visibility === "visible";
    if (!(visible && box.width > 0 && box.height > 0)) return "hidden";
    window.scrollTo(0, window.scrollY + box.top - window.innerHeight / 2);
    const now = link.getBoundingClientRect();
    const x = now.left + now.width / 2, y = now.top + now.height / 2;
    const hit = document.elementFromPoint(x, y);
    return now.left >= 0 && now.right <= window.innerWidth + 1 && link.contains(hit)
        ? "reachable" : "outside the screen or covered";
}"""


def menu_link(page, key):
    """Open the main menu's way to the entry `key` (data-nav) as a person would: the phone's
    "menu" disclosure if it is closed, then the entry's group if it is closed. Returns the link
    and the number of clicks it took; fails if the link is then hidden or outside the screen.
    The clicks are Playwright's (real input events); what is read is read in one call each."""
    state = page.evaluate(_MENU_STATE, key)
    assert state["count"] == 1, f"the menu has no single entry {key!r}"
    clicks = 0
    if not state["shown"] and state["menuClosed"]:
        page.locator("nav.mainnav details[data-menu] > summary").click()
        clicks += 1
        state = page.evaluate(_MENU_STATE, key)
    if not state["shown"]:
        page.locator(f"nav.mainnav details[data-group]:has(a[data-nav='{key}']) > summary").click()
        clicks += 1
    found = page.evaluate(_REACHABLE, key)
    assert found == "reachable", f"{key!r} is {found} after {clicks} clicks"
    return page.locator(f"nav.mainnav a[data-nav='{key}']"), clicks


def pick(page, field_id, text, label):
    """Chooses in a picker (static/js/picker.js) as a person does with the keyboard: types
    `text` into the search box, waits for the first match to read `label`, presses Enter and
    sees it among the chosen."""
    box = page.locator(f"#{field_id}_search")
    box.fill(text)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    first = listbox.locator("[role=option]").first
    first.wait_for()
    wait_for(lambda: label in first.inner_text(), timeout=10, what=f"“{label}” offered")
    box.press("Enter")
    chosen = page.locator(f"#{field_id}").locator("xpath=..").locator(".picker-chips")
    wait_for(lambda: label in chosen.inner_text(), timeout=10, what=f"“{label}” chosen")
