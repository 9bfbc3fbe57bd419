"""Documents as Thai official documents (DOCX, PDF): one description, two formats.

A kind describes its export once as an `OfficialDocument` (headings, paragraphs, label/value
lines, tables, a signing block) in a builder `build(document) -> OfficialDocument` and registers
it with `register(Model, build)`; the generic pages `<kind>/<pk>/export.pdf|.docx` serve every
registered kind to the document's readers."""

from collections.abc import Callable

from .document import ExportUnavailable, OfficialDocument

_BUILDERS: dict[type, Callable] = {}


def register(model: type, build: Callable) -> None:
    _BUILDERS[model] = build


def builder_for(model: type) -> Callable | None:
    _load_builders()
    return _BUILDERS.get(model)


def build(document) -> OfficialDocument:
    builder = builder_for(type(document))
    if builder is None:
        raise LookupError(f"No export for {type(document).__name__}")
    return builder(document)


def _load_builders():
    # The builders register themselves on import; importing here keeps the registry complete
    # wherever it is first asked.
    from . import circular, measure6, minutes  # noqa: F401


__all__ = ["ExportUnavailable", "OfficialDocument", "build", "builder_for", "register"]
