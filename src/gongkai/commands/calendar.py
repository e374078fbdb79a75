"""gongkai calendar …: the working-day calendar the platform counts deadlines on."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import _fail, _system_user, migrate, setup_django

calendar_app = typer.Typer(help="工作日历：查看、导入国务院节假日安排通知 (the working-day calendar)",
                           no_args_is_help=True)


def _ranges(days) -> str:
    """Consecutive dates as ranges: 1月1日—1月3日、2月14日."""
    from gongkai.workdays import format_date

    out, run = [], []
    for d in sorted(days):
        if run and (d - run[-1]).days == 1:
            run.append(d)
            continue
        if run:
            out.append(run)
        run = [d]
    if run:
        out.append(run)
    return "、".join(format_date(r[0]) + (f"—{format_date(r[-1])}" if len(r) > 1 else "") for r in out) or "无"


@calendar_app.command("show")
def calendar_show_command(year: int = typer.Argument(..., help="年份")) -> None:
    """显示平台计算期限所用的某年工作日历 (show the year's holidays and make-up working days)."""
    setup_django()
    migrate()
    from gongkai import workdays
    from gongkai.casework.calendar import platform_calendar

    try:
        table = platform_calendar().table(year)
    except workdays.CalendarMissing as e:
        _fail(f"{e}（可用 gongkai calendar import {year} 通知.txt 导入国务院办公厅的节假日安排通知）")
    typer.echo(f"{year}年工作日历（第{table.version}版，来源：{table.source or '未注明'}）")
    typer.echo(f"  放假：{_ranges(table.holidays)}")
    typer.echo(f"  调休上班：{_ranges(table.makeup_workdays)}")


@calendar_app.command("import")
def calendar_import_command(
    year: int = typer.Argument(..., help="年份"),
    notice: Path = typer.Argument(..., help="国务院办公厅关于该年部分节假日安排的通知（纯文本）"),
    source: str = typer.Option("", "--source", help="来源，如通知文号"),
) -> None:
    """导入国务院节假日安排通知；未办结申请的答复期限随之重新计算并记入审计 (import a holiday notice)."""
    setup_django()
    migrate()
    from gongkai.casework import actions
    from gongkai.casework.errors import CaseworkError

    try:
        text = notice.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        _fail(f"无法读取 {notice}：{e}")
    try:
        row, changed = actions.do_import_calendar_year(_system_user(), year=year, notice_text=text,
                                                       source=source or notice.name)
    except CaseworkError as e:
        _fail(e.message)
    typer.echo(f"已导入 {year}年节假日安排（第{row.version}版）：放假 {len(row.holidays)} 天，"
               f"调休上班 {len(row.makeup_workdays)} 天；{changed} 件未办结申请的答复期限已重新计算")
    from gongkai.casework.actions.calendar import pending_letter_count

    waiting = pending_letter_count()
    if waiting:
        typer.echo(f"另有 {waiting} 件文书此前因缺少工作日历未能出具，现可在各案件页“文书”中出具"
                   f"（仍落款于原办理日期、按该日期的年度编号）")


def mount(app: typer.Typer) -> None:
    app.add_typer(calendar_app, name="calendar")
