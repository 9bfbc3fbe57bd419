"""Exports of final versions, made once and kept in MEDIA storage.

Chromium takes seconds for a PDF; a published version's file is public, so without this any
visitor could keep the server printing. A version that is published (or was: withdrawn,
archived) never changes, so its file is made once — when it is published (workflows.tasks), or
on the first request if that file is missing — and read from MEDIA_ROOT/exports afterwards; the
name carries the version, the state and the row's last change, so anything that changes the
document gets a new file. Beside each file its SHA-256 (`<file>.sha256`): the download's ETag.
Files are served only by the export views, which check who may see the document (MEDIA_ROOT has
no address of its own). A draft changes, so its file is made on every request — but one at a
time per document."""

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from hrflow import locks


@dataclass(frozen=True)
class StoredFile:
    """A kept export: where it is, its SHA-256, its size and when it was written."""

    path: Path
    sha256: str
    size: int
    modified: float

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'


def lock_name(document) -> str:
    return f"export:{document._meta.label_lower}:{document.pk}"


def path_of(document, name: str) -> Path:
    """Where the file `name` (e.g. "pdf", "thai.xlsx") of this version is kept."""
    changed = document.updated_at.strftime("%Y%m%d%H%M%S%f") if document.updated_at else "0"
    stem = f"v{document.version}-{document.state}-{changed}-{(document.content_hash or '-')[:16]}"
    folder = Path(settings.MEDIA_ROOT) / "exports" / document._meta.label_lower / str(document.pk)
    return folder / f"{stem}.{name}"


def _hash_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _write(target: Path, content: bytes) -> None:
    """Written aside and renamed: a reader that does not wait for the lock never sees half a
    file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(temporary, target)


def _found(target: Path) -> StoredFile | None:
    """The kept file with its hash, or None when it is not there. A file kept before hashes
    were (or whose hash file was lost) gets its hash now."""
    try:
        stat = target.stat()
    except FileNotFoundError:
        return None
    try:
        digest = _hash_path(target).read_text().strip()
    except FileNotFoundError:
        digest = ""
    if len(digest) != 64:
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        _write(_hash_path(target), digest.encode())
    return StoredFile(target, digest, stat.st_size, stat.st_mtime)


def stored_file(document, name: str, make: Callable[[], bytes]) -> StoredFile:
    """The kept file `name` of a final version, made by `make()` if it is missing (at most one
    `make()` per document at a time; whoever waited finds the file the holder made)."""
    target = path_of(document, name)
    found = _found(target)
    if found is not None:
        return found
    with locks.exclusive(lock_name(document)):
        found = _found(target)
        if found is not None:
            return found
        content = make()
        # The hash first: a file is only ever found with its hash beside it.
        _write(_hash_path(target), hashlib.sha256(content).hexdigest().encode())
        _write(target, content)
    return _found(target)


def export_file(document, name: str, make: Callable[[], bytes], *, final: bool) -> bytes:
    """The bytes `make()` returns for this document: kept once made for a `final` version (one
    that never changes again); for any other, made again, with at most one `make()` per
    document running at a time."""
    if not final:
        with locks.exclusive(lock_name(document)):
            return make()
    return stored_file(document, name, make).path.read_bytes()
