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


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core (the npm package, `make node-deps`) on the page as shown: its critical and
    serious violations, each with where it was found."""
    if not AXE.exists():
        service_missing(f"needs axe-core at {AXE} (make node-deps)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def menu_link(page, key):
    """Open the main menu's way to the entry `key` (data-nav) as a person would: the phone's
    "menu" disclosure if it is closed, then the entry's group if it is closed. Returns the link
    and the number of clicks it took; fails if the link is then hidden or outside the screen."""
    link = page.locator(f"nav.mainnav a[data-nav='{key}']")
    assert link.count() == 1, f"the menu has no single entry {key!r}"
    clicks = 0
    if not link.is_visible():
        menu = page.locator("nav.mainnav details[data-menu] > summary")
        if menu.is_visible() and page.locator("nav.mainnav details[data-menu][open]").count() == 0:
            menu.click()
            clicks += 1
    if not link.is_visible():
        page.locator(f"nav.mainnav details[data-group]:has(a[data-nav='{key}']) > summary").click()
        clicks += 1
    assert link.is_visible(), f"{key!r} is hidden after {clicks} clicks"
    reachable = page.evaluate(
        """(link) => {
            const box = link.getBoundingClientRect();
            window.scrollTo(0, window.scrollY + box.top - window.innerHeight / 2);
            const now = link.getBoundingClientRect();
            const x = now.left + now.width / 2, y = now.top + now.height / 2;
            const hit = document.elementFromPoint(x, y);
            return now.left >= 0 && now.right <= window.innerWidth + 1 && link.contains(hit);
        }""",
        link.element_handle(),
    )
    assert reachable, f"{key!r} is outside the screen or covered"
    return link, clicks


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
