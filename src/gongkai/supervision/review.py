"""The office's view of an agency-year: which report counts, checked, its findings tracked across versions.

`refresh_entry(agency, year)` is the only writer of `Entry` and `TrackedFinding` rows; it is
called by the actions (a report read, a cell corrected) inside their transaction, and by
`sync_region` for reports made in gongkai whose state changed.  Checking one report takes
milliseconds, so it runs inside the transaction; reading a document (slow) never does.

Which report counts for an agency-year: the newest accepted upload (with the office's
corrections applied) if there is one, else the report the agency locked in gongkai; a draft
in gongkai is not a submitted report and is not checked here.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from gongkai import checks, interchange
from gongkai.checks import Finding, Severity
from gongkai.formats import Kind
from gongkai.report import Provenance, Report

from . import sources
from .models import Correction, Document, Entry, FindingStatus, Source, TrackedFinding
from .region import rests_on_doubt

# Rules that compare with the previous year's report (shown as "跨年度" on the year page).
CROSS_YEAR_RULES = frozenset({"T3-6", "T2-2", "T2-4", "T4-3", "S-7"})
# Findings about the reading, not the report: never tracked or sent back.
NOT_SENT_BACK = frozenset({"U-1", "X-1"})


class CorrectionValueError(ValueError):
    """A corrected value the cell cannot hold; the message is Chinese."""


def parse_correction(report: Report, addr: str, text: str):
    """The office's typed value → int / Decimal / None (blank), by the cell's kind."""
    cell = report.format.cells.get(addr)
    if cell is None:
        raise CorrectionValueError("该单元格不属于本报告的年报格式")
    t = (text or "").strip().replace(",", "").replace("，", "")
    if t in ("", "空白", "-", "—", "/"):
        return None
    try:
        d = Decimal(t.removeprefix("+"))
    except ArithmeticError:
        raise CorrectionValueError(f"“{text}”不是数字；空白请留空") from None
    if not d.is_finite():
        raise CorrectionValueError(f"“{text}”不是数字")
    if cell.kind != Kind.AMOUNT and d != d.to_integral_value():
        raise CorrectionValueError(f"该单元格应为整数，收到“{text}”")
    if cell.kind == Kind.COUNT and d < 0:
        raise CorrectionValueError("该单元格不能为负数")
    return int(d) if d == d.to_integral_value() and cell.kind != Kind.AMOUNT else d.normalize()


def document_report(doc: Document) -> Report:
    """What the document says (as read), without corrections."""
    return interchange.from_dict(doc.report, doc.name)


def effective_report(doc: Document, corrections: list[Correction] | None = None) -> tuple[Report, set[str]]:
    """The document's report with the office's corrections applied, and the corrected addresses.

    A corrected cell is no longer unknown or inferred: a person read it from the original."""
    report = document_report(doc)
    corrected = set()
    for c in corrections if corrections is not None else doc.corrections.all():
        if c.address not in report.format.cells:
            continue
        report.cells[c.address] = parse_correction(report, c.address, c.value)
        report.unknown.discard(c.address)
        old = report.provenance.get(c.address)
        report.provenance[c.address] = Provenance(old.where if old else "", inferred=False)
        corrected.add(c.address)
    if doc.agency_id:
        report.agency = doc.agency.name
    return report, corrected


def finding_key(f: Finding) -> str:
    """The same finding in another version: same rule, table and member (cells may shift)."""
    return "|".join((f.rule, f.table or "", f.member or ""))[:300]


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


def counted_report(agency, year: int) -> tuple[str, Report | None, Document | None, tuple]:
    """(source, report, document, (platform state, mark, locked on)) for the agency-year."""
    platform = sources.platform_states([agency.pk], year)[agency.pk]
    doc = (Document.objects.filter(agency=agency, year=year, current=True)
           .select_related("agency").prefetch_related("corrections").first())
    if doc is not None:
        report, _ = effective_report(doc)
        return Source.UPLOAD, report, doc, platform
    if platform[0] in sources.FINAL:
        _, report = sources.platform_report(agency, year)
        if report is not None:
            return Source.PLATFORM, report, None, platform
    return Source.NONE, None, None, platform


def previous_report(agency, year: int) -> Report | None:
    prev = Entry.objects.filter(agency=agency, year=year - 1).values_list("report", flat=True).first()
    return interchange.from_dict(prev) if prev else None


def refresh_entry(agency, year: int, actor=None, cascade: bool = True) -> Entry:
    """Re-check the agency-year's counted report; carry finding statuses to the new version."""
    source, report, doc, (state, mark, locked_on) = counted_report(agency, year)
    entry, _ = Entry.objects.select_for_update().get_or_create(agency=agency, year=year)
    entry.source, entry.document = source, doc
    entry.platform_state, entry.platform_mark = state, mark
    entry.received_on = doc.received_on if doc is not None else locked_on if report is not None else None
    entry.checked_at = timezone.now()
    if report is None:
        entry.report = None
        entry.errors = entry.warnings = entry.infos = entry.cross_year = entry.doubtful = 0
        entry.unknown_cells = entry.inferred_cells = entry.open_findings = 0
        entry.save()
        return entry
    findings = checks.check(report, previous=previous_report(agency, year))
    version = doc.version if doc is not None else 0
    _track(agency, year, findings, report, version, actor)
    counted = [f for f in findings if f.rule not in NOT_SENT_BACK and not rests_on_doubt(f, report)]
    entry.report = interchange.to_dict(report)
    entry.errors = sum(f.severity == Severity.ERROR for f in counted)
    entry.warnings = sum(f.severity == Severity.WARNING for f in counted)
    entry.infos = sum(f.severity == Severity.INFO for f in counted)
    entry.cross_year = sum(f.rule in CROSS_YEAR_RULES for f in counted)
    entry.doubtful = sum(1 for f in findings if f.rule not in NOT_SENT_BACK and rests_on_doubt(f, report))
    entry.unknown_cells, entry.inferred_cells = len(report.unknown), len(report.inferred)
    entry.open_findings = TrackedFinding.objects.filter(
        agency=agency, year=year, present=True, counted=True, status=FindingStatus.OPEN).count()
    entry.save()
    if cascade:  # next year's cross-year findings compare with this report
        nxt = Entry.objects.filter(agency=agency, year=year + 1).exists()
        if nxt:
            refresh_entry(agency, year + 1, actor, cascade=False)
    return entry


def _track(agency, year: int, findings: list[Finding], report: Report, version: int, actor) -> None:
    """Upsert each finding by its key; one no longer found in a newer version is marked fixed."""
    existing = {t.key: t for t in TrackedFinding.objects.filter(agency=agency, year=year)}
    seen, new = set(), []
    for f in findings:
        if f.rule in NOT_SENT_BACK:
            continue
        key = finding_key(f)
        if key in seen:
            continue
        seen.add(key)
        t = existing.get(key)
        values = dict(rule=f.rule, severity=str(f.severity), message=f.message, cells=list(f.cells),
                      left=_text(f.left), right=_text(f.right), counted=not rests_on_doubt(f, report),
                      present=True, last_version=version)
        if t is None:
            new.append(TrackedFinding(agency=agency, year=year, key=key, first_version=version, **values))
            continue
        if t.status == FindingStatus.FIXED:  # back again in a newer version: open once more
            values.update(status=FindingStatus.OPEN, reason=f"第 {version} 版中再次出现" if version else "再次出现")
        for k, v in values.items():
            setattr(t, k, v)
        t.save()
    TrackedFinding.objects.bulk_create(new)
    for key, t in existing.items():
        if key in seen or not t.present:
            continue
        t.present = False
        if t.status in (FindingStatus.OPEN, FindingStatus.EXPLAINED):
            t.status = FindingStatus.FIXED
            t.reason = (f"第 {version} 版中已不再出现" if version else "新的报告中已不再出现")
            t.updated_by = actor if getattr(actor, "pk", None) else None
        t.save()


def lock_entry(agency, year: int) -> Entry:
    """Take the agency-year's row lock: versions, corrections and statuses change one at a time."""
    Entry.objects.get_or_create(agency=agency, year=year)
    return Entry.objects.select_for_update().get(agency=agency, year=year)


def refresh_counts(agency, year: int) -> None:
    """After a status change: only the count of open findings moves."""
    Entry.objects.filter(agency=agency, year=year).update(open_findings=TrackedFinding.objects.filter(
        agency=agency, year=year, present=True, counted=True, status=FindingStatus.OPEN).count())
