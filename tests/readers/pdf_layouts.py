"""Reports printed to PDF the way agencies' own templates print them (not gongkai's writer):
plain ruled tables with fixed column widths, and the variations the PDF reader must survive."""

from __future__ import annotations

CSS = """@page { size: A4; margin: 20mm; }
body { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 10pt; }
table { border-collapse: collapse; table-layout: fixed; width: 100%; margin-bottom: 6pt; }
td, th { border: 0.6pt solid black; padding: 2pt; word-break: break-all; font-weight: normal; }
"""
T4_LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def page(report, *, total_width: str = "8%", row_height: str = "", css: str = "", wrap_t3=("", "")) -> str:
    """The report as one HTML page: 表二 as one small table per item, 表三 with the official
    three header rows, 表四 with its two header rows.  `total_width`: 表三's 总计 column;
    `row_height`: 表三's rows; `wrap_t3`: HTML put around 表三 (to move it off the page)."""
    f = report.format
    out = [f"<html><head><meta charset='utf-8'><style>{CSS}{css}</style></head><body>",
           f"<h1>{report.agency}{report.year}年政府信息公开工作年度报告</h1>",
           "<p>一、总体情况</p><p>本机关依法公开政府信息。</p><p>二、主动公开政府信息情况</p>"]
    for b in f.table("表二").blocks:
        out.append(f"<table><tr><th colspan='{len(b.columns) + 1}'>{b.caption}</th></tr>")
        out.append("<tr><th>信息内容</th>" + "".join(f"<th>{c}</th>" for c in b.columns) + "</tr>")
        for row in b.rows:
            out.append(f"<tr><td>{row.split('/')[-1]}</td>"
                       + "".join(f"<td>{report.cells[f'表二|{row}|{c}']}</td>" for c in b.columns) + "</tr>")
        out.append("</table>")
    out.append("<p>三、收到和处理政府信息公开申请情况</p>" + wrap_t3[0])
    b = f.table("表三").blocks[0]
    widths = ["40%"] + ["8%"] * 6 + [total_width]
    out.append("<table><colgroup>" + "".join(f"<col style='width:{w}'>" for w in widths) + "</colgroup>")
    out.append(f"<tr><th rowspan='3'>{f.table('表三').corner}</th><th colspan='7'>申请人情况</th></tr>")
    out.append("<tr><th rowspan='2'>自然人</th><th colspan='5'>法人或其他组织</th><th rowspan='2'>总计</th></tr>")
    out.append("<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>")
    style = f" style='height:{row_height}'" if row_height else ""
    for row in b.rows:
        out.append(f"<tr{style}><td>{row.split('/')[-1]}</td>"
                   + "".join(f"<td>{report.cells[f'表三|{row}|{c}']}</td>" for c in b.columns) + "</tr>")
    out.append("</table>" + wrap_t3[1] + "<p>四、政府信息公开行政复议、行政诉讼情况</p>")
    out.append("<table><tr><th colspan='5'>行政复议</th><th colspan='10'>行政诉讼</th></tr><tr>"
               + "".join(f"<th rowspan='2'>{x}</th>" for x in T4_LEAVES)
               + "<th colspan='5'>未经复议直接起诉</th><th colspan='5'>复议后起诉</th></tr>")
    out.append("<tr>" + "".join(f"<th>{x}</th>" for x in T4_LEAVES * 2) + "</tr><tr>"
               + "".join(f"<td>{report.cells[f'表四|合计|{c}']}</td>" for c in f.table("表四").blocks[0].columns)
               + "</tr></table>")
    out.append("<p>五、存在的主要问题及改进情况</p><p>无。</p><p>六、其他需要报告的事项</p><p>未收取信息处理费。</p>")
    return "\n".join(out) + "</body></html>"


def pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
