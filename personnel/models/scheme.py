"""The agency's scheme of rating levels (ระดับผลการประเมิน), set once by HR in the admin: every
evaluation criteria published for a round rates with these levels, unless the scheme allows
criteria to bring levels of their own."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..criteria_rules import RuleError, clean_levels, default_levels


class LevelScheme(models.Model):
    name = models.CharField(_("name"), max_length=200, default="ระดับผลการประเมิน 5 ระดับ")
    # [{"name": "ดีเด่น", "min": 90, "max": 100}, …], highest first (criteria_rules.clean_levels).
    levels = models.JSONField(_("rating levels"), default=default_levels)
    allow_other_levels = models.BooleanField(
        _("allow criteria with other levels"),
        default=False,
        help_text=_(
            "Off: criteria whose levels differ from these are refused at submit and publish."
        ),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("rating level scheme")
        verbose_name_plural = _("rating level scheme")

    def __str__(self):
        return self.name

    def clean(self):
        try:
            self.levels = clean_levels(self.levels)
        except RuleError as error:
            raise ValidationError({"levels": error.message}) from None

    @classmethod
    def current(cls, *, lock=False) -> "LevelScheme":
        """The one scheme (the data migration creates it); the five default levels if it is
        gone. `lock`: hold its row, so that two publishes of criteria run one after the other."""
        rows = cls.objects.order_by("pk")
        if lock:
            rows = rows.select_for_update()
        return rows.first() or cls()
