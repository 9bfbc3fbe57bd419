"""HR's tracking of one document: who was asked, who has acknowledged, who is late; exports
and the "remind the outstanding ones" button. Reads come from notifications.tracking."""

import csv
import datetime as dt
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow import cells
from hrflow.exports import ExportUnavailable
from hrflow.exports import digits as digit_styles
from hrflow.http import client_ip
from hrflow.models import Department, display_name
from hrflow.thai import active_lang, format_date
from hrflow.views import problem, read_only_for_auditors
from notifications import tracking
from notifications.models import Acknowledgement
from notifications.services import AcknowledgementError, acknowledge_by_proxy, remind_outstanding

from ..exports import signoff
from ..models import State
from .access import visible_document

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAPER_LISTED = 200  # the page lists the latest; the exports list every one
SCAN_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def _tracked(request, pages, pk):
    """(the document, whose acknowledgements the user follows on it: None for everyone's).

    A head of unit follows their own people on a published document that asked some of them,
    even one not addressed to them; anybody else who may not read it gets a 404."""
    document = pages.model.objects.filter(pk=pk).first()
    if document is not None:
        units = document.tracked_unit_ids(request.user)
        if units is None:
            return visible_document(request, pages, pk), None
        if units and tracking.asks_anyone_in(document, units):
            return document, units
    visible_document(request, pages, pk)
    raise PermissionDenied(
        _("Only the document's authors, executives, auditors and the heads of its units see this.")
    )


def _tracked_document(request, pages, pk):
    """For a change (remind, proxy): everyone's tracking, not a head of unit's part of it."""
    document, units = _tracked(request, pages, pk)
    if units is not None:
        raise PermissionDenied(_("Only the document's authors and executives can do this."))
    return document


def tracking_page(request, pages, pk, *, proxy_error=None, status=200):
    document, units = _tracked(request, pages, pk)
    today = timezone.localdate()
    summary = tracking.summary(document, today, units)
    by_unit = tracking.by_unit(document, today, units)
    context = {
        "pages": pages,
        "document": document,
        "summary": summary,
        "units": by_unit,
        "units_chart": tracking.chart_by_unit(by_unit),
        "outstanding": tracking.outstanding_page(
            document, request.GET.get("page"), summary.pending, units
        ),
        "today": today,
        "may_remind": document.may_remind(request.user) and document.state == State.PUBLISHED,
        "proxy_error": proxy_error,
        "only_units": units is not None,
        "on_paper": tracking.on_paper(document, units)[:PAPER_LISTED],
    }
    return render(request, "workflows/tracking.html", context, status=status)


@require_POST
@read_only_for_auditors
def tracking_proxy(request, pages, pk, ack_id):
    """Record, with a reason, an acknowledgement given outside HRFlow (e.g. on paper)."""
    document = _tracked_document(request, pages, pk)
    ack = (
        Acknowledgement.objects.for_document(document)
        .filter(pk=ack_id, version=document.version)
        .select_related("employee")
        .first()
    )
    if ack is None:
        return problem(request, _("That person was not asked to acknowledge this version."), 404)
    try:
        signed_on = _paper_date(request.POST.get("signed_on", ""))
        ack, created = acknowledge_by_proxy(
            ack,
            by=request.user,
            reason=request.POST.get("reason", ""),
            ip=client_ip(request),
            signed_on=signed_on,
            scan=request.FILES.get("scan"),
        )
    except AcknowledgementError as error:
        failure = {"ack": ack.pk, "message": error.message}
        return tracking_page(request, pages, pk, proxy_error=failure, status=error.status)
    if created:
        messages.success(
            request,
            _("Recorded: %(name)s acknowledged (by proxy).") % {"name": ack.employee.full_name},
        )
    else:
        messages.info(
            request,
            _("%(name)s had already acknowledged; nothing was changed.")
            % {"name": ack.employee.full_name},
        )
    return redirect(pages.url_name("tracking"), pk=document.pk)


def _paper_date(text):
    """The day the paper was signed, from the form's date field (YYYY-MM-DD); None if empty."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise AcknowledgementError(_("Enter the date the paper was signed.")) from None


def _rows(document, units, *, typed=False):
    """The header, then one row per person asked. `typed` (XLSX): dates as dates (the
    acknowledgement in local time, spreadsheets have no time zone), not as Thai text."""
    today = timezone.localdate()
    lang = active_lang()
    header = [
        _("Staff ID"),
        _("Name"),
        _("Unit"),
        _("Position"),
        _("Acknowledge by"),
        _("Acknowledged at"),
        _("Overdue"),
        _("Recorded by proxy"),
        _("Signed on paper"),
    ]
    yield header
    for ack in tracking.all_recipients(document, units):
        employee = ack.employee
        yield [
            employee.staff_id,
            employee.full_name,
            employee.unit.name,
            employee.position.name,
            ack.deadline if typed else format_date(ack.deadline, lang=lang),
            _local_naive(ack.acknowledged_at)
            if typed
            else format_date(ack.acknowledged_at, lang=lang, short=True, with_time=True),
            _("yes") if ack.is_overdue(today) else _("no"),
            f"{display_name(ack.proxy_by)}: {ack.proxy_reason}" if ack.proxy_by_id else "",
            ack.paper_signed_on if typed else format_date(ack.paper_signed_on, lang=lang),
        ]


def _local_naive(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _filename(pages, document, extension):
    return f"{pages.slug}-{document.pk}-v{document.version}-tracking.{extension}"


def tracking_csv(request, pages, pk):
    document, units = _tracked(request, pages, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(pages, document, "csv")}"'
    # The byte-order mark is what makes Excel read the file as UTF-8 and show Thai.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in _rows(document, units):
        writer.writerow(cells.row(row))
    return response


def tracking_xlsx(request, pages, pk):
    from openpyxl import Workbook

    document, units = _tracked(request, pages, pk)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Acknowledgements")[:31]
    for row in _rows(document, units, typed=True):
        sheet.append(cells.row(row))
    for row in sheet.iter_rows(min_row=2):
        row[4].number_format = row[8].number_format = "d/m/yyyy"
        row[5].number_format = "d/m/yyyy h:mm"
    for column, width in zip("ABCDEFGHI", (12, 30, 30, 26, 20, 22, 10, 40, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.print_title_rows = "1:1"  # the header on every printed page
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(pages, document, "xlsx")}"'
    return response


def tracking_signoff(request, pages, pk, unit_id):
    """The paper sign-off sheet of one unit (PDF): whoever sees the tracking of that unit."""
    document, units = _tracked(request, pages, pk)
    if units is not None and unit_id not in units:
        raise PermissionDenied(_("You follow only the units you lead."))
    unit = Department.objects.filter(pk=unit_id).first()
    acks = list(tracking.all_recipients(document, [unit_id]))
    if unit is None or not acks:
        return problem(request, _("Nobody of that unit was asked to acknowledge this."), 404)
    try:
        digits = digit_styles.choose(request.GET.get("digits"))
    except ValueError as error:
        return problem(request, str(error), 400)
    try:
        with translation.override("th"):
            content = signoff.build(document, unit.name, acks).with_digits(digits).pdf()
    except ExportUnavailable as error:
        return problem(request, str(error), 503)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{pages.slug}-{document.pk}-v{document.version}-signoff-{unit_id}-{digits}-digits.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def tracking_paper_scan(request, pages, pk, ack_id):
    """The scan of a signed paper sheet (ใบลงนามรับทราบ) kept with a proxy acknowledgement:
    for whoever sees the tracking of the person's unit (HR, executives, auditors, the head of
    that unit); another acknowledgement, or one without a scan, is a 404."""
    document, units = _tracked(request, pages, pk)
    ack = tracking.paper_scan_of(document, ack_id, units)
    if ack is None:
        return problem(request, _("There is no scanned sheet for this acknowledgement."), 404)
    try:
        handle = ack.paper_scan.open("rb")
    except FileNotFoundError:
        return problem(request, _("The scanned sheet is missing from the storage."), 404)
    extension = ack.paper_scan.name.rsplit(".", 1)[-1].lower().replace("jpeg", "jpg")
    name = f"{pages.slug}-{document.pk}-paper-{ack.employee.staff_id}.{extension}"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=SCAN_TYPES.get(extension, "application/octet-stream"),
    )


@require_POST
@read_only_for_auditors
def tracking_remind(request, pages, pk):
    document = _tracked_document(request, pages, pk)
    if not document.may_remind(request.user):
        raise PermissionDenied(_("Only the document's authors and executives can send reminders."))
    if document.state != State.PUBLISHED:
        return problem(
            request,
            _("Only a published document can be reminded of."),
            409,
            back=reverse(pages.url_name("detail"), args=[document.pk]),
        )
    count = remind_outstanding(document)
    if count:
        messages.success(request, _("%(n)s reminders are on their way.") % {"n": count})
    else:
        messages.info(
            request,
            _("Nobody to remind: everyone has acknowledged or was already reminded today."),
        )
    return redirect(pages.url_name("tracking"), pk=document.pk)
