import pytest

from reports import services as report_services
from tests.browser.conftest import browser  # noqa: F401 (the browser test's fixture)
from workflows.services import apply_transition


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files and kept exports under MEDIA_ROOT, locks under VAR_DIR: per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


YEAR = 2569


def build(org, year=YEAR):
    return report_services.report_build(year, by=org.clerk.user)


def publish(org, report):
    report = apply_transition(report, "submit", by=org.clerk.user)
    report = apply_transition(report, "approve", by=org.executive.user)
    return apply_transition(report, "publish", by=org.executive.user)
