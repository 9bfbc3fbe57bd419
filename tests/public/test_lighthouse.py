"""Lighthouse (the npm package, on the installed Chromium) gives the pages ITA assessors and
citizens open — the public index and a fiscal year's page — 100 in performance, accessibility,
best practices and SEO, with Lighthouse's desktop preset (issue 18 names no device; the phone
layout of these pages is checked by tests/browser/test_menu.py and
tests/public/test_public_browser.py).

Accessibility, best practices and SEO are read from the page and must be 100 in every run. The
performance score is simulated from timings taken on this machine (the server's first byte is part
of first contentful paint), so it moves with the machine's load: as Lighthouse's own guidance on
variability says, it is the median of three runs, on a page that has been served once before
(nothing is measured against Django's first request). A run that ends in one of Lighthouse's own
"please run Lighthouse again" errors (NO_NAVSTART, NO_FCP: the trace was not recorded) measured
nothing and is run again, at most three times."""

import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from hrflow.thai import fiscal_year
from tests.conftest import chromium_path, service_missing
from tests.public.conftest import public_circular

pytestmark = [pytest.mark.browser, pytest.mark.needs("chromium")]

LIGHTHOUSE = (
    Path(__file__).resolve().parents[2] / "node_modules" / "lighthouse" / "cli" / "index.js"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUNS = 3  # performance is the median of this many runs
UNRECORDED = ("NO_NAVSTART", "NO_FCP", "NO_LCP", "PROTOCOL_TIMEOUT", "NO_TRACING_STARTED")


def lighthouse_run(url, report):
    """One Lighthouse run's JSON report, or None when the run recorded nothing (one of Lighthouse's
    own "run again" errors); any other failure fails the test with Lighthouse's message."""
    node = shutil.which("node")
    if node is None or not LIGHTHOUSE.exists():
        service_missing(f"needs node and lighthouse at {LIGHTHOUSE} (make node-deps)")
    report.unlink(missing_ok=True)
    run = subprocess.run(
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
        timeout=240,
        capture_output=True,
        text=True,
    )
    if run.returncode and any(code in run.stderr for code in UNRECORDED):
        return None
    assert run.returncode == 0, f"lighthouse exited {run.returncode}:\n{run.stderr[-3000:]}"
    return json.loads(report.read_text())


def scored(result):
    """{category: score out of 100} and, for each score under 100, the audits that cost it."""
    scores, lost = {}, {}
    for key, category in result["categories"].items():
        scores[key] = round(category["score"] * 100)
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.setdefault(key, []).append(f"{ref['id']} {audit.get('displayValue', '')}")
    return scores, lost


def lighthouse(url, tmp_path):
    """The page's scores (performance: the median of RUNS runs, stopping once the median is known
    to be 100) and the audits that cost points in the runs under 100."""
    path = urlsplit(url).path
    assert Client().get(path).status_code == 200  # Django's first request is not the page's speed
    runs, tries = [], 0
    while len(runs) < RUNS and sum(s["performance"] == 100 for s, _ in runs) <= RUNS // 2:
        tries += 1
        assert tries <= 2 * RUNS, f"Lighthouse recorded no trace of {url} in {tries - 1} runs"
        result = lighthouse_run(url, tmp_path / "lighthouse.json")
        if result is not None:
            runs.append(scored(result))
    scores = {key: min(s[key] for s, _ in runs) for key in CATEGORIES if key != "performance"}
    scores["performance"] = round(statistics.median_low(s["performance"] for s, _ in runs))
    lost = {}
    for _scores, run_lost in runs:
        for key, audits in run_lost.items():
            lost.setdefault(key, []).extend(audits)
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
