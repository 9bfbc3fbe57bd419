"""The outbox (Notice) and the acknowledgement requests (Acknowledgement).

Both are written in the publishing transaction; a worker claims notices with a conditional
update, so a broker outage or a killed worker delays a notice but never loses or doubles it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AcknowledgementQuerySet(models.QuerySet):
    def for_document(self, document):
        return self.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        )

    def pending(self):
        return self.filter(acknowledged_at__isnull=True)

    def acknowledged(self):
        return self.filter(acknowledged_at__isnull=False)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.pending().filter(deadline__lt=today)


class Acknowledgement(models.Model):
    """One employee's รับทราบ of one version of one document: requested at publish."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(max_length=64)
    employee = models.ForeignKey(
        "hrflow.Employee", on_delete=models.PROTECT, related_name="acknowledgements"
    )
    deadline = models.DateField(_("acknowledge by"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    proxy_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proxy_reason = models.TextField(blank=True)
    # A proxy acknowledgement given on paper: the day the paper was signed (acknowledged_at is
    # when HR recorded it) and, optionally, the scanned sheet (a checked upload).
    # db_default: publishing inserts these rows with its own SQL (services.py, PostgreSQL).
    paper_signed_on = models.DateField(_("signed on paper"), null=True, blank=True)
    paper_scan = models.FileField(upload_to="acknowledgements/%Y/", blank=True, db_default="")
    escalated_at = models.DateTimeField(null=True, blank=True)
    # When the first notice of the announcement reached the person (any channel): tracking
    # counts "notified" from this column instead of joining every notice.
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The person's unit when they were asked (tracking counts by it without joining everyone).
    unit = models.ForeignKey(
        "hrflow.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version", "employee"],
                name="one_acknowledgement_per_version_and_employee",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "version"]),
            models.Index(fields=["employee", "acknowledged_at"]),
            # Tracking: counts by unit, and the outstanding a page at a time in this order.
            models.Index(
                fields=["content_type", "object_id", "version", "unit", "employee"],
                condition=models.Q(acknowledged_at__isnull=True),
                name="ack_outstanding_by_unit",
            ),
            # Tracking's list of paper acknowledgements: the few of them, not the version.
            models.Index(
                fields=["content_type", "object_id", "version"],
                condition=models.Q(paper_signed_on__isnull=False) | ~models.Q(paper_scan=""),
                name="ack_on_paper",
            ),
        ]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self):
        return f"{self.employee} · {self.content_type.model} {self.object_id} v{self.version}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return not self.is_acknowledged and self.deadline is not None and self.deadline < today


class AcknowledgementTally(models.Model):
    """How many people one version of a document asked, acknowledged and reached, per unit
    (as asked) and deadline: the acknowledgements counted, so that tracking reads a few rows
    instead of counting every acknowledgement of the version.

    A cache the database keeps exact, never written by Python code: on PostgreSQL the
    acknowledgement table's statement triggers (migration 0007) add each statement's
    changes to it, in the statement's own transaction. SQLite has the table, empty, and
    tracking counts the acknowledgements there. A group whose people all went elsewhere stays
    as a row of zeros."""

    # Found by the unique constraint's index, which starts with it: no index of their own.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    version = models.PositiveIntegerField()
    # No constraint: a unit deleted moves its acknowledgements to no unit (SET_NULL, an UPDATE
    # the triggers count) and leaves its row here at zero.
    unit = models.ForeignKey(
        "hrflow.Department", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
        db_index=False, related_name="+",
    )  # fmt: skip
    deadline = models.DateField(null=True)
    recipients = models.BigIntegerField(default=0)
    acknowledged = models.BigIntegerField(default=0)
    delivered = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            # The triggers' ON CONFLICT target: one row per group, no unit and no deadline
            # included (PostgreSQL 15's NULLS NOT DISTINCT; SQLite makes none, it is unused there).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version", "unit", "deadline"],
                name="one_tally_per_group",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.object_id} v{self.version} · {self.unit_id} · {self.deadline}"


class Notice(models.Model):
    """A message to one employee over one channel: the outbox row a worker delivers."""

    class Channel(models.TextChoices):
        INAPP = "inapp", _("In-app")
        EMAIL = "email", _("Email")
        LINE = "line", _("LINE")

    class Kind(models.TextChoices):
        ANNOUNCE = "announce", _("New document")
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Overdue in your unit")
        MESSAGE = "message", _("Message")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Delivered")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        "hrflow.Employee", on_delete=models.PROTECT, related_name="notices"
    )
    # Empty for a message notice (an action item assigned, a suggestion answered…), which
    # carries its own subject, text and link instead.
    acknowledgement = models.ForeignKey(
        Acknowledgement, on_delete=models.PROTECT, related_name="notices", null=True, blank=True
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Makes a second identical notice impossible: announce once, one reminder a day, …
    dedupe_key = models.CharField(max_length=120, unique=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "channel", "status"]),
            # The inbox's page of notices: unread first, newest first, without a sort.
            models.Index(
                "recipient",
                "channel",
                "status",
                models.F("read_at").desc(),  # on PostgreSQL DESC puts NULL (unread) first
                models.F("sent_at").desc(),
                models.F("id").desc(),
                name="notice_inbox_order",
            ),
        ]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.channel}, {self.status})"


class LineLink(models.Model):
    """A person's LINE account (the userId the agency's Official Account sees). The person asks
    for a one-time code here and sends it to the OA; the OA's webhook fills in the userId."""

    employee = models.OneToOneField(
        "hrflow.Employee", on_delete=models.CASCADE, related_name="line_link"
    )
    line_user_id = models.CharField(max_length=64, blank=True, db_index=True)
    code = models.CharField(max_length=16, null=True, blank=True, unique=True)
    code_expires = models.DateTimeField(null=True, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("LINE account")
        verbose_name_plural = _("LINE accounts")

    def __str__(self):
        return f"{self.employee} · LINE"

    @property
    def is_linked(self) -> bool:
        return bool(self.line_user_id)
