"""The annual report's demo: 海宁市商务局 (HN-SW)'s 2019 year as the platform would hold it,
locked and published; and a started 2025 draft for 海宁市人民政府 (HN).

2019 is the seed: the first document the project was given, 海宁市商务局's 2019 report
(../shared/corpus/haining-commerce-2019.txt).  Its 表二 figures are typed with their source,
its sections are the published text, it had no applications and no appeals in 2019 — so the
report built from this data equals the published one cell by cell (the cells it printed blank
are 0 here: the platform knows there were none).  Everything goes through the actions, after
casework's demo has made the agencies and staff.  ``load()`` is idempotent.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency
from gongkai.formats import for_year

from . import drafting, locks, publication
from .models import AnnualReport, Publication, ReportLock, Table2Entry

SEED = "haining-commerce-2019.json"


def seed() -> dict:
    return json.loads(files("gongkai.annual").joinpath("seed", SEED).read_text(encoding="utf-8"))


def load(today: dt.date | None = None) -> list[tuple[str, str, str]]:
    data = seed()
    agency = Agency.objects.filter(code=data["agency"]).first()
    head = get_user_model().objects.filter(username="sw-head").first()
    if agency is None or head is None:  # casework's demo did not run: nothing to build on
        return []
    year = data["year"]
    if not Table2Entry.objects.filter(agency=agency, year=year).exists():
        figures = data["table2"]
        drafting.do_enter_table2(head, agency, year, figures_in=figures,
                                 sources={a: data["source"] for a in figures})
    if not AnnualReport.objects.filter(agency=agency, year=year).exclude(sections={}).exists():
        drafting.do_save_sections(head, agency, year, sections={int(k): v for k, v in data["sections"].items()})
    if not ReportLock.objects.filter(agency=agency, year=year).exists() and not Publication.objects.filter(
            agency=agency, year=year).exists():
        locks.do_lock_year(head, agency, year)
    if not Publication.objects.filter(agency=agency, year=year).exists():
        publication.do_publish(head, agency, year)
    _draft_2025(today)
    return []


def _draft_2025(today: dt.date | None) -> None:
    """海宁市人民政府's 2025 report, started: 表二 partly typed, 一 written (五 and 六 still to do)."""
    gov = Agency.objects.filter(code="HN").first()
    head = get_user_model().objects.filter(username="hn-head").first()
    year = 2025
    if gov is None or head is None or (today and today.year <= year):
        return
    if Table2Entry.objects.filter(agency=gov, year=year).exists() or ReportLock.objects.filter(
            agency=gov, year=year).exists():
        return
    fmt = for_year(year)
    first_column = {c.row_label: a for a, c in reversed(fmt.cells.items()) if c.table == "表二"}
    fmt_cells = {first_column[row]: figure for row, figure in (
        ("行政许可", ("1286", "海宁市政务服务管理办公室审批系统导出")),
        ("行政处罚", ("342", "浙江省统一行政执法监管平台导出")),
        ("行政强制", ("17", "浙江省统一行政执法监管平台导出")),
        ("行政事业性收费", ("12.6", "市财政局非税收入系统")),
    )}
    drafting.do_enter_table2(head, gov, year, figures_in={a: v for a, (v, _) in fmt_cells.items()},
                             sources={a: s for a, (_, s) in fmt_cells.items()})
    drafting.do_save_sections(head, gov, year, sections={1: (
        "2025年，海宁市人民政府坚持以公开为常态、不公开为例外，围绕主动公开、依申请公开、政府信息管理、"
        "政府信息公开平台建设和监督保障，推进政府信息公开工作。本年度工作考核、社会评议和责任追究情况见下文。")})
