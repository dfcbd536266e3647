"""Chỉ Số settings: one module, configured only by environment variables (see chiso/lib/env.py).

With no environment at all it runs on ``BASE_DIR/chiso.sqlite3`` with DEBUG on, the embedded default.
``DATABASE_URL`` selects PostgreSQL, ``REDIS_URL`` the Redis cache and sessions, ``CELERY_BROKER_URL``
a Celery broker (empty: tasks run in-process). ``CHISO_ENV=production`` turns DEBUG off and requires
``SECRET_KEY`` and ``ALLOWED_HOSTS``; it then passes ``check --deploy`` without a warning.
"""

import logging
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chiso.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

CHISO_ENV = env_str("CHISO_ENV", "development")
if CHISO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"CHISO_ENV must be development, production or test, got {CHISO_ENV!r}")
PRODUCTION = CHISO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env_secret("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when CHISO_ENV=production")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("CHISO_ENV=production needs SECRET_KEY (at least 50 varied characters)")
    if not env_list("ALLOWED_HOSTS"):
        raise ImproperlyConfigured("CHISO_ENV=production needs ALLOWED_HOSTS (comma-separated host names)")
elif not SECRET_KEY:
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "chiso-development-only-insecure-key-do-not-use-in-production-0123456789"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "chiso.core",
    "chiso.units",
    "chiso.accounts",
    "chiso.indices",
    "chiso.plans",
    "chiso.results",
    "chiso.citizens",
    "chiso.notifications",
    "chiso.reporting",
    "chiso.disclosures",
    "chiso.imports",
    "chiso.inspections",
    "chiso.surveys",
    "chiso.dashboards",
    "chiso.demo",
]

MIDDLEWARE = [
    "chiso.lib.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages cached whole for visitors without a session, before the session is read (chiso/core/pagecache.py)
    "chiso.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chiso.core.middleware.VietnameseFirstLocaleMiddleware",
    "chiso.core.middleware.SecurityHeadersMiddleware",
    "chiso.core.middleware.RequestSizeLimitMiddleware",
    "chiso.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "chiso.accounts.middleware.CurrentMembershipMiddleware",
    "chiso.core.middleware.PolicyEnforcementMiddleware",
]

ROOT_URLCONF = "chiso.urls"
WSGI_APPLICATION = "chiso.wsgi.application"
ASGI_APPLICATION = "chiso.asgi.application"

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
                "chiso.core.context_processors.chiso",
                "chiso.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "chiso.sqlite3")),
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked"; IMMEDIATE takes the write lock
                # at BEGIN so two writers serialise instead of deadlocking on lock upgrade.
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, background work ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis, falling back to an in-process cache while Redis cannot be reached (chiso/lib/cache.py): the rate
    # limits and the login lock then count per process instead of answering 500.
    CACHES = {
        "default": {
            "BACKEND": "chiso.lib.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chiso"}}
# Sessions live in the database only (not cached_db): a per-process fallback cache must never serve a session
# that was ended in another process, and logins keep working while Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A working day by default (seconds); SESSION_EXPIRE_AT_BROWSER_CLOSE=true also ends it with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
# Public pages (portal, PAPI results, province profiles) are served whole from the cache to visitors without a
# session for this many seconds at most; a change that must show at once makes them stale (chiso/core/pagecache.py).
CHISO_PUBLIC_PAGE_SECONDS = env_int("CHISO_PUBLIC_PAGE_SECONDS", 60)
# Officials' hot pages (plan, cascade, coverage, my tasks, reporting period, inbox) are cached whole per person and
# per version of what they show; a change bumps the version at once (chiso/core/personcache.py). This bounds the
# life of an entry nobody asks for again.
CHISO_PERSON_PAGE_SECONDS = env_int("CHISO_PERSON_PAGE_SECONDS", 10 * 60)
# Who takes a unit's feedback and where an item goes are kept between the changes they read (memberships, agencies,
# units, successions, routing rules bump them at once: chiso/citizens/decisions.py); this bounds a bulk write's.
CHISO_FEEDBACK_ROUTING_SECONDS = env_int("CHISO_FEEDBACK_ROUTING_SECONDS", 10 * 60)

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL) or None
# No broker: tasks run in-process, so the embedded default needs no Redis (Saleor's rule).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Periodic jobs (reminders, overdue notices, opening of reporting periods): beat calls one task, ``chiso.tick``,
# every CHISO_TICK_SECONDS; without a broker ``chiso serve`` runs the same jobs in a background thread.
CHISO_TICK_SECONDS = env_int("CHISO_TICK_SECONDS", 300)
CELERY_BEAT_SCHEDULE = {"chiso-tick": {"task": "chiso.tick", "schedule": float(CHISO_TICK_SECONDS)}}

# --- Imports (plan documents, task tables, results sheets): bounds and time budget -------------------------
# A file over a bound is refused with a message and nothing is stored. Unzipped: the declared size of all the
# members of a .docx/.xlsx (zip bombs), and of its main XML part; lines: of the text, or rows of a sheet;
# a paragraph: the hard-wrapped lines joined into one (a text with no full stops becomes one huge paragraph).
# Seconds: the time budget of one parse (a Celery time limit with a broker, a deadline in the parser always).
CHISO_IMPORT_MAX_UNZIPPED_BYTES = env_int("CHISO_IMPORT_MAX_UNZIPPED_BYTES", 50 * 1024 * 1024)
CHISO_IMPORT_MAX_XML_BYTES = env_int("CHISO_IMPORT_MAX_XML_BYTES", 25 * 1024 * 1024)
CHISO_IMPORT_MAX_LINES = env_int("CHISO_IMPORT_MAX_LINES", 20_000)
CHISO_IMPORT_MAX_COLUMNS = env_int("CHISO_IMPORT_MAX_COLUMNS", 200)
CHISO_IMPORT_MAX_PARAGRAPH_CHARS = env_int("CHISO_IMPORT_MAX_PARAGRAPH_CHARS", 20_000)
CHISO_IMPORT_SECONDS = env_int("CHISO_IMPORT_SECONDS", 30)
# Scanned plans and photos of paper plans: text recognition (Tesseract, Vietnamese model) runs as a background job,
# in a Celery worker with a broker, else in a thread of the web process (CHISO_OCR_IN_THREAD); off with CHISO_OCR=0.
CHISO_OCR = env_bool("CHISO_OCR", True)
CHISO_OCR_IN_THREAD = env_bool("CHISO_OCR_IN_THREAD", True)
CHISO_OCR_MAX_PAGES = env_int("CHISO_OCR_MAX_PAGES", 60)
CHISO_OCR_PAGE_SECONDS = env_int("CHISO_OCR_PAGE_SECONDS", 120)

# --- Auth --------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["chiso.accounts.backends.UsernameBackend"]
# Login throttling (chiso/accounts/throttle.py, docs/security.md). Per account: after LOGIN_FAILURE_LIMIT failures
# in a row it is locked LOGIN_LOCK_SECONDS, doubling with each further failure up to LOGIN_LOCK_MAX_SECONDS; a
# successful login clears it. Per address: LOGIN_ADDRESS_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW
# (high: a commune office shares one address behind NAT).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCK_SECONDS = env_int("LOGIN_LOCK_SECONDS", 60)
LOGIN_LOCK_MAX_SECONDS = env_int("LOGIN_LOCK_MAX_SECONDS", 60 * 60)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 100)
# Behind a reverse proxy: the header it sets with the client's address (e.g. X-Forwarded-For) and how many
# proxies append to it. Ignored unless set (clients can forge the header); see chiso/lib/ratelimit.py.
CHISO_TRUSTED_PROXY_HEADER = env_str("CHISO_TRUSTED_PROXY_HEADER")
CHISO_TRUSTED_PROXY_COUNT = env_int("CHISO_TRUSTED_PROXY_COUNT", 1)
# API tokens expire this many seconds after they were issued (0: never); POST /api/v1/auth/token/rotate/ renews.
API_TOKEN_TTL = env_int("API_TOKEN_TTL", 30 * 24 * 60 * 60)
# Citizens' public endpoints, per client address, in the cache (Redis when REDIS_URL is set, else in-process):
# at most RATE_LIMIT_SUBMIT submissions (and RATE_LIMIT_READ look-ups by tracking code) per RATE_LIMIT_WINDOW s.
RATE_LIMIT_SUBMIT = env_int("RATE_LIMIT_SUBMIT", 10)
RATE_LIMIT_READ = env_int("RATE_LIMIT_READ", 120)
RATE_LIMIT_WINDOW = env_int("RATE_LIMIT_WINDOW", 10 * 60)

# --- Language, time ----------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["chiso.formats"]

# --- Static and uploaded files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded files: MEDIA_ROOT on this machine, or S3-compatible object storage (MinIO, AWS S3, Viettel/VNPT object
# storage…) with CHISO_STORAGE=s3 through django-storages (the ``s3`` extra: pip install "chiso[s3]"), so that several
# web nodes share the files (docs/administration.md, "several web servers"). The bucket is private: files are read
# through the views that check permissions, never by a public link.
CHISO_STORAGE = env_str("CHISO_STORAGE", "filesystem")
if CHISO_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured(f"CHISO_STORAGE must be filesystem or s3, got {CHISO_STORAGE!r}")
if CHISO_STORAGE == "s3":
    _MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,  # empty: AWS itself
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,  # empty: the machine's role / environment
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not _MEDIA_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("CHISO_STORAGE=s3 needs S3_BUCKET")
else:
    _MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Form fields and JSON bodies (files not counted) may take this much; a whole request body at most
# CHISO_MAX_REQUEST_BYTES (413 beyond): room for five 20 MB evidence files or five 5 MB photos with their form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
CHISO_MAX_REQUEST_BYTES = env_int("CHISO_MAX_REQUEST_BYTES", 110 * 1024 * 1024)
# The largest uploaded file accepted, by kind, in bytes: checked by chiso.lib.uploads, the one upload check. A larger
# file is refused with a message naming the limit. The request limit above leaves room for five of the largest.
CHISO_UPLOAD_LIMITS = {
    "evidence": 20 * 1024 * 1024,  # evidence of task progress, attachments of a periodic report
    "feedback": 5 * 1024 * 1024,  # photos and PDFs attached to citizens' feedback
    "plan_import": 10 * 1024 * 1024,  # a plan document to import (text, .docx, .xlsx)
    "task_table": 10 * 1024 * 1024,  # a plan's task table (.xlsx)
    "results": 5 * 1024 * 1024,  # a year of PAPI results (.xlsx, .csv)
    "indicators": 5 * 1024 * 1024,  # the PAPI indicator catalogue (.xlsx)
}
CHISO_FEEDBACK_MAX_FILES = 5
# /readyz fails when the disk holding MEDIA_ROOT has less free space than this (MB).
READYZ_MIN_FREE_MB = env_int("READYZ_MIN_FREE_MB", 500)

# --- API ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "chiso.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["chiso.core.api_base.PolicyPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "chiso.core.api_base.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "chiso.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "1200/minute", "login": "10/minute"},
    "DEFAULT_THROTTLE_CLASSES": [
        "chiso.lib.ratelimit.AnonRateThrottle",
        "chiso.lib.ratelimit.UserRateThrottle",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chỉ Số API",
    "DESCRIPTION": "Plans, tasks, reports and PAPI results for Vietnamese local governments.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: with them each operation's path is a link inside the button that opens the operation (a
    # control within a control, axe-core's nested-interactive). The rest of the page's accessibility:
    # static/css/swagger.css (contrast) and static/js/swagger-a11y.js (names, tab stops).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "chiso.plans.models.Plan.Status",
        "ProgressStatusEnum": "chiso.plans.models.ProgressUpdate.Status",
        "FeedbackStatusEnum": "chiso.citizens.models.Feedback.Status",
        "FeedbackRejectReasonEnum": "chiso.citizens.models.Feedback.RejectReason",
        "PeriodStatusEnum": "chiso.reporting.models.Period.Status",
        "RequestStatusEnum": "chiso.reporting.models.Request.Status",
        "SubmissionStatusEnum": "chiso.reporting.models.Submission.Status",
        "ConsolidatedReportStatusEnum": "chiso.reporting.models.ConsolidatedReport.Status",
    },
}

# --- Security ----------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; the cookie stays secure
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy of every response (chiso.core.middleware.SecurityHeadersMiddleware). Every asset is
# self-hosted; scripts only from files (a nonce is offered as {{ request.csp_nonce }}); style attributes allowed.
CHISO_CSP = env_str(
    "CHISO_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Probes from the host itself (systemd, monitoring) may use plain http to the health checks.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])
# A trial of production mode on plain http, without a TLS proxy (docs/administration.md): logins work (cookies
# without Secure), no redirect, no HSTS. Never with real data: passwords and citizens' details cross the network
# in clear. `check --deploy` warns about it, as it should.
if PRODUCTION and env_bool("CHISO_PLAIN_HTTP", False):
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
    SECURE_HSTS_SECONDS = 0
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"http://{h}" for h in ALLOWED_HOSTS])

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "chiso@localhost")

# Logs go to stderr (journald or the container collects them). Production writes one JSON object per line with
# the request id (chiso/lib/logs.py); LOG_FORMAT=text|json overrides.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "chiso.lib.logs.RequestIdFilter"},
        # A refused request (403, 404, 400) is one line, not a traceback (chiso/core/errors.py).
        "client_errors_one_line": {"()": "chiso.core.errors.ClientErrorsOneLine"},
    },
    "formatters": {"json": {"()": "chiso.lib.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING" if not DEBUG else "INFO"},
        "django.request": {"filters": ["client_errors_one_line"]},
    },
}
# Python's warnings too, so that every line on stderr is JSON in production.
logging.captureWarnings(LOG_FORMAT == "json")
# The worker and beat log through the same handler (Celery would otherwise install its own plain format).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
