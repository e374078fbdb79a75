"""A report as PDF: the HTML page printed by WeasyPrint on A4.

Fonts come from the system (Debian `fonts-noto-cjk`); WeasyPrint subsets and embeds them
(with `libharfbuzz-subset0`), so the file carries its CJK glyphs.  Table rows never split
across pages (`break-inside: avoid` on every row, in report.css).
"""

from __future__ import annotations

import logging

from ..report import Report
from . import html

# WeasyPrint reports every CSS property it ignores (e.g. `overflow-wrap: anywhere`) as a warning.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

# On paper the tables fall back to Noto before the Windows names a browser would find.
_PDF_CSS = """
.gk-report, .gk-report table.gk-table { font-family: "Noto Serif CJK SC", serif; }
.gk-report h2 { font-family: "Noto Sans CJK SC", sans-serif; }
"""


def render(report: Report, *, highlight_inferred: bool = False) -> bytes:
    from weasyprint import HTML  # slow to import; only PDF needs it

    page = html.page(report, highlight_inferred=highlight_inferred, print_only_css=_PDF_CSS)
    return HTML(string=page, base_url=".").write_pdf()
