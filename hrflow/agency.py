"""The agency itself (one row, set by the admin): the name its documents and the public page
carry. HRFLOW_AGENCY_NAME, when set, wins over it — a deployment names its agency once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """The one agency this HRFlow serves (pk 1); not the top unit of the organisation tree,
    which is a สำนัก/กอง, never the agency (องค์การบริหารส่วนจังหวัด…)."""

    name = models.CharField(
        _("agency name"),
        max_length=300,
        help_text=_("As the agency signs its documents, e.g. องค์การบริหารส่วนจังหวัดลำพูน."),
    )
    digits = models.CharField(
        _("digits in documents"),
        max_length=6,
        choices=[("thai", _("Thai digits (๑๒๓)")), ("arabic", _("Arabic digits (123)"))],
        default="thai",
        help_text=_(
            "Every digit of an exported document is written in this style; a download may ask "
            "for the other one."
        ),
    )

    class Meta:
        app_label = "hrflow"
        verbose_name = _("agency")
        verbose_name_plural = _("agency")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="agency_one_row")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # one row: a second "add" edits the first
        super().save(*args, **kwargs)


def agency_name() -> str:
    """HRFLOW_AGENCY_NAME, else the admin's agency setting, else "" (never a unit's name)."""
    if settings.HRFLOW_AGENCY_NAME:
        return settings.HRFLOW_AGENCY_NAME
    return Agency.objects.filter(pk=1).values_list("name", flat=True).first() or ""


def agency_digits() -> str:
    """The agency's digit style for its documents: the admin's setting, else
    HRFLOW_EXPORT_DIGITS (Thai digits unless a deployment says otherwise)."""
    chosen = Agency.objects.filter(pk=1).values_list("digits", flat=True).first()
    return chosen or settings.HRFLOW_EXPORT_DIGITS
