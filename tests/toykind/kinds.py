"""The toy kind's one registration: everything the engine serves it from."""

from hrflow.exports import OfficialDocument
from workflows import registry
from workflows.api.registry import KindAPI
from workflows.views import DocumentPages

from . import services
from .forms import ToyNoteForm
from .models import ToyNote
from .serializers import ToyNoteSerializer


def build(note) -> OfficialDocument:
    doc = OfficialDocument(title=note.title)
    doc.heading(note.title)
    doc.paragraph(note.body)
    return doc


registry.register(
    registry.Kind(
        ToyNote,
        order=900,
        pages=DocumentPages(ToyNote, ToyNoteForm),
        api=KindAPI(ToyNoteSerializer, create=services.toy_create, update=services.toy_update),
        export=build,
        public={"label": "บันทึกทดสอบ", "order": 900},
    )
)
