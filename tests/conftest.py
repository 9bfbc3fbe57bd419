"""Personas, service and tool checks and the CI flag.

HRFLOW_REQUIRE_SERVICES=1 (set by .ci/run) turns "PostgreSQL/Redis unavailable" skips into
failures, so CI cannot go green by skipping what it was meant to prove. The programs exports are
checked with (Chromium, LibreOffice, poppler) are installed by `make system-deps` on every CI run,
so a missing one fails under that flag or CI=true alike: `@pytest.mark.needs("soffice")` on a
test, `need("pdftotext")` inside a helper."""

import os
import shutil
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import DepartmentFactory, make_person

TRUE = {"1", "true", "yes"}
REQUIRE_SERVICES = os.environ.get("HRFLOW_REQUIRE_SERVICES", "").lower() in TRUE
# CI's second run (SQLite, no flag) still has every tool `make system-deps` installed.
REQUIRE_TOOLS = REQUIRE_SERVICES or os.environ.get("CI", "").lower() in TRUE


def service_missing(reason):
    if REQUIRE_SERVICES:
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


def chromium_path():
    """Where the exports would find Chromium (HRFLOW_CHROMIUM, else the usual names on PATH)."""
    configured = settings.HRFLOW_CHROMIUM
    if configured:
        return configured if os.path.exists(configured) else shutil.which(configured)
    names = ("chromium", "chromium-browser", "google-chrome")
    return next(filter(None, map(shutil.which, names)), None)


# tool → (how to find it, the Debian package that brings it)
TOOLS = {
    "chromium": (chromium_path, "chromium"),
    "soffice": (lambda: shutil.which("soffice"), "libreoffice-writer-nogui"),
    **{
        name: ((lambda name=name: shutil.which(name)), "poppler-utils")
        for name in ("pdftotext", "pdffonts", "pdftoppm")
    },
}


def need(tool: str) -> str:
    """The path of `tool`; skips the test without it, or fails it where tools are required."""
    find, package = TOOLS[tool]
    found = find()
    if found:
        return found
    reason = f"needs {tool} (Debian package {package})"
    if REQUIRE_TOOLS:
        pytest.fail(f"required tool unavailable: {reason}")
    pytest.skip(reason)


def pytest_runtest_setup(item):
    # A run left on the `make run` defaults (CI's second run) chose SQLite and the filesystem
    # broker: what needs PostgreSQL or Redis is skipped there even under the flag, which only
    # holds a run to the services it was pointed at.
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        unavailable = service_missing if "DATABASE_URL" in os.environ else pytest.skip
        unavailable("needs PostgreSQL: set DATABASE_URL=postgres://…")
    if item.get_closest_marker("redis") and not settings.CELERY_BROKER_URL.startswith("redis"):
        unavailable = service_missing if "CELERY_BROKER_URL" in os.environ else pytest.skip
        unavailable("needs Redis: set CELERY_BROKER_URL=redis://…")
    for marker in item.iter_markers("needs"):
        for tool in marker.args:
            need(tool)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas are made for every test; the production hasher would spend seconds on them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db):
    """An agency in miniature: one office with a section below it, and another office.

    clerk, executive, employee and head sit in the office (employee in its section), auditor in
    the audit unit, outsider in the other office, admin manages people."""
    office = DepartmentFactory(code="OFF", name="กองการเจ้าหน้าที่")
    section = DepartmentFactory(code="SEC", name="ฝ่ายสรรหา", parent=office, kind="section")
    other = DepartmentFactory(code="OTH", name="กองช่าง")
    audit = DepartmentFactory(code="AUD", name="หน่วยตรวจสอบภายใน")
    head = make_person("head", roles=["employee", "executive"], unit=office)
    office.head = head
    office.save()
    return SimpleNamespace(
        office=office,
        section=section,
        other=other,
        audit=audit,
        head=head,
        clerk=make_person("clerk", roles=["employee", "clerk"], unit=office),
        executive=make_person("executive", roles=["employee", "executive"], unit=office),
        employee=make_person("employee", roles=["employee"], unit=section),
        auditor=make_person("auditor", roles=["auditor"], unit=audit),
        outsider=make_person("outsider", roles=["employee"], unit=other),
        admin=make_person("admin", roles=["admin"], unit=audit),
    )


@pytest.fixture
def as_(client):
    """as_(persona) → the test client logged in as that persona (None: anonymous).

    Pages are asked for in English, so assertions on messages read the msgids and stay true
    once the Thai catalogue exists; lang="" asks without a preference (Thai by default)."""

    def login(persona, lang="en"):
        client.logout()
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        if lang:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        if persona is not None:
            client.force_login(persona.user)
        return client

    return login
