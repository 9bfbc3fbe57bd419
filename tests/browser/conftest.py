"""What every browser test needs: the installed Chromium driven by Playwright, a real Celery
worker, a login helper and a bounded wait for a condition."""

import os
import time
from pathlib import Path

import pytest

from tests.conftest import service_missing
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django would take the ORM calls
# of the test itself for calls from async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
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
    if not Path(CHROMIUM).exists():
        service_missing(f"needs the installed Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("needs the playwright package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
    page.wait_for_url(f"{live_server.url}/inbox/")
    assert persona.full_name in page.locator(".who-name").inner_text()
    return page


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
