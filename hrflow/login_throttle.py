"""Sign-in throttling that stops password guessing without locking out a whole office.

Many staff of one agency share one public address (a proxy or NAT), so the tight limit is per
person *and* address: five wrong passwords for one login from one address lock that pair only.
Looser limits per login (guessing one account from many addresses) and per address (trying many
logins from one) catch the rest; an office full of typos stays well below them. Limits are
settings: HRFLOW_LOGIN_LIMITS = (per login+address, per login, per address) within
HRFLOW_LOGIN_WINDOW_SECONDS. Enforced in the authentication backend (hrflow/auth.py), so the
login page, the admin's login and the API's token endpoint are all covered.

The limits hold under concurrency: an attempt takes its place in the count (a pending failure
row) in the same serialised step that checks the count, before its password is checked, so 20
guesses fired at once get 5 checks, not 20. A correct password wipes no failure: it cannot tell
its own earlier typos from the guesses of someone racing it from the same address (an office
shares one), and wiping them gave every guesser five more tries each time the owner signed in.
The cost is small: someone who mistyped four times and then signed in is paused a little sooner
if they mistype again within the window."""

import datetime as dt
import math

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure

# Set on the request by the backend when it refused a sign-in unchecked, so the login forms and
# the token endpoint can say "paused" instead of "wrong password".
PAUSED_ATTRIBUTE = "hrflow_login_paused_for"


def _key(username) -> str:
    # Whatever a client sent as the username (a list, a number) counts as no username.
    return (username if isinstance(username, str) else "").strip().lower()[:150]


def _window_start(now):
    return now - dt.timedelta(seconds=settings.HRFLOW_LOGIN_WINDOW_SECONDS)


def retry_after(username, ip, now=None, exclude=None) -> int:
    """Seconds until this login may be tried again from this address; 0: now. Attempts still
    being checked count as failures until they succeed."""
    now = now or timezone.now()
    username = _key(username)
    per_pair, per_user, per_ip = settings.HRFLOW_LOGIN_LIMITS
    recent = LoginFailure.objects.filter(at__gte=_window_start(now)).exclude(pk=exclude)
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


class Attempt:
    """A sign-in whose place in the count is taken; the caller says how it ended."""

    def __init__(self, row):
        self.row = row

    def failed(self):
        LoginFailure.objects.filter(pk=self.row.pk).update(pending=False, at=timezone.now())

    def succeeded(self):
        """Only this attempt leaves the count; the failures before it stay (see above)."""
        LoginFailure.objects.filter(pk=self.row.pk).delete()


def begin(username, ip, request=None) -> Attempt | None:
    """Take a place in the count for one sign-in, or None (and the wait noted on the request)
    while sign-in is paused for this login and address."""
    key = _key(username)
    with transaction.atomic():
        _serialise(key, ip)
        # On SQLite this write comes first so that it takes the database's write lock, which
        # serialises the count below as the advisory locks do on PostgreSQL.
        row = LoginFailure.objects.create(username=key, ip=ip, pending=True)
        wait = retry_after(key, ip, now=row.at, exclude=row.pk)
        if wait:
            transaction.set_rollback(True)
    if wait:
        if request is not None:
            setattr(request, PAUSED_ATTRIBUTE, wait)
        return None
    return Attempt(row)


def paused_for(request) -> int:
    """Seconds the backend said this request's sign-in is paused for; 0 if it was checked."""
    return getattr(request, PAUSED_ATTRIBUTE, 0) if request is not None else 0


def _serialise(key, ip):
    """One counting step at a time per login and per address (PostgreSQL; released at commit).
    The login's lock always comes first, so two steps never wait for each other in a circle."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"hrflow-login:{key}"])
        if ip:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"hrflow-login-ip:{ip}"])


def forget_old(now=None) -> int:
    """Rows older than the window prove nothing more; the beat sweep drops them."""
    deleted, _ = LoginFailure.objects.filter(at__lt=_window_start(now or timezone.now())).delete()
    return deleted
