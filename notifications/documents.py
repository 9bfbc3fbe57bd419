"""What notifications' pages show of a document whose kind it does not define.

notifications sits below the apps that define documents (hrflow ← notifications ← workflows ←
kind apps) and imports none of them: the app that knows where a kind's templates live tells
it, once, with `show_fields_with` (e.g. from its AppConfig.ready()). Until one does, the
confirmation page uses the naming the engine's own pages use today."""

from collections.abc import Callable

_resolver: Callable[[object], str] | None = None


def show_fields_with(resolver: Callable[[object], str] | None) -> None:
    """`resolver(document)` → the template that renders the document's fields (it receives
    `document` in its context). None: back to the default."""
    global _resolver
    _resolver = resolver


def fields_template(document) -> str:
    """The template of `document`'s fields on the acknowledgement confirmation page."""
    if _resolver is not None:
        return _resolver(document)
    return f"workflows/kinds/{document.kind_slug}.html"
