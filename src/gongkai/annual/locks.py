"""Year locks: once an agency's year is reported, its report is frozen.

Actions that would change a locked year are refused: casework's (a receipt or a decision dated
in that year would change 表三), and annual's and appeals' (`annual.guard`: 表二, 表四, the
sections).  The report as locked is kept whole in the lock (cells.md JSON with the sections).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from gongkai import interchange
from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import has_role, is_administrator
from gongkai.casework import audit
from gongkai.casework.errors import CaseworkError, InvalidInput, NotAllowed, YearLocked
from gongkai.casework.models import Application
from gongkai.report import Report

from .models import ReportLock

MAX_REASON = 500


class LockRefused(CaseworkError):
    """The draft has error findings and no written reason was given; `errors` lists them."""

    def __init__(self, message: str, errors):
        super().__init__(message, field="reason")
        self.errors = errors


def may_lock(actor, agency: Agency) -> bool:
    return has_role(actor, agency, Role.HEAD) or is_administrator(actor)


def _hold_the_year(agency: Agency, year: int) -> None:
    """Make every change that could alter the year wait for this transaction.

    The agency row serialises locks and publications of one agency.  The year's undecided cases
    are row-locked: a decision (casework locks its case row first) waits until the lock is
    committed and then sees it, instead of committing between the snapshot and the lock.  On
    SQLite the IMMEDIATE transaction already holds the database's write lock."""
    Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk", flat=True).first()
    list(Application.objects.select_for_update().filter(
        agency=agency, concluded_on__isnull=True, received_on__lte=dt.date(year, 12, 31),
    ).values_list("pk", flat=True))


def do_lock_year(actor, agency: Agency, year: int, *, reason: str = "") -> ReportLock:
    """Freeze `agency`'s report for `year` (the disclosure office's head or an administrator).

    The report is built and checked inside the one transaction that stores the lock, so nothing
    committed meanwhile can be missing from it.  A draft with error findings is locked only with
    a written `reason`, kept with the lock and audited."""
    from . import build

    if not may_lock(actor, agency):
        raise NotAllowed("只有本机关公开工作机构负责人或管理员可以锁定年度")
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"锁定理由不能超过 {MAX_REASON} 个字", field="reason")
    try:
        with transaction.atomic():
            _hold_the_year(agency, year)
            if ReportLock.objects.filter(agency=agency, year=year).exists():
                raise YearLocked(f"{agency.name}{year}年度已经锁定")
            built = build.build(agency, year)
            errors = built.errors
            if errors and not reason:
                raise LockRefused(
                    f"报告有 {len(errors)} 个错误（如：{errors[0].message}）。请先改正；"
                    "确需带错误锁定的，须写明理由", errors)
            lock = ReportLock.objects.create(
                agency=agency, year=year, table3=interchange.to_dict(built.report),
                findings=[f.to_dict() for f in built.findings], error_count=len(errors),
                reason=reason if errors else "", locked_by=actor if getattr(actor, "pk", None) else None)
            summary = f"锁定{agency.name}{year}年度年报"
            if errors:
                summary += f"（带 {len(errors)} 个错误，理由：{reason[:150]}）"
            audit.record(actor, "annual.lock", lock, None,
                         {"agency": agency.code, "year": year, "errors": len(errors),
                          "warnings": built.counts.get("warning", 0), "reason": reason if errors else ""},
                         summary)
    except IntegrityError:  # a concurrent lock won the race
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
    """The report as it was locked, or None when the year is open."""
    lock = ReportLock.objects.filter(agency=agency, year=year).first()
    return interchange.from_dict(lock.table3) if lock else None


__all__ = ["CaseworkError", "LockRefused", "do_lock_year", "do_unlock_year", "locked_report"]
