"""Sign-in throttling that stops password guessing without locking out a whole office.

Many staff of one agency share one public address (a proxy or NAT), so the tight limit is per
person *and* address: five wrong passwords for one login from one address lock that pair only.
Looser limits per login (guessing one account from many addresses) and per address (trying many
logins from one) catch the rest; an office full of typos stays well below them. Limits are
settings: HRFLOW_LOGIN_LIMITS = (per login+address, per login, per address) within
HRFLOW_LOGIN_WINDOW_SECONDS. Enforced in the authentication backend (hrflow/auth.py), so the
login page, the admin's login and the API's token endpoint are all covered."""

import datetime as dt
import math

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure


def _key(username) -> str:
    # Whatever a client sent as the username (a list, a number) counts as no username.
    return (username if isinstance(username, str) else "").strip().lower()[:150]


def _window_start(now):
    return now - dt.timedelta(seconds=settings.HRFLOW_LOGIN_WINDOW_SECONDS)


def retry_after(username, ip, now=None) -> int:
    """Seconds until this login may be tried again from this address; 0: now."""
    now = now or timezone.now()
    username = _key(username)
    per_pair, per_user, per_ip = settings.HRFLOW_LOGIN_LIMITS
    recent = LoginFailure.objects.filter(at__gte=_window_start(now))
    scopes = [
        (Q(username=username, ip=ip), per_pair),
        (Q(username=username), per_user),
        (Q(ip=ip), per_ip) if ip else (None, None),
    ]
    wait = 0
    for scope, limit in scopes:
        if scope is None:
            continue
        times = list(recent.filter(scope).order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            # Locked until the oldest of the last `limit` failures leaves the window.
            until = times[-1] + dt.timedelta(seconds=settings.HRFLOW_LOGIN_WINDOW_SECONDS)
            wait = max(wait, math.ceil((until - now).total_seconds()))
    return max(wait, 0)


def record_failure(username, ip):
    LoginFailure.objects.create(username=_key(username), ip=ip)


def clear(username, ip):
    """A correct password from this address forgives its earlier typos there."""
    LoginFailure.objects.filter(username=_key(username), ip=ip).delete()


def forget_old(now=None) -> int:
    """Rows older than the window prove nothing more; the beat sweep drops them."""
    deleted, _ = LoginFailure.objects.filter(at__lt=_window_start(now or timezone.now())).delete()
    return deleted
