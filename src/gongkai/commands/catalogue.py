"""gongkai catalogue …: the proactive-disclosure catalogue from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .common import _agency, _fail, _system_user, setup_django

catalogue_app = typer.Typer(help="政府信息公开目录：导入、公开时限、指南、表二统计 (the catalogue)", no_args_is_help=True)


def _user(username: str | None):
    if not username:
        return _system_user()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        _fail(f"找不到用户 {username!r}")
    return user


@catalogue_app.command("import")
def import_command(
    path: Path = typer.Argument(..., help="CSV 或 Excel（.xlsx）文件，列见 docs/publishing.md"),
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只检查，列出每个会被拒绝的行及原因，不保存"),
    user: str = typer.Option(None, "--user", help="以该用户导入（有发布日期的行须为本机关保密审查员）"),
) -> None:
    """导入已有目录 (import an existing catalogue; --dry-run checks only)."""
    setup_django()
    from gongkai.casework.errors import CaseworkError
    from gongkai.publishing import actions

    ag = _agency(agency)
    try:
        data = path.read_bytes()
    except OSError as e:
        _fail(f"无法读取 {path}：{e.strerror or e}")
    try:
        result = actions.do_import_catalogue(_user(user), ag, data, path.name, dry_run=dry_run)
    except CaseworkError as e:
        _fail(e.message)
    typer.echo(result.summary)
    for w in result.warnings:
        typer.echo(f"提示：{w}")
    for line, reasons in result.refused:
        typer.echo(f"  第 {line} 行：{'；'.join(reasons)}")
    if result.refused:
        raise typer.Exit(1)


@catalogue_app.command("late")
def late_command(agency: str = typer.Option(None, "--agency", help="机关代码（默认全部）")) -> None:
    """列出超过第二十六条公开期限的条目 (items past the Art. 26 period)."""
    setup_django()
    from django.utils import timezone

    from gongkai.publishing import selectors
    from gongkai.publishing.permissions import reach

    ag = _agency(agency) if agency else None
    late = selectors.late_items(reach(_system_user()).ids, timezone.localdate(), agency_id=ag.pk if ag else None)
    typer.echo(f"已超期未公开 {len(late['overdue'])} 条，期限无法计算 {len(late['unknown'])} 条，"
               f"逾期公开 {len(late['published_late'])} 条")
    for row in late["overdue"]:
        typer.echo(f"  超期  {row.item.agency.code}  期限 {row.due.on}  {row.item.title}")
    for row in late["unknown"]:
        typer.echo(f"  无法计算  {row.item.agency.code}  {row.item.title}：{row.due.error}")
    for item in late["published_late"]:
        typer.echo(f"  逾期公开  {item.index_number}  期限 {item.due_on}  发布 {item.published_on}  {item.title}")


@catalogue_app.command("guide")
def guide_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    to: str = typer.Option("pdf", "--to", help="docx / pdf / html"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件"),
) -> None:
    """生成政府信息公开指南 (the guide as DOCX, PDF or HTML)."""
    setup_django()
    from gongkai.publishing import actions, guide, selectors

    if to not in ("docx", "pdf", "html"):
        _fail("--to 只能是 docx、pdf 或 html")
    ag = _agency(agency)
    g = selectors.guide_for(ag)
    edition = actions.do_record_guide_edition(None, ag, guide=g)
    data = {"docx": guide.to_docx, "pdf": guide.to_pdf}[to](g, edition.changed_on) if to != "html" else \
        guide.to_html(g, edition.changed_on).encode()
    output.write_bytes(data)
    typer.echo(f"已写入 {output}：{g.title}（最近更新 {edition.changed_on}）")
    if g.missing:
        typer.echo(f"提示：指南缺少 {'、'.join(g.missing)}", err=True)


@catalogue_app.command("table2")
def table2_command(
    agency: str = typer.Option(..., "--agency", help="机关代码"),
    year: int = typer.Option(..., "--year", help="年度"),
    output: Path = typer.Option(None, "-o", "--output", help="写入 JSON（地址 → 数值）"),
) -> None:
    """由目录统计表二第二十条第（一）项 (table 二's item （一） rows counted from the catalogue)."""
    setup_django()
    from gongkai.formats import FormatError, for_year
    from gongkai.publishing import table2

    ag = _agency(agency)
    try:
        fmt = for_year(year)
    except FormatError as e:
        _fail(str(e))
    counts = table2.provide(ag, year, fmt)
    if not counts:
        typer.echo(f"{ag.name}{year}年度不从目录计算表二（未设置目录完整起始年度，或该年度早于起始年度）")
    for addr, n in counts.items():
        typer.echo(f"  {addr}  {n}")
    if output:
        output.write_text(json.dumps({"format": fmt.id, "year": year, "agency": ag.name, "cells": counts},
                                     ensure_ascii=False, indent=1), encoding="utf-8")


def mount(app: typer.Typer) -> None:
    app.add_typer(catalogue_app, name="catalogue")
