"""Under each agenda item: the problems and obstacles raised (by whom, which unit) and the
resolutions (มติ)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

ITEM_CHOICES = [(n, str(n)) for n in range(1, 6)]


class Problem(models.Model):
    minutes = models.ForeignKey(
        "meetings.MeetingMinutes", on_delete=models.CASCADE, related_name="problems"
    )
    item = models.PositiveSmallIntegerField(_("agenda item"), choices=ITEM_CHOICES)
    text = models.TextField(_("problem or obstacle"))
    raised_by = models.ForeignKey(
        "hrflow.Employee",
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "hrflow.Department",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        db_table = "workflows_problem"  # the table it had in workflows/
        ordering = ["item", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self):
        return self.text[:60]


class Resolution(models.Model):
    minutes = models.ForeignKey(
        "meetings.MeetingMinutes", on_delete=models.CASCADE, related_name="resolutions"
    )
    item = models.PositiveSmallIntegerField(_("agenda item"), choices=ITEM_CHOICES)
    text = models.TextField(_("resolution"))

    class Meta:
        db_table = "workflows_resolution"  # the table it had in workflows/
        ordering = ["item", "pk"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return self.text[:60]
