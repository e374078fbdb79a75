"""The demo region: 海宁市人民政府's office with its departments' reports uploaded, read, checked and reviewed.

Made through the actions (uploads read by the same code as the worker's), so versions, findings,
statuses and the audit trail are real.  The documents are the corpus's real reports re-labelled
to 海宁's agencies and rendered by gongkai's writers (HTML, Word, PDF) — plus 海宁市商务局's own
2019 report, the project's seed document, exactly as published.  ``load()`` is idempotent.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.agencies.models import Agency

DEMO_MARK = "演示："  # batch names start with it: a second load() finds them and stops


def _corpus() -> Path | None:
    for p in (os.environ.get("GONGKAI_CORPUS"), Path.cwd().parent / "shared" / "corpus",
              Path(__file__).resolve().parents[4] / "shared" / "corpus"):
        if p and Path(p).is_dir():
            return Path(p)
    return None


def _report(corpus: Path, truth: str, agency: str, year: int, sections: dict[int, str], edit=None):
    from gongkai import interchange

    r = interchange.read(corpus / f"{truth}.truth.json")
    r.agency, r.year, r.sections = agency, year, sections
    if edit:
        edit(r)
    return r


def _sections(agency: str, year: int, new: int, problems: str) -> dict[int, str]:
    return {
        1: (f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
            f"围绕中心工作推进决策、执行、管理、服务、结果公开。全年共收到政府信息公开申请{new}件，均在法定期限内答复。"),
        2: "", 3: "", 4: "",
        5: problems,
        6: "本机关全年未收取信息处理费。",
    }


PROBLEMS = ("一是主动公开的及时性有待提高，个别栏目更新不够及时；二是政策解读形式较为单一，图解、视频解读偏少。"
            "下一步将完善信息发布审核流程，建立栏目定期检查制度，丰富政策解读形式。")
NEW = "表三|一、本年新收政府信息公开申请数量|申请人情况/总计"
NEW_NATURAL = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"


def _misprint(html: bytes, addr: str) -> bytes:
    """A decimal point printed inside a count ("33.7" for 337): the reader cannot determine the cell."""
    text = html.decode()
    marker = f'data-cell="{addr}">'
    i = text.find(marker)
    if i < 0:
        return html
    j = text.index("<", i + len(marker))
    value = text[i + len(marker):j]
    if len(value) < 2:
        return html
    return (text[:i + len(marker)] + value[:-1] + "." + value[-1] + text[j:]).encode()


def load(today: dt.date | None = None) -> list[tuple[str, str, str]]:
    from gongkai.writers import render

    from . import actions
    from .models import Batch, FindingStatus, TrackedFinding

    today = today or timezone.localdate()
    corpus = _corpus()
    gov = Agency.objects.filter(code="HN").first()
    office = get_user_model().objects.filter(username="hn-supervisor").first()
    if corpus is None or gov is None or office is None:
        return []  # the casework demo (agencies, staff) or the corpus is missing: nothing to show
    if Batch.objects.filter(government=gov, name__startswith=DEMO_MARK).exists():
        return []
    ag = {a.code: a for a in Agency.objects.filter(code__in=("HN-SW", "HN-ZG", "HN-XC"))}
    year = today.year - 1

    def day(y: int, month: int, d: int) -> dt.date:
        return min(dt.date(y, month, d), today)

    def upload(label: str, files: list[tuple[str, bytes]], y: int, agency=None, received=None):
        batch = actions.do_upload(office, gov, y, [SimpleUploadedFile(n, b) for n, b in files], agency=agency,
                                  received_on=received, enqueue=False)
        Batch.objects.filter(pk=batch.pk).update(name=f"{DEMO_MARK}{label}")
        for doc in batch.documents.filter(state="queued"):
            actions.do_read_document(doc.pk)
        return batch

    sw, zg, xc = ag["HN-SW"].name, ag["HN-ZG"].name, ag["HN-XC"].name
    # the year before: two departments, for the year-over-year page and the cross-year rules
    prev = year - 1
    r_sw_prev = _report(corpus, "sanming-2022", sw, prev, {})
    r_sw_prev.sections = _sections(sw, prev, r_sw_prev.cells[NEW], PROBLEMS)
    r_zg_prev = _report(corpus, "shuyang-county-2025", zg, prev, {})
    r_zg_prev.sections = _sections(zg, prev, r_zg_prev.cells[NEW],
                                   "一是依申请公开答复文书的规范性仍需加强；二是基层公开标准目录更新不及时。将加强培训，开展专项检查。")
    upload(f"{prev}年度部门年报", [("商务局年报.html", render(r_sw_prev, "html")),
                                ("自然资源和规划局年报.docx", render(r_zg_prev, "docx"))], prev,
           received=day(prev + 1, 1, 25))

    # this year: 商务局 copies last year's section 五 and misprints one cell (unknown, to correct);
    # 自然资源和规划局 is late and its section 一 disagrees with its table; 许村镇 sends a PDF
    r_sw = _report(corpus, "sanming-2022", sw, year, {}, edit=lambda r: r.cells.update({NEW_NATURAL: 337 + 20,
                                                                                       NEW: 347 + 20}))
    r_sw.sections = _sections(sw, year, r_sw.cells[NEW], PROBLEMS)
    sw_html = _misprint(render(r_sw, "html"), NEW_NATURAL)
    r_zg = _report(corpus, "shuyang-county-2025", zg, year, {})
    r_zg.sections = _sections(zg, year, r_zg.cells[NEW] + 36 + 15,
                              "一是主动公开的深度有待提升；二是依申请公开办理中与业务处室的衔接不够顺畅。将建立会商机制。")
    r_xc = _report(corpus, "hongze-district-2023", xc, year, {})
    r_xc.sections = _sections(xc, year, r_xc.cells[NEW], "无")
    upload(f"{year}年度：商务局", [("海宁市商务局年报.html", sw_html)], year, agency=ag["HN-SW"],
           received=day(year + 1, 1, 20))
    upload(f"{year}年度：自然资源和规划局（逾期）", [("自然资源和规划局.docx", render(r_zg, "docx"))], year,
           agency=ag["HN-ZG"], received=day(year + 1, 2, 3))
    upload(f"{year}年度：许村镇", [("许村镇.pdf", render(r_xc, "pdf"))], year, agency=ag["HN-XC"],
           received=day(year + 1, 1, 28))

    # the seed: 海宁市商务局's real 2019 report, as published
    seed = corpus / "haining-commerce-2019.txt"
    if seed.exists():
        upload("2019年度：商务局（原文）", [(seed.name, seed.read_bytes())], 2019, agency=ag["HN-SW"],
               received=dt.date(2019, 12, 27))

    # the office has already worked on some findings
    zg_s1 = TrackedFinding.objects.filter(agency=ag["HN-ZG"], year=year, rule="S-1").first()
    if zg_s1:
        actions.do_set_finding_status(office, zg_s1, FindingStatus.OPEN, "")
    xc_blank = TrackedFinding.objects.filter(agency=ag["HN-XC"], year=year, rule="T4-1").first()
    if xc_blank:
        actions.do_set_finding_status(office, xc_blank, FindingStatus.DISMISSED,
                                      "已电话核实：表四合计为原文印刷错误，机关已书面说明")
    sw_repeat = TrackedFinding.objects.filter(agency=ag["HN-SW"], year=year, rule="S-7").first()
    if sw_repeat:
        sw_head = get_user_model().objects.filter(username="sw-head").first()
        if sw_head:
            actions.do_set_finding_status(sw_head, sw_repeat, FindingStatus.EXPLAINED,
                                          "本年度问题与上年相同，整改仍在进行中，明年报告将说明进展")
    return []
