"""A document's exports kept once made (hrflow.exports.stored) when its version is final: a
version that is published, or was (withdrawn, archived), never changes; any other is made
again on every request, one at a time per document."""

from collections.abc import Callable

from django.utils import translation

from hrflow.exports import stored

from ..models import State

FINAL_STATES = frozenset({State.PUBLISHED, State.WITHDRAWN, State.ARCHIVED})


def export_file(document, name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes `make()` returns for this document, kept once made for a final version."""
    return stored.export_file(document, name, make, final=document.state in FINAL_STATES)


def official(document, fmt: str, digits: str) -> bytes:
    """The document's official export ("pdf" or "docx", in Thai: an official document is in
    Thai whatever language the reader's pages are in) with every digit in `digits` ("thai" or
    "arabic"), kept as export_file keeps it — one file per digit style."""
    from . import build

    def make():
        with translation.override("th"):
            doc = build(document).with_digits(digits)
            return doc.pdf() if fmt == "pdf" else doc.docx()

    return export_file(document, f"{digits}.{fmt}", make)
