"""A document's exports kept once made (hrflow.exports.stored) when its version is final: a
version that is published, or was (withdrawn, archived), never changes; any other is made
again on every request, one at a time per document.

A kind that registers `render_at_publish` (workflows/registry.py) has those files made by a
Celery task once its publish commits (render_published), so that no reader — an anonymous one
on the public page above all — waits for Chromium; a file that is missing all the same (a broker
that was down, a MEDIA folder restored without it) is made on the first request for it."""

import logging
from collections.abc import Callable

from django.apps import apps
from django.db import transaction
from django.utils import translation

from hrflow.celery import quick_producer
from hrflow.exports import digits as digit_styles
from hrflow.exports import stored

from ..models import State

log = logging.getLogger(__name__)

FINAL_STATES = frozenset({State.PUBLISHED, State.WITHDRAWN, State.ARCHIVED})


def export_file(document, name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes `make()` returns for this document, kept once made for a final version."""
    return stored.export_file(document, name, make, final=document.state in FINAL_STATES)


def final_file(document, name: str, make: Callable[[], bytes]) -> stored.StoredFile:
    """The kept file (path, hash) of a final version, made by `make()` if it is missing."""
    if document.state not in FINAL_STATES:
        raise ValueError(f"{document!r} is not final: its files are not kept")
    return stored.stored_file(document, name, make)


def _official_maker(document, fmt: str, digits: str) -> Callable[[], bytes]:
    from . import build

    def make():
        # An official document is in Thai whatever language the reader's pages are in.
        with translation.override("th"):
            doc = build(document).with_digits(digits)
            return doc.pdf() if fmt == "pdf" else doc.docx()

    return make


def official(document, fmt: str, digits: str) -> bytes:
    """The document's official export ("pdf" or "docx") with every digit in `digits` ("thai"
    or "arabic"), kept as export_file keeps it — one file per digit style."""
    return export_file(document, f"{digits}.{fmt}", _official_maker(document, fmt, digits))


def official_file(document, fmt: str, digits: str) -> stored.StoredFile:
    """official() of a final version as its kept file, for a view that streams it."""
    return final_file(document, f"{digits}.{fmt}", _official_maker(document, fmt, digits))


def render_published(label: str, pk: int) -> int:
    """Make the kept files a kind renders at publish (in the agency's digit style, as the
    public page offers them) for this document, if it is still final; the number of files
    that were made or found. A document gone since (a test's rollback) is nothing to do."""
    from workflows import registry

    model = apps.get_model(label)
    kind = registry.for_model(model)
    document = model.objects.filter(pk=pk).first()
    if kind is None or document is None or document.state not in FINAL_STATES:
        return 0
    style = digit_styles.default_style()
    for fmt in kind.render_at_publish:
        official_file(document, fmt, style)
    return len(kind.render_at_publish)


def render_on_commit(document) -> None:
    """After the publish commits, hand the rendering to the worker (in the publishing
    transaction; nothing if the kind renders nothing at publish)."""
    from workflows import registry

    kind = registry.for_model(type(document))
    if kind is None or not kind.render_at_publish:
        return
    label, pk = document._meta.label_lower, document.pk
    transaction.on_commit(lambda: _enqueue(label, pk))


def _enqueue(label: str, pk: int) -> None:
    """One quick try at the broker: the person publishing never waits on a broker that is
    down; the file is then made on its first request."""
    from ..tasks import render_published as task

    try:
        with quick_producer() as producer:
            task.apply_async(args=[label, pk], retry=False, producer=producer)
    except Exception:  # the broker's own errors vary by transport
        log.warning("broker unavailable; %s %s is rendered on its first request", label, pk)
