"""Publishing a locked report, and correcting a published one.

A publication is a numbered version of the locked report with its files (PDF, DOCX, XLSX,
HTML).  Publishing the same lock twice is refused.  A correction after publication is opened
with a written reason (`do_open_correction` releases the lock so the draft can be fixed); the
next lock published becomes the next version carrying that reason, and the previous version
stays public, marked superseded.

Rendering (the PDF takes about half a second) happens before the transaction, so no row lock is
held while WeasyPrint works; the transaction re-checks the lock and the version number.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai import interchange, writers
from gongkai.agencies.models import Agency
from gongkai.casework import audit
from gongkai.casework.errors import CaseworkError, InvalidInput, NotAllowed, OutOfOrder

from .locks import may_lock
from .models import AnnualReport, Publication, ReportLock

FILE_KINDS = ("pdf", "docx", "xlsx", "html")
MAX_REASON = 500


class AlreadyPublished(CaseworkError):
    """This lock has been published already."""


def latest(agency: Agency, year: int) -> Publication | None:
    return Publication.objects.filter(agency=agency, year=year).order_by("-number").first()


def render_files(report_json: dict) -> dict[str, bytes]:
    report = interchange.from_dict(report_json)
    return {kind: writers.render(report, kind) for kind in FILE_KINDS}


def file_name(agency: Agency, year: int, number: int, kind: str) -> str:
    return f"{agency.code}-{year}-v{number}.{kind}"


def do_publish(actor, agency: Agency, year: int, *, reason: str = "") -> Publication:
    """Publish the locked report of `agency`'s `year` as its next version."""
    if not may_lock(actor, agency):
        raise NotAllowed("只有本机关公开工作机构负责人或管理员可以发布年报")
    lock = ReportLock.objects.filter(agency=agency, year=year).first()
    if lock is None:
        raise OutOfOrder(f"{year}年度年报尚未锁定：请先检查并锁定，再发布")
    prev = latest(agency, year)
    if prev is not None and prev.lock_id == lock.pk:
        raise AlreadyPublished(f"{year}年度年报已于{timezone.localtime(prev.published_at):%Y年%m月%d日}"
                               f"发布（第{prev.number}版），无需重复发布")
    draft = AnnualReport.objects.filter(agency=agency, year=year).first()
    reason = (reason or (draft.correction_reason if draft else "") or "").strip()
    if prev is not None and not reason:
        raise InvalidInput("更正已发布的年报须写明更正原因（将与新版本一同公开）", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"更正原因不能超过 {MAX_REASON} 个字", field="reason")
    files = render_files(lock.table3)  # slow: outside the transaction
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk", flat=True).first()
        lock = ReportLock.objects.filter(pk=lock.pk).first()
        if lock is None:
            raise OutOfOrder(f"{year}年度年报的锁定已被解除，未发布；请重新锁定后再发布")
        prev = latest(agency, year)
        if prev is not None and prev.lock_id == lock.pk:
            raise AlreadyPublished(f"{year}年度年报第{prev.number}版刚刚已由他人发布，无需重复发布")
        number = prev.number + 1 if prev else 1
        pub = Publication(agency=agency, year=year, number=number, report=lock.table3,
                          reason=reason if prev else "", lock=lock,
                          published_by=actor if getattr(actor, "pk", None) else None)
        saved = []
        try:
            for kind, data in files.items():
                getattr(pub, kind).save(file_name(agency, year, number, kind), ContentFile(data), save=False)
                saved.append(getattr(pub, kind))
            pub.save()
            if prev is not None:
                prev.superseded_at = timezone.now()
                prev.save(update_fields=["superseded_at"])
            if draft is not None and draft.correction_reason:
                AnnualReport.objects.filter(pk=draft.pk).update(correction_reason="")
            audit.record(actor, "annual.publish", pub, None,
                         {"agency": agency.code, "year": year, "number": number, "reason": pub.reason},
                         f"发布{agency.name}{year}年度年报第{number}版" + (f"（更正：{pub.reason[:120]}）" if prev else ""))
        except BaseException:
            for f in saved:  # the row is not committed: leave no orphan files behind
                f.storage.delete(f.name)
            raise
    return pub


def do_open_correction(actor, agency: Agency, year: int, *, reason: str) -> AnnualReport:
    """Start correcting a published report: the reason is recorded (and published with the next
    version) and the year's lock is released so the draft can be fixed and locked again."""
    if not may_lock(actor, agency):
        raise NotAllowed("只有本机关公开工作机构负责人或管理员可以发起更正")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请写明更正原因（将与更正后的版本一同公开）", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"更正原因不能超过 {MAX_REASON} 个字", field="reason")
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk", flat=True).first()
        prev = latest(agency, year)
        lock = ReportLock.objects.filter(agency=agency, year=year).first()
        if prev is None:
            raise OutOfOrder(f"{year}年度年报尚未发布；未发布的年报不需要更正流程")
        if lock is None or prev.lock_id != lock.pk:
            raise OutOfOrder(f"{year}年度年报的更正已在进行中（第{prev.number}版之后尚未重新发布）")
        draft, _ = AnnualReport.objects.select_for_update().get_or_create(agency=agency, year=year)
        audit.record(actor, "annual.open_correction", lock, {"locked": True, "published": prev.number},
                     {"locked": False, "reason": reason}, f"发起{year}年度年报更正（第{prev.number}版）：{reason[:150]}")
        lock.delete()
        draft.correction_reason = reason
        draft.version += 1
        draft.save(update_fields=["correction_reason", "version", "updated_at"])
    return draft
