"""Refuse a change that would alter a locked (reported) year.

Casework guards 表三 itself (`casework.actions._check_unlocked`); this is the same rule for what
the annual report holds beyond the cases: 表二's figures, 表四's matters and the sections.
"""

from __future__ import annotations

from gongkai.casework.errors import YearLocked

from .models import ReportLock


def locked_years(agency_id: int, first: int, last: int) -> list[int]:
    return list(ReportLock.objects.filter(agency_id=agency_id, year__gte=first, year__lte=last)
                .order_by("year").values_list("year", flat=True))


def refuse_locked(agency_id: int, first: int, last: int, what: str, part: str, affects=None) -> None:
    """YearLocked when a year first..last of the agency is locked (and, with `affects`, the
    change alters that year: ``affects(year) -> bool``); `what` is the attempted change, `part`
    the part of the report it would alter (表四, 表二, 正文)."""
    years = [y for y in locked_years(agency_id, first, last) if affects is None or affects(y)]
    if years:
        shown = "、".join(str(y) for y in years)
        raise YearLocked(f"{shown}年度的年报已锁定（已报送），{what}会改变该年度的{part}，操作未执行。"
                         "如确需更正：未发布的由负责人解除锁定；已发布的请在年报页面“发起更正”")
