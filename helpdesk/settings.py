"""Settings for the helpdesk, read from environment variables (12-factor).

Development (``make run``) and the test suite run on SQLite and a broker that needs no server;
set ``DATABASE_URL`` / ``CELERY_BROKER_URL`` for PostgreSQL and Redis. ``DJANGO_PRODUCTION=1``
turns on the hardened settings that ``manage.py check --deploy`` asks for and requires a real
``SECRET_KEY``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
PRODUCTION = env_bool("DJANGO_PRODUCTION")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_PRODUCTION=1.")
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "js_lib_htmx",
    "bulma",
    "django_celery_beat",
    "django_fsm",  # its graph_transitions command draws docs/diagrams/
    "helpdesk",  # the composition root: the demo command
    "helpdesk.core",
    "helpdesk.notifications",
    "tickets",
    "engineering",
    "escalation",
    "sla",
    "knownissues",
    "timesheets",
    "mailgate",
    "knowledge",
    "satisfaction",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "helpdesk.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helpdesk.core.context_processors.roles",
                "helpdesk.notifications.context_processors.bell",
                "timesheets.context_processors.running_timer",
            ],
        },
    },
]

WSGI_APPLICATION = "helpdesk.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The queue's covering indexes INCLUDE columns on PostgreSQL; SQLite (make run's embedded
    # default) builds them without those columns, which is all it can do: no warning for that.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the embedded default: one writer at a time, so wait for the lock rather than fail.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Attachments are never served from MEDIA_URL: only through the permission-checked view.
MEDIA_URL = "/_media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: with DEBUG one .eml file per message in var/mail/ (readable by anyone trying the
# helpdesk), else the console; SMTP (or any backend) configured through the environment.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "helpdesk.notifications.backends.FilePerMessageBackend"
    if DEBUG
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "helpdesk@localhost")
# The inbound address: replies go to support+<ticket>-<token>@ its domain (notifications.addresses).
HELPDESK_SUPPORT_ADDRESS = os.environ.get("HELPDESK_SUPPORT_ADDRESS", "support@helpdesk.localhost")
# Inbound mail: at most this many automatic answers (refusals, "we received your ticket") per
# sender per hour, so two robots answering each other stop. The drop folder (one .eml per
# message, swept every 5 seconds) is on with DEBUG (``make run``): var/inbox/.
HELPDESK_MAIL_AUTO_ANSWERS_PER_HOUR = int(os.environ.get("HELPDESK_MAIL_AUTO_ANSWERS_PER_HOUR", 5))
HELPDESK_MAIL_DROP_FOLDER = os.environ.get(
    "HELPDESK_MAIL_DROP_FOLDER", str(BASE_DIR / "var" / "inbox") if DEBUG else ""
)

# GitHub link-up of the known-issue tracker (decision 0034, docs/webhooks.md "GitHub"): a known
# issue's "Open a GitHub issue" needs the repository ("owner/name") and a token allowed to create
# issues; the inbound webhook (POST /hooks/github/) needs the webhook's secret. Unset: that half
# is off and the known issue's page says how to turn it on.
GITHUB_API_URL = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
GITHUB_REPOSITORY = os.environ.get("GITHUB_REPOSITORY", "").strip()
GITHUB_TOKEN = os.environ.get("GITHUB_TOKEN", "")
GITHUB_WEBHOOK_SECRET = os.environ.get("GITHUB_WEBHOOK_SECRET", "")

# Celery: kombu's filesystem transport is the embedded default (no server needed).
# A test run (pytest sets PYTEST_VERSION, and its worker subprocesses inherit it) publishes to a
# folder of its own, so `make run`'s worker never drains the messages tests leave behind.
_BROKER_FOLDER = "test-broker" if os.environ.get("PYTEST_VERSION") else "broker"
BROKER_DIR = Path(os.environ.get("CELERY_BROKER_DIR", BASE_DIR / "var" / _BROKER_FOLDER))
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One queue name for every task; tests give their worker its own.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
# The periodic tasks (timer sweeps, the outbox sender) live in django-celery-beat's tables,
# created by a data migration and editable in admin: there is no CELERY_BEAT_SCHEDULE.

# Notifications (the outbox): links in emails, and how the sender retries.
HELPDESK_BASE_URL = os.environ.get("HELPDESK_BASE_URL", "http://127.0.0.1:8000")
HELPDESK_NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("HELPDESK_NOTIFICATION_MAX_ATTEMPTS", "8"))
HELPDESK_NOTIFICATION_RETRY_BASE_SECONDS = 60
HELPDESK_NOTIFICATION_RETRY_MAX_SECONDS = 6 * 60 * 60
# Seed 001's "we're working on it": the customer is emailed when a person first takes the ticket.
HELPDESK_NOTIFY_CUSTOMER_ON_TAKE = env_bool("HELPDESK_NOTIFY_CUSTOMER_ON_TAKE", True)
# Addresses pre-filled in the CC of a new side thread (seed 003: dev@, tier2@), comma-separated.
HELPDESK_SIDE_THREAD_CC = env_list("HELPDESK_SIDE_THREAD_CC")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "helpdesk.core.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "helpdesk.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Helpdesk API",
    "DESCRIPTION": "Tickets, messages and transitions of the helpdesk.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status": name each set of choices after what it is.
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "tickets.states.Status",
        "KnownIssueStatusEnum": "knownissues.states.IssueStatus",
        "CallStatusEnum": "timesheets.states.CallStatus",
        "NotificationStatusEnum": "helpdesk.notifications.models.Notification.Status",
        "ArticleStateEnum": "knowledge.states.ArticleState",
        "CategoryEnum": "tickets.states.Category",
        "PriorityEnum": "tickets.states.Priority",
        "FindingsOutcomeEnum": "tickets.states.Outcome",
        "EscalationOutcomeEnum": "escalation.states.DownOutcome",
        "DocRequestKindEnum": "knowledge.states.DocKind",
        "MessageKindEnum": "tickets.states.MessageKind",
    },
}

# Helpdesk rules an operator may change through the environment.
HELPDESK_ATTACHMENT_MAX_BYTES = int(os.environ.get("HELPDESK_ATTACHMENT_MAX_BYTES", 10 * 1024**2))
HELPDESK_ATTACHMENT_EXTENSIONS = env_list(
    "HELPDESK_ATTACHMENT_EXTENSIONS",
    "png,jpg,jpeg,gif,webp,pdf,txt,log,csv,json,xml,zip,gz,har,doc,docx,xls,xlsx,odt,ods,md",
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024**2

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Development serves static files through WhiteNoise straight from the finders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Public status page and Changing of the Guard (knownissues/services/status_page.py and
# guard_log.py).
# Status posters: superusers, holders of knownissues.post_status, and members of these groups.
STATUS_POSTER_GROUPS = env_list("STATUS_POSTER_GROUPS", "Leads")
STATUS_HISTORY_DAYS = int(os.environ.get("STATUS_HISTORY_DAYS", "30"))
STATUS_PAGE_TITLE = os.environ.get("STATUS_PAGE_TITLE", "Service status")
STATUS_CACHE_SECONDS = int(os.environ.get("STATUS_CACHE_SECONDS", "60"))

# Timesheets (issue 7): support-pack warnings, technical calls (seed 000), follow-ups.
HELPDESK_PACK_WARNING_PERCENT = int(os.environ.get("HELPDESK_PACK_WARNING_PERCENT", 80))
HELPDESK_CALL_NO_SHOW_WAIT_MINUTES = int(os.environ.get("HELPDESK_CALL_NO_SHOW_WAIT_MINUTES", 15))
HELPDESK_FOLLOW_UP_DAYS = int(os.environ.get("HELPDESK_FOLLOW_UP_DAYS", 7))

# Engineering tasks (issue 7, engineering/services/): UAT without an answer → Done after this
# many days (seed 000 says one week; seed 001 says 3 business days).
TASK_UAT_AUTO_DONE_DAYS = int(os.environ.get("TASK_UAT_AUTO_DONE_DAYS", 7))
TASK_UAT_AUTO_DONE_BUSINESS_DAYS = env_bool("TASK_UAT_AUTO_DONE_BUSINESS_DAYS", False)
# Lead times (seed 000, engineering/services/lead_times.py, decision 0029): a new task's lead time
# is this many business days after it is filed, by priority (a template or a person may set
# another); the card turns blue TASK_LEAD_TIME_NEAR_BUSINESS_DAYS before it; an unpicked task
# whose lead time is reached goes to the developer with the fewest open tasks — the members of
# the tiers TASK_DEVELOPER_TIERS names (codes, comma-separated), or every agent when empty.
TASK_LEAD_TIME_BUSINESS_DAYS = {"top": 1, "high": 3, "normal": 5, "low": 10}
TASK_LEAD_TIME_NEAR_BUSINESS_DAYS = int(os.environ.get("TASK_LEAD_TIME_NEAR_BUSINESS_DAYS", 1))
TASK_DEVELOPER_TIERS = env_list("TASK_DEVELOPER_TIERS")

# Known issues (issue 8): lead signals on the SLA dashboard. A tag on this many open tickets
# without a known issue suggests creating one; a known issue with this many linked tickets
# suggests posting it on the status page (seed 003: "3+ tickets", "6 as a general guide").
KNOWN_ISSUE_SUGGEST_TICKETS = 3
KNOWN_ISSUE_STATUS_PAGE_TICKETS = 6
# Process and task tags never suggest a known issue (case-blind).
KNOWN_ISSUE_IGNORED_TAGS = [
    "Spanish",
    "Process Tweak",
    "Missed Doc Review",
    "Proposed User Doc",
    "Proposed Internal Doc",
    "PS Support",
    "Technical Call",
    "Technical Email",
    "Change Request",
]

# Doc requests (knowledge, decision 0022): this many tickets resolved within this many days
# with the same tag or the same macro and no linked article open a doc request for the leads
# (seed 003: "3 duplicate answers ... we need [a doc]"). Process and task tags never count.
DOC_REQUEST_DUPLICATES = 3
DOC_REQUEST_DUPLICATE_DAYS = int(os.environ.get("DOC_REQUEST_DUPLICATE_DAYS", 90))
DOC_REQUEST_IGNORED_TAGS = KNOWN_ISSUE_IGNORED_TAGS
