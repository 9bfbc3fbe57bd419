"""Server-rendered pages for documents, generic over workflows.models.KINDS (see kinds.py)."""

from .kinds import DocumentPages

__all__ = ["DocumentPages"]
