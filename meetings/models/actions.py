"""Action items (who does what by when) decided at a meeting, and the progress recorded on them
at later meetings of the series until the secretary closes them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.models.base import State

from .agenda import ITEM_CHOICES


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    minutes = models.ForeignKey(
        "meetings.MeetingMinutes", on_delete=models.CASCADE, related_name="action_items"
    )
    item = models.PositiveSmallIntegerField(_("agenda item"), choices=ITEM_CHOICES, default=4)
    text = models.TextField(_("what is to be done"))
    owner = models.ForeignKey(
        "hrflow.Employee", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_in = models.ForeignKey(
        "meetings.MeetingMinutes",
        verbose_name=_("closed at meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # When the owner was told (at the publishing of the minutes); a corrected version's copy
    # keeps it, so nobody is told twice of the same assignment.
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "workflows_actionitem"  # the table it had in workflows/
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @classmethod
    def followups_for(cls, minutes):
        """What stands under item 3 of a meeting: the action items of the series' earlier
        meetings (their current, published version) that were open at it, or were closed at it —
        as they stood at that meeting. What a later meeting records (progress, closing, even in
        its draft) shows only in the later minutes, so published and adopted minutes never
        change. Each item carries `open_then` and `notes_then` (the progress recorded up to and
        at this meeting)."""
        meeting = {
            "series_id": minutes.series_id,
            "number_year": minutes.number_year,
            "number": minutes.number,
        }

        def up_to_this_meeting(via):
            # By the meeting, not the version: a corrected version is the same meeting.
            return models.Q(**{f"{via}__meeting_date__lt": minutes.meeting_date}) | models.Q(
                **{f"{via}__{name}": value for name, value in meeting.items()}
            )

        notes = ActionProgress.objects.filter(up_to_this_meeting("minutes"))
        actions = list(
            cls.objects.filter(
                minutes__series_id=minutes.series_id,
                minutes__meeting_date__lt=minutes.meeting_date,
                minutes__state=State.PUBLISHED,
            )
            .exclude(closed_in__meeting_date__lt=minutes.meeting_date)
            .select_related("owner", "minutes", "closed_in", "closed_by__employee")
            .prefetch_related(models.Prefetch("progress", notes, to_attr="notes_then"))
            .order_by("due_date", "pk")
        )
        for action in actions:
            closed_here = action.closed_in is not None and all(
                getattr(action.closed_in, name) == value for name, value in meeting.items()
            )
            action.open_then = not closed_here
        return actions


class ActionProgress(models.Model):
    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="progress")
    minutes = models.ForeignKey(
        "meetings.MeetingMinutes",
        verbose_name=_("recorded at meeting"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("progress"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "workflows_actionprogress"  # the table it had in workflows/
        ordering = ["at", "pk"]
        verbose_name = _("progress")
        verbose_name_plural = _("progress")

    def __str__(self):
        return self.note[:60]
