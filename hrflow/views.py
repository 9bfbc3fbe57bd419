"""The home page and what every app's pages share: error pages with a message, who may POST."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hrflow import roles


def home(request):
    """Everyone lands on their inbox: what asks for their acknowledgement comes first."""
    return redirect("notifications:inbox")


def problem(request, message, status, *, title=None, back=None):
    """A page that says what went wrong (400, 403, 409 …) instead of a bare status."""
    titles = {
        400: _("This request cannot be carried out"),
        403: _("Not allowed"),
        404: _("Not found"),
        409: _("Not possible now"),
        503: _("Not available right now"),
    }
    context = {
        "status": status,
        "title": title or titles.get(status, _("Something went wrong")),
        "message": message,
        "back": back,
    }
    return render(request, "problem.html", context, status=status)


def read_only_for_auditors(view=None, *, unless_employee=False):
    """Auditors read everything and change nothing: any POST from them is a 403.

    `unless_employee`: for an auditor who is also staff (the employee role), acknowledging what
    is addressed to them personally is their own business, not an audit action."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if (
                request.method == "POST"
                and roles.has_role(user, roles.AUDITOR)
                and not (unless_employee and roles.has_role(user, roles.EMPLOYEE))
            ):
                raise PermissionDenied(_("Auditors can read everything but change nothing."))
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
