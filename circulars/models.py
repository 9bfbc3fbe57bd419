"""หนังสือเวียน: a circular that the addressed staff must acknowledge."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.thai import thai_digits
from workflows.audience import resolve_audience
from workflows.models.base import Document


class Circular(Document):
    kind_slug = "circulars"
    numbered = True
    public_field = "is_public"
    content_fields = ("title", "body", "deadline", "audience", "addressee", "reference", "urgency")
    search_fields = (*Document.search_fields, "addressee", "reference")

    class Form(models.TextChoices):
        """The forms of the สารบรรณ rules a circular is printed in."""

        MEMO = "memo", _("Internal memo (บันทึกข้อความ)")
        EXTERNAL = "external", _("Letter (หนังสือภายนอก)")

    class Urgency(models.TextChoices):
        NONE = "", pgettext_lazy("urgency", "Normal")
        URGENT = "urgent", _("Urgent (ด่วน)")
        VERY_URGENT = "very_urgent", _("Very urgent (ด่วนมาก)")
        MOST_URGENT = "most_urgent", _("Most urgent (ด่วนที่สุด)")

    not_carried = ("register_code", "number_year", "number")  # a new version takes a new number

    body = models.TextField(_("body"), blank=True)
    deadline = models.DateField(_("acknowledge by"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    # A list of targets as the API takes them: {"kind": "everyone"}, {"kind": "unit", "id": 3,
    # "subunits": true}, {"kind": "position", "id": 5}, {"kind": "person", "id": 42}. Resolved
    # and frozen (as acknowledgement requests) at publish.
    audience = models.JSONField(_("audience"), default=list, blank=True)
    letter_form = models.CharField(
        _("form"), max_length=10, choices=Form.choices, default=Form.MEMO
    )
    # เรียน as the author words it (the audience above is data, not prose).
    addressee = models.CharField(_("addressed to (เรียน)"), max_length=300, blank=True)
    reference = models.CharField(_("reference (อ้างถึง)"), max_length=500, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, default="", blank=True
    )
    register_code = models.CharField(max_length=32, blank=True)
    number_year = models.PositiveIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)

    class Meta(Document.Meta):
        db_table = "workflows_circular"  # the table it had in workflows/ (kept by the move)
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")
        constraints = [
            models.UniqueConstraint(
                fields=["register_code", "number_year", "number"], name="circular_number_unique"
            )
        ]

    @property
    def number_display(self) -> str:
        """ที่ ลพ 51000/ว 123 (the register restarts every BE year)."""
        if self.number is None:
            return ""
        return f"ที่ {self.register_code}/ว {self.number}"

    @property
    def number_display_thai(self) -> str:
        return thai_digits(self.number_display)

    def audience_employee_ids(self) -> list[int]:
        return resolve_audience(self.audience)

    def carry_over(self, previous):
        # The files are never changed after upload, so both versions may point at the same one.
        CircularAttachment.objects.bulk_create(
            CircularAttachment(
                circular=self,
                file=attachment.file.name,
                name=attachment.name,
                size=attachment.size,
                content_type=attachment.content_type,
                uploaded_by_id=attachment.uploaded_by_id,
            )
            for attachment in previous.attachments.all()
        )

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("workflows:circular-detail", args=[self.pk])


def attachment_path(instance, filename):
    return f"circulars/{instance.circular_id}/{filename}"


class CircularAttachment(models.Model):
    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"),
        upload_to=attachment_path,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"])],
    )
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "workflows_circularattachment"
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name
