"""Server-rendered pages for documents, generic over the registered kinds (registry.py)."""

from .kinds import DocumentPages

__all__ = ["DocumentPages"]
