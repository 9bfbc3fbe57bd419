"""HR manages the organisation here: units, positions, employees, logins and their roles.

Only active staff users with the admin role (or superusers) get in. Inside, what a user may do is
decided by that role, not by Django's per-model permissions, which HRFlow does not hand out.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from knox.models import AuthToken

from hrflow import audit, roles
from hrflow.forms import AdminLoginForm, AgencyForm, DepartmentForm
from hrflow.http import client_ip
from hrflow.models import Agency, AuditEvent, Department, Employee, Position
from hrflow.staff_import import import_staff
from hrflow.staff_rows import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def may_use_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and roles.has_role(user, roles.ADMIN))


def _site_has_permission(request):
    return may_use_admin(request.user)


# The project keeps Django's default admin site (INSTALLED_APPS lists django.contrib.admin), so
# its door is narrowed here, beside everything else the admin shows.
admin.site.has_permission = _site_has_permission
admin.site.login_form = AdminLoginForm
admin.site.site_header = gettext_lazy("HRFlow administration")
admin.site.site_title = gettext_lazy("HRFlow administration")
admin.site.index_title = gettext_lazy("Organisation and records")
# API tokens are their owner's alone (hrflow/tokens.py, /me/tokens/): knox's own admin page would
# list everyone's to HR. Deactivating a login or changing its password ends its tokens.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


class RoleAdminMixin:
    """Whoever may use the admin may manage what is registered with this mixin."""

    def has_module_permission(self, request):
        return may_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return may_use_admin(request.user)

    def has_add_permission(self, request, *args):
        return may_use_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return may_use_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_use_admin(request.user)


class ReadOnlyAdminMixin(RoleAdminMixin):
    """Records and history: shown, never added, changed or deleted through the admin."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


# --- organisation -------------------------------------------------------------------------------


@admin.register(Agency)
class AgencyAdmin(RoleAdminMixin, admin.ModelAdmin):
    form = AgencyForm

    def has_add_permission(self, request, *args):  # one row
        return super().has_add_permission(request) and not Agency.objects.exists()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record_agency(obj, form.changed_data, by=request.user, ip=client_ip(request))


@admin.register(Department)
class DepartmentAdmin(RoleAdminMixin, admin.ModelAdmin):
    form = DepartmentForm
    list_display = ("code", "name", "kind", "parent", "head")
    list_filter = ("kind", ("parent", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "head")
    list_select_related = ("parent", "head")


@admin.register(Position)
class PositionAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class EmployeeForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = (
            "user",
            "staff_id",
            "title",
            "first_name",
            "last_name",
            "unit",
            "position",
            "employment_type",
            "supervisor",
        )

    def clean_supervisor(self):
        supervisor = self.cleaned_data.get("supervisor")
        if supervisor is not None and self.instance.pk:
            boss, seen = supervisor, set()
            while boss is not None and boss.pk not in seen:
                if boss.pk == self.instance.pk:
                    raise forms.ValidationError(_("A person cannot be their own supervisor."))
                seen.add(boss.pk)
                boss = boss.supervisor
        return supervisor


@admin.register(Employee)
class EmployeeAdmin(RoleAdminMixin, admin.ModelAdmin):
    form = EmployeeForm
    list_display = ("staff_id", "full_name", "unit", "position", "employment_type", "supervisor")
    list_filter = (
        ("unit", admin.RelatedOnlyFieldListFilter),
        ("position", admin.RelatedOnlyFieldListFilter),
        "employment_type",
    )
    search_fields = ("staff_id", "first_name", "last_name", "user__username", "user__email")
    autocomplete_fields = ("user", "unit", "position", "supervisor")
    list_select_related = ("unit", "position", "supervisor")

    @admin.display(description=gettext_lazy("name"), ordering="first_name")
    def full_name(self, employee):
        return employee.full_name

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="hrflow_employee_import",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        unit_before = Employee.objects.filter(pk=obj.pk).values_list("unit_id", flat=True).first()
        super().save_model(request, obj, form, change)
        if change:
            audit.record_unit(obj, unit_before, by=request.user, ip=client_ip(request))

    def import_view(self, request):
        """Upload a CSV: every bad row is listed with its line and nothing is imported."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        posted = request.method == "POST"
        form = StaffImportForm(request.POST, request.FILES) if posted else StaffImportForm()
        result = None
        if posted and form.is_valid():
            result = import_staff(form.cleaned_data["file"], by=request.user)
            if result.ok:
                messages.success(request, _("Staff imported: %s") % result.summary())
                return redirect(reverse("admin:hrflow_employee_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import staff from CSV"),
            "form": form,
            "result": result,
            "required_columns": REQUIRED_COLUMNS,
            "optional_columns": OPTIONAL_COLUMNS,
        }
        status = 400 if posted else 200
        return TemplateResponse(
            request, "admin/hrflow/employee/import.html", context, status=status
        )


class StaffImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file (UTF-8)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(n)s MB).") % {"n": IMPORT_MAX_BYTES // 2**20}
            )
        return upload


# --- logins and their roles ---------------------------------------------------------------------

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class HRFlowUserAdmin(RoleAdminMixin, UserAdmin):
    """Roles are the groups of a login. Only a superuser makes superusers or touches one."""

    def save_model(self, request, obj, form, change):
        # The roles before this save, for the audit event once the groups are saved too.
        before = User.objects.filter(pk=obj.pk).first() if change else None
        form.roles_before = audit.roles_of(before) if before else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        audit.record_roles(
            user, form.roles_before, audit.roles_of(user), by=request.user, ip=client_ip(request)
        )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            fields = (*fields, "is_superuser", "user_permissions")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Group)
class HRFlowGroupAdmin(RoleAdminMixin, GroupAdmin):
    """The role groups' names are part of the product: they are not renamed or deleted here."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.name in roles.ALL:
            return False
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.name in roles.ALL:
            return False
        return request.user.is_superuser and super().has_delete_permission(request, obj)


# --- the audit trail ----------------------------------------------------------------------------


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Shown to the admin role for reference; nobody adds, edits or deletes an event here (nor
    anywhere: on PostgreSQL a trigger refuses it). Auditors read it in the audit pages."""

    list_display = ("seq", "at", "kind", "actor_name", "summary")
    list_filter = ("kind",)
    search_fields = ("summary", "actor_name")
    actions = None
