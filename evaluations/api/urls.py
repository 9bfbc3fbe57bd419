from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import SimpleRouter

from .views import CaseViewSet, RoundViewSet

router = SimpleRouter()
router.register("evaluations/rounds", RoundViewSet, basename="api-evaluation-round")
router.register("evaluations/cases", CaseViewSet, basename="api-evaluation-case")

# DRF authenticates (session or token) after the login-required middleware: exempt, as the rest.
urlpatterns = [
    type(url)(url.pattern, login_not_required(url.callback), url.default_args, url.name)
    for url in router.urls
]
