"""HRFlow settings: one file, read from the environment, safe local defaults.

Local default: SQLite under var/ and kombu's filesystem broker under var/ (no server needed).
Production: DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://… (see docker-compose.yml).
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HRFLOW_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Commands that build the code's own files and sign nothing a person could replay get a key of
# this process alone (never the public development key), so they run without a server's key.
KEYLESS_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}
if not SECRET_KEY and len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEBUG:
        # Sessions, password-reset and acknowledgement links are signed with this key: a public
        # default would let anyone forge them, so a server without its own key does not start.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off HRFlow needs its own secret key: set "
            "SECRET_KEY to a long random value (e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or DEBUG=1 for a local development run."
        )
    # Local development (DEBUG on, as `make run` sets) only.
    SECRET_KEY = "hrflow-local-development-key-not-for-production-use-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "hrflow",
    "notifications",
    "workflows",
    "circulars",
    "meetings",
    "personnel",
    "reports",
    "evaluations",
    "auditor",
    "public",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hrflow.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hrflow.middleware.SharedCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hrflow.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hrflow.middleware.AuditorsReadOnlyMiddleware",
    "hrflow.middleware.NulCharacterMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "hrflow.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hrflow.middleware.ServiceErrorMiddleware",
]

ROOT_URLCONF = "hrflow.urls"
# AuditText's index carries the hash for PostgreSQL's verify (INCLUDE); SQLite, where the
# demo runs, builds it as a plain index on seq, which is all it needs there.
# notifications.AcknowledgementTally's unique constraint treats no unit as one unit (NULLS NOT
# DISTINCT): PostgreSQL's triggers need it; SQLite makes no constraint and never uses the table.
SILENCED_SYSTEM_CHECKS = ["models.W040", "models.W047"]
WSGI_APPLICATION = "hrflow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hrflow.context_processors.hrflow",
            ],
            "builtins": ["hrflow.templatetags.thai"],
        },
    },
    # Plain text (mail subjects and bodies, LINE messages): rendered without HTML escaping, or
    # a title "Dos & Don'ts" would reach people as "Dos &amp; Don&#x27;ts". Same templates;
    # chosen with render_to_string(..., using="text").
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False, "builtins": ["hrflow.templatetags.thai"]},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hrflow.sqlite3'}"),
        # 0 (a connection per request) unless told: docker-compose's web workers and worker keep
        # theirs for 600 s (a new one per delivery task cost more than the task's UPDATEs, one
        # per request more than a public page's work: bench/README.md), checked before reuse.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s web server and worker write to the same file at once. WAL lets readers go on
    # while one writes; IMMEDIATE takes the write lock when a transaction starts, where the busy
    # timeout waits for it — a DEFERRED transaction that reads and then writes would instead be
    # refused at once ("database is locked") when another writer got in between.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=30,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
    # A file, not memory, for the test database: the live server and a real Celery worker run
    # in other threads and must see what a test committed.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    # Not a rule for passwords: its hook ends the person's API tokens when one changes.
    {"NAME": "hrflow.tokens.RevokeTokensOnPasswordChange"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Served from the source folders too, so a run without collectstatic still has its CSS.
WHITENOISE_USE_FINDERS = True
# Hashed, compressed copies made by collectstatic (the Dockerfile runs it): a hashed name never
# changes content, so WhiteNoise lets browsers and proxies keep it for a year. With DEBUG on
# (`make run`), or before any collectstatic, the plain names are used (hrflow/storage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "hrflow.storage.StaticFilesStorage"},
}
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# --- Mail: console by default; SMTP when EMAIL_HOST is set -------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # filebased backend
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HRFlow <no-reply@hrflow.local>")

# --- Celery --------------------------------------------------------------------------------------
_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("in", "processed", "control"):
        (_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "in"),
        "data_folder_out": str(_BROKER_DIR / "in"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(_BROKER_DIR / "control"),
    }
# No delivery runs longer than this (the pool kills it; the lease hands its notices on); a batch
# of HRFLOW_DELIVERY_BATCH takes seconds.
HRFLOW_DELIVERY_TIME_LIMIT = 240
# Longer than the longest task, so Redis never hands a running task to a second worker.
HRFLOW_REDIS_VISIBILITY_TIMEOUT = 3600
if not CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": HRFLOW_REDIS_VISIBILITY_TIMEOUT}
# A message is acknowledged after its task ran, and given back when its worker dies, so a killed
# worker loses nothing; a message that kills every worker would come back for ever, but each
# claim counts an attempt and HRFLOW_NOTICE_MAX_ATTEMPTS ends it (the sweep marks it failed).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish must never hang on a broker outage: notifications.services.enqueue tries the broker
# once and leaves the rows to the sweep. The worker, though, must outlive an outage of any
# length and pick up by itself when Redis is back (with one retry it quit after 2 seconds).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BEAT_SCHEDULE = {
    "sweep-notices": {
        "task": "notifications.tasks.sweep",
        "schedule": timedelta(seconds=int(os.environ.get("HRFLOW_SWEEP_SECONDS", "60"))),
    },
    "remind-and-escalate": {
        "task": "notifications.tasks.remind_and_escalate",
        "schedule": timedelta(hours=1),
    },
    # Owners of action items near their due date; series with no meeting last month.
    "remind-action-items": {
        "task": "meetings.tasks.remind_action_items",
        "schedule": timedelta(hours=24),
    },
    "remind-idle-series": {
        "task": "meetings.tasks.remind_idle_series",
        "schedule": timedelta(hours=24),
    },
    # The next actor of an evaluation case before each of its round's deadlines; heads of unit
    # after (evaluations.services.reminders).
    "remind-evaluation-deadlines": {
        "task": "evaluations.tasks.remind_evaluation_deadlines",
        "schedule": timedelta(hours=1),  # the dedupe keys hold it to once a day
    },
    # New holders of a position, new staff in a criteria round's scope: asked within the hour.
    "ask-newcomers": {"task": "personnel.tasks.ask_newcomers", "schedule": timedelta(hours=1)},
    "verify-audit-trail": {"task": "hrflow.tasks.verify_audit", "schedule": timedelta(days=1)},
    "forget-expired-tokens": {
        "task": "hrflow.tasks.forget_expired_tokens",
        "schedule": timedelta(hours=6),
    },
    "forget-old-login-failures": {
        "task": "hrflow.tasks.forget_old_login_failures",
        "schedule": timedelta(hours=6),
    },
}

# --- HRFlow itself -----------------------------------------------------------------------------
# The agency's register code: circular numbers read "ที่ <code>/ว <n>", running per BE year.
HRFLOW_REGISTER_CODE = os.environ.get("HRFLOW_REGISTER_CODE", "ลพ 51000")
# The agency's name in the header of the public evidence page (/public/).
HRFLOW_AGENCY_NAME = os.environ.get("HRFLOW_AGENCY_NAME", "")
HRFLOW_SITE_URL = os.environ.get("HRFLOW_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long at most a web worker keeps a public page or where a public download's file is
# (public/views.py): it is dropped sooner, at once, when the audit chain's number moves.
HRFLOW_PUBLIC_CACHE_SECONDS = int(os.environ.get("HRFLOW_PUBLIC_CACHE_SECONDS", "300"))
# How often at most a web worker asks for the chain's number that keys them: a change is off
# every worker's public page within this many seconds of its commit.
HRFLOW_PUBLIC_RECHECK_SECONDS = float(os.environ.get("HRFLOW_PUBLIC_RECHECK_SECONDS", "1"))
HRFLOW_ATTACHMENT_MAX_BYTES = int(os.environ.get("HRFLOW_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
HRFLOW_NOTICE_CHANNELS = env_list("HRFLOW_NOTICE_CHANNELS", "inapp,email")
HRFLOW_KNOWN_CHANNELS = ("inapp", "email", "line")
if unknown := [c for c in HRFLOW_NOTICE_CHANNELS if c not in HRFLOW_KNOWN_CHANNELS]:
    # A typo would otherwise create notices no channel delivers, failing them one by one later.
    raise ImproperlyConfigured(
        f"HRFLOW_NOTICE_CHANNELS names unknown channel(s) {', '.join(unknown)}; "
        f"known channels: {', '.join(HRFLOW_KNOWN_CHANNELS)}."
    )
# LINE: the agency's Official Account on the LINE Messaging API (README, "LINE").
HRFLOW_LINE_CHANNEL_TOKEN = os.environ.get("HRFLOW_LINE_CHANNEL_TOKEN", "")
HRFLOW_LINE_CHANNEL_SECRET = os.environ.get("HRFLOW_LINE_CHANNEL_SECRET", "")
HRFLOW_LINE_API_URL = os.environ.get("HRFLOW_LINE_API_URL", "https://api.line.me").rstrip("/")
if not HRFLOW_LINE_API_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("HRFLOW_LINE_API_URL must be an http(s) address.")
if "line" in HRFLOW_NOTICE_CHANNELS and not (
    HRFLOW_LINE_CHANNEL_TOKEN and HRFLOW_LINE_CHANNEL_SECRET
):
    raise ImproperlyConfigured(
        "HRFLOW_NOTICE_CHANNELS includes line: set HRFLOW_LINE_CHANNEL_TOKEN and "
        "HRFLOW_LINE_CHANNEL_SECRET (the LINE Official Account's Messaging API channel)."
    )
HRFLOW_LINE_TIMEOUT = float(os.environ.get("HRFLOW_LINE_TIMEOUT", "10"))
HRFLOW_LINE_CODE_MINUTES = int(os.environ.get("HRFLOW_LINE_CODE_MINUTES", "30"))
HRFLOW_NOTICE_MAX_ATTEMPTS = int(os.environ.get("HRFLOW_NOTICE_MAX_ATTEMPTS", "5"))
# A claimed notice stays with its worker this long (above HRFLOW_DELIVERY_TIME_LIMIT: a live worker
# keeps its notices), then the sweep hands it to another.
HRFLOW_NOTICE_LEASE_SECONDS = int(os.environ.get("HRFLOW_NOTICE_LEASE_SECONDS", "300"))
HRFLOW_DELIVERY_BATCH = int(os.environ.get("HRFLOW_DELIVERY_BATCH", "500"))
# On PostgreSQL the writes that have two ways (the audit chain's append and check, the outbox's
# fan-out, an acknowledgement) take their one-statement path; off: the portable ORM path SQLite
# takes. hrflow.sql_paths asks it; the parity test turns it off to compare the two.
HRFLOW_POSTGRES_STATEMENTS = env_bool("HRFLOW_POSTGRES_STATEMENTS", True)
# Reminders N days before the deadline, on it, then daily; escalation to the head of unit after N.
HRFLOW_REMIND_DAYS_BEFORE = [int(d) for d in env_list("HRFLOW_REMIND_DAYS_BEFORE", "7,1")]
HRFLOW_ESCALATE_AFTER_DAYS = int(os.environ.get("HRFLOW_ESCALATE_AFTER_DAYS", "3"))
# The author of a version never approves it; publishing what one wrote is refused too, unless
# this is on (a small agency with one executive): then only with a reason, which is logged.
HRFLOW_EXECUTIVE_MAY_PUBLISH_OWN = env_bool("HRFLOW_EXECUTIVE_MAY_PUBLISH_OWN", False)
# How many reverse proxies in front of HRFlow rewrite X-Forwarded-For (0: trust no header).
HRFLOW_TRUSTED_PROXY_COUNT = int(os.environ.get("HRFLOW_TRUSTED_PROXY_COUNT", "0"))
# Signed acknowledgement links in emails stay valid this long.
HRFLOW_ACK_LINK_MAX_AGE = int(os.environ.get("HRFLOW_ACK_LINK_MAX_AGE", str(60 * 60 * 24 * 90)))
# Exports as Thai official documents: PDF printed by headless Chromium (a path or a command name;
# empty: the first of chromium, chromium-browser, google-chrome on PATH); the DOCX names the font
# the agency's Word installs have (TH SarabunPSK), the PDF embeds Sarabun (fontpkg-sarabun, OFL).
# Digits of a document: "thai" or "arabic" when the admin's Agency setting does not say.
HRFLOW_CHROMIUM = os.environ.get("HRFLOW_CHROMIUM", "")
HRFLOW_EXPORT_FONT_DOCX = os.environ.get("HRFLOW_EXPORT_FONT_DOCX", "TH SarabunPSK")
HRFLOW_EXPORT_DIGITS = os.environ.get("HRFLOW_EXPORT_DIGITS", "thai")

# --- API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "hrflow.tokens.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON refused with a 400 when too deep or not an object (hrflow/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "hrflow.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "hrflow.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "hrflow.api.AutoSchema",
    "EXCEPTION_HANDLER": "hrflow.api.exception_handler",
}
# API tokens (hrflow/tokens.py, django-rest-knox): stored hashed, valid this many days, ended by
# sign-out and by a password change. `Authorization: Token <token>` as before.
HRFLOW_TOKEN_TTL = timedelta(days=int(os.environ.get("HRFLOW_TOKEN_TTL_DAYS", "30")))
REST_KNOX = {"TOKEN_TTL": HRFLOW_TOKEN_TTL, "AUTH_HEADER_PREFIX": "Token", "AUTO_REFRESH": False}
SPECTACULAR_SETTINGS = {
    "TITLE": "HRFlow API",
    "DESCRIPTION": "Circulars, workflow transitions and acknowledgements of HRFlow.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components (no read-only fields among the required ones),
    # so a client generated from the schema sends what the API accepts.
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for one choice set, wherever a serializer uses it; several models have a `state`
    # with their own choices, each enum gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "EmploymentTypeEnum": "hrflow.models.Employee.EmploymentType",
        "StateEnum": "workflows.models.State",
        "EvaluationRoundStateEnum": "evaluations.models.round.RoundState",
        "EvaluationCaseStateEnum": "evaluations.models.case.CaseState",
    },
    # Swagger UI's assets come from an installed package, not a CDN: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security (production values come with DEBUG off) -------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
HRFLOW_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HRFLOW_CSP_API_DOCS = HRFLOW_CSP.replace(
    "script-src 'self'",
    "script-src 'self' 'unsafe-inline'",
)
# Sign-in throttle (hrflow/login_throttle.py): failures allowed per login+address, per login,
# per address within the window. The first is the tight one: an office shares one address.
AUTHENTICATION_BACKENDS = ["hrflow.auth.ThrottledModelBackend"]
HRFLOW_LOGIN_LIMITS = tuple(int(n) for n in env_list("HRFLOW_LOGIN_LIMITS", "5,20,100"))
HRFLOW_LOGIN_WINDOW_SECONDS = int(os.environ.get("HRFLOW_LOGIN_WINDOW_SECONDS", "900"))
if env_bool("HRFLOW_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
