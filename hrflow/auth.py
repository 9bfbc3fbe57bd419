"""The authentication backend: Django's, behind the sign-in throttle (hrflow/login_throttle.py)."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import login_throttle
from .http import client_ip


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username is None or password is None:
            return None  # not a password sign-in: nothing to guess, nothing to count
        ip = client_ip(request) if request is not None else None
        attempt = login_throttle.begin(username, ip, request)
        if attempt is None:
            # PermissionDenied stops django.contrib.auth.authenticate() from asking any other
            # backend; the forms say why (hrflow/forms.py LoginForm, hrflow/api.py token view).
            raise PermissionDenied
        try:
            user = super().authenticate(request, username=username, password=password, **kwargs)
        except BaseException:
            attempt.failed()
            raise
        if user is None:
            attempt.failed()
        else:
            attempt.succeeded()
        return user

    def get_user(self, user_id):
        """The signed-in user of a request, with their role names read in the same query on
        PostgreSQL (hrflow.roles caches them on the user for the request)."""
        from django.db import connection

        if connection.vendor != "postgresql":
            return super().get_user(user_id)
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.contrib.postgres.aggregates import ArrayAgg
        from django.db.models import OuterRef, Subquery

        names = (
            Group.objects.filter(user=OuterRef("pk"))
            .values("user")
            .annotate(names=ArrayAgg("name"))
            .values("names")
        )
        User = get_user_model()
        try:
            user = User._default_manager.annotate(hrflow_role_names=Subquery(names)).get(pk=user_id)
        except User.DoesNotExist:
            return None
        user._hrflow_roles = frozenset(user.hrflow_role_names or ())
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
