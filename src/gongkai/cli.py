"""The `gongkai` command.

Exit codes for `check`: 0 no error-severity finding, 1 some, 2 an input could not be read.
Django is set up only by the platform commands, never at import.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import unicodedata
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from . import checks, interchange
from .checks import SEVERITY_ZH, Severity
from .inputs import DOCUMENT_SUFFIXES, InputError, expand, load
from .report import Report, aggregate

app = typer.Typer(
    help="gongkai 公开: 政府信息公开工作年度报告 — 读取、检查、生成 (read, check, render annual reports).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


def _norm(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def _find_previous(report: Report, pool: list[Report]) -> Report | None:
    for other in pool:
        if other.year == report.year - 1 and _norm(other.agency) == _norm(report.agency):
            return other
    return None


def _counts(findings) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity == s) for s in Severity}


def _findings_table(findings) -> Table:
    table = Table(show_header=True, header_style="bold", expand=False, show_lines=False)
    table.add_column("级别")
    table.add_column("规则")
    table.add_column("说明", overflow="fold")
    for f in findings:
        table.add_row(f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_ZH[f.severity]}[/]", f.rule, f.message)
    return table


def _summary_line(path: Path, report: Report, counts: dict[str, int]) -> str:
    filled = sum(1 for v in report.cells.values() if v is not None)
    status = "[bold red]有错误[/]" if counts["error"] else "[green]通过[/]"
    return (f"{status} {path}  {report.agency or '（未识别单位）'} {report.year}年度 {report.format.id}格式 "
            f"读取 {filled}/{len(report.cells)} 格  错误 {counts['error']} 警告 {counts['warning']} 提示 {counts['info']}")


def _write_summary(path: Path, rows: list[dict]) -> None:
    columns = ["file", "agency", "year", "format", "cells_filled", "cells_blank", "cells_unknown",
               "errors", "warnings", "infos", "rules_failed", "problem"]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "summary"
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c) for c in columns])
        wb.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens Chinese CSV right
            w = csv.DictWriter(fh, fieldnames=columns)
            w.writeheader()
            w.writerows(rows)


@app.command()
def check(
    reports: list[str] = typer.Argument(..., help="年报：JSON/CSV 交换文件、文本/HTML/DOCX/PDF/DOC 文档、文件夹或通配符"),
    previous: list[Path] = typer.Option(None, "--previous", "-p", help="上一年度的年报（用于跨年度核对）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出检查结果"),
    summary: Path = typer.Option(None, "--summary", help="把汇总表写入 FILE.csv 或 FILE.xlsx"),
    brief: bool = typer.Option(None, "--brief/--details", help="只列每个文件一行（超过 10 个文件时默认）"),
    year: int = typer.Option(None, "--year", help="CSV 交换文件的年度（CSV 不含年度）"),
) -> None:
    """检查年报的勾稽关系 (check the consistency rules). Exit 0 ok, 1 errors found, 2 unreadable input."""
    paths = expand(reports)
    if not paths:
        err.print("没有找到可检查的文件 (no input files)")
        raise typer.Exit(EXIT_UNREADABLE)
    brief = len(paths) > 10 if brief is None else brief
    loaded: list[tuple[Path, Report | None, str | None]] = []
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        console=err, transient=True, disable=as_json or len(paths) < 3)
    with progress:
        task = progress.add_task("读取", total=len(paths))
        for p in paths:
            try:
                loaded.append((p, load(p, year=year), None))
            except InputError as e:
                loaded.append((p, None, str(e)))
            progress.advance(task)
    prev_reports: list[Report] = []
    unreadable = [problem for _, r, problem in loaded if r is None]
    for p in previous or []:
        try:
            prev_reports.append(load(p, year=year))
        except InputError as e:
            unreadable.append(str(e))
            err.print(f"[red]无法读取[/] {e}")
    pool = prev_reports + [r for _, r, _ in loaded if r is not None]
    results, rows, any_error = [], [], False
    for path, report, problem in loaded:
        if report is None:
            results.append({"file": str(path), "problem": problem})
            rows.append({"file": str(path), "problem": problem})
            if not as_json:
                out.print(f"[red]无法读取[/] {problem}")
            continue
        prev = prev_reports[0] if (len(prev_reports) == 1 and len(loaded) == 1) else _find_previous(report, pool)
        findings = checks.check(report, previous=prev)
        counts = _counts(findings)
        any_error |= counts["error"] > 0
        results.append({"file": str(path), "agency": report.agency, "year": report.year,
                        "format": report.format.id, "previous": prev.source if prev else None,
                        "findings": [f.to_dict() for f in findings]})
        rows.append({"file": str(path), "agency": report.agency, "year": report.year, "format": report.format.id,
                     "cells_filled": sum(1 for v in report.cells.values() if v is not None),
                     "cells_blank": len(report.blank()), "cells_unknown": len(report.unknown),
                     "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"],
                     "rules_failed": " ".join(sorted({f.rule for f in findings if f.severity == Severity.ERROR})),
                     "problem": ""})
        if not as_json:
            out.print(_summary_line(path, report, counts))
            if findings and not brief:
                out.print(_findings_table(findings))
    if as_json:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    elif len(loaded) > 1:
        n_err = sum(1 for r in rows if r.get("errors"))
        out.print(f"\n共 {len(loaded)} 个文件：{len(loaded) - len(unreadable)} 个已读取，"
                  f"{n_err} 个有错误，{len([u for _, r, u in loaded if r is None])} 个无法读取。")
    if summary:
        _write_summary(summary, rows)
        if not as_json:
            out.print(f"汇总表已写入 {summary}")
    raise typer.Exit(EXIT_UNREADABLE if unreadable else EXIT_FINDINGS if any_error else EXIT_OK)


class DataKind(StrEnum):
    json = "json"
    csv = "csv"


@app.command()
def extract(
    documents: list[str] = typer.Argument(..., help="已发布的年报文档、文件夹或通配符"),
    output: Path = typer.Option(Path("."), "-o", "--output", help="输出文件夹"),
    to: DataKind = typer.Option(DataKind.json, "--to", help="json 或 csv"),
    debug_images: Path = typer.Option(None, "--debug-images", help="扫描件：把每页识别出的单元格画在图上，存入此文件夹"),
) -> None:
    """从已发布的年报中提取每个单元格，写成 cells.md 交换文件 (extract cells to JSON/CSV)."""
    if debug_images:  # read by gongkai.ocr in this process and in any worker it starts
        os.environ["GONGKAI_OCR_DEBUG_IMAGES"] = str(debug_images)
    paths = expand(documents, DOCUMENT_SUFFIXES)  # a folder's interchange files are outputs, not inputs
    output.mkdir(parents=True, exist_ok=True)
    failed = 0
    for p in paths:
        try:
            report = load(p)
        except InputError as e:
            failed += 1
            out.print(f"[red]无法读取[/] {e}")
            continue
        target = output / f"{p.stem}.{to.value}"
        interchange.write(report, target, to.value)
        filled = sum(1 for v in report.cells.values() if v is not None)
        out.print(f"[green]已提取[/] {p} → {target}  {report.agency} {report.year}年度 {report.format.id}格式 "
                  f"{filled}/{len(report.cells)} 格有数值，{len(report.unknown)} 格无法确定，{len(report.inferred)} 格由勾稽推算")
    raise typer.Exit(EXIT_UNREADABLE if failed else EXIT_OK)


class RenderKind(StrEnum):
    html = "html"
    docx = "docx"
    pdf = "pdf"
    xlsx = "xlsx"
    json = "json"
    csv = "csv"


@app.command()
def render(
    report_path: Path = typer.Argument(..., metavar="REPORT", help="交换文件 JSON 或可读取的年报文档"),
    to: RenderKind = typer.Option(..., "--to", help="输出格式"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件"),
    highlight_inferred: bool = typer.Option(False, "--highlight-inferred", help="标出由勾稽推算的单元格"),
    year: int = typer.Option(None, "--year", help="CSV 交换文件的年度"),
) -> None:
    """按国家格式生成年报 (render in the official layout)."""
    try:
        report = load(report_path, year=year)
    except InputError as e:
        err.print(f"[red]无法读取[/] {e}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    from . import writers

    data = writers.render(report, to.value, highlight_inferred=highlight_inferred)
    output.write_bytes(data)
    out.print(f"已生成 {output}（{to.value}，{len(data):,} 字节）")


@app.command("aggregate")
def aggregate_cmd(
    reports: list[str] = typer.Argument(..., help="同一年度的下级单位年报"),
    agency: str = typer.Option(..., "--agency", help="汇总报告的单位名称"),
    output: Path = typer.Option(..., "-o", "--output", help="输出 JSON 文件"),
) -> None:
    """汇总多个单位同一年度的年报，并检查汇总结果 (aggregate a region)."""
    loaded = []
    for p in expand(reports):
        try:
            loaded.append(load(p))
        except InputError as e:
            out.print(f"[red]无法读取，未计入[/] {e}")
    if not loaded:
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        total = aggregate(loaded, agency)
    except ValueError as e:
        err.print(f"[red]无法汇总[/] {e}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    interchange.write(total, output)
    findings = checks.check(total)
    out.print(f"已汇总 {len(loaded)} 份年报 → {output}")
    if findings:
        out.print(_findings_table(findings))
    raise typer.Exit(EXIT_FINDINGS if checks.errors(findings) else EXIT_OK)


@app.command()
def rules() -> None:
    """列出全部检查规则 (list every rule)."""
    table = Table(show_header=True, header_style="bold")
    for col in ("规则", "来源", "级别", "内容", "由谁检查"):
        table.add_column(col, overflow="fold")
    for r in checks.RULES.values():
        table.add_row(r.id, r.origin, SEVERITY_ZH[r.severity], r.title, r.checked_by)
    out.print(table)


def _mount_platform() -> None:
    """The platform's commands (serve, demo, annual …) live with the platform."""
    from .commands import mount_all

    mount_all(app)


_mount_platform()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断 (interrupted)")
        sys.exit(130)
