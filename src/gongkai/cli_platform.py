"""The platform's commands, mounted into `gongkai` by `gongkai.cli` (``mount(app)``).

    gongkai serve [--demo] [--host 127.0.0.1] [--port 8000]
    gongkai demo                      load the demo agency, staff and cases (idempotent)
    gongkai synthetic N [--seed 1]    bulk-generate N synthetic cases for benchmarks
    gongkai annual table3 --agency CODE --year YEAR -o FILE.json [--with-subordinates]
    gongkai annual lock --agency CODE --year YEAR
    gongkai calendar show YEAR        the working-day table the platform uses for YEAR
    gongkai calendar import YEAR NOTICE.txt [--source …]   import a State Council holiday notice

Django is set up inside each command (``setup_django()``), never at import, so the pure
commands of `gongkai` work without a database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

annual_app = typer.Typer(help="年度报告：由办件数据生成表三、锁定年度 (annual report from platform data)",
                         no_args_is_help=True)


calendar_app = typer.Typer(help="工作日历：查看、导入国务院节假日安排通知 (the working-day calendar)",
                           no_args_is_help=True)


def _fail(message: str, code: int = 1):
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def setup_django(serving: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    if not serving:
        os.environ.setdefault("GONGKAI_CLI", "1")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as e:
        _fail(f"平台配置有误：{e}")


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


# --- plain functions (the lead's cli.py and scripts call these) -----------------------------
def load_demo(today=None) -> list[tuple[str, str, str]]:
    """Migrate and load the demo; returns (username, password, role description) per account."""
    setup_django()
    migrate()
    from gongkai.casework import demo

    return demo.load(today=today)


def generate_synthetic(n: int, seed: int = 1, agencies: int = 20, years: tuple[int, int] = (2021, 2026)) -> dict:
    """Bulk-insert `n` synthetic cases (benchmarks); returns counts and timing."""
    setup_django()
    migrate()
    from gongkai.casework import synthetic

    return synthetic.generate(n, seed=seed, agencies=agencies, years=years)


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False) -> None:
    """Migrate, optionally load the demo, start the task worker and the development server."""
    if demo:
        os.environ.setdefault("GONGKAI_DEMO", "1")
        os.environ.setdefault("DJANGO_DEBUG", "1")
    setup_django(serving=True)
    migrate()
    from django.conf import settings

    if demo:
        accounts = load_demo()
        typer.echo("演示账号（仅供演示，密码公开）/ demo accounts:")
        for username, password, role in accounts:
            typer.echo(f"  {username:<14} {password:<14} {role}")
    worker = None
    try:  # the reminders worker (django-tasks-db) runs beside the server
        worker = subprocess.Popen([sys.executable, "-m", "django", "db_worker"], env=dict(os.environ))
    except OSError as e:
        typer.echo(f"提示：未能启动后台任务进程（{e}），提醒不会自动生成", err=True)
    typer.echo(f"gongkai 平台运行于 http://{host}:{port}/ （数据目录 {settings.GONGKAI_HOME}）")
    from django.core.management import call_command

    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


# --- typer commands ---------------------------------------------------------------------------
def _agency(code: str):
    from gongkai.agencies.models import Agency

    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True)[:20])
        _fail(f"找不到机关代码 {code!r}（已有：{known or '无，请先运行 gongkai demo'}）")
    return agency


@annual_app.command("table3")
def table3_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    year: int = typer.Option(..., "--year", help="年度"),
    output: Path = typer.Option(..., "-o", "--output", help="输出 JSON 文件（cells.md 格式）"),
    with_subordinates: bool = typer.Option(False, "--with-subordinates", help="汇总下级机关"),
    live: bool = typer.Option(False, "--live", help="已锁定年度也按当前数据重新计算"),
) -> None:
    """由办件数据生成表三 (table 三 from the cases) and write it as interchange JSON."""
    setup_django()
    from gongkai import checks, interchange
    from gongkai.annual import locks, table3
    from gongkai.formats import FormatError

    ag = _agency(agency)
    try:
        report = None if (live or with_subordinates) else locks.locked_report(ag, year)
        note = "（已锁定年度，输出锁定时的表三）" if report is not None else ""
        if report is None:
            report = table3.build(ag, year, with_subordinates=with_subordinates)
    except (FormatError, table3.Table3Error) as e:
        _fail(str(e))
    interchange.write(report, output)
    errors = [f for f in checks.check(report) if f.severity == "error" and f.table == "表三"]
    total = report.cells["表三|三、本年度办理结果/（七）总计|申请人情况/总计"]
    typer.echo(f"已写入 {output}：{ag.name}{year}年度表三{note}，本年办结 {total} 件，表三勾稽错误 {len(errors)} 个")
    for f in errors:
        typer.echo(f"  {f.rule} {f.message}", err=True)
    if errors:
        raise typer.Exit(2)


@annual_app.command("lock")
def lock_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    year: int = typer.Option(..., "--year", help="年度"),
) -> None:
    """锁定年度：冻结该年度表三，之后改变该年度表三的操作将被拒绝 (lock a reported year)."""
    setup_django()
    from gongkai.annual import locks
    from gongkai.casework.errors import CaseworkError

    ag = _agency(agency)
    try:
        locks.do_lock_year(_system_user(), ag, year)
    except CaseworkError as e:
        _fail(e.message)
    typer.echo(f"已锁定 {ag.name} {year}年度表三")


def _system_user():
    """Commands act as the superuser named by GONGKAI_CLI_USER (default: the first superuser)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    name = os.environ.get("GONGKAI_CLI_USER")
    user = (User.objects.filter(username=name).first() if name
            else User.objects.filter(is_superuser=True).order_by("pk").first())
    if user is None:
        _fail("没有可用于命令行操作的管理员账号：请设置 GONGKAI_CLI_USER 或创建超级用户（createsuperuser）")
    return user


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


def serve_command(
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="端口"),
    demo: bool = typer.Option(False, "--demo", help="载入演示机关、账号和办件"),
) -> None:
    """启动平台 (start the platform): migrate, [demo], worker, server."""
    serve(host, port, demo)


def demo_command() -> None:
    """载入演示数据（可重复运行）(load the demo agency, staff and cases)."""
    os.environ.setdefault("GONGKAI_DEMO", "1")
    accounts = load_demo()
    for username, password, role in accounts:
        typer.echo(f"{username:<14} {password:<14} {role}")


def synthetic_command(
    n: int = typer.Argument(..., help="生成的办件数"),
    seed: int = typer.Option(1, help="随机种子"),
    agencies: int = typer.Option(20, help="机关数（1 个政府 + 部门/乡镇）"),
) -> None:
    """批量生成合成办件，用于性能测试 (bulk synthetic cases for benchmarks)."""
    stats = generate_synthetic(n, seed=seed, agencies=agencies)
    typer.echo(f"已生成 {stats['cases']} 件（{stats['seconds']:.1f} 秒）")


def mount(app: typer.Typer) -> None:
    app.add_typer(annual_app, name="annual")
    app.add_typer(calendar_app, name="calendar")
    app.command("serve")(serve_command)
    app.command("demo")(demo_command)
    app.command("synthetic")(synthetic_command)
