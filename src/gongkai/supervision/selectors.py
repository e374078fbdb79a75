"""Reads for the office's pages: the region's year in a handful of queries, whatever its size.

Deadlines (条例第四十九条): a department submits its report to its government's office by
31 January; the government's office publishes the government's own report by 31 March.  The
Regulation does not name townships; they follow the departments' date here, as local rules
commonly require (`DEADLINES` is the one place to change it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from gongkai.agencies.models import Agency

from . import sources
from .models import Document, DocumentState, Entry, Source

DEADLINES = {"own": (3, 31), "subordinate": (1, 31)}  # (month, day) of the year after the report's


def deadline(agency: Agency, government: Agency, year: int) -> dt.date:
    month, day = DEADLINES["own" if agency.pk == government.pk else "subordinate"]
    return dt.date(year + 1, month, day)


STATUS_NAMES = {
    "uploaded": "已上传", "reading": "读取中", "refused": "上传未采用",
    sources.NOT_STARTED: "未开始", sources.DRAFT: "平台草稿", sources.LOCKED: "平台已锁定", sources.PUBLISHED: "平台已发布",
    sources.CORRECTING: "平台更正中",
}


@dataclass
class YearRow:
    agency: Agency
    own: bool
    status: str  # a STATUS_NAMES key
    platform_state: str
    source: str
    deadline: dt.date
    received_on: dt.date | None
    late_days: int | None  # None: on time or not yet due
    missing_late: bool  # due date passed, nothing received
    entry: Entry | None
    reading: int = 0
    refused: int = 0
    counts: dict = field(default_factory=dict)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    @property
    def platform_state_name(self) -> str:
        return sources.STATE_NAMES.get(self.platform_state, "")

    @property
    def status_class(self) -> str:
        return {"uploaded": "ok", "locked": "ok", "published": "ok", "refused": "bad", "reading": "warn"}.get(
            self.status, "grey")

    @property
    def lateness(self) -> str:
        if self.late_days:
            return f"逾期 {self.late_days} 天报送"
        if self.missing_late:
            return "逾期未报送"
        return ""


def region_agencies(government: Agency) -> list[Agency]:
    """The government first, then every agency below it by code."""
    ids = government.descendants_ids()
    rest = list(Agency.objects.filter(pk__in=ids).exclude(pk=government.pk).order_by("code"))
    return [government, *rest]


def year_rows(government: Agency, year: int, today: dt.date) -> list[YearRow]:
    agencies = region_agencies(government)
    ids = [a.pk for a in agencies]
    entries = {e.agency_id: e for e in Entry.objects.filter(agency_id__in=ids, year=year).defer("report")}
    states = sources.platform_states(ids, year)
    progress = {
        r["expected_agency_id"]: r
        for r in Document.objects.filter(government=government, year=year, expected_agency_id__in=ids)
        .values("expected_agency_id")
        .annotate(reading=Count("id", filter=Q(state__in=(DocumentState.QUEUED, DocumentState.READING))),
                  refused=Count("id", filter=Q(state=DocumentState.REFUSED, agency__isnull=True)))
        .order_by()
    }
    rows = []
    for a in agencies:
        e = entries.get(a.pk)
        state, _, locked_on = states[a.pk]
        due = deadline(a, government, year)
        p = progress.get(a.pk, {})
        if e is not None and e.source == Source.UPLOAD:
            status, received = "uploaded", e.received_on
        elif p.get("reading"):
            status, received = "reading", None
        elif state in sources.FINAL:
            status, received = state, locked_on
        elif p.get("refused"):
            status, received = "refused", None
        else:
            status, received = state, None
        late = (received - due).days if received and received > due else None
        rows.append(YearRow(
            agency=a, own=a.pk == government.pk, status=status, platform_state=state,
            source=e.source if e else "", deadline=due, received_on=received, late_days=late,
            missing_late=received is None and today > due, entry=e,
            reading=p.get("reading", 0), refused=p.get("refused", 0),
            counts={k: getattr(e, k) if e else 0 for k in (
                "errors", "warnings", "infos", "cross_year", "doubtful", "open_findings", "unknown_cells")},
        ))
    return rows


FILTERS = {
    "": ("全部", lambda r: True),
    "received": ("已收到", lambda r: r.received_on is not None),
    "missing": ("未收到", lambda r: r.received_on is None),
    "late": ("逾期", lambda r: bool(r.lateness)),
    "errors": ("有错误", lambda r: r.counts["errors"] > 0),
    "open": ("有待处理意见", lambda r: r.counts["open_findings"] > 0),
    "doubt": ("有读取存疑", lambda r: r.counts["unknown_cells"] > 0 or r.counts["doubtful"] > 0),
}
SORTS = {
    "": ("机关代码", lambda r: (not r.own, r.agency.code)),
    "errors": ("错误最多", lambda r: (-r.counts["errors"], -r.counts["warnings"], r.agency.code)),
    "received": ("收到日期", lambda r: (r.received_on is None, r.received_on or dt.date.max, r.agency.code)),
    "late": ("逾期", lambda r: (-(r.late_days or (10**6 if r.missing_late else 0)), r.agency.code)),
    "name": ("机关名称", lambda r: r.agency.name),
}


def filter_and_sort(rows: list[YearRow], show: str, order: str, q: str = "") -> list[YearRow]:
    keep = FILTERS.get(show, FILTERS[""])[1]
    out = [r for r in rows if keep(r) and (not q or q in r.agency.name or q in r.agency.code)]
    return sorted(out, key=SORTS.get(order, SORTS[""])[1])


EXPORT_COLUMNS = ("机关代码", "机关", "状态", "平台状态", "截止日期", "收到日期", "逾期", "错误", "警告", "提示",
                  "跨年度", "待处理意见", "无法确定的单元格", "读取存疑的意见")


def export_rows(rows: list[YearRow]):
    for r in rows:
        c = r.counts
        yield (r.agency.code, r.agency.name, r.status_name, r.platform_state_name, r.deadline.isoformat(),
               r.received_on.isoformat() if r.received_on else "", r.lateness, c["errors"], c["warnings"],
               c["infos"], c["cross_year"], c["open_findings"], c["unknown_cells"], c["doubtful"])
