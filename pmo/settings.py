"""Settings, read from environment variables only.

With nothing set, the embedded default applies: a SQLite file in the checkout, Celery
tasks run in-process, DEBUG off (DEBUG=1 asks for Django's debug pages; they show
settings and every URL, so never in production). Production sets DJANGO_ENV=production,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL; it refuses DEBUG=1.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "").lower() == "production"
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_ENV=production with DEBUG=1: debug pages show settings, passwords in "
        "connection URLs and every URL pattern. Unset DEBUG in production."
    )

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production the application refuses to start "
            "without it: set SECRET_KEY to a long random value, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # A local run only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "pmo",
    "portfolio",
    "benefits",
    "risks",
    "reporting",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django_celery_beat",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: every answer under /api gets API-Version and problems.
    "pmo.api.middleware.ApiResponses",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pmo.web.middleware.PrivatePages",
    "pmo.web.middleware.IdleSessions",
    # Last: turns a login refused for too many failures into the lock-out page (429).
    "axes.middleware.AxesMiddleware",
]
# Static files are served by WhiteNoise with or without DEBUG; a local run reads them
# from the source folders, production from collectstatic's compressed, hashed copies.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

ROOT_URLCONF = "pmo.urls"
WSGI_APPLICATION = "pmo.wsgi.application"

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
                "django.template.context_processors.i18n",
                "pmo.context_processors.navigation",
            ],
        },
    }
]

# Database: DATABASE_URL (postgres://… through psycopg 3) or the embedded SQLite file.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles each larger overview query anew (~25 ms per request);
        # these short OLTP queries never win that back.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "pmo.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes) on every login path: the page, the admin, anything that
# calls authenticate(). Failures count per user name and, separately, per address; at the
# limit that name or address is refused for the cool-off time, right password or not.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = env_list("LOGIN_LOCKOUT_BY", "username,ip_address")
AXES_RESET_ON_SUCCESS = True
# Guesses during a lock-out are refused without counting: the lock ends after its cool-off
# instead of being prolonged by whoever keeps guessing someone else's name.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "pmo.lockouts.lockout_response"
AXES_ENABLE_ADMIN = False  # pmo.admin shows them as "inlogblokkades", for the beheerder
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects:project_list"
LOGOUT_REDIRECT_URL = "login"

# Language: Dutch first, English complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
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

# Celery: Redis when CELERY_BROKER_URL is set; otherwise tasks run in-process (eager).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "600"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "540"))
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A job's state lives in its database row, so nobody reads Celery's results; ignoring them
# also keeps an enqueue from waiting on the result backend when Redis is down.
CELERY_TASK_IGNORE_RESULT = True
# An unreachable broker must fail an enqueue within a second, not after 19 (pmo/queue.py
# then records it and the recovery job sends it again).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis hands an unacknowledged message to another worker after this; it must outlast
    # the longest task, or a slow job would run twice at once.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 300,
    "socket_connect_timeout": 2,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Cache: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Imports (pmo/imports): the largest upload, what its zip may unpack to, and its rows.
IMPORT_MAX_BYTES = int(float(os.environ.get("IMPORT_MAX_MB", "10")) * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = 20 * IMPORT_MAX_BYTES
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "50000"))

# The REST API (pmo/api): tokens or the session, problem details, cursor pages, throttled.
API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # No HTTP Basic: it would be a password oracle without CSRF and outside the
        # login throttling. Personal tokens for systems, the session for the browser.
        "pmo.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["pmo.api.permissions.SignedInWithScope"],
    # Per address is counted first, before authentication (pmo.api.throttling.AddressFirst).
    "DEFAULT_THROTTLE_CLASSES": ["pmo.api.throttling.PerToken"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "pmo.api.pagination.Cursor",
    "DEFAULT_PARSER_CLASSES": ["pmo.api.parsers.LimitedJSONParser"],
    "EXCEPTION_HANDLER": "pmo.api.problems.handle",
    "ORDERING_PARAM": "ordering",
    "PAGE_SIZE": 100,
}
# The largest API request body (10,000 projects in one bulk request are about 5 MB).
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(32 * 1024 * 1024)))
# DRF reads a JSON body through request.body, which Django caps at this size (2.5 MB by
# default): without raising it a 10,000-row bulk request would be refused with 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
# Requests per token (or signed-in user) and per address; None switches one off.
API_THROTTLE_RATES = {
    "token": os.environ.get("API_RATE_PER_TOKEN", "1200/min"),
    "address": os.environ.get("API_RATE_PER_ADDRESS", "2400/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PMO Portfolio API",
    "DESCRIPTION": (
        "Lezen en synchroniseren van het portfolio: projecten, rapportages, besluiten, "
        "het afwegingskader en scenario's. Zie docs/API.md."
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    "SERVERS": [{"url": "/", "description": "deze installatie"}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pmo.api.schema.add_problems",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RagEnum": "portfolio.status.models.RAG",
        "PhaseEnum": "portfolio.projects.models.Phase",
        "ProjectKindEnum": "portfolio.projects.models.Project.Kind",
        "LifecycleStatusEnum": "portfolio.projects.models.LifecycleStatus",
        "BenefitKindEnum": "benefits.models.Benefit.Kind",
        "BenefitStatusEnum": "benefits.models.Benefit.Status",
        "LessonKindEnum": "benefits.models.Lesson.Kind",
        "MapNodeKindEnum": "benefits.models.MapNode.Kind",
        "RiskKindEnum": "risks.models.Risk.Kind",
        "RiskStatusEnum": "risks.models.Risk.Status",
        "RiskCategoryEnum": "risks.models.Risk.Category",
        "BenefitCategoryEnum": "benefits.models.Benefit.Category",
        "RegisterLevelEnum": "risks.models.Level",
        "CapacityComponentKindEnum": "risks.models.CapacityComponent.Kind",
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pmo@localhost")

# Security: strict in production, relaxed only where a local run serves plain http.
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
# A session ends after this many hours without a request (idle), not at a fixed time:
# pmo.web.middleware.IdleSessions renews it at most every few minutes, not per request.
SESSION_COOKIE_AGE = int(float(os.environ.get("SESSION_IDLE_HOURS", "8")) * 3600)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Joining the browsers' HSTS preload list binds every subdomain and is hard to undo: that is
# the domain owner's decision (SECURE_HSTS_PRELOAD=1), so the check does not insist.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# A covering index (Demand's) is a PostgreSQL speed-up; SQLite just uses its key columns.
SILENCED_SYSTEM_CHECKS += ["models.W040"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind one proxy every request comes from its address: count the client's instead,
    # or one person's typing errors would lock out the whole municipality.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The organisation's name on every page of the board pack; empty: the name of the one
# top-level org unit or portfolio.
PMO_ORGANISATION_NAME = os.environ.get("PMO_ORGANISATION_NAME", "")

# Length of one reporting period for snapshots, in months.
PMO_PERIOD_MONTHS = int(os.environ.get("PMO_PERIOD_MONTHS", "1"))

# Roll-up of status to programme, org unit and portfolio: "worst" (worst colour, with
# counts) or "budget" (budget-weighted). See portfolio/rollup.py.
PMO_ROLLUP_RULE = os.environ.get("PMO_ROLLUP_RULE", "worst")
if PMO_ROLLUP_RULE not in {"worst", "budget"}:
    raise ImproperlyConfigured("PMO_ROLLUP_RULE must be 'worst' or 'budget'.")
# Days after the end of a period by which its report is due.
PMO_REPORT_DUE_DAYS = int(os.environ.get("PMO_REPORT_DUE_DAYS", "5"))
# Months after a project closed by which its post-implementation review is due.
PIR_MONTHS_AFTER_CLOSURE = int(os.environ.get("PIR_MONTHS_AFTER_CLOSURE", "6"))
if PIR_MONTHS_AFTER_CLOSURE < 0:
    raise ImproperlyConfigured("PIR_MONTHS_AFTER_CLOSURE must be 0 or more months.")
# Absolute address of the site, for links in emails.
PMO_BASE_URL = os.environ.get("PMO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
