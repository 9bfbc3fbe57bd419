"""Documents as Thai official documents (DOCX, PDF): one description, two formats.

A kind describes its export once as an `hrflow.exports.OfficialDocument` (headings,
paragraphs, label/value lines, tables, a signing block) in a builder
`build(document) -> OfficialDocument`, named as its `export` in its registration
(workflows/registry.py); the generic pages `<kind>/<pk>/export.pdf|.docx` serve every kind
that has one to the document's readers. The framework itself lives in hrflow.exports."""

from collections.abc import Callable

from hrflow.exports import OfficialDocument


def builder_for(model: type) -> Callable | None:
    from workflows import registry

    kind = registry.for_model(model)
    return kind.export if kind is not None else None


def build(document) -> OfficialDocument:
    builder = builder_for(type(document))
    if builder is None:
        raise LookupError(f"No export for {type(document).__name__}")
    return builder(document)


__all__ = ["build", "builder_for"]
