"""The `gongkai` command.

Exit codes of `check`: 0 every cell read and no error-severity finding; 1 an error-severity
finding; 2 an input could not be read; 3 some cells could not be read (未完整读取) and no
error was found among those that were.  `extract` exits 2 when a document could not be
read, 3 when one was read incompletely, else 0.

Start-up is kept short (a researcher runs it over thousands of files): only typer is
imported here; the readers, the checker and rich load inside the commands that use them,
and the platform's commands (`gongkai.commands`) import only typer until they run.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path

import typer

app = typer.Typer(
    help="gongkai 公开: 政府信息公开工作年度报告 — 读取、检查、生成 (read, check, render annual reports).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_INCOMPLETE = 0, 1, 2, 3
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
_consoles: dict[bool, object] = {}


def _console(stderr: bool = False):
    """rich's Console, imported on first use (it costs start-up time)."""
    if stderr not in _consoles:
        from rich.console import Console

        _consoles[stderr] = Console(stderr=stderr, highlight=False, soft_wrap=True)
    return _consoles[stderr]


def out(*args, **kw) -> None:
    _console().print(*args, **kw)


def say(head: str, color: str, rest: str) -> None:
    """One plain line with a coloured head, without loading rich (extract over many files)."""
    typer.echo(typer.style(head, fg=color) + " " + rest)


def err(*args, **kw) -> None:
    _console(True).print(*args, **kw)


JOBS_HELP = ("同时读取的进程数（默认：本机可用的 CPU 数）；每个文件限时 300 秒、内存 2 GB，超出即跳过并报告"
             "（环境变量 GONGKAI_READER_FILE_SECONDS、GONGKAI_READER_WORKER_MEMORY）"
             "(worker processes; default: the CPUs; each file limited in time and memory)")
YEAR_HELP = "文中未写明年度时使用的年度；CSV 交换文件必须指定 (year, for a document that does not say)"
AGENCY_HELP = "文中未写明机关时使用的机关名称 (agency, for a document that does not say)"
FORMAT_HELP = "表格所用的年报格式（如 2019、2021；默认按年度）(report format id; default: by year)"


def _hints(year, agency, fmt):
    """What the command line says about documents that do not say it; a format id the
    declarations do not know is refused here, before any reading."""
    from .readers.meta import Hints

    if fmt:
        from . import formats

        try:
            fmt = formats.get(fmt).id
        except formats.FormatError as e:
            err(f"[red]--format[/] {e}")
            raise typer.Exit(EXIT_UNREADABLE) from None
    return Hints(year=year, agency=agency or None, format=fmt or None)


def _norm(name: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", name).split())


def _find_previous(report, pool):
    for other in pool:
        if other.year == report.year - 1 and _norm(other.agency) == _norm(report.agency):
            return other
    return None


def _counts(findings) -> dict[str, int]:
    from .checks import Severity

    return {s.value: sum(1 for f in findings if f.severity == s) for s in Severity}


def _findings_table(findings):
    from rich.table import Table

    from .checks import SEVERITY_ZH

    table = Table(show_header=True, header_style="bold", expand=False, show_lines=False)
    table.add_column("级别")
    table.add_column("规则")
    table.add_column("说明", overflow="fold")
    for f in findings:
        table.add_row(f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_ZH[f.severity]}[/]", f.rule, f.message)
    return table


def status(report, counts: dict[str, int]) -> str:
    """有错误 / 未完整读取 / 通过: nothing with unread cells is called 通过."""
    if counts["error"]:
        return "有错误"
    return "未完整读取" if report.unknown else "通过"


STATUS_STYLE = {"有错误": "bold red", "未完整读取": "bold yellow", "通过": "green", "无法读取": "red"}


def _summary_line(path: Path, report, counts: dict[str, int]) -> str:
    st = status(report, counts)
    read = f"读取 {report.cells_read}/{len(report.cells)} 格"
    if report.unknown:
        read += f"（{len(report.unknown)} 格无法确定）"
    return (f"[{STATUS_STYLE[st]}]{st}[/] {path}  {report.agency or '（未识别单位）'} {report.year}年度 "
            f"{report.format.id}格式 {read}  错误 {counts['error']} 警告 {counts['warning']} 提示 {counts['info']}")


SUMMARY_COLUMNS = ["file", "agency", "year", "format", "status", "cells_read", "cells_total", "cells_filled",
                   "cells_blank", "cells_unknown", "errors", "warnings", "infos", "rules_failed", "problem"]


def _write_summary(path: Path, rows: list[dict]) -> None:
    import csv

    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "summary"
        ws.append(SUMMARY_COLUMNS)
        for r in rows:
            ws.append([r.get(c) for c in SUMMARY_COLUMNS])
        wb.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens Chinese CSV right
            w = csv.DictWriter(fh, fieldnames=SUMMARY_COLUMNS)
            w.writeheader()
            w.writerows(rows)


class _Load:
    """Picklable work for a worker process: one input → (report, None) or (None, problem)."""

    def __init__(self, hints, year):
        self.hints, self.year = hints, year

    def __call__(self, path: Path):
        from .inputs import InputError, load

        try:
            return load(path, year=self.year, hints=self.hints), None
        except InputError as e:
            return None, str(e)


def _load_all(paths: list[Path], work, jobs: int | None, quiet: bool) -> list:
    """Every input through `work` in worker processes, with the progress bar on stderr."""
    from . import batch

    if quiet or len(paths) < 3:
        return batch.run(work, paths, jobs)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    # no refresh thread: the worker processes are forked while the bar is shown
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        console=_console(True), transient=True, auto_refresh=False)
    with progress:
        task = progress.add_task("读取", total=len(paths))

        def advance():
            progress.advance(task)
            progress.refresh()

        return batch.run(work, paths, jobs, on_done=advance)


@app.command(epilog="退出码 (exit codes)：0 全部读取且无错误；1 有错误；2 有文件无法读取；"
                    "3 未完整读取（有单元格无法确定，已读取部分无错误）。")
def check(
    reports: list[str] = typer.Argument(..., help="年报：JSON/CSV 交换文件、文本/Markdown/HTML/DOCX/PDF/DOC 文档、文件夹或通配符"),
    previous: list[Path] = typer.Option(None, "--previous", "-p", help="上一年度的年报（用于跨年度核对）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出检查结果"),
    summary: Path = typer.Option(None, "--summary", help="把汇总表写入 FILE.csv 或 FILE.xlsx"),
    brief: bool = typer.Option(None, "--brief/--details", help="只列每个文件一行（超过 10 个文件时默认）"),
    year: int = typer.Option(None, "--year", help=YEAR_HELP),
    agency: str = typer.Option(None, "--agency", help=AGENCY_HELP),
    fmt: str = typer.Option(None, "--format", help=FORMAT_HELP),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP),
) -> None:
    """检查年报的勾稽关系 (check the consistency rules).

    Exit 0: all read, no error; 1: errors found; 2: an input unreadable; 3: 未完整读取
    (some cells unread, no error among the rest)."""
    import json

    from . import checks
    from .batch import Failed
    from .inputs import InputError, expand, load

    paths = expand(reports)
    if not paths:
        err("没有找到可检查的文件 (no input files)")
        raise typer.Exit(EXIT_UNREADABLE)
    brief = len(paths) > 10 if brief is None else brief
    hints = _hints(year, agency, fmt)
    results = _load_all(paths, _Load(hints, year), jobs, as_json)
    loaded = []
    for p, res in zip(paths, results, strict=True):
        report, problem = (None, res.message) if isinstance(res, Failed) else res
        loaded.append((p, report, problem))
    prev_reports = []
    unreadable = [problem for _, r, problem in loaded if r is None]
    for p in previous or []:
        try:
            prev_reports.append(load(p, year=year, hints=hints))
        except InputError as e:
            unreadable.append(str(e))
            err(f"[red]无法读取[/] {e}")
    pool = prev_reports + [r for _, r, _ in loaded if r is not None]
    results_json, rows, any_error, any_incomplete = [], [], False, False
    for path, report, problem in loaded:
        if report is None:
            results_json.append({"file": str(path), "status": "无法读取", "problem": problem})
            rows.append({"file": str(path), "status": "无法读取", "problem": problem})
            if not as_json:
                out(f"[red]无法读取[/] {problem}")
            continue
        prev = prev_reports[0] if (len(prev_reports) == 1 and len(loaded) == 1) else _find_previous(report, pool)
        findings = checks.check(report, previous=prev)
        counts = _counts(findings)
        st = status(report, counts)
        any_error |= st == "有错误"
        any_incomplete |= bool(report.unknown)
        results_json.append({"file": str(path), "agency": report.agency, "year": report.year,
                             "format": report.format.id, "status": st, "complete": not report.unknown,
                             "cells_read": report.cells_read, "cells_total": len(report.cells),
                             "previous": prev.source if prev else None,
                             "findings": [f.to_dict() for f in findings]})
        rows.append({"file": str(path), "agency": report.agency, "year": report.year, "format": report.format.id,
                     "status": st, "cells_read": report.cells_read, "cells_total": len(report.cells),
                     "cells_filled": sum(1 for v in report.cells.values() if v is not None),
                     "cells_blank": len([a for a in report.blank() if a not in report.unknown]),
                     "cells_unknown": len(report.unknown),
                     "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"],
                     "rules_failed": " ".join(sorted({f.rule for f in checks.errors(findings)})),
                     "problem": ""})
        if not as_json:
            out(_summary_line(path, report, counts))
            if findings and not brief:
                out(_findings_table(findings))
    if as_json:
        sys.stdout.write(json.dumps(results_json, ensure_ascii=False, indent=1) + "\n")
    elif len(loaded) > 1:
        n = {s: sum(1 for r in rows if r.get("status") == s) for s in ("通过", "有错误", "未完整读取", "无法读取")}
        out(f"\n共 {len(loaded)} 个文件：{len(loaded) - n['无法读取']} 个已读取，{n['有错误']} 个有错误，"
            f"{n['未完整读取']} 个未完整读取，{n['通过']} 个通过，{n['无法读取']} 个无法读取。")
    if summary:
        _write_summary(summary, rows)
        if not as_json:
            out(f"汇总表已写入 {summary}")
    raise typer.Exit(EXIT_UNREADABLE if unreadable else EXIT_FINDINGS if any_error
                     else EXIT_INCOMPLETE if any_incomplete else EXIT_OK)


class DataKind(StrEnum):
    json = "json"
    csv = "csv"


class _Extract:
    """Picklable work: read one document and write its interchange file; returns a summary."""

    def __init__(self, hints, output: Path, to: str):
        self.hints, self.output, self.to = hints, output, to

    def __call__(self, path: Path):
        from . import interchange
        from .inputs import InputError, load

        try:
            report = load(path, hints=self.hints)
        except InputError as e:
            return None, str(e)
        target = self.output / f"{path.stem}.{self.to}"
        interchange.write(report, target, self.to)
        filled = sum(1 for v in report.cells.values() if v is not None)
        return (f"{target}", report.agency, report.year, report.format.id, filled, len(report.cells),
                len(report.unknown), len(report.inferred)), None


@app.command(epilog="退出码 (exit codes)：0 全部读取；2 有文件无法读取；3 有文件未完整读取。")
def extract(
    documents: list[str] = typer.Argument(..., help="已发布的年报文档、文件夹或通配符"),
    output: Path = typer.Option(Path("."), "-o", "--output", help="输出文件夹"),
    to: DataKind = typer.Option(DataKind.json, "--to", help="json 或 csv"),
    year: int = typer.Option(None, "--year", help=YEAR_HELP),
    agency: str = typer.Option(None, "--agency", help=AGENCY_HELP),
    fmt: str = typer.Option(None, "--format", help=FORMAT_HELP),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, help=JOBS_HELP),
    debug_images: Path = typer.Option(None, "--debug-images", help="扫描件：把每页识别出的单元格画在图上，存入此文件夹"),
) -> None:
    """从已发布的年报中提取每个单元格，写成 cells.md 交换文件 (extract cells to JSON/CSV)."""
    if debug_images:  # read by gongkai.ocr in this process and in any worker it starts
        os.environ["GONGKAI_OCR_DEBUG_IMAGES"] = str(debug_images)
    from .batch import Failed
    from .inputs import DOCUMENT_SUFFIXES, expand

    paths = expand(documents, DOCUMENT_SUFFIXES)  # a folder's interchange files are outputs, not inputs
    if not paths:
        err("没有找到可提取的文档 (no input documents)")
        raise typer.Exit(EXIT_UNREADABLE)
    output.mkdir(parents=True, exist_ok=True)
    results = _load_all(paths, _Extract(_hints(year, agency, fmt), output, to.value), jobs, False)
    failed = incomplete = 0
    for p, res in zip(paths, results, strict=True):
        done, problem = (None, res.message) if isinstance(res, Failed) else res
        if done is None:
            failed += 1
            say("无法读取", "red", problem)
            continue
        target, agency_, year_, fmt_id, filled, total, unknown, inferred = done
        incomplete += bool(unknown)
        say("已提取" if not unknown else "未完整读取", "green" if not unknown else "yellow",
            f"{p} → {target}  {agency_} {year_}年度 {fmt_id}格式 "
            f"{filled}/{total} 格有数值，{unknown} 格无法确定，{inferred} 格由勾稽推算")
    raise typer.Exit(EXIT_UNREADABLE if failed else EXIT_INCOMPLETE if incomplete else EXIT_OK)


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
    year: int = typer.Option(None, "--year", help=YEAR_HELP),
    agency: str = typer.Option(None, "--agency", help=AGENCY_HELP),
    fmt: str = typer.Option(None, "--format", help=FORMAT_HELP),
) -> None:
    """按国家格式生成年报 (render in the official layout)."""
    from .inputs import InputError, load

    try:
        report = load(report_path, year=year, hints=_hints(year, agency, fmt))
    except InputError as e:
        err(f"[red]无法读取[/] {e}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    from . import writers

    data = writers.render(report, to.value, highlight_inferred=highlight_inferred)
    output.write_bytes(data)
    out(f"已生成 {output}（{to.value}，{len(data):,} 字节）")
    if report.unknown:
        err(f"[yellow]注意[/] 有 {len(report.unknown)} 个单元格无法从原文确定，生成的文件中这些单元格为空。")


@app.command("aggregate")
def aggregate_cmd(
    reports: list[str] = typer.Argument(..., help="同一年度的下级单位年报"),
    agency: str = typer.Option(..., "--agency", help="汇总报告的单位名称"),
    output: Path = typer.Option(..., "-o", "--output", help="输出 JSON 文件"),
) -> None:
    """汇总多个单位同一年度的年报，并检查汇总结果 (aggregate a region)."""
    from . import checks, interchange
    from .inputs import InputError, expand, load
    from .report import aggregate

    loaded = []
    for p in expand(reports):
        try:
            loaded.append(load(p))
        except InputError as e:
            out(f"[red]无法读取，未计入[/] {e}")
    if not loaded:
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        total = aggregate(loaded, agency)
    except ValueError as e:
        err(f"[red]无法汇总[/] {e}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    interchange.write(total, output)
    findings = checks.check(total)
    out(f"已汇总 {len(loaded)} 份年报 → {output}")
    if total.unknown:
        out(f"[yellow]未完整读取[/] 汇总中有 {len(total.unknown)} 个单元格无法确定（某些年报中这些单元格无法读取）")
    if findings:
        out(_findings_table(findings))
    raise typer.Exit(EXIT_FINDINGS if checks.errors(findings) else EXIT_INCOMPLETE if total.unknown else EXIT_OK)


@app.command()
def rules() -> None:
    """列出全部检查规则 (list every rule)."""
    from rich.table import Table

    from . import checks
    from .checks import SEVERITY_ZH

    table = Table(show_header=True, header_style="bold")
    for col in ("规则", "来源", "级别", "内容", "由谁检查"):
        table.add_column(col, overflow="fold")
    for r in checks.RULES.values():
        table.add_row(r.id, r.origin, SEVERITY_ZH[r.severity], r.title, r.checked_by)
    out(table)


def _mount_platform() -> None:
    """The platform's commands (serve, demo, annual …) live with the platform."""
    from .commands import mount_all

    mount_all(app)


_mount_platform()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err("已中断 (interrupted)")
        sys.exit(130)
