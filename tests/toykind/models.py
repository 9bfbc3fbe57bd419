from django.db import models

from workflows.models import Document


class ToyNote(Document):
    """A note HR publishes; public when HR says so; nobody is asked to acknowledge it."""

    kind_slug = "toy-notes"
    requires_acknowledgement = False
    public_field = "is_public"
    content_fields = ("title", "body")

    body = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)

    class Meta(Document.Meta):
        verbose_name = "บันทึกทดสอบ"
        verbose_name_plural = "บันทึกทดสอบ"

    def audience_employee_ids(self) -> list[int]:
        return []
