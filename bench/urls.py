from django.http import HttpResponse
from django.urls import path

from hrflow.urls import urlpatterns as hrflow_urlpatterns


def minimal(request):
    """The least a logged-in request can cost: the session, the user, an answer (the
    LoginRequiredMiddleware turns anyone else away, as on every HRFlow page)."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench-minimal"), *hrflow_urlpatterns]
