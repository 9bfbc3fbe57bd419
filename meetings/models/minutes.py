"""รายงานการประชุม: the minutes of one meeting of a series (form 11, the five-item agenda).

The second kind on the one engine. Who may take a step is the series' business: its secretary
drafts, edits and submits; whoever chaired this meeting (one of the chairs HR named on the series,
never the secretary, and present) approves, sends back and publishes; executives and auditors read
everything. The audience is the staff in the series' scope. Once adopted (รับรอง) at the next
meeting the minutes are final."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrflow import roles
from hrflow.thai import thai_digits
from workflows.audience import resolve_audience
from workflows.models.base import Document, DocumentQuerySet, State

from .agenda import AGENDA, MinutesAgenda
from .attendance import Attendance, MinutesAttendance
from .meetings import MeetingSeries


def _employee_id(user):
    return getattr(getattr(user, "employee", None), "pk", None)


class MinutesQuerySet(DocumentQuerySet):
    def visible_to(self, user):
        """Executives and auditors read all minutes; the secretary and chair of a series read
        its drafts; everybody else reads the published minutes addressed to them."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if roles.has_role(user, roles.AUDITOR, roles.EXECUTIVE):
            return self
        employee = getattr(user, "employee", None)
        if employee is None:
            return self.none()
        from .actions import ActionItem

        released = [State.PUBLISHED, State.WITHDRAWN, State.ARCHIVED]
        # The owner of an action item reads the minutes that assigned it, in scope or not.
        owned = ActionItem.objects.filter(owner=employee).values("minutes_id")
        return self.filter(
            models.Q(state__in=released, pk__in=self.model.addressed_ids(employee))
            | models.Q(state__in=released, pk__in=owned)
            | models.Q(series__secretary=employee)
            | models.Q(series__chair=employee)
            | models.Q(chair=employee)
        )


class MeetingMinutes(MinutesAgenda, MinutesAttendance, Document):
    kind_slug = "minutes"
    author_roles = ()  # the series' secretary, whoever holds the role
    reviewer_roles = (roles.EXECUTIVE,)
    publisher_roles = (roles.EXECUTIVE,)
    content_fields = (
        "title", "number", "number_year", "meeting_date", "start_time", "end_time", "place",
        "chair", "secretary", "item_1", "item_2", "item_3", "item_4", "item_5",
    )  # fmt: skip
    not_carried = ("adopted_at", "adopted_by", "adopted_in")
    search_fields = (
        "title", "series__name", "place", "chair__first_name", "chair__last_name",
        "secretary__first_name", "secretary__last_name",
    )  # fmt: skip
    fiscal_year_date = "meeting_date"
    STEP_LABELS = {**Document.STEP_LABELS, "adopt": _("Adopted at the next meeting")}
    # Adoption is not a state of the workflow (adopted minutes stay published), but its history
    # row must say what happened: "published → adopted".
    ADOPTED = "adopted"
    LOG_STATE_LABELS = {ADOPTED: _("Adopted")}
    # What else is announced once minutes are official (the owners of their action items are
    # told): services, set where the kind is registered (meetings.kinds), so that the model
    # never imports the services that write it.
    publish_hooks: tuple = ()

    series = models.ForeignKey(
        "meetings.MeetingSeries",
        verbose_name=_("meeting series"),
        on_delete=models.PROTECT,
        related_name="minutes",
    )
    number = models.PositiveIntegerField(_("meeting number"))
    number_year = models.PositiveIntegerField(_("year (BE)"))
    meeting_date = models.DateField(_("meeting date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    chair = models.ForeignKey(
        "hrflow.Employee", verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    secretary = models.ForeignKey(
        "hrflow.Employee",
        verbose_name=_("minute-taker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    item_1 = models.TextField(AGENDA[0][1], blank=True)
    item_2 = models.TextField(AGENDA[1][1], blank=True)
    item_3 = models.TextField(AGENDA[2][1], blank=True)
    item_4 = models.TextField(AGENDA[3][1], blank=True)
    item_5 = models.TextField(AGENDA[4][1], blank=True)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_in = models.ForeignKey(
        "self",
        verbose_name=_("adopted at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_minutes",
    )

    objects = MinutesQuerySet.as_manager()

    class Meta(Document.Meta):
        db_table = "workflows_meetingminutes"  # the table it had in workflows/
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")
        ordering = ["-meeting_date", "-pk"]
        constraints = [
            # Every meeting has a version 1, so this keeps a number to one meeting a year.
            models.UniqueConstraint(
                fields=["series", "number_year", "number", "version"], name="minutes_number_unique"
            )
        ]

    # --- the number -------------------------------------------------------------------------
    @property
    def number_display(self) -> str:
        """ครั้งที่ 3/2568 (restarts every BE year)."""
        return f"ครั้งที่ {self.number}/{self.number_year}" if self.number else ""

    @property
    def number_display_thai(self) -> str:
        return thai_digits(self.number_display)

    # --- who may do what --------------------------------------------------------------------
    def is_secretary(self, user) -> bool:
        return (
            not roles.has_role(user, roles.AUDITOR)
            and _employee_id(user) is not None
            and _employee_id(user) == self.series.secretary_id
        )

    def is_chair(self, user) -> bool:
        """Whoever chaired this meeting, if the series (HR) allows them to chair it. Who drafted
        the minutes never approves them, even if the data names them chair."""
        employee_id = _employee_id(user)
        return (
            not roles.has_role(user, roles.AUDITOR)
            and employee_id is not None
            and employee_id == self.chair_id
            and employee_id not in (self.secretary_id, self.series.secretary_id)
            and user.pk != self.created_by_id
            and employee_id in self.series.chair_ids()
        )

    def may(self, user, step: str) -> bool:
        if step in ("submit", "edit"):
            return self.is_secretary(user)
        if step in ("approve", "send_back", "publish"):
            return self.is_chair(user)
        if step == "withdraw" and self.adopted_at:
            return False  # adopted minutes are final
        return self.is_chair(user) or (
            roles.has_role(user, roles.EXECUTIVE) and not roles.has_role(user, roles.AUDITOR)
        )

    def approver_employee_ids(self) -> list[int]:
        """Who is told that the minutes wait for approval: the meeting's chair, if the series
        lets them chair it (workflows.hooks.on_submitted)."""
        return [self.chair_id] if self.chair_id in self.series.chair_ids() else []

    def is_author(self, user) -> bool:
        return self.is_secretary(user)

    def is_officer(self, user) -> bool:
        return self.is_chair(user) or roles.has_role(user, roles.EXECUTIVE)

    @classmethod
    def may_create(cls, user) -> bool:
        return (
            not roles.has_role(user, roles.AUDITOR)
            and MeetingSeries.for_secretary(getattr(user, "employee", None)).exists()
        )

    def may_revise(self, user) -> bool:
        return not self.adopted_at and super().may_revise(user)

    def may_record_adoption(self, user) -> bool:
        return self.is_secretary(user) or self.is_chair(user)

    def may_adopt_previous(self, user) -> bool:
        """Adoption is recorded from the published minutes of the meeting that adopted the
        previous ones: a draft's record of it could still change."""
        return self.state == State.PUBLISHED and self.may_record_adoption(user)

    def check_step(self, name: str, *, note: str, override: bool = False) -> str:
        from hrflow.errors import Conflict

        if name in ("approve", "publish"):
            # Asked under the row lock: the attendance and the series may have changed since
            # the draft was written.
            if self.chair_id not in self.series.chair_ids():
                raise Conflict(
                    _(
                        "%(name)s is not one of the chairs HR named for this meeting series; "
                        "send the minutes back to correct the chair."
                    )
                    % {"name": self.chair.full_name}
                )
            present = self.attendance.filter(status=Attendance.Status.PRESENT)
            if not present.filter(employee_id=self.chair_id).exists():
                raise Conflict(
                    _(
                        "The chair, %(name)s, is not recorded as present; send the minutes "
                        "back to correct the attendance."
                    )
                    % {"name": self.chair.full_name}
                )
        return note

    def revision_draft(self, by):
        from hrflow.errors import Conflict

        if self.adopted_at:
            # Checked here, under the revising service's row lock.
            raise Conflict(_("These minutes were adopted at the next meeting and are final."))
        return super().revision_draft(by)

    def carry_over(self, previous):
        from .actions import ActionItem, ActionProgress
        from .agenda import Problem, Resolution

        Attendance.objects.bulk_create(
            Attendance(minutes=self, employee_id=a.employee_id, status=a.status, reason=a.reason)
            for a in previous.attendance.all()
        )
        for model in (Problem, Resolution):
            model.objects.bulk_create(
                model(**{**row, "id": None, "minutes_id": self.pk})
                for row in model.objects.filter(minutes=previous).values()
            )
        # Action items come along with their progress, so the follow-up at later meetings
        # carries on from the corrected version; their owners are not told a second time.
        for row in ActionItem.objects.filter(minutes=previous).values():
            old = row.pop("id")
            copy = ActionItem.objects.create(**{**row, "minutes_id": self.pk})
            ActionProgress.objects.bulk_create(
                ActionProgress(**{**p, "id": None, "action_id": copy.pk})
                for p in ActionProgress.objects.filter(action_id=old).values()
            )

    def on_published(self):
        for hook in self.publish_hooks:
            hook(self)

    # --- reads ------------------------------------------------------------------------------
    def untold_action_items(self):
        """Action items whose owners were not told yet (told once, when first published)."""
        return self.action_items.filter(notified_at__isnull=True).select_related("minutes")

    def audience_employee_ids(self) -> list[int]:
        return resolve_audience(self.series.audience_targets())

    def compute_content_hash(self) -> str:
        import hashlib

        parts = [super().compute_content_hash()]
        parts += [f"{a.employee_id}:{a.status}:{a.reason}" for a in self.attendance.all()]
        parts += [f"p:{p.item}:{p.text}:{p.raised_by_id}" for p in self.problems.all()]
        parts += [f"r:{r.item}:{r.text}" for r in self.resolutions.all()]
        parts += [f"a:{a.text}:{a.owner_id}:{a.due_date}" for a in self.action_items.all()]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("workflows:meetingminutes-detail", args=[self.pk])
