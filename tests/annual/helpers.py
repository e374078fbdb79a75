"""A complete agency-year for the annual-report tests: cases, appeals, 表二, sections."""

from __future__ import annotations

import datetime as dt

from annual.world import TODAY, decided_case, receive
from gongkai.annual import drafting
from gongkai.appeals import actions as appeals
from gongkai.formats import for_year

D = dt.date

SECTIONS = {
    1: "2025年，本局认真贯彻《中华人民共和国政府信息公开条例》，主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作有序推进。",
    5: "存在的主要问题是公开内容的解读不够深入。下一步将加强政策解读，提高公开质量。",
    6: "本年度未发出信息处理费收费通知，未收取信息处理费。无其他需要报告的事项。",
}


def table2_figures(year: int) -> dict[str, str]:
    """Every 表二 cell of the year's format, as a clerk would type it (amounts in 万元)."""
    fmt = for_year(year)
    out = {}
    for i, (addr, cell) in enumerate(c for c in fmt.cells.items() if c[1].table == "表二"):
        out[addr] = "0.35" if cell.kind == "amount" else str(i % 4)
    return out


def full_year(w, year: int = 2025, *, sections=True, table2=True, appeals_too=True):
    """Cases (one carried over from the year before, one carried forward), appeals, 表二, sections."""
    before = receive(w, D(year - 1, 12, 22), 90)  # carried over into `year`
    decided_case(w, D(year, 2, 3), D(year, 2, 20), 91)
    decided_case(w, D(year, 3, 3), D(year, 3, 25), 92, outcome="partly_granted", kind="commercial")
    receive(w, D(year, 12, 29), 93)  # carried forward
    from annual.world import decide

    decide(w, before, D(year, 1, 12), "unable.not_held")
    if appeals_too:
        app = before
        app.refresh_from_db()
        rec = appeals.do_record_appeal(w.handler, w.dept, kind="reconsideration", body="测试市人民政府",
                                       filed_on=D(year, 2, 10), application=app, case_number=f"测政复〔{year}〕1号",
                                       today=TODAY)
        appeals.do_conclude_appeal(w.handler, rec, on=D(year, 4, 10), result="upheld", today=TODAY)
        appeals.do_record_appeal(w.handler, w.dept, kind="litigation_after_reconsideration", body="测试市人民法院",
                                 filed_on=D(year, 4, 20), reconsideration=rec, today=TODAY)
    if table2:
        figs = table2_figures(year)
        drafting.do_enter_table2(w.handler, w.dept, year, figures_in=figs, sources={a: "业务系统导出" for a in figs})
    if sections:
        drafting.do_save_sections(w.handler, w.dept, year, sections=SECTIONS)
    return w
