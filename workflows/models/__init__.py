from .base import Document, State
from .circular import Circular, CircularAttachment
from .log import RegisterCounter, TransitionLog

# Every concrete kind, in menu order; the API, the shared tests and the admin walk this.
KINDS = (Circular,)

__all__ = [
    "KINDS",
    "Circular",
    "CircularAttachment",
    "Document",
    "RegisterCounter",
    "State",
    "TransitionLog",
]
