"""HTML → PDF by headless Chromium in a subprocess (see document.py for why Chromium)."""

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 60

# Chromium processes started by this process: what the tests of stored exports count (a real
# count of real starts, so a cache that is bypassed shows up). Every start is also a line in
# starts_log(), which counts the starts of every process on this VAR_DIR (the web server's
# workers, the Celery worker): what the benchmark reads.
started = 0
_started_lock = threading.Lock()


def starts_log() -> Path:
    return Path(settings.VAR_DIR) / "chromium-starts.log"


def starts_recorded() -> int:
    """Chromium starts written to starts_log() by every process so far."""
    try:
        with open(starts_log(), "rb") as log:
            return sum(1 for _line in log)
    except FileNotFoundError:
        return 0


def _count_start() -> None:
    global started
    with _started_lock:
        started += 1
    try:
        starts_log().parent.mkdir(parents=True, exist_ok=True)
        # One short line, appended: whole lines whatever the number of writers.
        with open(starts_log(), "a", encoding="ascii") as log:
            log.write(f"{time.time():.3f} {os.getpid()}\n")
    except OSError:
        pass  # the count is for measuring; it never stops a PDF


class ExportUnavailable(Exception):
    """This server cannot make the file now (no Chromium, or it failed): a 503, not a 500."""


def chromium_path() -> str | None:
    configured = settings.HRFLOW_CHROMIUM
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str) -> bytes:
    chromium = chromium_path()
    if chromium is None:
        raise ExportUnavailable(_("PDF export needs Chromium, which is not installed here."))
    with tempfile.TemporaryDirectory(prefix="hrflow-pdf-") as tmp:
        source = Path(tmp) / "document.html"
        target = Path(tmp) / "document.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            chromium,
            "--headless",
            # Root in a container has no sandbox; the page runs no script (its CSP forbids it)
            # and reaches no network (every host name resolves to nothing).
            "--no-sandbox",
            "--disable-gpu",
            "--disable-extensions",
            "--disable-background-networking",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        _count_start()
        try:
            subprocess.run(  # noqa: S603 (a fixed command line; the page is our own file)
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ExportUnavailable(_("The PDF could not be made: %(e)s") % {"e": error}) from error
        if not target.exists() or target.stat().st_size == 0:
            raise ExportUnavailable(_("The PDF could not be made; please try again."))
        return target.read_bytes()
