"""HR opens a round on a page: published criteria, the unit evaluated (with its sub-units), the
screening committee, the scale and the days to appeal. The service holds every rule; what it
refuses comes back on the form, with what was typed."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hrflow.errors import ServiceError
from hrflow.http import client_ip
from hrflow.models import Department, Employee
from hrflow.views import read_only_for_auditors
from hrflow.widgets import StaffMultiPicker, UnitPicker
from personnel.models import EvaluationCriteria
from workflows.forms import ServiceErrorsMixin
from workflows.models import State

from .services import rounds
from .services.steps import is_hr


class RoundOpenForm(ServiceErrorsMixin, forms.Form):
    criteria = forms.ModelChoiceField(
        label=gettext_lazy("Evaluation criteria"),
        queryset=EvaluationCriteria.objects.filter(state=State.PUBLISHED).order_by(
            "-fiscal_year", "-round", "title"
        ),
        help_text=gettext_lazy("Published criteria: the round, its components and levels."),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit evaluated"),
        queryset=Department.objects.order_by("name"),
        widget=UnitPicker,
        help_text=gettext_lazy("Its people and those of the units below it get a case."),
    )
    committee = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Screening committee"),
        queryset=Employee.objects.order_by("first_name", "last_name"),
        widget=StaffMultiPicker,
        required=False,
    )
    scale_max = forms.IntegerField(
        label=gettext_lazy("Top of the scale"), min_value=2, max_value=10, initial=5
    )
    appeal_days = forms.IntegerField(
        label=gettext_lazy("Days to appeal after the result"), min_value=1, max_value=365,
        initial=30,
    )  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
@read_only_for_auditors
def round_open(request):
    if not is_hr(request.user):
        raise PermissionDenied(_("Only HR may do this."))
    form = RoundOpenForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            round_, _cases = rounds.round_open(
                by=request.user, criteria=data["criteria"], unit=data["unit"],
                committee=list(data["committee"]), scale_max=data["scale_max"],
                appeal_days=data["appeal_days"], ip=client_ip(request),
            )  # fmt: skip
        except ServiceError as error:
            form.add_service_error(error)
            status = error.status
        else:
            return redirect("evaluations:round", round_.pk)
    elif form.is_bound:
        status = 400
    return render(
        request, "evaluations/round_new.html", {"form": form, "here": "evaluations"},
        status=status,
    )  # fmt: skip
