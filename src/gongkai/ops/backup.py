"""Backup and restore of one gongkai instance: its database and its files, in one archive.

The archive (tar, gzip-compressed) holds:

    manifest.json            what is inside: versions, the database's migrations, the row count
                             of every table, and each file's size and SHA-256
    database/gongkai.sqlite3 SQLite, copied with SQLite's online backup API (consistent while the
                             server runs), or
    database/gongkai.pgdump  PostgreSQL, ``pg_dump --format=custom`` of a snapshot that the row
                             counts were taken from too
    files/media/…            MEDIA_ROOT: the letters (DOCX, PDF) stored with their cases
    files/private/…          GONGKAI_HOME/private: uploads served only through access checks

The database is copied first and the files after it: a letter's files are written before its
row commits, so every file the copied database names is already on disk when the files are
copied.

Restore checks the whole archive (manifest, every checksum) before it touches anything,
restores only into an instance of the same database kind, refuses an instance that already
holds data unless forced (and then backs that data up first), verifies every table's row
count against the manifest, and migrates (a backup from an older gongkai is upgraded).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database/gongkai.sqlite3", "postgresql": "database/gongkai.pgdump"}
FILE_ROOTS = ("media", "private")  # archive folder under files/ → instance folder (see _file_roots)
# tables whose rows mean "this instance holds data" (an instance that was only migrated is empty)
DATA_TABLES = {"auth_user": "个用户", "agencies_agency": "个机关", "casework_application": "件申请",
               "casework_document": "份文书", "casework_auditevent": "条审计记录"}


class BackupError(Exception):
    """A refusal or failure, in Chinese, saying what and where."""


@dataclass
class Summary:
    path: Path
    vendor: str
    tables: int
    rows: int
    files: int
    bytes: int
    counts: dict[str, int]


# ------------------------------------------------------------------------------- helpers
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _vendor() -> str:
    from django.db import connection

    if connection.vendor not in DB_MEMBER:
        raise BackupError(f"不支持的数据库类型：{connection.vendor}（仅支持 SQLite 和 PostgreSQL）")
    return connection.vendor


def _file_roots() -> dict[str, Path]:
    from django.conf import settings

    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.GONGKAI_HOME) / "private"}


def _model_tables() -> list[str]:
    from django.apps import apps

    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)
              if m._meta.managed and not m._meta.proxy}
    return sorted(tables)


def _pg_env_args() -> tuple[dict, list[str]]:
    from django.db import connection

    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if s.get(key):
            args += [flag, str(s[key])]
    return env, args + ["-d", s["NAME"]]


def _run(argv: list[str], env: dict, what: str) -> None:
    try:
        r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=6 * 3600)
    except FileNotFoundError:
        raise BackupError(f"找不到 {argv[0]}：请安装 PostgreSQL 客户端（Debian：apt install postgresql-client）") from None
    if r.returncode != 0:
        raise BackupError(f"{what}失败：{r.stderr.strip()[-800:]}")


# ------------------------------------------------------------------------------- the database
def _counts_sqlite(path: Path, tables: list[str]) -> tuple[dict[str, int], list[list[str]]]:
    con = sqlite3.connect(path)
    try:
        present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables if t in present}
        migrations = [list(r) for r in con.execute("SELECT app, name FROM django_migrations ORDER BY app, name")] \
            if "django_migrations" in present else []
    finally:
        con.close()
    return counts, migrations


def _dump_sqlite(target: Path) -> tuple[dict[str, int], list[list[str]]]:
    from django.db import connection

    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # SQLite's online backup: a consistent copy while others write
    finally:
        copy.close()
        source.close()
    return _counts_sqlite(target, _model_tables())


def _dump_postgres(target: Path) -> tuple[dict[str, int], list[list[str]]]:
    """pg_dump of an exported snapshot, and the row counts from that same snapshot."""
    from django.db import connection, transaction

    env, args = _pg_env_args()
    with transaction.atomic(), connection.cursor() as c:
        c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        c.execute("SELECT pg_export_snapshot()")
        snapshot = c.fetchone()[0]
        c.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        present = {r[0] for r in c.fetchall()}
        counts = {}
        for table in _model_tables():
            if table in present:
                c.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = c.fetchone()[0]
        c.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [list(r) for r in c.fetchall()]
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              "-f", str(target), *args], env, "pg_dump 导出数据库")
    return counts, migrations


# ------------------------------------------------------------------------------- backup
def backup(out: Path, *, overwrite: bool = False) -> Summary:
    """Write the instance's database and files to `out` (a .tar.gz), atomically."""
    import django

    import gongkai

    out = Path(out).resolve()
    if out.exists() and not overwrite:
        raise BackupError(f"文件已存在：{out}（请换一个文件名）")
    if not out.parent.is_dir():
        raise BackupError(f"目录不存在：{out.parent}")
    vendor = _vendor()
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-", dir=out.parent) as tmp:
        db_file = Path(tmp) / Path(DB_MEMBER[vendor]).name
        counts, migrations = (_dump_sqlite if vendor == "sqlite" else _dump_postgres)(db_file)
        files: list[dict] = []
        for name, root in _file_roots().items():
            if not root.is_dir():
                continue
            for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
                files.append({"path": f"files/{name}/{path.relative_to(root).as_posix()}",
                              "source": path, "size": path.stat().st_size, "sha256": _sha256(path)})
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "gongkai_version": getattr(gongkai, "__version__", ""), "django_version": django.get_version(),
            "database": {"vendor": vendor, "member": DB_MEMBER[vendor], "size": db_file.stat().st_size,
                         "sha256": _sha256(db_file)},
            "migrations": migrations,
            "counts": counts,
            "files": [{k: f[k] for k in ("path", "size", "sha256")} for f in files],
        }
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=DB_MEMBER[vendor])
            for f in files:
                tar.add(f["source"], arcname=f["path"])
        os.chmod(partial, 0o600)  # applicants' personal data: readable by the service's user only
        os.replace(partial, out)
    return Summary(out, vendor, len(counts), sum(counts.values()), len(files), sum(f["size"] for f in files), counts)


# ------------------------------------------------------------------------------- restore
def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:*") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.loads(tar.extractfile(member).read())
    except FileNotFoundError:
        raise BackupError(f"找不到备份文件：{archive}") from None
    except KeyError:
        raise BackupError(f"{archive} 不是 gongkai 备份（缺少 {MANIFEST}）") from None
    except (tarfile.TarError, OSError, EOFError, ValueError) as e:
        raise BackupError(f"{archive} 无法读取（文件损坏或不是备份）：{e}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} 不是 gongkai 备份")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(f"{archive} 的格式版本为 {manifest.get('format_version')}，比本程序新：请先升级 gongkai")
    return manifest


def _extract_verified(archive: Path, manifest: dict, into: Path) -> None:
    """Extract every member the manifest names and check its checksum; nothing else is written."""
    expected = {manifest["database"]["member"]: manifest["database"]["sha256"]}
    expected.update({f["path"]: f["sha256"] for f in manifest["files"]})
    seen = set()
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise BackupError(f"备份中有清单之外的内容：{member.name}")
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                h = hashlib.sha256()
                with tar.extractfile(member) as src, open(target, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        h.update(chunk)
                        dst.write(chunk)
                if h.hexdigest() != expected[member.name]:
                    raise BackupError(f"备份已损坏：{member.name} 的校验值不符")
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as e:
        raise BackupError(f"{archive} 读取失败（文件可能不完整）：{e}") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"备份不完整：缺少 {len(missing)} 个文件（如 {missing[0]}）")


def _current_counts() -> dict[str, int]:
    from django.db import connection

    present = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as c:
        for table in _model_tables():
            if table in present:
                c.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = c.fetchone()[0]
    return counts


def holds_data() -> list[str]:
    """What the instance already holds, in Chinese ("3 个用户"…); empty when it holds nothing."""
    counts = _current_counts()
    held = [f"{counts[t]} {label}" for t, label in DATA_TABLES.items() if counts.get(t)]
    n_files = sum(1 for root in _file_roots().values() if root.is_dir() for p in root.rglob("*") if p.is_file())
    if n_files:
        held.append(f"{n_files} 个文件")
    return held


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _restore_sqlite(staged: Path) -> None:
    from django.db import connection, connections

    connections.close_all()
    target = Path(connection.settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(staged)
    dest = sqlite3.connect(target, timeout=60)
    try:
        source.backup(dest)  # replaces every page of the target, WAL included
        ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dest.close()
        source.close()
    if ok != "ok":
        raise BackupError(f"恢复后的数据库完整性检查未通过：{ok}")


def _restore_postgres(staged: Path) -> None:
    from django.db import connections

    connections.close_all()
    env, args = _pg_env_args()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(staged)], env, "pg_restore 恢复数据库")


def restore(archive: Path, *, force: bool = False, say=print) -> Summary:
    from django.core.management import call_command

    archive = Path(archive).resolve()
    manifest = read_manifest(archive)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(f"备份来自 {names.get(manifest['database']['vendor'], '?')} 数据库，当前实例使用 "
                          f"{names[vendor]}：只能恢复到同一种数据库（见 docs/operations.md）")
    newer = {tuple(m) for m in manifest["migrations"]} - _known_migrations()
    if newer:
        app, name = sorted(newer)[0]
        raise BackupError(f"备份来自更新版本的 gongkai（含本程序没有的数据库迁移 {app}.{name}）：请先升级 gongkai 再恢复")
    from django.conf import settings

    from .lock import running

    pid = running(Path(settings.GONGKAI_HOME))
    if pid:
        raise BackupError(f"平台正在运行（进程 {pid}）：请先停止平台（systemctl stop gongkai 或 Ctrl-C）再恢复")
    held = holds_data()
    if held and not force:
        raise BackupError("当前实例已有数据（" + "、".join(held) + "）：恢复会覆盖它们。"
                          "确需覆盖请加 --force（覆盖前会先自动备份当前数据）")
    roots = _file_roots()
    home = roots["private"].parent
    home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=home) as tmp:
        staged = Path(tmp)
        _extract_verified(archive, manifest, staged)  # everything checked before anything changes
        if held:
            keep = home / "backups"
            keep.mkdir(exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            safety = backup(keep / f"before-restore-{stamp}.tar.gz")
            say(f"已先备份当前数据：{safety.path}")
        db = staged / manifest["database"]["member"]
        (_restore_sqlite if vendor == "sqlite" else _restore_postgres)(db)
        for name, root in roots.items():
            old = root.with_name(root.name + ".before-restore")
            if root.exists():
                if old.exists():
                    shutil.rmtree(old)
                root.rename(old)
            source = staged / "files" / name
            if source.is_dir():
                shutil.move(str(source), root)
            else:
                root.mkdir(parents=True, exist_ok=True)
            if old.exists():
                shutil.rmtree(old)
    counts = _current_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
    if wrong:
        table, (want, got) = next(iter(wrong.items()))
        raise BackupError(f"恢复后核对不符：表 {table} 应有 {want} 行，实际 {got} 行（共 {len(wrong)} 张表不符）")
    call_command("migrate", interactive=False, verbosity=0)  # a backup from an older gongkai is upgraded
    files = manifest["files"]
    return Summary(archive, vendor, len(counts), sum(manifest["counts"].values()), len(files),
                   sum(f["size"] for f in files), manifest["counts"])
