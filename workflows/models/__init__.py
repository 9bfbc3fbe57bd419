from .base import Document
from .comments import DocumentComment
from .log import RegisterCounter, TransitionLog
from .states import State

# The kinds themselves live in their own apps (circulars/, meetings/, personnel/, reports/)
# and are registered in each app's kinds.py (workflows/registry.py).

__all__ = [
    "Document",
    "DocumentComment",
    "RegisterCounter",
    "State",
    "TransitionLog",
]
