"""gongkai annual …: the year's report from platform data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .common import _agency, _fail, _system_user, setup_django

annual_app = typer.Typer(help="年度报告：由平台数据生成、检查、锁定、发布 (the annual report from platform data)",
                         no_args_is_help=True)

BUILD_KINDS = ("json", "html", "docx", "pdf", "xlsx", "csv")


def _write_table(report, table: str, output: Path, **extra) -> None:
    """The interchange JSON of one table of `report` (its cells only), with `extra` keys."""
    from gongkai import interchange

    data = interchange.to_dict(report)
    data["cells"] = {a: v for a, v in data["cells"].items() if a.startswith(f"{table}|")}
    data.update(extra)
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _errors_line(findings) -> tuple[list, str]:
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    return errors, f"错误 {len(errors)} 个，警告 {len(warnings)} 个"


@annual_app.command("build")
def build_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    year: int = typer.Option(..., "--year", help="年度"),
    to: str = typer.Option("", "--to", help="输出格式：json|html|docx|pdf|xlsx|csv（默认按文件扩展名）"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件"),
    live: bool = typer.Option(False, "--live", help="已锁定年度也按当前数据重新生成"),
) -> None:
    """生成年度报告（表二、表三、表四和正文）并检查 (build and check an agency-year's report).

    A locked year gives the report as locked, unless --live.  Exit 0 when no finding is an
    error, 1 when one is, 2 when the report cannot be built."""
    from gongkai.writers import kind_for

    kind = (to or kind_for(str(output)) or "").lower()
    if kind not in BUILD_KINDS:
        _fail(f"不支持的输出格式 {kind or str(output)!r}（可选：{', '.join(BUILD_KINDS)}）", 2)
    setup_django()
    from gongkai import writers
    from gongkai.annual import build, locks, table3
    from gongkai.formats import FormatError

    ag = _agency(agency)
    try:
        locked = None if live else locks.locked_report(ag, year)
        if locked is not None:
            previous, _ = build.previous_report(ag, year)
            report, note = locked, "（已锁定年度，输出锁定时的年报）"
            from gongkai import checks

            findings = checks.check(report, previous=previous)
        else:
            built = build.build(ag, year)
            report, findings, note = built.report, built.findings, ""
    except (FormatError, table3.Table3Error) as e:
        _fail(str(e), 2)
    output.write_bytes(writers.render(report, kind))
    errors, line = _errors_line(findings)
    typer.echo(f"已写入 {output}：{ag.name}{year}年度年报{note}，{line}")
    for f in errors:
        typer.echo(f"  {f.rule} {f.message}", err=True)
    if errors:
        raise typer.Exit(1)


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
    from gongkai.formats import FormatError, address

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
    roles = report.format.roles
    total = report.cells[address("表三", roles.concluded, roles.total_column)]
    typer.echo(f"已写入 {output}：{ag.name}{year}年度表三{note}，本年办结 {total} 件，表三勾稽错误 {len(errors)} 个")
    for f in errors:
        typer.echo(f"  {f.rule} {f.message}", err=True)
    if errors:
        raise typer.Exit(2)


@annual_app.command("table4")
def table4_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    year: int = typer.Option(..., "--year", help="年度"),
    output: Path = typer.Option(..., "-o", "--output", help="输出 JSON 文件（cells.md 格式，只含表四）"),
    with_subordinates: bool = typer.Option(False, "--with-subordinates", help="汇总下级机关"),
) -> None:
    """由复议诉讼记录生成表四 (table 四 from the appeal records)."""
    setup_django()
    from gongkai.agencies.models import Agency
    from gongkai.appeals import counting, table4
    from gongkai.formats import FormatError, address, for_year
    from gongkai.report import Report, Scope

    ag = _agency(agency)
    try:
        fmt = for_year(year)
        rule = counting.year_rule()
    except (FormatError, counting.RuleError) as e:
        _fail(str(e))
    ids = ag.descendants_ids() if with_subordinates else [ag.pk]
    report = Report.empty(ag.name, year, fmt)
    report.cells.update(table4.cells(fmt, table4.counts(ids, year, rule)))
    if with_subordinates:
        report.scope = Scope.AGGREGATE
        report.units = list(Agency.objects.filter(pk__in=ids).order_by("code").values_list("name", flat=True))
    _write_table(report, "表四", output)
    totals = "，".join(f"{fmt.short_label('表四', g)} {report.number(address('表四', fmt.roles.appeal_row, fmt.appeal_total_column(k)))} 件"
                      for k, g in fmt.roles.appeal_kinds.items())
    typer.echo(f"已写入 {output}：{ag.name}{year}年度表四（{counting.RULES[rule]}）：{totals}")


@annual_app.command("table2")
def table2_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    year: int = typer.Option(..., "--year", help="年度"),
    output: Path = typer.Option(..., "-o", "--output", help="输出 JSON 文件（cells.md 格式，只含表二，附来源）"),
) -> None:
    """表二：录入/导入的数据与各来源（如政府信息公开目录）的统计合成 (table 二 from its sources)."""
    setup_django()
    from gongkai import interchange
    from gongkai.annual import table2
    from gongkai.formats import FormatError, for_year
    from gongkai.report import Report

    ag = _agency(agency)
    try:
        fmt = for_year(year)
    except FormatError as e:
        _fail(str(e))
    composed = table2.compose(ag, year, fmt)
    report = Report.empty(ag.name, year, fmt)
    report.cells.update(composed.values())
    _write_table(report, "表二", output,
                 sources={a: c.source for a, c in composed.cells.items() if c.value is not None},
                 typed_differs={a: interchange.json_value(c.typed) for a, c in composed.cells.items() if c.differs},
                 notices=composed.notices)
    filled = sum(v is not None for v in composed.values().values())
    typer.echo(f"已写入 {output}：{ag.name}{year}年度表二，已有数据 {filled}/{len(composed.cells)} 格")
    for n in composed.notices:
        typer.echo(f"  注意：{n}", err=True)


@annual_app.command("lock")
def lock_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    year: int = typer.Option(..., "--year", help="年度"),
    reason: str = typer.Option("", "--reason", help="报告有错误仍须锁定时的理由"),
) -> None:
    """锁定年度：冻结该年度年报，之后改变该年度的操作将被拒绝 (lock a reported year)."""
    setup_django()
    from gongkai.annual import locks
    from gongkai.casework.errors import CaseworkError

    ag = _agency(agency)
    try:
        lock = locks.do_lock_year(_system_user(), ag, year, reason=reason)
    except locks.LockRefused as e:
        for f in e.errors:
            typer.echo(f"  {f.rule} {f.message}", err=True)
        _fail(e.message)
    except CaseworkError as e:
        _fail(e.message)
    typer.echo(f"已锁定 {ag.name} {year}年度年报" + (f"（带 {lock.error_count} 个错误）" if lock.error_count else ""))


@annual_app.command("publish")
def publish_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    year: int = typer.Option(..., "--year", help="年度"),
    reason: str = typer.Option("", "--reason", help="更正发布的原因（第 2 版起必填）"),
) -> None:
    """发布已锁定的年报（生成 PDF、Word、Excel、网页）(publish the locked report)."""
    setup_django()
    from gongkai.annual import publication
    from gongkai.casework.errors import CaseworkError

    ag = _agency(agency)
    try:
        pub = publication.do_publish(_system_user(), ag, year, reason=reason)
    except CaseworkError as e:
        _fail(e.message)
    typer.echo(f"已发布 {ag.name} {year}年度年报第 {pub.number} 版")


def mount(app: typer.Typer) -> None:
    app.add_typer(annual_app, name="annual")
