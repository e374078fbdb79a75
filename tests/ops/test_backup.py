"""`gongkai backup` / `gongkai restore`: an empty instance gets back every case, letter file and audit event.

Each instance is a separate GONGKAI_HOME (and, on PostgreSQL, a separate database), driven
through the `gongkai` command as an operator would. On PostgreSQL (DATABASE_URL set, as
tools/test.sh does under pg_virtualenv) the same tests use pg_dump/pg_restore.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid

import pytest

from ops.helpers import clean_env, run
from ops.instance_scripts import ADD_LETTERS, FINGERPRINT

pytestmark = pytest.mark.slow

PG_URL = os.environ.get("DATABASE_URL", "")
ON_PG = PG_URL.startswith("postgres")


def _new_database() -> str:
    """A fresh, empty PostgreSQL database on the test server; its URL."""
    import psycopg

    name = f"gk_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def _instance(path) -> dict:
    extra = {"DATABASE_URL": _new_database()} if ON_PG else {}
    return clean_env(path, **extra)


def _python(env, code) -> str:
    r = subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
                                                         "GONGKAI_CLI": "1"},
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """An instance with the demo, three letters and a private upload, and its backup."""
    home = tmp_path_factory.mktemp("source")
    env = _instance(home / "home")
    r = run(["demo"], env)
    assert r.returncode == 0, r.stderr
    _python(env, ADD_LETTERS)
    archive = home / "backup.tar.gz"
    r = run(["backup", "-o", str(archive)], env)
    assert r.returncode == 0, r.stderr
    assert "已备份到" in r.stdout
    assert archive.stat().st_mode & 0o077 == 0  # personal data: not readable by other users
    return env, archive, json.loads(_python(env, FINGERPRINT))


def test_restore_into_an_empty_instance_finds_everything(source, tmp_path):
    env, archive, before = source
    drawn = [letter for letter in before["letters"] if letter[2] and letter[3]]
    assert len(before["cases"]) >= 50 and len(before["letters"]) >= 50 and len(before["audit"]) > 100
    assert len(drawn) == 3  # the three letters ADD_LETTERS drew: their files travel byte for byte
    target = _instance(tmp_path / "target")
    r = run(["restore", str(archive)], target)
    assert r.returncode == 0, r.stderr
    assert "各表行数已与备份清单核对一致" in r.stdout
    after = json.loads(_python(target, FINGERPRINT))
    assert after == before  # every case, every letter file byte for byte, every audit event, every account


def test_restore_into_a_migrated_but_empty_instance(source, tmp_path):
    env, archive, before = source
    target = _instance(tmp_path / "target")
    _python(target, "import django; django.setup(); from django.core.management import call_command; "
                    "call_command('migrate', verbosity=0)")
    r = run(["restore", str(archive)], target)
    assert r.returncode == 0, r.stderr
    assert json.loads(_python(target, FINGERPRINT)) == before


def test_restore_refuses_an_instance_with_data_unless_forced(source, tmp_path):
    env, archive, before = source
    target = _instance(tmp_path / "target")
    assert run(["demo"], target).returncode == 0
    mine = json.loads(_python(target, FINGERPRINT))
    r = run(["restore", str(archive)], target)
    assert r.returncode == 1
    assert "当前实例已有数据" in r.stderr and "--force" in r.stderr and "Traceback" not in r.stderr
    assert json.loads(_python(target, FINGERPRINT)) == mine  # nothing touched

    r = run(["restore", str(archive), "--force"], target)
    assert r.returncode == 0, r.stderr
    assert "已先备份当前数据" in r.stdout
    assert json.loads(_python(target, FINGERPRINT)) == before
    kept = list((tmp_path / "target" / "backups").glob("before-restore-*.tar.gz"))
    assert len(kept) == 1


def test_a_damaged_archive_is_refused_before_anything_changes(source, tmp_path):
    env, archive, before = source
    # rewrite the archive with one letter's bytes changed but the manifest kept
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name.endswith(".pdf") and ("media/" in member.name or "private/" in member.name):
                data = data[:-10] + b"0123456789"
            dst.addfile(member, __import__("io").BytesIO(data) if data is not None else None)
    target = _instance(tmp_path / "target")
    r = run(["restore", str(damaged)], target)
    assert r.returncode == 1 and "校验值不符" in r.stderr
    assert not (tmp_path / "target" / "media").exists() and not (tmp_path / "target" / "private").exists()

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    r = run(["restore", str(truncated)], target)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    r = run(["restore", str(tmp_path / "nothing.tar.gz")], target)
    assert r.returncode == 1 and "找不到备份文件" in r.stderr


def test_backup_refuses_to_overwrite(source, tmp_path):
    env, archive, before = source
    r = run(["backup", "-o", str(archive)], env)
    assert r.returncode == 1 and "文件已存在" in r.stderr
