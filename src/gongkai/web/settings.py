"""Django settings for the gongkai platform, read from the environment.

Safe by default: DEBUG is off unless ``DJANGO_DEBUG=1``; outside DEBUG a real
``DJANGO_SECRET_KEY`` is required, except under tests and the local demo
(``GONGKAI_DEMO=1``), which get a throwaway key.

Every environment variable is described, with its default and an example, in
``docs/operations.md`` ("Configuration"); the short list:
  GONGKAI_HOME, DATABASE_URL, DB_CONN_MAX_AGE, GONGKAI_SQLITE_TIMEOUT, GONGKAI_SQLITE_SYNCHRONOUS,
  DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DJANGO_CSRF_TRUSTED_ORIGINS,
  DJANGO_HTTPS, DJANGO_HSTS_SECONDS, DJANGO_HSTS_INCLUDE_SUBDOMAINS, DJANGO_HSTS_PRELOAD,
  GONGKAI_PROXY_COUNT, GONGKAI_LOGIN_FAILURE_LIMIT, GONGKAI_LOGIN_COOLOFF_MINUTES,
  GONGKAI_SESSION_IDLE_MINUTES, GONGKAI_SESSION_HOURS, GONGKAI_OTP_REQUIRED, GONGKAI_LOG_LEVEL,
  GONGKAI_DEMO, GONGKAI_CACHE_URL, GONGKAI_PORTAL_CACHE_SECONDS, GONGKAI_PORTAL_RATE_SCALE,
  GONGKAI_SMS_BACKEND, GONGKAI_SITE_URL, GONGKAI_EMAIL_BACKEND, GONGKAI_FROM_EMAIL, GONGKAI_LETTERS.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gongkai.web.logfilter import dict_config


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


GONGKAI_HOME = Path(os.environ.get("GONGKAI_HOME", Path.cwd() / "var")).resolve()
BASE_DIR = GONGKAI_HOME  # kept for code that expects the Django name

DEBUG = _flag("DJANGO_DEBUG")
DEMO = _flag("GONGKAI_DEMO")
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
# one-shot `gongkai` commands (table3, lock, synthetic) sign nothing; the web server does
CLI = _flag("GONGKAI_CLI")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or DEMO or TESTING or CLI:
        SECRET_KEY = "gongkai-dev-only-not-secret"  # noqa: S105 - never used in production
    else:
        raise ImproperlyConfigured(
            "生产环境必须设置 DJANGO_SECRET_KEY 环境变量 (DJANGO_SECRET_KEY is required when DEBUG is off)"
        )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
                 if h.strip()]
if TESTING:
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",  # login throttling and lockout
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gongkai.staff",  # before our apps, so its templates (login, error pages) take precedence
    "gongkai.agencies",
    "gongkai.casework",
    "gongkai.annual",
    "gongkai.appeals",
    "gongkai.publishing",
    "gongkai.supervision",
    "gongkai.portal",
    "gongkai.web",  # lockout and second-factor pages, their templates
]

MIDDLEWARE = [
    "gongkai.web.health.HealthCheckMiddleware",  # /healthz, before host checks and HTTPS redirects
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, before anything that reads the session
    "gongkai.portal.pagecache.PublicPageCacheMiddleware",  # cached public pages, before sessions
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.web.sessions.IdleTimeoutMiddleware",
    "gongkai.web.twofactor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.web.nav.context",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{GONGKAI_HOME / 'gongkai.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite),
                                              conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
                                              conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait their turn instead of failing with "database is locked":
    # - WAL: readers never wait for the writer, the writer never waits for readers;
    # - transaction_mode IMMEDIATE (Django 5.1+): every atomic block takes the write lock at
    #   BEGIN, where SQLite's busy handler can wait for it, instead of failing at the first
    #   write when a read transaction cannot be upgraded;
    # - timeout: how long a writer waits for the lock (sqlite3's busy handler), well below
    #   gunicorn's worker timeout, far above the longest transaction the actions hold;
    # - synchronous=FULL: a commit the user was told about survives a power cut too, not only
    #   a crash of the process (NORMAL in WAL mode may lose the last commits on power loss).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL;"
                         f"PRAGMA synchronous={os.environ.get('GONGKAI_SQLITE_SYNCHRONOUS', 'FULL')};"),
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("GONGKAI_SQLITE_TIMEOUT", "30")),
    }
    if DATABASES["default"]["NAME"] != ":memory:" and not TESTING:
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- cache: shared by the gunicorn workers (public pages, the portal's rate limits) -------
# File-based under GONGKAI_HOME/cache by default (no extra service); GONGKAI_CACHE_URL may name
# a Redis server (redis://host:6379/0) for several machines.  Tests use per-process memory.
if os.environ.get("GONGKAI_CACHE_URL", "").startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["GONGKAI_CACHE_URL"]}}
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai-tests"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(GONGKAI_HOME / "cache"), "OPTIONS": {"MAX_ENTRIES": 20000}}}
# --- the public portal (docs/portal.md) --------------------------------------------------
# 0: no page cache (tests: off unless a test turns it on, as tests/portal do)
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("GONGKAI_PORTAL_CACHE_SECONDS", "0" if TESTING else "300"))
# the SMS gateway: a class with send(phone, text); the default only logs (number masked)
PORTAL_SMS_BACKEND = os.environ.get("GONGKAI_SMS_BACKEND", "gongkai.portal.sms.LoggingSmsBackend")
PORTAL_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "")  # links in notifications, e.g. https://xxgk.example.gov.cn
# rate limits (count per window in seconds); GONGKAI_PORTAL_RATE_SCALE multiplies every count
# (a load test from one address, a busy shared office network)
_rate_scale = int(os.environ.get("GONGKAI_PORTAL_RATE_SCALE", "1"))
PORTAL_RATE_LIMITS = {name: (count * _rate_scale, window) for name, (count, window) in {
    "apply_ip": (20, 3600), "apply_identity": (10, 86400), "track_ip": (30, 600), "track_number": (10, 3600),
    "submit_ip": (20, 3600)}.items()}
EMAIL_BACKEND = os.environ.get("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")
# letters' DOCX/PDF drawn in the request (inline) or by the task worker (queue)
GONGKAI_LETTERS = os.environ.get("GONGKAI_LETTERS", "inline")
# --- auth -----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "gongkai.web.auth.AxesBackend",  # refuses a locked-out user before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.web.auth.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.web.auth.DemoPasswordValidator"},  # the published demo password, outside the demo
]
# Login throttling (django-axes): after N wrong passwords for one account from one address,
# that pair is locked out for the cool-off time (the staff login and the admin alike).
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "gongkai.web.auth.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# Sessions: end when the browser closes, after GONGKAI_SESSION_IDLE_MINUTES without a request,
# and at most GONGKAI_SESSION_HOURS after login (gongkai.web.sessions).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_SECONDS = 60 * int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = 3600 * int(os.environ.get("GONGKAI_SESSION_HOURS", "10"))
# Second factor (django-otp, TOTP): whoever enrolled a device must enter a code after the
# password; GONGKAI_OTP_REQUIRED=1 makes administrators and heads enrol before anything else.
OTP_REQUIRED_ROLES = ("admin", "head") if _flag("GONGKAI_OTP_REQUIRED") else ()
OTP_TOTP_ISSUER = "gongkai 政府信息公开"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
if TESTING:  # fast hashing keeps the test suite quick
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- language, time -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = None if TESTING else GONGKAI_HOME / "static"  # tests read the apps' folders (finders)
# WhiteNoise serves STATIC_ROOT (filled by `collectstatic`, which `gongkai serve` runs) with
# hashed, compressed, far-future-cached files; tests and DEBUG read the apps' folders directly.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": ("django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG or TESTING
                                else "whitenoise.storage.CompressedManifestStaticFilesStorage")},
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_URL = "media/"
MEDIA_ROOT = GONGKAI_HOME / "media"  # generated letters (DOCX/PDF) stored with their case

# --- security -------------------------------------------------------------------------
# Behind a reverse proxy that terminates TLS (docs/nginx.conf): the proxy sets
# X-Forwarded-Proto, Django trusts it only with DJANGO_HTTPS=1 and gunicorn listens on loopback.
HTTPS = _flag("DJANGO_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _flag("DJANGO_HSTS_PRELOAD")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# how many reverse proxies append to X-Forwarded-For in front of gunicorn (0: none; nginx: 1)
PROXY_COUNT = int(os.environ.get("GONGKAI_PROXY_COUNT", "0"))
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# --- logging: never the applicants' personal data -------------------------------------
# Request logs carry query strings and POST bodies can reach error reports; the filter
# masks ID numbers, credit codes and phone numbers in every record, and error e-mails
# are not configured (no AdminEmailHandler) so request bodies never leave the machine.
LOGGING = dict_config(
    {"console": {}},
    root={"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    loggers={
        "django.db.backends": {"level": "WARNING"},  # SQL parameters hold personal data
        "axes": {"level": "WARNING"},  # failed logins and lockouts, not its start-up banner
        "weasyprint": {"level": "WARNING"},  # seven progress lines per letter rendered
        "fontTools": {"level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
)
