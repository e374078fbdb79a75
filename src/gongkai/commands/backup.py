"""gongkai backup / restore: the instance's database and files in one archive, and back."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import _fail, setup_django


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def backup_command(
    output: Path = typer.Option(..., "--output", "-o", help="备份文件（.tar.gz），不能已存在"),
) -> None:
    """备份 (back up): the database (SQLite online backup or pg_dump) and the letters and uploads."""
    setup_django()
    from gongkai.ops.backup import BackupError, backup

    try:
        s = backup(output)
    except BackupError as e:
        _fail(str(e))
    typer.echo(f"已备份到 {s.path}（{_size(s.path.stat().st_size)}）：{s.tables} 张表 {s.rows} 行，"
               f"{s.files} 个文件 {_size(s.bytes)}")


def restore_command(
    archive: Path = typer.Argument(..., help="gongkai backup 生成的备份文件"),
    force: bool = typer.Option(False, "--force", help="覆盖已有数据的实例（覆盖前自动备份到 GONGKAI_HOME/backups/）"),
) -> None:
    """恢复 (restore) a backup into this instance (empty, or --force); stop the server first."""
    setup_django()
    from gongkai.ops.backup import BackupError, restore

    try:
        s = restore(archive, force=force, say=typer.echo)
    except BackupError as e:
        _fail(str(e))
    c = s.counts
    typer.echo(f"已恢复 {s.path.name}：{s.tables} 张表 {s.rows} 行（申请 {c.get('casework_application', 0)} 件，"
               f"文书 {c.get('casework_document', 0)} 份，审计记录 {c.get('casework_auditevent', 0)} 条），"
               f"{s.files} 个文件 {_size(s.bytes)}；各表行数已与备份清单核对一致")


def mount(app: typer.Typer) -> None:
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
