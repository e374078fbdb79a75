"""The one door for every change the supervising office makes.

Each ``do_*`` checks the role and the rule, writes inside ``transaction.atomic()`` and appends an
audit event (``supervision.*``).  Reading a document is slow, so `do_read_document` reads outside
any transaction and then records the outcome in a short one.  A refusal is a `SupervisionError`
with a Chinese message; nothing is written then.

Bad input never stops a batch: each file of an upload gets its own `Document` row — read, or
refused with its reason — and the uploaded bytes are kept either way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import formats, interchange
from gongkai.agencies.models import Agency
from gongkai.casework import audit
from gongkai.web.uploads import KIND_NAMES, MB, UploadRejected, private_storage, read_limited, sniff

from . import review, zips
from .models import Batch, Correction, Document, DocumentState, FindingStatus, TrackedFinding
from .permissions import can_upload, is_own_staff, region_of, supervises
from .region import read_guarded, same_agency

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 200 * MB  # one file or one ZIP, checked before it is read
MAX_FILES_PER_UPLOAD = 50
NOTE_MAX = 500
REASON_MAX = 1000
NOT_DOCUMENTS = {"png", "jpeg", "tiff", "xlsx", "ofd"}  # known kinds the readers cannot take


class SupervisionError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


# ---------------------------------------------------------------- upload


def do_upload(actor, government: Agency, year: int, files, agency: Agency | None = None,
              received_on: dt.date | None = None, enqueue: bool = True) -> Batch:
    """Store each uploaded file (or ZIP member) as a `Document` queued for reading, or refused with
    its reason; then enqueue the reading.  `agency`: the agency the report(s) belong to, when the
    uploader says (an agency's own upload always does)."""
    files = list(files)
    if not files:
        raise SupervisionError("请选择要上传的文件", field="files")
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise SupervisionError(f"一次最多上传 {MAX_FILES_PER_UPLOAD} 个文件（或把它们放进一个 ZIP 压缩包）", field="files")
    try:
        formats.for_year(year)
    except formats.FormatError as e:
        raise SupervisionError(str(e), field="year") from None
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise SupervisionError("报送日期不能晚于今天", field="received_on")
    if agency is not None:
        if not can_upload(actor, agency):
            raise SupervisionError("您不能为该机关上传年报", field="agency")
        if region_of(agency).pk != government.pk and not supervises(actor, agency):
            raise SupervisionError("该机关不属于本区域", field="agency")
    elif not supervises(actor, government):
        raise SupervisionError("只有本区域的公开办（上级监督人员）可以不指定机关批量上传", field="agency")

    storage = private_storage()
    names = ", ".join(getattr(f, "name", "文件") for f in files)
    with transaction.atomic():
        batch = Batch.objects.create(government=government, year=year, name=names[:255], uploaded_by=_actor(actor))
        known = dict(Document.objects.filter(government=government, year=year, state=DocumentState.READ)
                     .values_list("sha256", "name"))
        queued: list[int] = []

        def add(name: str, data: bytes | None, problem: str = "", kind: str = "") -> None:
            digest = hashlib.sha256(data or b"").hexdigest()
            path = ""
            if data:
                path = storage.save(f"supervision/{government.pk}/{year}/{batch.pk}/{uuid.uuid4().hex}", ContentFile(data))
            if not problem and digest in known:
                problem = f"与已上传的“{known[digest]}”内容完全相同（重复上传），未再次读取。"
            doc = Document.objects.create(
                batch=batch, government=government, year=year, expected_agency=agency, name=name[:255], path=path,
                size=len(data or b""), sha256=digest, kind=kind, received_on=received_on,
                state=DocumentState.REFUSED if problem else DocumentState.QUEUED, message=problem[:500])
            if not problem:
                known[digest] = name
                queued.append(doc.pk)

        for upload in files:
            name = getattr(upload, "name", "") or "文件"
            try:
                data = _bytes_of(upload)
            except UploadRejected as e:
                add(name, None, str(e))
                continue
            kind = sniff(data)
            if kind == "zip":
                try:
                    for m in zips.members(data, f"压缩包“{name}”"):
                        member_kind = sniff(m.data) if m.data else None
                        if m.data is not None and member_kind in NOT_DOCUMENTS | {"zip"}:
                            add(f"{name}/{m.name}", m.data, _not_a_document(member_kind))
                        else:
                            add(f"{name}/{m.name}", m.data, m.problem)
                except zips.ZipRefused as e:
                    add(name, data, str(e))
                    batch.message = str(e)[:500]
                    batch.save(update_fields=["message"])
            elif kind in NOT_DOCUMENTS:
                add(name, data, _not_a_document(kind))
            else:
                add(name, data)
        audit.record(actor, "supervision.upload", batch, None,
                     {"year": year, "files": len(files), "queued": len(queued),
                      "agency": agency.code if agency else None},
                     f"上传{year}年度年报 {len(files)} 个文件")
    if enqueue:
        from .tasks import read_document

        for pk in queued:
            read_document.enqueue(pk)
    return batch


def _bytes_of(upload) -> bytes:
    data = read_limited(upload, MAX_UPLOAD_BYTES, "文件")
    if not data.strip():
        raise UploadRejected(f"文件“{getattr(upload, 'name', '') or '文件'}”是空文件。")
    return data


def _not_a_document(kind: str | None) -> str:
    if kind in ("png", "jpeg", "tiff"):
        return f"是{KIND_NAMES[kind]}，不是可读取文字的年报；扫描件请先转为带文字层的 PDF 或文本。"
    if kind == "zip":
        return "是嵌套的压缩包，不会展开；请把其中的文件直接放进一个压缩包。"
    return f"是{KIND_NAMES.get(kind, '无法识别的格式')}，不是年报文件（只接受 txt、md、html、docx、pdf、doc）。"


# ---------------------------------------------------------------- reading (the background task)


def do_read_document(document_id: int) -> Document:
    """Read one queued document and accept it as a version of its agency-year, or refuse it.

    The reading runs outside any transaction; the outcome is recorded in one short transaction."""
    with transaction.atomic():
        doc = (Document.objects.select_for_update(of=("self",)).select_related("government", "expected_agency")
               .get(pk=document_id))
        if doc.state != DocumentState.QUEUED:
            return doc  # read already (a task run twice)
        doc.state = DocumentState.READING
        doc.save(update_fields=["state"])
    t = time.perf_counter()
    try:
        with private_storage().open(doc.path, "rb") as f:
            data = f.read()
        outcome = read_guarded(doc.name.rsplit("/", 1)[-1], data)
    except OSError as e:
        outcome = None
        problem = f"保存的文件无法打开（{e.strerror or e}）"
    else:
        problem = outcome.error
    elapsed = int((time.perf_counter() - t) * 1000)
    agency = None
    if outcome is not None and outcome.report is not None:
        problem, agency = _place(doc, outcome.report)
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=document_id)
        doc.read_at, doc.read_ms = timezone.now(), elapsed
        if outcome is not None:
            doc.kind = outcome.kind
            if outcome.report is not None:
                doc.report = interchange.to_dict(outcome.report)
        if not problem:
            problem = _same_as_current(doc, agency)
        if problem:
            doc.state, doc.message = DocumentState.REFUSED, _strip_name(problem, doc.name)[:500]
            doc.save()
            audit.record(None, "supervision.refuse", doc, None, {"message": doc.message}, f"未采用“{doc.name}”")
            return doc
        review.lock_entry(agency, doc.year)
        latest = Document.objects.filter(agency=agency, year=doc.year).aggregate(v=Max("version"))["v"] or 0
        Document.objects.filter(agency=agency, year=doc.year, current=True).update(current=False)
        doc.agency, doc.version, doc.current = agency, latest + 1, True
        doc.state, doc.message = DocumentState.READ, ""
        doc.save()
        audit.record(None, "supervision.accept", doc, None,
                     {"agency": agency.code, "year": doc.year, "version": doc.version},
                     f"{agency.name}{doc.year}年度年报第 {doc.version} 版（{doc.name}）")
        review.refresh_entry(agency, doc.year)
    return doc


def do_record_failure(document_id: int, error: Exception) -> None:
    """The reading task failed unexpectedly: say so on the file instead of leaving it queued."""
    with transaction.atomic():
        doc = Document.objects.select_for_update().filter(pk=document_id).first()
        if doc is None or doc.state not in (DocumentState.QUEUED, DocumentState.READING):
            return
        doc.state = DocumentState.REFUSED
        doc.message = f"读取时发生内部错误（{type(error).__name__}），文件已保存；请稍后重新上传或联系管理员。"
        doc.save(update_fields=["state", "message"])
        audit.record(None, "supervision.fail", doc, None, {"error": type(error).__name__}, f"读取“{doc.name}”失败")


def _strip_name(message: str, name: str) -> str:
    """Readers start their messages with the file name; the page shows it beside the message already."""
    base = name.rsplit("/", 1)[-1]
    for prefix in (f"{name}: ", f"{base}: "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _place(doc: Document, report) -> tuple[str, Agency | None]:
    """Which agency of the region the report belongs to, or why it cannot be accepted."""
    if report.year != doc.year:
        return (f"文档是 {report.year} 年度的年报，不是 {doc.year} 年度的；请在 {report.year} 年度上传。", None)
    if doc.expected_agency is not None:
        named = report.agency or ""
        if named and not same_agency(named, doc.expected_agency.name) and not _close(named, doc.expected_agency.name):
            return (f"文档署名为“{named}”，不是所选的“{doc.expected_agency.name}”；"
                    "如确属该机关的年报，请核对后重新上传。", None)
        return "", doc.expected_agency
    if not report.agency:
        return ("文档中未能读出机关名称，无法确定是哪个机关的年报；请在上传时选择机关。", None)
    # the printed name as stored (one indexed query), else every name of the region compared normalised
    exact = [a for a in Agency.objects.filter(name=report.agency.strip()) if _within(a, doc.government)]
    if len(exact) == 1:
        return "", exact[0]
    region = list(Agency.objects.filter(pk__in=doc.government.descendants_ids()).values_list("pk", "name"))
    matches = [pk for pk, name in region if same_agency(report.agency, name)] or \
        [pk for pk, name in region if _close(report.agency, name)]
    if len(matches) == 1:
        return "", Agency.objects.get(pk=matches[0])
    if not matches:
        return (f"文档署名为“{report.agency}”，不是{doc.government.name}所辖机关；请核对后上传到正确的区域。", None)
    names = "、".join(name for pk, name in region if pk in matches)
    return (f"文档署名“{report.agency}”可对应多个机关（{names}），请在上传时选择机关。", None)


def _within(agency: Agency, government: Agency) -> bool:
    node = agency
    while node is not None:
        if node.pk == government.pk:
            return True
        node = node.parent
    return False


def _close(printed: str, name: str) -> bool:
    """Printed names drop the government's prefix or add it ("商务局" / "海宁市商务局")."""
    from gongkai.checks.sections import normalise

    a, b = normalise(printed), normalise(name)
    return len(a) >= 4 and len(b) >= 4 and (a.endswith(b) or b.endswith(a))


def _same_as_current(doc: Document, agency: Agency | None) -> str:
    """The same report uploaded again (re-saved, another file kind): its content equals the current version."""
    if agency is None or doc.report is None:
        return ""
    current = Document.objects.filter(agency=agency, year=doc.year, current=True).first()
    if current is None or current.report is None:
        return ""
    a, b = current.report, doc.report
    if a.get("cells") == b.get("cells") and a.get("sections") == b.get("sections"):
        return f"内容与{agency.name}当前的第 {current.version} 版（“{current.name}”）完全相同（重复上传），未作为新版本。"
    return ""


# ---------------------------------------------------------------- corrections and statuses


def do_correct_cell(actor, doc: Document, address: str, value: str, note: str) -> Correction:
    """The office corrects a cell the reader misread; the document's own reading is kept."""
    if doc.agency is None or not supervises(actor, doc.agency):
        raise SupervisionError("只有上级公开办可以更正读取结果")
    if doc.state != DocumentState.READ or doc.report is None:
        raise SupervisionError("该文件未被采用，不能更正")
    note = (note or "").strip()
    if not note:
        raise SupervisionError("请写明更正依据（如“原文第 2 页表三第 3 行为 12”）", field="note")
    if len(note) > NOTE_MAX:
        raise SupervisionError(f"更正说明不能超过 {NOTE_MAX} 个字", field="note")
    from gongkai.web.textfields import refuse_control_characters

    try:
        refuse_control_characters(note, "更正说明")
        refuse_control_characters(value or "", "更正后的值")
    except Exception as e:  # ValidationError
        raise SupervisionError(" ".join(getattr(e, "messages", [str(e)])), field="note") from None
    read = review.document_report(doc)
    try:
        parsed = review.parse_correction(read, address, value)
    except review.CorrectionValueError as e:
        raise SupervisionError(str(e), field="value") from None
    stored = "" if parsed is None else interchange.csv_value(parsed)
    with transaction.atomic():
        review.lock_entry(doc.agency, doc.year)
        old = Correction.objects.filter(document=doc, address=address).first()
        before = {"value": old.value if old else interchange.csv_value(read.cells[address]),
                  "unknown": address in read.unknown, "note": old.note if old else ""}
        c, _ = Correction.objects.update_or_create(document=doc, address=address,
                                                   defaults={"value": stored, "note": note, "by": _actor(actor)})
        audit.record(actor, "supervision.correct", doc, before, {"value": stored, "unknown": False, "note": note},
                     f"更正 {address} 为 {stored or '空白'}：{note}")
        review.refresh_entry(doc.agency, doc.year, actor)
    return c


def do_remove_correction(actor, correction: Correction) -> None:
    doc = correction.document
    if doc.agency is None or not supervises(actor, doc.agency):
        raise SupervisionError("只有上级公开办可以撤销更正")
    with transaction.atomic():
        review.lock_entry(doc.agency, doc.year)
        audit.record(actor, "supervision.uncorrect", doc, {"address": correction.address, "value": correction.value},
                     None, f"撤销对 {correction.address} 的更正")
        correction.delete()
        review.refresh_entry(doc.agency, doc.year, actor)


def do_set_finding_status(actor, finding: TrackedFinding, status: str, reason: str = "") -> TrackedFinding:
    """open / explained / fixed / dismissed.  The office may set any; the agency itself may explain."""
    if status not in FindingStatus.values:
        raise SupervisionError("未知的状态", field="status")
    agency = finding.agency
    office = supervises(actor, agency)
    if not office and not (is_own_staff(actor, agency) and status == FindingStatus.EXPLAINED):
        raise SupervisionError("您不能修改该审查意见的状态" if is_own_staff(actor, agency) else "无权操作")
    reason = (reason or "").strip()
    if status in (FindingStatus.EXPLAINED, FindingStatus.DISMISSED) and not reason:
        what = "说明" if status == FindingStatus.EXPLAINED else "不予采纳的理由"
        raise SupervisionError(f"请填写{what}", field="reason")
    if len(reason) > REASON_MAX:
        raise SupervisionError(f"不能超过 {REASON_MAX} 个字", field="reason")
    from gongkai.web.textfields import refuse_control_characters

    try:
        refuse_control_characters(reason, "说明")
    except Exception as e:  # ValidationError
        raise SupervisionError(" ".join(getattr(e, "messages", [str(e)])), field="reason") from None
    with transaction.atomic():
        review.lock_entry(agency, finding.year)
        t = TrackedFinding.objects.select_for_update().get(pk=finding.pk)
        before = {"status": t.status, "reason": t.reason}
        t.status, t.reason, t.updated_by = status, reason, _actor(actor)
        t.save()
        audit.record(actor, "supervision.finding_status", t, before, {"status": status, "reason": reason},
                     f"{agency.name}{t.year}年度 {t.rule}：{FindingStatus(status).label}")
        review.refresh_counts(agency, t.year)
    return t


def do_check_agency_year(actor, agency: Agency, year: int):
    """Check the agency-year's counted report now (its first visit, or the platform's report changed)."""
    if not (supervises(actor, agency) or is_own_staff(actor, agency)):
        raise SupervisionError("无权操作")
    with transaction.atomic():
        return review.refresh_entry(agency, year, actor)


def do_sync_region(actor, government: Agency, year: int) -> int:
    """Re-check agency-years whose report in gongkai changed (locked since last checked); returns how many."""
    from . import sources
    from .models import Entry

    if not supervises(actor, government):
        raise SupervisionError("只有本区域的公开办可以重新检查")
    ids = government.descendants_ids()
    states = sources.platform_states(ids, year)
    entries = {a: (mark, state) for a, mark, state in Entry.objects.filter(agency_id__in=ids, year=year)
               .values_list("agency_id", "platform_mark", "platform_state")}
    stale = [i for i, (state, mark, _) in states.items()
             if (i not in entries and state in sources.FINAL) or (i in entries and entries[i] != (mark, state))]
    for agency in Agency.objects.filter(pk__in=stale):
        with transaction.atomic():
            review.refresh_entry(agency, year, actor)
    if stale:
        with transaction.atomic():
            audit.record(actor, "supervision.sync", government, None, {"year": year, "agencies": len(stale)},
                         f"重新检查{year}年度平台生成的年报 {len(stale)} 份")
    return len(stale)
