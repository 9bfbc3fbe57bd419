from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("notices/read/", views.notices_read, name="notices-read"),
    path("acknowledgements/<int:pk>/", views.acknowledgement, name="acknowledgement"),
    path("a/<str:token>/", views.confirm_link, name="confirm-link"),
]
