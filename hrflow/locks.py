"""One holder at a time of a named lock, across threads, processes and (on PostgreSQL) hosts,
without holding a transaction open: for slow work that must not run twice at once (a PDF
printed by Chromium), where a row lock would keep the row's writers waiting for seconds."""

import fcntl
import hashlib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def _key(name: str) -> int:
    # PostgreSQL's advisory locks take a signed 64-bit key.
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def exclusive(name: str):
    """Hold the lock `name` for the block; wait while someone else holds it.

    PostgreSQL: a session advisory lock (the web and the worker containers share the database,
    not always a disk). Otherwise (SQLite, one host by nature): a file lock under VAR_DIR."""
    if connection.vendor == "postgresql":
        key = _key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{_key(name) & 0xFFFFFFFFFFFFFFFF:016x}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
