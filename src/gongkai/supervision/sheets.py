"""The review sheet (审查意见单) sent back to an agency: its findings in a clerk's words, as DOCX and PDF.

What goes on it: every finding of the counted report that is present and not dismissed, with
the cells it concerns, what the format expects and the finding's status and explanation.
Findings resting on a cell the reader could not read (or only inferred) are not the agency's
errors: the sheet lists those cells apart, as a request to confirm them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.checks import RULES, SEVERITY_ZH
from gongkai.checks.arithmetic import cell_label
from gongkai.report import Report

from .models import FindingStatus, TrackedFinding
from .selectors import deadline


@dataclass
class Item:
    n: int
    rule: str
    severity: str
    message: str
    cells: list[str]
    expected: str
    status: str
    reason: str


@dataclass
class Sheet:
    title: str
    agency: object
    government: object
    year: int
    source: str
    received_on: dt.date | None
    deadline: dt.date
    items: list[Item]
    doubtful_cells: list[str]
    issued_on: dt.date


def expected(t: TrackedFinding) -> str:
    rule = RULES.get(t.rule)
    text = rule.title if rule else ""
    if t.left and t.right and t.rule not in ("S-7",):
        text += f"（现为 {t.left} 与 {t.right}）"
    return text


def build(entry, report: Report | None, source: str) -> Sheet:
    from .permissions import region_of

    agency = entry.agency
    government = region_of(agency)
    tracked = TrackedFinding.objects.filter(agency=agency, year=entry.year, present=True, counted=True).exclude(
        status=FindingStatus.DISMISSED).order_by("id")
    order = {"error": 0, "warning": 1, "info": 2}
    items = []
    for n, t in enumerate(sorted(tracked, key=lambda t: (order.get(t.severity, 3), t.id)), start=1):
        cells = [cell_label(a, report.format) for a in t.cells[:6] if report is not None and a in report.format.cells]
        if len(t.cells) > 6:
            cells.append(f"等 {len(t.cells)} 个单元格")
        items.append(Item(n, t.rule, SEVERITY_ZH.get(t.severity, t.severity), t.message, cells, expected(t),
                          FindingStatus(t.status).label, t.reason))
    doubtful = []
    if report is not None:
        order_cells = list(report.format.cells)
        doubt = sorted(report.unknown | report.inferred, key=order_cells.index)
        doubtful = [cell_label(a, report.format) + ("（无法确定）" if a in report.unknown else "（推算）")
                    for a in doubt]
    return Sheet(
        title=f"{agency.name}{entry.year}年政府信息公开工作年度报告审查意见单",
        agency=agency, government=government, year=entry.year, source=source, received_on=entry.received_on,
        deadline=deadline(agency, government, entry.year), items=items, doubtful_cells=doubtful,
        issued_on=timezone.localdate(),
    )


def to_html(sheet: Sheet) -> str:
    return render_to_string("supervision/sheet.html", {"sheet": sheet})


def to_pdf(sheet: Sheet) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(sheet), base_url=".").write_pdf()


def to_docx(sheet: Sheet) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(11)
    title = doc.add_heading(sheet.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = [("报送机关", sheet.agency.name), ("年度", f"{sheet.year}年度"), ("审查所依据的报告", sheet.source),
             ("收到日期", f"{sheet.received_on:%Y年%m月%d日}" if sheet.received_on else "未收到"),
             ("报送截止日期", f"{sheet.deadline:%Y年%m月%d日}")]
    for k, v in facts:
        p = doc.add_paragraph()
        p.add_run(f"{k}：").bold = True
        p.add_run(v)
    if sheet.items:
        doc.add_paragraph(f"经审查，贵单位年度报告存在以下 {len(sheet.items)} 处问题，请逐项核实、修改或说明：")
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("序号", "问题", "涉及单元格", "应当", "状态及说明"), strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for item in sheet.items:
            cells = table.add_row().cells
            cells[0].text = str(item.n)
            cells[1].text = f"【{item.severity}】{item.message}"
            cells[2].text = "\n".join(item.cells) or "—"
            cells[3].text = item.expected
            cells[4].text = item.status + (f"：{item.reason}" if item.reason else "")
    else:
        doc.add_paragraph("经审查，未发现需要修改的问题。")
    if sheet.doubtful_cells:
        doc.add_paragraph(f"另：以下 {len(sheet.doubtful_cells)} 个单元格未能从报告原文准确读取，不作为贵单位的差错，"
                          "请核对原文后确认：")
        for c in sheet.doubtful_cells:
            doc.add_paragraph(c, style="List Bullet")
    end = doc.add_paragraph(f"{sheet.government.name}政府信息公开工作主管部门\n{sheet.issued_on:%Y年%m月%d日}")
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
