"""The supervising office's pages.  Thin: reads through selectors/summary, writes through actions.

Every page checks access first: a supervisor sees the region below their government, an agency's
own staff their own agency; anything else is a 404 (not a 403: another agency's existence is not
disclosed).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Agency
from gongkai.checks import SEVERITY_ZH
from gongkai.formats import FormatError, for_year
from gongkai.writers import MEDIA_TYPES

from . import actions, charts, display, region, review, selectors, sheets, sources, summary
from .forms import CorrectionForm, StatusForm, UploadForm, YearFilterForm
from .models import Batch, Correction, Document, DocumentState, Entry, FindingStatus, Source, TrackedFinding
from .permissions import can_upload, can_view, is_own_staff, own_agencies, region_of, regions_of, supervises

XLSX = MEDIA_TYPES["xlsx"]


def _base(request, **extra) -> dict:
    from gongkai.staff import queries

    return {"nav": "supervision", "role_names": queries.role_names(request.user),
            "current_agency": queries.primary_agency(request.user), **extra}


def _today() -> dt.date:
    return timezone.localdate()


def _default_year() -> int:
    return _today().year - 1  # the year whose reports are due now


def _year(year: int) -> int:
    try:
        for_year(year)
    except FormatError:
        raise Http404("没有该年度的年报格式") from None
    if year > _today().year:
        raise Http404("年度尚未开始")
    return year


def _region(request, gov_id: int) -> Agency:
    gov = get_object_or_404(Agency, pk=gov_id)
    if not supervises(request.user, gov):
        raise Http404("找不到该区域")
    return gov


def _agency(request, agency_id: int) -> Agency:
    agency = get_object_or_404(Agency.objects.select_related("parent"), pk=agency_id)
    if not can_view(request.user, agency):
        raise Http404("找不到该机关")
    return agency


def _download(data: bytes, name: str, kind: str) -> HttpResponse:
    from urllib.parse import quote

    resp = HttpResponse(data, content_type=MEDIA_TYPES.get(kind, "application/octet-stream"))
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp


# ---------------------------------------------------------------- index


@login_required
def index(request):
    regions = regions_of(request.user)
    mine = own_agencies(request.user)
    if len(regions) == 1 and not request.GET.get("all"):
        return redirect("supervision:year", gov_id=regions[0].pk, year=_default_year())
    if not regions and len(mine) == 1:
        return redirect("supervision:agency_year", agency_id=mine[0].pk, year=_default_year())
    return render(request, "supervision/index.html",
                  _base(request, regions=regions, mine=mine, year=_default_year()))


# ---------------------------------------------------------------- the region's year


@login_required
def year_page(request, gov_id: int, year: int):
    gov, year = _region(request, gov_id), _year(year)
    actions.do_sync_region(request.user, gov, year)  # reports locked in gongkai since the last visit
    rows = selectors.year_rows(gov, year, _today())
    form = YearFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_bound and form.is_valid() else {}
    shown = selectors.filter_and_sort(rows, f.get("show") or "", f.get("order") or "", (f.get("q") or "").strip())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        name = f"{gov.name}{year}年度年报报送情况.{export}"
        data = (region.to_csv(selectors.EXPORT_COLUMNS, selectors.export_rows(shown)) if export == "csv"
                else region.to_xlsx([("报送情况", selectors.EXPORT_COLUMNS, selectors.export_rows(shown))]))
        return _download(data, name, export)
    batches = list(Batch.objects.filter(government=gov, year=year).order_by("-uploaded_at", "-id")[:5])
    _batch_progress(batches)
    totals = {
        "agencies": len(rows), "received": sum(r.received_on is not None for r in rows),
        "late": sum(bool(r.lateness) for r in rows), "errors": sum(r.counts["errors"] for r in rows),
        "open": sum(r.counts["open_findings"] for r in rows),
    }
    query = request.GET.copy()
    query.pop("export", None)
    ctx = _base(request, gov=gov, year=year, rows=shown, totals=totals, form=form, batches=batches,
                upload_form=UploadForm(agencies=[r.agency for r in rows]), years=_years(),
                query=query.urlencode(), today=_today(), deadlines=selectors.DEADLINES,
                base=reverse("supervision:index"))
    return render(request, "supervision/year.html", ctx)


def _years() -> list[int]:
    return list(range(_today().year - 1, 2018, -1))


def _batch_progress(batches: list[Batch]) -> None:
    from django.db.models import Count, Q

    counts = {r["batch_id"]: r for r in Document.objects.filter(batch__in=batches).values("batch_id").annotate(
        total=Count("id"), pending=Count("id", filter=Q(state__in=(DocumentState.QUEUED, DocumentState.READING))),
        refused=Count("id", filter=Q(state=DocumentState.REFUSED)),
        read=Count("id", filter=Q(state=DocumentState.READ))).order_by()}
    for b in batches:
        c = counts.get(b.pk, {"total": 0, "pending": 0, "refused": 0, "read": 0})
        b.total, b.pending, b.refused_n, b.read_n = c["total"], c["pending"], c["refused"], c["read"]
        b.done = c["total"] - c["pending"]


@login_required
@require_POST
def sync(request, gov_id: int, year: int):
    gov, year = _region(request, gov_id), _year(year)
    n = actions.do_sync_region(request.user, gov, year)
    messages.success(request, f"已重新检查平台生成的年报 {n} 份。" if n else "平台生成的年报没有变化。")
    return redirect("supervision:year", gov_id=gov.pk, year=year)


# ---------------------------------------------------------------- uploads


@login_required
@require_POST
def upload(request, year: int):
    year = _year(year)
    agency_id = request.POST.get("agency") or ""
    fixed = None
    if agency_id.isdigit():
        fixed = get_object_or_404(Agency, pk=int(agency_id))
        if not can_upload(request.user, fixed):
            raise Http404("找不到该机关")
        gov = region_of(fixed)
        if request.POST.get("gov", "").isdigit() and supervises(request.user, get_object_or_404(
                Agency, pk=int(request.POST["gov"]))):
            gov = get_object_or_404(Agency, pk=int(request.POST["gov"]))
    else:
        gov = _region(request, int(request.POST.get("gov") or 0))
    form = UploadForm(request.POST, request.FILES, agencies=[fixed] if fixed else [],
                      fixed_agency=fixed)
    back = (reverse("supervision:agency_year", args=[fixed.pk, year]) if fixed and not supervises(request.user, gov)
            else reverse("supervision:year", args=[gov.pk, year]))
    if fixed is None:
        form.fields["agency"].queryset = Agency.objects.filter(pk__in=gov.descendants_ids())
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        batch = actions.do_upload(request.user, gov, year, request.FILES.getlist("files"),
                                  agency=form.cleaned_data.get("agency") or fixed,
                                  received_on=form.cleaned_data.get("received_on"))
    except actions.SupervisionError as e:
        messages.error(request, e.message)
        return redirect(back)
    messages.success(request, f"已上传 {batch.documents.count()} 个文件，正在后台读取。")
    return redirect("supervision:batch", pk=batch.pk)


def _batch_for(request, pk: int) -> Batch:
    batch = get_object_or_404(Batch.objects.select_related("government"), pk=pk)
    if supervises(request.user, batch.government):
        return batch
    if batch.uploaded_by_id == request.user.pk:
        return batch
    raise Http404("找不到该批次")


@login_required
def batch_page(request, pk: int):
    batch = _batch_for(request, pk)
    docs = list(batch.documents.select_related("agency", "expected_agency").order_by("id"))
    pending = sum(d.state in (DocumentState.QUEUED, DocumentState.READING) for d in docs)
    if request.GET.get("format") == "json":
        from django.http import JsonResponse

        return JsonResponse({"total": len(docs), "pending": pending,
                             "documents": [{"id": d.pk, "name": d.name, "state": d.state, "message": d.message,
                                            "agency": d.agency.name if d.agency else None, "version": d.version}
                                           for d in docs]})
    ctx = _base(request, batch=batch, docs=docs, pending=pending, done=len(docs) - pending,
                states=dict(DocumentState.choices))
    return render(request, "supervision/batch.html", ctx)


# ---------------------------------------------------------------- an agency's year


@login_required
def agency_year(request, agency_id: int, year: int):
    agency, year = _agency(request, agency_id), _year(year)
    gov = region_of(agency)
    office = supervises(request.user, agency)
    entry = Entry.objects.filter(agency=agency, year=year).select_related("document").first()
    if entry is None or (entry.source != Source.UPLOAD and entry.platform_state != sources.platform_states(
            [agency.pk], year)[agency.pk][0]):
        entry = actions.do_check_agency_year(request.user, agency, year)  # first visit, or the platform's report changed
    report = None
    if entry.report:
        from gongkai import interchange

        report = interchange.from_dict(entry.report)
    docs = list(Document.objects.filter(agency=agency, year=year).order_by("-version"))
    pending = list(Document.objects.filter(expected_agency=agency, year=year, agency__isnull=True)
                   .order_by("-id")[:10])
    findings = list(TrackedFinding.objects.filter(agency=agency, year=year).order_by("present", "severity", "id")
                    .select_related("updated_by"))
    findings.sort(key=lambda t: (not t.present, not t.counted, {"error": 0, "warning": 1}.get(t.severity, 2), t.id))
    years = [y for y in range(year - 4, year + 1) if y >= 2019]
    history = _history(summary.agency_years(agency, years), years)
    ctx = _base(
        request, agency=agency, gov=gov, year=year, entry=entry, report=report, docs=docs, pending=pending,
        findings=findings, office=office, own=is_own_staff(request.user, agency),
        severity_names=SEVERITY_ZH, statuses=FindingStatus.choices,
        upload_form=UploadForm(fixed_agency=agency), history=history,
        deadline=selectors.deadline(agency, gov, year), platform_state=sources.STATE_NAMES.get(entry.platform_state, ""),
        grids=_grids(report, set()) if report is not None and entry.source == Source.PLATFORM else None,
    )
    return render(request, "supervision/agency_year.html", ctx)


def _history(reports: dict, years: list[int]) -> dict | None:
    """Each cell across years: rows are the cells of the newest format that any year fills."""
    if len(reports) < 1:
        return None
    newest = reports[max(reports)]
    fmt = newest.format
    from gongkai.checks.arithmetic import cell_label

    rows = []
    for addr in fmt.cells:
        values = [reports[y].cells.get(addr) if y in reports and addr in reports[y].format.cells else "—"
                  for y in years]
        unknown = [y in reports and addr in reports[y].unknown for y in years]
        if all(v in (None, "—") for v in values):
            continue
        rows.append({"label": cell_label(addr, fmt), "values": list(zip(values, unknown, strict=True))})
    return {"years": years, "rows": rows, "have": sorted(reports)}


def _grids(report, corrected: set[str], link: str | None = None):
    """The report's tables as printed (writers.layout), each value cell with its reading state."""
    from gongkai.writers import layout

    out = []
    for grid in layout.grids(report):
        rows = []
        for cells in grid.rows():
            row = []
            for c in cells:
                state = region.cell_state(report, c.address, corrected) if c.address else ""
                row.append({"c": c, "state": state, "text": layout.value_text(c.value) if c.address else c.text,
                            "where": display.where(report.provenance.get(c.address)).text if c.address else ""})
            rows.append(row)
        out.append({"key": grid.key, "rows": rows})
    return out


@login_required
def sheet(request, agency_id: int, year: int, fmt: str):
    agency, year = _agency(request, agency_id), _year(year)
    entry = get_object_or_404(Entry, agency=agency, year=year)
    if entry.report is None:
        raise Http404("尚未收到该机关的年报")
    from gongkai import interchange

    report = interchange.from_dict(entry.report)
    source = (f"上传的第 {entry.document.version} 版（{entry.document.name.rsplit('/', 1)[-1]}）"
              if entry.source == Source.UPLOAD and entry.document else "在本平台生成的年报")
    s = sheets.build(entry, report, source)
    if fmt == "html":
        return HttpResponse(sheets.to_html(s))
    if fmt not in ("docx", "pdf"):
        raise Http404("不支持的格式")
    data = sheets.to_docx(s) if fmt == "docx" else sheets.to_pdf(s)
    return _download(data, f"{s.title}.{fmt}", fmt)


@login_required
@require_POST
def finding_status(request, pk: int):
    t = get_object_or_404(TrackedFinding.objects.select_related("agency"), pk=pk)
    if not can_view(request.user, t.agency):
        raise Http404("找不到该意见")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            actions.do_set_finding_status(request.user, t, form.cleaned_data["status"], form.cleaned_data["reason"])
        except actions.SupervisionError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"{t.rule} 已标记为“{FindingStatus(form.cleaned_data['status']).label}”。")
    return redirect(reverse("supervision:agency_year", args=[t.agency_id, t.year]) + f"#finding-{t.pk}")


# ---------------------------------------------------------------- a document (one version)


def _document_for(request, pk: int) -> Document:
    doc = get_object_or_404(Document.objects.select_related("agency", "expected_agency", "government", "batch"), pk=pk)
    agency = doc.agency or doc.expected_agency
    if supervises(request.user, doc.government) or (agency is not None and can_view(request.user, agency)):
        return doc
    if doc.batch.uploaded_by_id == request.user.pk:
        return doc
    raise Http404("找不到该文件")


@login_required
def document_page(request, pk: int):
    doc = _document_for(request, pk)
    if doc.report is None:
        return render(request, "supervision/document.html", _base(request, doc=doc, report=None))
    corrections = list(doc.corrections.select_related("by").order_by("address"))
    report, corrected = review.effective_report(doc, corrections)
    from gongkai.checks.arithmetic import cell_label

    for c in corrections:
        c.label = cell_label(c.address, report.format) if c.address in report.format.cells else c.address
    read = review.document_report(doc)
    cell = request.GET.get("cell")
    focus = None
    if cell and cell in report.format.cells:
        focus = _focus(doc, read, report, cell, corrections)
    office = doc.agency is not None and supervises(request.user, doc.agency) and doc.state == DocumentState.READ
    ctx = _base(request, doc=doc, report=report, grids=_grids(report, corrected), focus=focus, office=office,
                corrections=corrections, issues=[display.issue_text(i) for i in read.document_issues],
                read_unknown=len(read.unknown), read_inferred=len(read.inferred), n_cells=len(report.format.cells),
                form=CorrectionForm(initial={"value": focus["value"]} if focus else None))
    return render(request, "supervision/document.html", ctx)


def _focus(doc: Document, read, report, addr: str, corrections) -> dict:
    from gongkai.checks.arithmetic import cell_label
    from gongkai.interchange import csv_value

    w = display.where(read.provenance.get(addr))
    excerpt = None
    if w.line and doc.kind == "text":
        try:
            from gongkai.readers import decode_text

            with _open(doc) as f:
                excerpt = display.excerpt(decode_text(f.read(), doc.name), w.line)
        except Exception:  # noqa: BLE001 - the excerpt is a convenience; the provenance text stays
            excerpt = None
    c = next((c for c in corrections if c.address == addr), None)
    return {"address": addr, "label": cell_label(addr, report.format), "where": w, "excerpt": excerpt,
            "read": "" if read.cells.get(addr) is None else csv_value(read.cells[addr]),
            "value": "" if report.cells.get(addr) is None else csv_value(report.cells[addr]),
            "unknown": addr in read.unknown, "inferred": addr in read.inferred, "correction": c,
            "page_image": reverse("supervision:page_image", args=[doc.pk, w.page]) if w.page and doc.kind == "pdf" else None}


def _open(doc: Document):
    from gongkai.web.uploads import private_storage

    return private_storage().open(doc.path, "rb")


@login_required
@require_POST
def correct(request, pk: int):
    doc = _document_for(request, pk)
    addr = request.POST.get("address", "")
    form = CorrectionForm(request.POST)
    target = reverse("supervision:document", args=[doc.pk]) + "?" + _q(cell=addr)
    if "remove" in request.POST:
        c = get_object_or_404(Correction, document=doc, address=addr)
        try:
            actions.do_remove_correction(request.user, c)
        except actions.SupervisionError as e:
            messages.error(request, e.message)
        return redirect(target)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(target)
    try:
        actions.do_correct_cell(request.user, doc, addr, form.cleaned_data["value"], form.cleaned_data["note"])
    except actions.SupervisionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已更正，并已重新检查该报告。")
    return redirect(target)


def _q(**kw) -> str:
    from urllib.parse import urlencode

    return urlencode(kw)


@login_required
def original(request, pk: int):
    doc = _document_for(request, pk)
    if not doc.path:
        raise Http404("该文件未保存（上传时即被拒绝）")
    with _open(doc) as f:
        data = f.read()
    from gongkai.web.uploads import CONTENT_TYPES, sniff

    kind = sniff(data) or ("html" if doc.kind == "html" else "text")
    from urllib.parse import quote

    resp = HttpResponse(data, content_type=CONTENT_TYPES.get(kind, "application/octet-stream"))
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(doc.name.rsplit('/', 1)[-1])}"
    resp["Content-Security-Policy"] = "sandbox"
    return resp


MAX_PAGE_IMAGE = 500  # pages: a PDF longer than this is not rendered page by page here


@login_required
def page_image(request, pk: int, page: int):
    """One page of an uploaded PDF as PNG (pypdfium2, which pdfplumber brings), beside a cell's provenance."""
    doc = _document_for(request, pk)
    if doc.kind != "pdf" or not doc.path:
        raise Http404("不是 PDF")
    import io

    import pypdfium2 as pdfium

    with _open(doc) as f:
        data = f.read()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise Http404("PDF 无法打开") from None
    try:
        if not 1 <= page <= min(len(pdf), MAX_PAGE_IMAGE):
            raise Http404("没有该页")
        image = pdf[page - 1].render(scale=1.5).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG")
    finally:
        pdf.close()
    return HttpResponse(buf.getvalue(), content_type="image/png")


# ---------------------------------------------------------------- the summary, years and charts


@login_required
def summary_page(request, gov_id: int, year: int):
    gov, year = _region(request, gov_id), _year(year)
    actions.do_sync_region(request.user, gov, year)
    scope = request.GET.get("scope", "all")
    s = summary.build(gov, year, scope)
    download = request.GET.get("download")
    if download and s.report is not None:
        base = f"{gov.name}{year}年度年报汇总（{s.scope_name}）"
        if download in ("xlsx", "csv"):
            rows = [region.Row("汇总", "汇总", s.report), *s.included]
            cells = region.cell_rows(rows)
            if download == "csv":
                return _download(region.to_csv(region.CELL_COLUMNS, cells), base + ".csv", "csv")
            items = [(r.agency, review_findings(r.report), r.report) for r in s.included]
            data = region.to_xlsx([
                ("单元格", region.CELL_COLUMNS, cells),
                ("汇总检查", region.FINDING_COLUMNS, region.finding_rows([("汇总", s.findings, s.report)])),
                ("各机关检查", region.FINDING_COLUMNS, region.finding_rows(items)),
            ])
            return _download(data, base + ".xlsx", "xlsx")
        if download in ("docx", "pdf", "html", "json"):
            from gongkai.writers import render as render_report

            return _download(render_report(s.report, download), base + "." + download, download)
        raise Http404("不支持的格式")
    fragment = None
    if s.report is not None:
        from gongkai.writers import html as html_writer

        fragment = html_writer.fragment(s.report)
    ctx = _base(request, gov=gov, year=year, s=s, scope=s.scope, scopes=summary.SCOPES, fragment=fragment,
                errors=[f for f in s.findings if f.severity == "error"], severity_names=SEVERITY_ZH)
    return render(request, "supervision/summary.html", ctx)


def review_findings(report):
    from gongkai import checks

    return checks.check(report)


@login_required
def charts_page(request, gov_id: int, year: int):
    gov, year = _region(request, gov_id), _year(year)
    scope = request.GET.get("scope", "all")
    years = [y for y in range(year - 4, year + 1) if y >= 2019]
    summaries = summary.region_years(gov, years, scope)
    have = sorted(summaries)
    items = []
    if summaries:
        items.append(charts.applications_by_year(summaries))
        if year in summaries:
            items.append(charts.outcomes(summaries[year]))
            items.append(charts.agencies_compared(summaries[year]))
    items.append(charts.findings_trend(gov, years))
    history = _history({y: s.report for y, s in summaries.items()}, years) if summaries else None
    ctx = _base(request, gov=gov, year=year, scope=scope if scope in summary.SCOPES else "all",
                scopes=summary.SCOPES, charts=[{"spec": c, "table": charts.table(c), "data_id": f"data-{c['id']}"} for c in items],
                history=history, have=have)
    return render(request, "supervision/charts.html", ctx)
