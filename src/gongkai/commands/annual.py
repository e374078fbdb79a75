"""gongkai annual …: the year's report from platform data."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import _agency, _fail, _system_user, setup_django

annual_app = typer.Typer(help="年度报告：由办件数据生成表三、锁定年度 (annual report from platform data)",
                         no_args_is_help=True)


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


def mount(app: typer.Typer) -> None:
    app.add_typer(annual_app, name="annual")
