import logging
import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from hrflow.errors import ServiceError

log = logging.getLogger(__name__)
PUBLIC_PREFIX = "/public/"


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Thai unless the person chose English with the switch (the language cookie).

    Many office PCs and phones run an English browser; Django's own rule would follow the
    browser's Accept-Language and show them English by default. The API keeps Django's rule,
    so an integrator may ask for English with Accept-Language."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        if request.path_info.startswith(PUBLIC_PREFIX):
            # The public pages say their language in the address (?lang=en), not in a cookie:
            # a shared cache keys on the address, so it never hands one visitor's English
            # page to the next.
            chosen = request.GET.get("lang")
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
        return None


class ContentSecurityPolicyMiddleware:
    """Every response says what the page may load and run (settings.HRFLOW_CSP): HRFlow's pages
    run no script at all, so an injected one is refused by the browser as well as by the
    sanitiser. The API docs page runs Swagger UI's own inline start-up script, so it alone gets
    settings.HRFLOW_CSP_API_DOCS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            docs = request.path_info.startswith("/api/docs/")
            response["Content-Security-Policy"] = (
                settings.HRFLOW_CSP_API_DOCS if docs else settings.HRFLOW_CSP
            )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class AuditorsReadOnlyMiddleware:
    """The auditor role is read-only everywhere: any request that is not a read, from a login
    with that role, is refused here, before any view — whatever other role the login also has
    (an audit must never be part of what it audits; auditors who are also staff use their
    own staff login for their own business). Only signing out and choosing the language,
    which change no record, are let through.

    Token-authenticated API requests are authenticated inside DRF, after this middleware; the
    API's AuditorsReadOnly permission refuses them there."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
    # Ending one's own access (signing out, revoking one's own API tokens) is allowed too.
    ALLOWED_URL_NAMES = (
        "logout",
        "set_language",
        "my-token-revoke",
        "api-logout",
        "api-my-token",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.SAFE_METHODS and self._is_auditor(request):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.ALLOWED_URL_NAMES:
                return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _is_auditor(request):
        from hrflow import roles

        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and roles.has_role(user, roles.AUDITOR))

    @staticmethod
    def _refuse(request):
        from hrflow.views import problem

        message = _("Auditors can read everything but change nothing.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return problem(request, message, 403)


class DatabaseUnavailableMiddleware:
    """A database that is restarting (or a connection it cut, or a lock it could not get in
    time) answers 503 with Retry-After, not a server error: the change's transaction rolled
    back, nothing was saved, and the person or the client only has to try again. Only view
    errors come here; the chaos suite (tests/reliability/test_database_restart.py) restarts
    PostgreSQL under a burst.

    A 503 that says "nothing was saved" must be true: a view may fail after its change
    committed (reading the result back, say). So the writes of each request are watched, and
    one that committed — at once outside a transaction, or when its transaction committed —
    turns the answer into "saved, but the result could not be shown"."""

    RETRY_AFTER_SECONDS = 5
    WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    # A statement that starts with WITH writes when one of its parts does (the acknowledgement's
    # one statement: notifications/services/postgres.py).
    WRITES_WITHIN = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        request.hrflow_saved = False
        with connection.execute_wrapper(self._watch_writes(request)):
            return self.get_response(request)

    def _watch_writes(self, request):
        from django.db import transaction

        def saved():
            request.hrflow_saved = True

        def watch(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if not request.hrflow_saved and self._writes(sql):
                database = context["connection"]
                if database.in_atomic_block:
                    transaction.on_commit(saved, using=database.alias)
                else:
                    saved()
            return result

        return watch

    @classmethod
    def _writes(cls, sql):
        start = sql.lstrip()[:7].upper()
        return start.startswith(cls.WRITES) or (
            start.startswith("WITH") and cls.WRITES_WITHIN.search(sql) is not None
        )

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if getattr(request, "hrflow_saved", False):
            log.warning("database error after the change was saved: %s", exception)
            return self._saved(request)
        log.warning("database unavailable: %s", exception)
        message = _("The database is not available right now; nothing was saved. Please try "
                    "again in a moment.")  # fmt: skip
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response

    @staticmethod
    def _saved(request):
        """The change is in the database; only showing its result failed. 202: accepted and
        done — the client reads the result again rather than repeating the change."""
        message = _("Your change was saved, but its result could not be shown. Reload the page "
                    "(or read the record again) to see it.")  # fmt: skip
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message, "saved": True}, status=202)
        return HttpResponse(message, status=202, content_type="text/plain; charset=utf-8")


class NulCharacterMiddleware:
    """A NUL character in a query or form value is refused (400) before any view reads it:
    no one types one, and PostgreSQL cannot store or compare it (a view that passes it on to
    a query would fail with a 500). Django's form fields refuse it too; this covers every value
    a view reads straight from request.GET or request.POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [*request.GET.lists()]
        if request.method == "POST":
            values += request.POST.lists()
        if any("\x00" in key or any("\x00" in v for v in vs) for key, vs in values):
            from hrflow.views import problem

            message = _("The input contains a NUL character, which cannot be stored.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return problem(request, message, 400)
        return self.get_response(request)


class SharedCacheMiddleware:
    """Pages that are the same for everyone (views marked with `shared_cache_seconds`: the
    public evidence pages, robots.txt) may be kept by shared caches. They read no session and
    set no cookie, so the `Vary: Cookie` that the session middleware adds whenever a middleware
    looked at request.user (the login-required check does, on every request) is wrong for them
    and would stop every proxy from keeping them. Above SessionMiddleware, so it sees its
    headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        seconds = getattr(match.func, "shared_cache_seconds", None) if match else None
        if seconds is None or request.method not in ("GET", "HEAD"):
            return response
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        # Nor does Accept-Language decide anything here: the language is in the address.
        vary = [v for v in vary if v.lower() not in ("cookie", "accept-language")]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif "Vary" in response:
            del response["Vary"]
        if response.status_code in (200, 301, 404) and "Cache-Control" not in response:
            patch_cache_control(response, public=True, max_age=seconds)
        return response


class ServiceErrorMiddleware:
    """The one page handler of service refusals: a ServiceError a view lets through is the page
    for its status and message (hrflow.views.refused), never a 500. The API answers them in
    DRF's exception handler (hrflow.api.exception_handler) before they get here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ServiceError):
            from hrflow.views import refused  # lazily, like the other handlers here

            return refused(request, exception)
        return None
