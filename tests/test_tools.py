"""A test that needs Chromium, LibreOffice or poppler cannot go quietly green: without the tool
it is skipped on a developer's machine and fails where tools are required (CI)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEEDS_CHROMIUM = "tests/web/test_auditor.py::test_the_pdf_export_prints_the_head_hash"


def run_without_chromium(tmp_path, **flags):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "PYTEST_ADDOPTS", "CI")
        and key != "HRFLOW_REQUIRE_SERVICES"
    }
    env.update(HRFLOW_CHROMIUM="/nonexistent/chromium", HRFLOW_VAR_DIR=str(tmp_path), **flags)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", NEEDS_CHROMIUM],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_pdf_test_without_chromium_is_skipped_with_the_package_named(tmp_path):
    result = run_without_chromium(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 skipped" in result.stdout, result.stdout[-3000:]
    assert "needs chromium (Debian package chromium)" in result.stdout


@pytest.mark.parametrize("flag", [{"CI": "true"}, {"HRFLOW_REQUIRE_SERVICES": "1"}])
def test_a_pdf_test_without_chromium_fails_where_tools_are_required(tmp_path, flag):
    result = run_without_chromium(tmp_path, **flag)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "1 error" in result.stdout, result.stdout[-3000:]  # failed in its setup
    assert "required tool unavailable: needs chromium" in result.stdout
