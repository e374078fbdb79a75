"""gongkai region build: a folder or ZIP of a region's reports → every agency's cells, findings and the summary.

For researchers and offices without the platform: no database, no Django.  Documents are read on a
worker pool (`supervision.region.read_many` on `gongkai.batch`: a time and memory limit per file);
one bad file is one line, never the end.
"""

from __future__ import annotations

from pathlib import Path

import typer

region_app = typer.Typer(help="区域年报：批量读取、检查、汇总 (a region's reports, read and summed)",
                         no_args_is_help=True)

SUFFIXES = (".txt", ".md", ".html", ".htm", ".shtml", ".docx", ".pdf", ".doc")


def _inputs(paths: list[Path]):
    """(name, bytes) of every document under the paths; ZIPs opened with their limits; problems as (name, error)."""
    from gongkai.supervision import zips

    for p in paths:
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file()):
                if f.suffix.lower() == ".zip":
                    yield from _zip(f, zips)
                elif f.suffix.lower() in SUFFIXES:
                    yield str(f), f.read_bytes(), ""
        elif p.suffix.lower() == ".zip" and p.is_file():
            yield from _zip(p, zips)
        elif p.is_file():
            yield str(p), p.read_bytes(), ""
        else:
            yield str(p), b"", "文件不存在"


def _zip(path: Path, zips):
    try:
        for m in zips.members(path.read_bytes(), f"压缩包 {path.name}"):
            yield f"{path}/{m.name}", m.data or b"", m.problem
    except zips.ZipRefused as e:
        yield str(path), b"", str(e)


@region_app.command("build")
def build_command(
    paths: list[Path] = typer.Argument(..., help="年报所在的文件夹、ZIP 压缩包或文件"),
    year: int = typer.Option(..., "--year", help="年度（其他年度的文档不计入）"),
    output: Path = typer.Option(Path("region-out"), "-o", "--output", help="输出文件夹"),
    name: str = typer.Option("区域汇总", "--name", help="汇总报告的名称（如“海宁市”）"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="并行进程数（默认：CPU 数）"),
) -> None:
    """读取一个区域的年报并汇总：每机关每单元格一行（CSV/XLSX）、检查结果、汇总（JSON/XLSX）。

    Exit codes: 0 written; 2 no document could be used (nothing written)."""
    import time

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from gongkai import checks, formats, interchange
    from gongkai.supervision import region

    try:
        formats.for_year(year)
    except formats.FormatError as e:
        typer.echo(f"错误：{e}", err=True)
        raise typer.Exit(2) from None
    err = Console(stderr=True)
    started = time.perf_counter()
    items, problems = [], []
    for n, data, problem in _inputs(paths):
        (problems.append((n, problem)) if problem else items.append((n, data)))
    used: list[region.Row] = []
    files: list[tuple[str, str, str, str]] = [(n, "未读取", "", p) for n, p in problems]
    seen_sha: dict[str, str] = {}
    seen_agency: dict[str, str] = {}
    with Progress(TextColumn("读取"), BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task("", total=len(items))
        for r in region.read_many(items, jobs or None, on_done=lambda: bar.advance(task)):
            status, agency, message = "已采用", "", ""
            if r.report is None:
                status, message = "无法读取", r.error
            elif r.sha256 in seen_sha:
                status, message = "重复", f"与 {seen_sha[r.sha256]} 内容相同"
            elif r.report.year != year:
                status, message = "年度不符", f"是 {r.report.year} 年度的年报"
            elif not r.report.agency:
                status, message = "机关不明", "未能读出机关名称"
            elif (key := checks.sections.normalise(r.report.agency)) in seen_agency:
                status, message = "重复", f"{r.report.agency} 已有年报 {seen_agency[key]}"
            else:
                seen_agency[key] = r.name
                used.append(region.Row(r.report.agency, Path(r.name).name, r.report))
            if r.report is not None:
                agency = r.report.agency
            seen_sha.setdefault(r.sha256, r.name)
            files.append((r.name, status, agency, message))
            if status != "已采用":
                err.print(f"[yellow]{status}[/] {r.name}：{message}", highlight=False)
    if not used:
        typer.echo(f"错误：{year} 年度没有可用的年报（共 {len(files)} 个文件）", err=True)
        raise typer.Exit(2)
    found = [(r.agency, checks.check(r.report), r.report) for r in used]
    formats_used = {r.report.format.id for r in used}
    total = region.summarize([r.report for r in used], name)
    total.title = f"{name}{year}年政府信息公开工作年度报告汇总"
    total_findings = checks.check(total)
    output.mkdir(parents=True, exist_ok=True)
    rows = [region.Row("汇总", "汇总", total), *used]
    file_columns = ("文件", "状态", "机关", "说明")
    (output / "cells.csv").write_bytes(region.to_csv(region.CELL_COLUMNS, region.cell_rows(rows)))
    (output / "findings.csv").write_bytes(region.to_csv(region.FINDING_COLUMNS, region.finding_rows(found)))
    (output / "files.csv").write_bytes(region.to_csv(file_columns, files))
    interchange.write(total, output / "summary.json")
    (output / "region.xlsx").write_bytes(region.to_xlsx([
        ("单元格", region.CELL_COLUMNS, region.cell_rows(rows)),
        ("检查结果", region.FINDING_COLUMNS, region.finding_rows(found)),
        ("汇总检查", region.FINDING_COLUMNS, region.finding_rows([("汇总", total_findings, total)])),
        ("文件", file_columns, files),
    ]))
    errors = sum(len(checks.errors(f)) for _, f, _ in found)
    seconds = time.perf_counter() - started
    typer.echo(f"已写入 {output}/：{len(used)} 个机关的年报（{year} 年度，{'/'.join(sorted(formats_used))} 格式），"
               f"{len(files) - len(used)} 个文件未采用；各机关错误 {errors} 个，汇总错误 {len(checks.errors(total_findings))} 个；"
               f"用时 {seconds:.1f} 秒")


def mount(app: typer.Typer) -> None:
    app.add_typer(region_app, name="region")
