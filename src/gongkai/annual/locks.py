"""Year locks: once an agency's year is reported, its table 三 is frozen.

Actions that would change a locked year's table (a receipt or a decision dated in that
year) are refused by `gongkai.casework.actions`; the table as reported is kept as JSON.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from gongkai import interchange
from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import has_role, is_administrator
from gongkai.casework import audit
from gongkai.casework.errors import CaseworkError, NotAllowed, YearLocked
from gongkai.report import Report

from . import table3
from .models import ReportLock


def do_lock_year(actor, agency: Agency, year: int) -> ReportLock:
    """Freeze `agency`'s table 三 for `year` (the head or an administrator)."""
    if not (has_role(actor, agency, Role.HEAD) or is_administrator(actor)):
        raise NotAllowed("只有本机关公开工作机构负责人或管理员可以锁定年度")
    report = table3.build(agency, year)
    try:
        with transaction.atomic():
            lock = ReportLock.objects.create(agency=agency, year=year, table3=interchange.to_dict(report),
                                             locked_by=actor if getattr(actor, "pk", None) else None)
            audit.record(actor, "lock_year", lock, None, {"agency": agency.code, "year": year},
                         f"锁定{agency.name}{year}年度表三")
    except IntegrityError:
        raise YearLocked(f"{agency.name}{year}年度已经锁定") from None
    return lock


def do_unlock_year(actor, agency: Agency, year: int, *, reason: str) -> None:
    """Unfreeze a locked year (an administrator, with a reason on the record): decisions and
    corrections in that year are accepted again, and its table 三 is computed from the cases."""
    from gongkai.casework.actions.base import clean_text

    if not is_administrator(actor):
        raise NotAllowed("只有系统管理员可以解除年度锁定")
    reason = clean_text(reason, "解除锁定的理由", 300, field="reason", required=True)
    with transaction.atomic():
        lock = ReportLock.objects.select_for_update().filter(agency=agency, year=year).first()
        if lock is None:
            raise YearLocked(f"{agency.name}{year}年度没有锁定")
        before = {"agency": agency.code, "year": year, "locked_at": lock.locked_at.isoformat(),
                  "locked_by": lock.locked_by_id}
        audit.record(actor, "annual.unlock", agency, before, None, f"解除{agency.name}{year}年度表三锁定：{reason}")
        lock.delete()


def locked_report(agency: Agency, year: int) -> Report | None:
    """The table as it was locked, or None when the year is open."""
    lock = ReportLock.objects.filter(agency=agency, year=year).first()
    return interchange.from_dict(lock.table3) if lock else None


__all__ = ["CaseworkError", "do_lock_year", "do_unlock_year", "locked_report"]
