"""Measure 6 pages: "my documents" for every employee, and HR's compliance per evaluation
round (who has not acknowledged the criteria yet, by unit, with reminders)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow import roles
from hrflow.views import problem, read_only_for_auditors
from notifications import tracking
from notifications.services import remind_outstanding
from workflows.models import State

from .compliance import current_round, followed_units, my_documents, round_compliance, rounds
from .models import EvaluationCriteria


def my_documents_page(request):
    employee = getattr(request.user, "employee", None)
    sections = my_documents(employee) if employee is not None else []
    return render(
        request,
        "workflows/my_documents.html",
        {"sections": sections, "no_employee": employee is None},
    )


def _chosen_round(request):
    """(fiscal year, round) from ?fiscal_year=&round=, else the current round."""
    if "fiscal_year" in request.GET or "round" in request.GET:
        try:
            chosen = int(request.GET.get("fiscal_year", "")), int(request.GET.get("round", ""))
        except ValueError:
            return None
        return chosen if chosen[1] in (1, 2) and 2500 <= chosen[0] <= 2700 else None
    return current_round(timezone.localdate())


def _refuse_unless_following(user):
    units = followed_units(user)
    if units == set():
        raise PermissionDenied(
            _("Only HR, executives, heads of unit and auditors follow the rounds.")
        )
    return units


def compliance_page(request):
    units = _refuse_unless_following(request.user)
    chosen = _chosen_round(request)
    if chosen is None:
        return problem(request, _("Choose a fiscal year (BE) and a round (1 or 2)."), 400)
    report = round_compliance(*chosen, units=units)
    may_remind = not roles.has_role(request.user, roles.AUDITOR) and any(
        document.may_remind(request.user) for document, _summary in report.documents
    )
    return render(
        request,
        "workflows/compliance.html",
        {
            "report": report,
            "units_chart": tracking.chart_by_unit(report.units),
            "rounds": rounds(),
            "may_remind": may_remind and bool(report.outstanding),
            "only_units": units is not None,
        },
    )


@require_POST
@read_only_for_auditors
def compliance_remind(request):
    _refuse_unless_following(request.user)
    chosen = _chosen_round(request)
    if chosen is None:
        return problem(request, _("Choose a fiscal year (BE) and a round (1 or 2)."), 400)
    documents = EvaluationCriteria.objects.filter(
        fiscal_year=chosen[0], round=chosen[1], state=State.PUBLISHED
    )
    mine = [document for document in documents if document.may_remind(request.user)]
    if not mine:
        raise PermissionDenied(_("Only the criteria's authors and executives send reminders."))
    count = sum(remind_outstanding(document) for document in mine)
    if count:
        messages.success(request, _("%(n)s reminders are on their way.") % {"n": count})
    else:
        messages.info(
            request,
            _("Nobody to remind: everyone has acknowledged or was already reminded today."),
        )
    query = urlencode({"fiscal_year": chosen[0], "round": chosen[1]})
    return redirect(f"{reverse('workflows:criteria-compliance')}?{query}")
