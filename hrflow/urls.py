from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from hrflow import views
from hrflow.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("work/", views.work, name="work"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "login/",
        login_not_required(
            auth_views.LoginView.as_view(
                redirect_authenticated_user=True, authentication_form=LoginForm
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/tokens/", views.my_tokens, name="my-tokens"),
    path("directory/people/", views.staff_search, name="staff-search"),
    path("directory/units/", views.unit_search, name="unit-search"),
    path("me/tokens/<str:key>/revoke/", views.revoke_my_token, name="my-token-revoke"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("audit/", include("auditor.urls")),
    path("reports/", include("reports.urls")),
    path("public/", include("public.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("", include("workflows.urls")),
    path("", include("notifications.urls")),
    path("api/", include("hrflow.api_urls")),
]
# MEDIA_ROOT has no address of its own, not even with DEBUG on: every upload (attachments,
# evidence, stored exports) is served by a view that checks who may see its document.
