"""The ledger (台账): the filtered case list as a spreadsheet (XLSX) or CSV.

One row per case, in the list's order, read in batches (a few queries per 2,000 cases, no
query per row).  XLSX is written by XlsxWriter in constant-memory mode (row by row, 2–3 times
faster than openpyxl, which the platform keeps for reading workbooks).  Identity numbers are masked and contact details left out: a ledger leaves
the platform, and what it needs is the case, not how to reach the applicant.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet

from .choices import ApplicantKind, Channel, Status, outcome_label
from .models import Application, Document, mask_identifier

MAX_ROWS = 50_000
BATCH = 2_000
COLUMNS = ("申请编号", "受理机关", "收到申请之日", "申请渠道", "申请人", "申请人类型", "证件号码（部分隐藏）",
           "所需政府信息", "状态", "答复期限", "办理结果", "答复日期", "是否按期", "送达日期", "承办人", "文书文号")
_FIELDS = ("id", "number", "agency__name", "received_on", "channel", "applicant_name", "applicant_kind", "identifier",
           "information_requested", "status", "due_on", "outcome", "concluded_on", "delivered_on",
           "assignee__first_name", "assignee__username")


def _timeliness(v: dict, today: dt.date) -> str:
    due, done = v["due_on"], v["concluded_on"]
    if done is not None:
        return "" if due is None else ("按期" if done <= due else "逾期")
    if due is not None and due < today:
        return "已逾期"
    return ""


def rows(qs: QuerySet[Application], today: dt.date, limit: int = MAX_ROWS) -> Iterator[list]:
    """The ledger's rows for the cases of `qs`, in its order (at most `limit`)."""
    kinds, channels, statuses = dict(ApplicantKind.choices), dict(Channel.choices), dict(Status.choices)
    labels: dict[tuple[str, int], str] = {}

    def label(outcome: str, day) -> str:
        if not outcome or day is None:
            return ""
        key = (outcome, day.year)
        if key not in labels:
            labels[key] = outcome_label(outcome, day.year)
        return labels[key]

    ids = list(qs.values_list("id", flat=True)[:limit])
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        values = {v["id"]: v for v in Application.objects.filter(pk__in=chunk).values(*_FIELDS)}
        numbers = defaultdict(list)
        for app_id, number in (Document.objects.filter(application_id__in=chunk).exclude(number="")
                               .order_by("issued_on", "id").values_list("application_id", "number")):
            numbers[app_id].append(number)
        for pk in chunk:
            v = values[pk]
            outcome = label(v["outcome"], v["concluded_on"])
            yield [
                v["number"], v["agency__name"], v["received_on"], channels.get(v["channel"], v["channel"]),
                v["applicant_name"], kinds.get(v["applicant_kind"], v["applicant_kind"]),
                mask_identifier(v["identifier"]), v["information_requested"][:500],
                statuses.get(v["status"], v["status"]), v["due_on"], outcome, v["concluded_on"],
                _timeliness(v, today), v["delivered_on"], v["assignee__first_name"] or v["assignee__username"] or "",
                "；".join(numbers.get(pk, [])),
            ]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # a cell starting with = + - @ is a formula to a spreadsheet: kept as text
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(data: Iterator[list]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese as Chinese."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMNS)
    for row in data:
        w.writerow([_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


WIDTHS = (18, 20, 12, 10, 14, 10, 20, 40, 12, 12, 30, 12, 8, 12, 10, 30)


def to_xlsx(data: Iterator[list], title: str = "台账") -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    ws = wb.add_worksheet(title[:31])
    bold, day = wb.add_format({"bold": True}), wb.add_format({"num_format": "yyyy-mm-dd"})
    for i, w in enumerate(WIDTHS):
        ws.set_column(i, i, w)
    ws.write_row(0, 0, COLUMNS, bold)
    for r, row in enumerate(data, 1):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), day)
            elif v not in (None, ""):
                ws.write_string(r, c, str(v))  # written as text: a leading = is never a formula
    wb.close()
    return out.getvalue()
