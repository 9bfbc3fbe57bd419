"""What each fault run measured, appended as one JSON line to var/chaos/results.jsonl (under
HRFLOW_VAR_DIR); `python -m tests.reliability.report` prints the table."""

import json
import os
import time
from pathlib import Path

from django.conf import settings


def results_path() -> Path:
    path = Path(
        os.environ.get("HRFLOW_CHAOS_RESULTS", settings.VAR_DIR / "chaos" / "results.jsonl")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def record(fault, *, lost, duplicated, recovery=None, duplicated_emails=0, **details):
    row = {
        "fault": fault,
        "lost": lost,
        "duplicated": duplicated,
        "duplicated_emails": duplicated_emails,
        "recovery_seconds": None if recovery is None else round(recovery, 2),
        "at": time.time(),
        **details,
    }
    with results_path().open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return row
