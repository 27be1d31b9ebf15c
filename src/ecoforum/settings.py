"""Settings for ecoforum, read from the environment.

Every setting that differs between a laptop and production comes from an
environment variable with a documented default (see README, "Configuration").
Secrets are never in the repository: in production ``SECRET_KEY`` must be set,
on a developer's machine a key is generated once under ``./var/``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ECOFORUM_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("ECOFORUM_TESTING", Path(sys.argv[0]).name in {"pytest", "py.test"})


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not DEBUG and not TESTING and env_bool("ECOFORUM_PRODUCTION", False):
        raise RuntimeError("SECRET_KEY must be set in production")
    # A developer's machine: one random key, kept under ./var/ and never committed.
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",  # failed logins, shared by every process through the database
    "csp",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",  # serves the OpenAPI page's own scripts (no CDN)
    "ecoforum.core",
    "ecoforum.forums",
    "ecoforum.people",
    "ecoforum.program",
    "ecoforum.investment",
    "ecoforum.exhibition",
    "ecoforum.services",
    "ecoforum.releases",
    "ecoforum.cooperation",
    "ecoforum.outcomes",
    "ecoforum.evaluation",
    "ecoforum.search",
    "ecoforum.api",
    "ecoforum.demo",
]

MIDDLEWARE = [
    # First: every later layer (rate limits, the login limiter, logs) sees the client's own address.
    "ecoforum.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The database unavailable (a restart, a failover): 503 + Retry-After in the reader's language, not a 500.
    "ecoforum.core.middleware.DatabaseOutageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user is known: anonymous visitors' public pages read from the replica, if there is one.
    "ecoforum.core.middleware.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ecoforum.core.middleware.HtmxLoginRedirectMiddleware",
    "ecoforum.forums.middleware.EditionMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the login page with the reason.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ecoforum.urls"
WSGI_APPLICATION = "ecoforum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ecoforum.core.context_processors.site",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Database: a SQLite file under ./var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'ecoforum.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A streaming replica of PostgreSQL for the public pages (docs/deploy.md, "Read replica"): anonymous GET
# requests read from it, everything else (writes, transactions, people who are logged in, the back office,
# a visitor's own next pages after a form) from the primary. The router changes nothing without it.
# The test suite leaves it out (its tests name the databases they use; tests/core/test_db_router.py brings
# a replica of its own).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL and not TESTING:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable replica is given up quickly; the page is then read from the primary.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Django's test runner sees one database: the replica alias reads the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
if TESTING:
    # Live-server threads must not keep connections open past the test database's teardown.
    for _database in DATABASES.values():
        _database["CONN_MAX_AGE"] = 0
DATABASE_ROUTERS = ["ecoforum.core.db_router.ReplicaRouter"]
#: After a visitor's own form (any POST), their pages are read from the primary for this many seconds,
#: longer than the replica lags behind, so that they see what they just did.
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: local memory by default, Redis when REDIS_URL is given.
REDIS_URL = os.environ.get("REDIS_URL", "")
_test_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if TESTING and REDIS_URL and _test_worker.startswith("gw"):
    # Tests in parallel processes (`make test`): each process its own Redis database, so that one emptying
    # the cache leaves the other's alone (each has its own test database already: test_<name>_gw0, …).
    _redis = urlsplit(REDIS_URL)
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{int(_redis.path.strip('/') or 0) + int(_test_worker[2:])}"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ecoforum",
            # A Redis outage degrades to uncached pages, never to errors.
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    # ... and says so in the log.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions are written to the database and cached in Redis: a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work: Django's tasks API (django-tasks backport), docs/decisions/0004 and 0019. With Redis the
# queue is in Redis (django-tasks-rq on RQ; workers: `ecoforum rqworker`), on TASKS_REDIS_URL when the queue
# has a Redis of its own (kept on disk: AOF), else on REDIS_URL. Without Redis (the demo, SQLite) it is in
# the database (django-tasks-db; workers: `ecoforum db_worker`). Tests run each task at once.
# TASKS_BACKEND overrides all three.
TASKS_REDIS_URL = os.environ.get("TASKS_REDIS_URL", REDIS_URL)
if TESTING:
    _tasks_backend = "django_tasks.backends.immediate.ImmediateBackend"
elif TASKS_REDIS_URL:
    _tasks_backend = "django_tasks_rq.RQBackend"
else:
    _tasks_backend = "django_tasks_db.DatabaseBackend"
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", _tasks_backend)}}
if TASKS_REDIS_URL:
    RQ_QUEUES = {
        "default": {
            "URL": TASKS_REDIS_URL,
            # RQ stops a job that runs longer (30 minutes: far more than the largest booklet takes).
            "DEFAULT_TIMEOUT": int(os.environ.get("TASKS_TIMEOUT_SECONDS", "1800")),
        }
    }
    # `ecoforum rqworker` runs django-tasks' tasks without being told the job class.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
# No RQ pages in the admin: the job pages and `ecoforum rqstats` tell what the queue holds.
RQ_SHOW_ADMIN_LINK = False
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    # `ecoforum rqworker`, `rqstats` …; only where the queue is in Redis (its admin model has no table).
    INSTALLED_APPS.append("django_rq")

AUTHENTICATION_BACKENDS = [
    # First: refuses a login for a locked-out user name and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Languages: Simplified Chinese first, English second; content in both.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "ecoforum_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("zh-hans", "en")}
# The admin's language tabs use a small served script, not jQuery UI from a CDN (ecoforum.demo static).
JQUERY_UI_URL = "ecoforum/admin/tabs.js"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# WhiteNoise expects STATIC_ROOT to exist even before collectstatic (a fresh clone).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Security: secure by default; plain HTTP only on a developer's machine.
SECURE = env_bool("ECOFORUM_SECURE", not DEBUG and env_bool("ECOFORUM_PRODUCTION", False))
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
# Load balancers ask /healthz over plain HTTP on the app's own port: answer, do not redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp): every script, style, font and picture comes from the site itself;
# no inline script or style attribute anywhere (docs/decisions/0018-content-security-policy.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # QR codes and small SVG pictures as data: addresses
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}


def _trusted_proxies(raw: str) -> int | list[str]:
    """``ECOFORUM_TRUSTED_PROXIES``: how many proxies stand in front of the app (``1``), or their
    addresses and networks (``10.0.0.5, 10.1.0.0/16``); empty or ``0``: X-Forwarded-For is ignored."""
    raw = raw.strip()
    if not raw:
        return 0
    if raw.isdigit():
        return int(raw)
    return [item.strip() for item in raw.split(",") if item.strip()]


ECOFORUM_TRUSTED_PROXIES = _trusted_proxies(os.environ.get("ECOFORUM_TRUSTED_PROXIES", ""))

# Failed logins (django-axes): 5 for one user name from one address within 15 minutes lock that pair
# out for 15 minutes, on the site's login page and the admin's alike; the same user from another
# address still logs in. Kept in the database, so every app process on every host sees them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures only: successful logins are not recorded
AXES_CLIENT_IP_CALLABLE = "ecoforum.core.middleware.client_address"
AXES_LOCKOUT_CALLABLE = "ecoforum.core.middleware.login_locked_out"
AXES_VERBOSE = False

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "ecoforum <root@ecoforum.local>")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ecoforum <noreply@ecoforum.local>")
# Text messages to guests: a dotted path to an ecoforum.services.sms.SmsBackend (console, locmem or a provider's).
ECOFORUM_SMS_BACKEND = os.environ.get(
    "ECOFORUM_SMS_BACKEND",
    "ecoforum.services.sms.LocmemBackend" if TESTING else "ecoforum.services.sms.ConsoleBackend",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 100
