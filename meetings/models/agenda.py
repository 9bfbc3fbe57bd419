"""The five agenda items of a meeting (form 11) and, under each, the problems and obstacles
raised (by whom, which unit) and the resolutions (มติ); the minutes' agenda as one read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.models.base import State

AGENDA = (
    (1, _("Matters the chair informs the meeting of")),
    (2, _("Adoption of the minutes of the previous meeting")),
    (3, _("Matters arising (follow-up)")),
    (4, _("Matters for consideration")),
    (5, _("Other matters")),
)
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


class MinutesAgenda:
    """The minutes' agenda and what it adopted (a mixin of MeetingMinutes)."""

    def agenda(self) -> list[dict]:
        """The five items with what was reported, the problems, the resolutions and the action
        items under each; item 3 also lists the open action items of earlier meetings, item 2
        the minutes this meeting adopted, item 4 the staff suggestions placed on it."""
        from .actions import ActionItem
        from .suggestions import Suggestion

        problems = list(self.problems.select_related("raised_by", "unit"))
        resolutions = list(self.resolutions.all())
        actions = list(self.action_items.select_related("owner"))
        for action in actions:
            # As decided at this meeting: their follow-up belongs to the later minutes.
            action.open_then, action.notes_then = True, []
        items = []
        for number, title in AGENDA:
            items.append(
                {
                    "number": number,
                    "title": title,
                    "report": getattr(self, f"item_{number}"),
                    "problems": [p for p in problems if p.item == number],
                    "resolutions": [r for r in resolutions if r.item == number],
                    "actions": [a for a in actions if a.item == number],
                }
            )
        items[1]["adopted"] = self.adopted_previous()
        items[2]["followups"] = ActionItem.followups_for(self)
        items[3]["suggestions"] = list(
            Suggestion.objects.filter(
                placed_in__series_id=self.series_id,
                placed_in__number_year=self.number_year,
                placed_in__number=self.number,
                # Not what a later version (a correction still in draft) added.
                placed_in__version__lte=self.version,
            )
        )
        return items

    def adopted_previous(self):
        return (
            type(self)
            .objects.filter(
                adopted_in__series_id=self.series_id,
                adopted_in__number_year=self.number_year,
                adopted_in__number=self.number,
            )
            .first()
        )

    def previous_meeting(self):
        """The current version of the meeting before this one in the series, if published."""
        return (
            type(self)
            .objects.filter(
                series_id=self.series_id,
                meeting_date__lt=self.meeting_date,
                state=State.PUBLISHED,
            )
            .order_by("-meeting_date", "-number_year", "-number", "-version")
            .first()
        )
