"""Settings: safe defaults, and logs that never carry applicants' personal data."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from gongkai.casework.demo import synthetic_credit_code, synthetic_id
from gongkai.web.logfilter import MaskPersonalData, mask


def test_mask_personal_data():
    pid, code = synthetic_id(3), synthetic_credit_code(3)
    text = mask(f"申请人 {pid} 电话13800001234 单位{code}")
    assert pid not in text and code not in text and "13800001234" not in text
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id=%s", (pid,), None)
    MaskPersonalData().filter(record)
    assert pid not in record.getMessage()


def _settings_run(env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGKAI_", "DATABASE_URL"))}
    env.update(env_extra)
    code = "import gongkai.web.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.DATABASES['default']['ENGINE'])"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def test_secret_key_required_in_production(tmp_path):
    r = _settings_run({"GONGKAI_HOME": str(tmp_path)})
    assert r.returncode != 0 and "DJANGO_SECRET_KEY" in r.stderr
    r = _settings_run({"GONGKAI_HOME": str(tmp_path), "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_HTTPS": "1"})
    assert r.stdout.split() == ["False", "True", "django.db.backends.sqlite3"]


def test_sqlite_uses_wal(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as c:
        c.execute("PRAGMA journal_mode")
        mode = c.fetchone()[0]
    # the in-memory test database cannot use WAL; a file database does (see test below)
    assert mode in ("wal", "memory")


def test_file_database_is_wal(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGKAI_", "DATABASE_URL"))}
    env.update(GONGKAI_HOME=str(tmp_path), GONGKAI_CLI="1", DJANGO_SETTINGS_MODULE="gongkai.web.settings")
    code = ("import django; django.setup(); from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "wal", r.stderr


# the production environment documented in docs/operations.md ("Configuration")
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-the-test-" + "q8Zr" * 10,
    "DJANGO_ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://gongkai.example.gov.cn",
    "DJANGO_HTTPS": "1",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "GONGKAI_PROXY_COUNT": "1",
}


def _check_deploy(tmp_path, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGKAI_", "DATABASE_URL", "PYTEST"))}
    env.update(GONGKAI_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="gongkai.web.settings", **env_extra)
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    r = _check_deploy(tmp_path, PRODUCTION_ENV)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_check_deploy_names_what_is_missing_without_https(tmp_path):
    r = _check_deploy(tmp_path, {"DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"]})
    assert r.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert warning in r.stderr + r.stdout


def test_production_settings_are_hardened(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGKAI_", "DATABASE_URL", "PYTEST"))}
    env.update(GONGKAI_HOME=str(tmp_path), **PRODUCTION_ENV)
    code = ("import gongkai.web.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.STORAGES['staticfiles']['BACKEND'].split('.')[-1], "
            "s.DATABASES['default']['OPTIONS']['transaction_mode'], s.DATABASES['default']['OPTIONS']['timeout'])")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert r.stdout.split() == ["False", "True", "True", "True", "True", "CompressedManifestStaticFilesStorage",
                                "IMMEDIATE", "30.0"], r.stderr
