from workflows.api.serializers import DOCUMENT_FIELDS, DocumentSerializer

from .models import ToyNote


class ToyNoteSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        model = ToyNote
        fields = (*DOCUMENT_FIELDS, "body", "is_public")
