"""The authentication backend: Django's, behind the sign-in throttle (hrflow/login_throttle.py)."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import login_throttle
from .http import client_ip


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        ip = client_ip(request) if request is not None else None
        if login_throttle.retry_after(username, ip):
            # PermissionDenied stops django.contrib.auth.authenticate() from asking any other
            # backend; the forms say why (hrflow/forms.py LoginForm, hrflow/api.py token view).
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_throttle.record_failure(username, ip)
        else:
            login_throttle.clear(username, ip)
        return user

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
