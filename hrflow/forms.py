"""Form pieces every app's pages share."""

import datetime as dt

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.agency import Agency
from hrflow.errors import Invalid
from hrflow.models import Department
from hrflow.thai import BE_OFFSET, parse_be_date
from hrflow.uploads import checked_image
from hrflow.validation import check_not_past, parse_id
from hrflow.widgets import BuddhistEraDateInput, EmblemInput, be_date_text

# A date outside these years is a typing slip (25/11/68, or a CE year given a BE offset twice),
# not a deadline anybody means; refusing it beats storing year 68 or 3111.
_PLAUSIBLE_CE_YEARS = range(1900, 2200)
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class ThaiDateField(forms.DateField):
    """A date as Thai people write it: d/m/yyyy with a Buddhist-Era year (20/12/2569; Thai digits
    too), shown back the same way by BuddhistEraDateInput with its BE calendar.

    Also accepted, for scripts and old bookmarks: ISO yyyy-mm-dd, which is always the Common Era
    (the API's format), and d/m/yyyy with a Common-Era year (20/12/2026) — a year above 2400 is BE.
    A BE year in a plain DateField would silently become the year 2569 CE, so anything else is a
    clear form error."""

    widget = BuddhistEraDateInput
    default_error_messages = {
        "invalid": _(
            "Enter a date as day/month/year with a Buddhist-Era year (e.g. 25/11/2568), "
            "or pick it from the calendar."
        ),
    }

    def __init__(self, *, help_text=None, **kwargs):
        if help_text is None:
            help_text = _("Day/month/Buddhist-Era year, e.g. 20/12/2569.")
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip().translate(_ARABIC_DIGITS)
        try:
            parsed = dt.date.fromisoformat(text)
        except ValueError:
            try:
                parsed = parse_be_date(text)
            except (ValueError, TypeError):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
        else:
            if parsed.year - BE_OFFSET in _PLAUSIBLE_CE_YEARS:
                raise forms.ValidationError(
                    _(
                        "A year-first date (yyyy-mm-dd) is read in the Common Era; type the date "
                        "as day/month/Buddhist-Era year instead (e.g. %(example)s)."
                    )
                    % {"example": be_date_text(parsed.replace(year=parsed.year - BE_OFFSET))},
                    code="be_year_in_iso",
                )
        if parsed.year not in _PLAUSIBLE_CE_YEARS:
            raise forms.ValidationError(
                _("The year %(year)s does not look right; use the Buddhist-Era year (e.g. %(be)s).")
                % {"year": parsed.year, "be": timezone.localdate().year + BE_OFFSET},
                code="implausible_year",
            )
        return parsed


class ThrottledLoginMixin:
    """Says plainly that sign-in is paused (the backend refuses it either way, see
    hrflow/login_throttle.py), instead of "wrong password" for a password that may be right."""

    def clean(self):
        from hrflow import login_throttle

        try:
            return super().clean()
        except forms.ValidationError:
            wait = login_throttle.paused_for(self.request)
            if not wait:
                raise
            raise forms.ValidationError(
                _(
                    "Too many wrong passwords for this login. Sign-in is paused for "
                    "%(minutes)d minutes; ask HR if you have forgotten your password."
                ),
                code="throttled",
                params={"minutes": max(1, round(wait / 60))},
            ) from None


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


def _checked_id(field, value):
    """A hostile id (10^20, "abc") is "not one of the choices", not a query that overflows."""
    try:
        parse_id(value)
    except ValueError:
        raise forms.ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        ) from None


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose value must be a possible id before the database is asked."""

    def to_python(self, value):
        if value not in self.empty_values:
            _checked_id(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose values must be possible ids before the database is asked."""

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            for item in value:
                _checked_id(self, item)
        return super().clean(value)


class DeadlineField(ThaiDateField):
    """A ThaiDateField for "acknowledge by": today or later (1/1/2443 is 1900, not meant)."""

    def to_python(self, value):
        parsed = super().to_python(value)
        try:
            return parsed and check_not_past(parsed, timezone.localdate())
        except ValueError as error:
            raise forms.ValidationError(str(error), code="past") from None


class AgencyForm(forms.ModelForm):
    """The agency setting in the admin: its emblem checked as every upload is, and by Pillow."""

    class Meta:
        model = Agency
        fields = ("name", "digits", "emblem", "address", "phone")
        widgets = {"emblem": EmblemInput}

    def clean_emblem(self):
        emblem = self.cleaned_data.get("emblem")
        if emblem and hasattr(emblem, "content_type"):  # a new upload, not the stored file
            try:
                checked_image(emblem)
            except Invalid as error:
                raise forms.ValidationError(error.message) from None
        return emblem


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ("code", "name", "kind", "parent", "head")

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent and self.instance.pk and parent.pk in self.instance.descendant_ids():
            raise forms.ValidationError(_("A unit cannot be placed below itself."))
        return parent
