"""Django settings for the gongkai platform, read from the environment.

Safe by default: DEBUG is off unless ``DJANGO_DEBUG=1``; outside DEBUG a real
``DJANGO_SECRET_KEY`` is required, except under tests and the local demo
(``GONGKAI_DEMO=1``), which get a throwaway key.

Environment:
  GONGKAI_HOME          data directory (SQLite file, stored letters); default ./var
  DATABASE_URL          e.g. postgres://user:pw@host/db; default sqlite:///$GONGKAI_HOME/gongkai.sqlite3
  DJANGO_SECRET_KEY     required in production
  DJANGO_DEBUG          "1" for development
  DJANGO_ALLOWED_HOSTS  comma-separated; default 127.0.0.1,localhost
  DJANGO_HTTPS          "1" when served behind HTTPS: secure cookies, HSTS, SSL redirect
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


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
    "gongkai.agencies",
    "gongkai.casework",
    "gongkai.annual",
    "gongkai.appeals",
    "gongkai.publishing",
    "gongkai.supervision",
    "gongkai.portal",
]
try:  # P2's staff pages; the project must load before that app exists
    import gongkai.staff  # noqa: F401

    # before our apps, so its templates (login page …) take precedence over the fallbacks
    INSTALLED_APPS.insert(INSTALLED_APPS.index("gongkai.agencies"), "gongkai.staff")
except ImportError:
    pass

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                                              conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server read while one writes; IMMEDIATE avoids
    # "database is locked" upgrades inside transactions (Django 5.1+).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    if DATABASES["default"]["NAME"] != ":memory:" and not TESTING:
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
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
STATIC_ROOT = GONGKAI_HOME / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = GONGKAI_HOME / "media"  # generated letters (DOCX/PDF) stored with their case

# --- security -------------------------------------------------------------------------
HTTPS = _flag("DJANGO_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# --- logging: never the applicants' personal data -------------------------------------
# Request logs carry query strings and POST bodies can reach error reports; the filter
# masks ID numbers, credit codes and phone numbers in every record, and error e-mails
# are not configured (no AdminEmailHandler) so request bodies never leave the machine.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal": {"()": "gongkai.web.logfilter.MaskPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal"], "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},  # SQL parameters hold personal data
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
