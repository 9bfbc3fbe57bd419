"""Lighthouse (the npm package, on the installed Chromium) gives the pages ITA assessors and
citizens open — the public index and a fiscal year's page — 100 in performance, accessibility,
best practices and SEO. One run per page with Lighthouse's desktop preset (issue 18 names no
device; the phone layout of these pages is checked by tests/browser/test_menu.py and
tests/public/test_public_browser.py)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone

from hrflow.thai import fiscal_year
from tests.conftest import chromium_path, service_missing
from tests.public.conftest import public_circular

pytestmark = [pytest.mark.browser, pytest.mark.needs("chromium")]

LIGHTHOUSE = (
    Path(__file__).resolve().parents[2] / "node_modules" / "lighthouse" / "cli" / "index.js"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url, tmp_path):
    """{category: score out of 100} and, for each score under 100, the audits that cost it."""
    node = shutil.which("node")
    if node is None or not LIGHTHOUSE.exists():
        service_missing(f"needs node and lighthouse at {LIGHTHOUSE} (make node-deps)")
    report = tmp_path / "lighthouse.json"
    subprocess.run(
        [
            node,
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--preset=desktop",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--output=json",
            f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": chromium_path()},
        check=True,
        timeout=240,
        capture_output=True,
    )
    result = json.loads(report.read_text())
    scores, lost = {}, {}
    for key, category in result["categories"].items():
        scores[key] = round(category["score"] * 100)
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.setdefault(key, []).append(f"{ref['id']} {audit.get('displayValue', '')}")
    return scores, lost


def test_the_public_index_and_a_year_page_score_100_in_every_category(org, live_server, tmp_path):
    public_circular(org, "ประกาศเรื่องการแต่งกาย", "submit", "approve", "publish")
    fy = fiscal_year(timezone.localdate())
    try:
        found = {
            page: lighthouse(f"{live_server.url}{page}", tmp_path)
            for page in ("/public/", f"/public/{fy}/")
        }
    finally:
        connections.close_all()
    for page, (scores, _lost) in found.items():
        print(page, scores)
    assert {page: scores for page, (scores, _lost) in found.items()} == {
        page: dict.fromkeys(CATEGORIES, 100) for page in found
    }, {page: lost for page, (_scores, lost) in found.items()}
