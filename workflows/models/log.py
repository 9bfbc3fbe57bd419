from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionLog(models.Model):
    """One row per state change of any document: who, when, from where, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField()
    transition = models.CharField(_("transition"), max_length=32)
    from_state = models.CharField(_("from"), max_length=16)
    to_state = models.CharField(_("to"), max_length=16)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("transition log entry")
        verbose_name_plural = _("transition log")

    def __str__(self):
        return f"{self.transition}: {self.from_state} → {self.to_state}"


class RegisterCounter(models.Model):
    """The agency's register: the last number given per code and BE year. Taken inside the
    publishing transaction under a row lock, so a number is never skipped or given twice."""

    code = models.CharField(max_length=32)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="register_counter_unique")
        ]

    def __str__(self):
        return f"{self.code}/{self.year}: {self.last_number}"
