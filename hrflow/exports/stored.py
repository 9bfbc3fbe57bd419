"""Exports of final versions, made once and kept in MEDIA storage.

Chromium takes seconds for a PDF; a published version's file is public, so without this any
visitor could keep the server printing. A version that is published (or was: withdrawn,
archived) never changes, so its file is made on the first request and read from
MEDIA_ROOT/exports afterwards; the name carries the version, the state and the row's last
change, so anything that changes the document gets a new file. Files are served only by the
export views, which check who may see the document (MEDIA_ROOT has no address of its own).
A draft changes, so its file is made on every request — but one at a time per document."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from hrflow import locks


def lock_name(document) -> str:
    return f"export:{document._meta.label_lower}:{document.pk}"


def path_of(document, name: str) -> Path:
    """Where the file `name` (e.g. "pdf", "thai.xlsx") of this version is kept."""
    changed = document.updated_at.strftime("%Y%m%d%H%M%S%f") if document.updated_at else "0"
    stem = f"v{document.version}-{document.state}-{changed}-{(document.content_hash or '-')[:16]}"
    folder = Path(settings.MEDIA_ROOT) / "exports" / document._meta.label_lower / str(document.pk)
    return folder / f"{stem}.{name}"


def export_file(document, name: str, make: Callable[[], bytes], *, final: bool) -> bytes:
    """The bytes `make()` returns for this document: kept once made for a `final` version (one
    that never changes again); for any other, made again, with at most one `make()` per
    document running at a time."""
    if not final:
        with locks.exclusive(lock_name(document)):
            return make()
    target = path_of(document, name)
    if target.exists():
        return target.read_bytes()
    with locks.exclusive(lock_name(document)):
        # Whoever waited for the lock finds the file the holder made.
        if target.exists():
            return target.read_bytes()
        content = make()
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader that does not wait for the lock never sees half a
        # file.
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    return content
