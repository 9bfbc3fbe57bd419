"""Reads for HR's tracking of one document version: totals, per unit, who is outstanding.

Query counts do not grow with the audience: aggregates are done in the database — on
PostgreSQL over the few rows of AcknowledgementTally (the version's counts per unit and
deadline, which the database keeps), elsewhere over the acknowledgement rows alone — and the
list of the outstanding is read a page at a time.

`units`: None for everyone asked, else only the people asked while in those units (what a head
of unit follows: Document.tracked_unit_ids)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow import charts, sql_paths
from hrflow.models import Department

from .models import Acknowledgement, AcknowledgementTally, Notice


@dataclass
class Summary:
    recipients: int
    delivered: int
    acknowledged: int
    pending: int
    overdue: int
    failed_notices: int

    def as_dict(self):
        return dict(self.__dict__)


def _acks(document, units=None):
    acks = Acknowledgement.objects.for_document(document).filter(version=document.version)
    return acks if units is None else acks.filter(unit_id__in=units)


def asks_anyone_in(document, units) -> bool:
    """Whether this version asked anybody of these units (None: anybody at all)."""
    return _acks(document, units).exists()


def _counts(today):
    """Counted over the acknowledgement rows alone (one row per person asked, no join): the
    notified are those whose announcement has a delivered_at."""
    return {
        "recipients": Count("pk"),
        "acknowledged": Count("pk", filter=Q(acknowledged_at__isnull=False)),
        "overdue": Count("pk", filter=Q(acknowledged_at__isnull=True, deadline__lt=today)),
        "delivered": Count("pk", filter=Q(delivered_at__isnull=False)),
    }


def _tally(document, units=None):
    """The version's groups that still count anybody (a group everyone left stays, at 0)."""
    rows = AcknowledgementTally.objects.filter(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        version=document.version,
        recipients__gt=0,
    )
    return rows if units is None else rows.filter(unit_id__in=units)


def _sums(today):
    """_counts, over the tally: a group's outstanding are overdue when its deadline is past."""
    return {
        # First: its F()s are the columns, not the sums named like them that follow.
        "overdue": Sum(F("recipients") - F("acknowledged"), filter=Q(deadline__lt=today),
                       default=0),
        "recipients": Sum("recipients", default=0),
        "acknowledged": Sum("acknowledged", default=0),
        "delivered": Sum("delivered", default=0),
    }  # fmt: skip


def _counted(document, units, today):
    """(rows, their aggregates): the tally on PostgreSQL, the acknowledgements elsewhere."""
    if sql_paths.in_database():
        return _tally(document, units), _sums(today)
    return _acks(document, units), _counts(today)


def summary(document, today=None, units=None) -> Summary:
    today = today or timezone.localdate()
    rows, aggregates = _counted(document, units, today)
    row = rows.aggregate(**aggregates)
    # Failed notices are few: the status index finds them, then their acknowledgements.
    failed = Notice.objects.filter(
        status=Notice.Status.FAILED, acknowledgement__in=_acks(document, units)
    ).count()
    return Summary(
        recipients=row["recipients"],
        delivered=row["delivered"],
        acknowledged=row["acknowledged"],
        pending=row["recipients"] - row["acknowledged"],
        overdue=row["overdue"],
        failed_notices=failed,
    )


def by_unit(document, today=None, units=None) -> list[dict]:
    """One row per unit of the recipients (their unit when asked): unit, recipients, delivered,
    acknowledged, overdue. Grouped over the tally's or the acknowledgements' rows; the units'
    names are joined to the groups, not to every row."""
    today = today or timezone.localdate()
    rows, aggregates = _counted(document, units, today)
    groups = list(rows.values("unit_id").annotate(**aggregates).order_by())
    names = dict(Department.objects.filter(pk__in=[g["unit_id"] for g in groups])
                 .values_list("pk", "name"))  # fmt: skip
    rows = [
        {
            "unit_id": row["unit_id"],
            "unit": names.get(row["unit_id"]),
            "recipients": row["recipients"],
            "delivered": row["delivered"],
            "acknowledged": row["acknowledged"],
            "pending": row["recipients"] - row["acknowledged"],
            "overdue": row["overdue"],
        }
        for row in groups
    ]
    return sorted(
        rows, key=lambda row: (row["unit"] is None, row["unit"] or "", row["unit_id"] or 0)
    )


def chart_by_unit(rows) -> charts.Chart:
    """The rows of `by_unit` (or their sums over a round's criteria) as a picture: per unit the
    share of its recipients who acknowledged and the share overdue, as the table counts them."""
    recipients = sum(row["recipients"] for row in rows)
    acknowledged = sum(row["acknowledged"] for row in rows)
    overdue = sum(row["overdue"] for row in rows)
    summary = _(
        "Acknowledgement by unit (%(units)s units): %(acknowledged)s of %(recipients)s "
        "acknowledged (%(share)s), %(overdue)s overdue (%(overdue_share)s)."
    ) % {
        "units": len(rows), "acknowledged": acknowledged, "recipients": recipients,
        "share": charts.share(acknowledged, recipients), "overdue": overdue,
        "overdue_share": charts.share(overdue, recipients),
    }  # fmt: skip
    bars = []
    for row in rows:
        whole = row["recipients"]
        text = _("acknowledged %(acknowledged)s/%(recipients)s (%(share)s)") % {
            "acknowledged": row["acknowledged"],
            "recipients": whole,
            "share": charts.share(row["acknowledged"], whole),
        }
        late_text = _("overdue %(overdue)s (%(share)s)") % {
            "overdue": row["overdue"],
            "share": charts.share(row["overdue"], whole),
        }
        bars.append(
            charts.Row(row["unit"] or "–", [charts.Bar(row["acknowledged"], whole, text, "ok"),
                                            charts.Bar(row["overdue"], whole, late_text, "bad")])
        )  # fmt: skip
    # No lines under it: the table by unit under the picture has every number of it.
    return charts.bars("acknowledgement-by-unit", summary, bars)


def outstanding(document, units=None):
    """Who has not acknowledged this version yet, with their unit and position: by unit, then
    in the order they were asked (an index gives any page of it without sorting everyone)."""
    return (
        _acks(document, units)
        .pending()
        .select_related("employee__unit", "employee__position", "employee__user")
        .order_by("unit_id", "employee_id")
    )


def all_recipients(document, units=None):
    return (
        _acks(document, units)
        .select_related("employee__unit", "employee__position", "proxy_by__employee")
        .order_by("employee__unit__name", "employee__staff_id")
    )


def on_paper(document, units=None):
    """The acknowledgements of this version recorded from a paper sheet (its date or scan),
    newest first."""
    return (
        _acks(document, units)
        .filter(Q(paper_signed_on__isnull=False) | ~Q(paper_scan=""))
        .select_related("employee", "proxy_by__employee")
        .order_by("-acknowledged_at", "pk")
    )


def paper_scan_of(document, ack_id, units=None):
    """The acknowledgement `ack_id` of this document with a stored scan (of the units, when
    given), or None."""
    return (
        Acknowledgement.objects.for_document(document)
        .filter(pk=ack_id)
        .exclude(paper_scan="")
        .filter(**({} if units is None else {"unit_id__in": units}))
        .select_related("employee")
        .first()
    )


OUTSTANDING_PER_PAGE = 50


def outstanding_page(document, number, pending: int, units=None):
    """One page of `outstanding`; `pending` (from the summary) is the count, so the page costs
    one query whatever the audience."""
    paginator = Paginator(outstanding(document, units), OUTSTANDING_PER_PAGE)
    paginator.count = pending  # known already: spares a COUNT over every outstanding row
    return paginator.get_page(number)
