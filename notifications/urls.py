from django.urls import path

from . import line_views, views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("notices/read/", views.notices_read, name="notices-read"),
    path("acknowledgements/<int:pk>/", views.acknowledgement, name="acknowledgement"),
    path("a/<str:token>/", views.confirm_link, name="confirm-link"),
    path("me/line/", line_views.my_line, name="my-line"),
    path("me/line/code/", line_views.my_line_code, name="my-line-code"),
    path("me/line/unlink/", line_views.my_line_unlink, name="my-line-unlink"),
    path("line/webhook/", line_views.webhook, name="line-webhook"),
]
