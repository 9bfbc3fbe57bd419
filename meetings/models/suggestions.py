"""ข้อเสนอแนะ: a staff suggestion to a meeting series. The author is always stored (HRFlow's own
record) but, when anonymous, never shown to the secretary, the chair, or through the API."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Suggestion(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Received")
        PLACED = "placed", _("On a meeting's agenda")
        ANSWERED = "answered", _("Answered")

    series = models.ForeignKey(
        "meetings.MeetingSeries",
        verbose_name=_("meeting series"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    submitted_by = models.ForeignKey(
        "hrflow.Employee", on_delete=models.PROTECT, related_name="suggestions"
    )
    anonymous = models.BooleanField(_("hide my name"), default=False)
    text = models.TextField(_("suggestion"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    placed_in = models.ForeignKey(
        "meetings.MeetingMinutes",
        verbose_name=_("placed on the agenda of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        db_table = "workflows_suggestion"  # the table it had in workflows/
        ordering = ["-created_at", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self):
        return self.text[:60]

    @property
    def author_shown(self) -> str:
        """The name anybody but HRFlow itself may see: none when the author asked so."""
        return "" if self.anonymous else self.submitted_by.full_name
