"""Staff pages of the annual report.  Thin: reads through `build`/`selectors`, writes only
through the actions (`drafting`, `locks`, `publication`, `previous`).

/annual/                          the year's reports of the agencies the user sees, with due dates
/annual/<code>/<year>/            one agency-year: the draft with every finding, lock, publish, correct
/annual/<code>/<year>/table2/     表二 figures with their sources; CSV/XLSX import (dry run first)
/annual/<code>/<year>/sections/   the six sections, with the facts the platform knows beside them
/annual/<code>/<year>/draft.<kind> the draft (or locked report) as a file
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai import interchange, writers
from gongkai.agencies.permissions import agencies_visible_to
from gongkai.casework.errors import CaseworkError, StaleVersion, YearLocked
from gongkai.formats import FIRST_YEAR, FormatError, for_year
from gongkai.writers import html as report_html

from . import build, drafting, due, facts, locks, previous, publication, selectors, table2, table2_import
from .forms import CorrectionForm, LockForm, PublishForm, SectionsForm, Table2ImportForm, UploadForm
from .models import AnnualReport, ReportLock, ReportReminder

DRAFT_KINDS = ("pdf", "docx", "xlsx", "html", "json")


def _context(request, **extra) -> dict:
    from gongkai.staff.queries import primary_agency, role_names

    return {"nav": "annual", "role_names": role_names(request.user),
            "current_agency": primary_agency(request.user), **extra}


def _agency_year(request, code: str, year: int):
    agency = agencies_visible_to(request.user).filter(code=code).first()
    if agency is None:
        raise Http404("没有这个机关，或您无权查看")
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404(f"没有 {year} 年度的年报")
    try:
        fmt = for_year(year)
    except FormatError as e:
        raise Http404(str(e)) from None
    return agency, fmt


def _here(agency, year: int, name: str = "report") -> str:
    return reverse(f"annual:{name}", args=[agency.code, year])


@login_required
def index(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        year = today.year - 1
    year = min(max(year, FIRST_YEAR), today.year)
    agencies = list(agencies_visible_to(request.user).order_by("code"))
    locks_by = {lk.agency_id: lk for lk in ReportLock.objects.filter(agency__in=agencies, year=year)}
    drafts = set(AnnualReport.objects.filter(agency__in=agencies, year=year).values_list("agency_id", flat=True))
    latest = {}
    for p in selectors.Publication.objects.filter(agency__in=agencies, year=year).order_by("number"):
        latest[p.agency_id] = p
    rows = []
    for a in agencies:
        lock, pub = locks_by.get(a.pk), latest.get(a.pk)
        if lock is not None:
            state = selectors.PUBLISHED if pub is not None and pub.lock_id == lock.pk else selectors.LOCKED
        elif pub is not None:
            state = selectors.CORRECTING
        else:
            state = selectors.DRAFT if a.pk in drafts else selectors.NOT_STARTED
        due_on = due.due_date(a, year)
        rows.append({"agency": a, "state": state, "state_label": selectors.STATE_LABELS[state], "due_on": due_on,
                     "days_left": (due_on - today).days, "overdue_days": (today - due_on).days, "published": pub,
                     "late": state not in (selectors.PUBLISHED,) and due_on < today})
    reminders = ReportReminder.objects.filter(agency__in=agencies).select_related("agency").order_by("-created_at")[:20]
    return render(request, "annual/index.html", _context(
        request, year=year, rows=rows, reminders=reminders, years=range(today.year, FIRST_YEAR - 1, -1),
        remind_days=due.REMIND_DAYS))


def _findings_view(findings) -> list[dict]:
    out = []
    for f in findings:
        d = f if isinstance(f, dict) else f.to_dict()
        out.append({**d, "severity_label": {"error": "错误", "warning": "警告", "info": "提示"}[d["severity"]]})
    return out


@login_required
def report(request, code: str, year: int, forms: dict | None = None, status: int = 200):
    agency, fmt = _agency_year(request, code, year)
    lock = ReportLock.objects.filter(agency=agency, year=year).first()
    versions = list(selectors.Publication.objects.filter(agency=agency, year=year).order_by("-number"))
    if lock is not None:
        rep = interchange.from_dict(lock.table3)
        findings, previous_source, t2 = lock.findings, "", None
    else:
        built = build.build(agency, year)
        rep, findings, previous_source, t2 = built.report, built.findings, built.previous_source, built.table2
    findings = _findings_view(findings)
    published_now = bool(versions and lock is not None and versions[0].lock_id == lock.pk)
    draft = AnnualReport.objects.filter(agency=agency, year=year).first()
    forms = forms or {}
    ctx = _context(
        request, agency=agency, year=year, fmt=fmt, lock=lock, versions=versions, findings=findings,
        counts={s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning", "info")},
        previous_source=previous_source, table2=t2, published_now=published_now,
        correction_reason=draft.correction_reason if draft else "",
        state_label=selectors.STATE_LABELS[selectors.PUBLISHED if published_now else (
            selectors.LOCKED if lock else (selectors.CORRECTING if versions else selectors.DRAFT))],
        due_on=due.due_date(agency, year), today=timezone.localdate(),
        may_edit=drafting.may_edit(request.user, agency) and lock is None,
        may_lock=locks.may_lock(request.user, agency),
        lock_form=forms.get("lock") or LockForm(), publish_form=forms.get("publish") or PublishForm(
            initial={"reason": draft.correction_reason if draft else ""}),
        correction_form=forms.get("correct") or CorrectionForm(), upload_form=forms.get("upload") or UploadForm(),
        preview=mark_safe(report_html.fragment(rep)),  # noqa: S308 - the writer escapes every text it prints
        report_css=mark_safe(report_html.stylesheet()),  # noqa: S308 - our own package's stylesheet
        draft_kinds=DRAFT_KINDS,
    )
    return render(request, "annual/report.html", ctx, status=status)


def _refused(request, code, year, key, form, error: CaseworkError):
    """The page again with the refusal: by its field when it names one, else as a message (the
    form that was posted may not be on the page any more, e.g. publishing a published year)."""
    if error.field in form.fields:
        form.add_error(error.field, error.message)
    messages.error(request, error.message)
    conflict = isinstance(error, YearLocked | StaleVersion | publication.AlreadyPublished)
    return report(request, code, year, forms={key: form}, status=409 if conflict else 400)


def _post(request, code: str, year: int, key: str, form_class, act, done_message, files=False):
    """A form on the report page, posted: type it, run the action, come back with the result."""
    agency, _ = _agency_year(request, code, year)
    form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
    if not form.is_valid():
        return report(request, code, year, forms={key: form}, status=400)
    try:
        result = act(agency, form.cleaned_data)
    except CaseworkError as e:
        return _refused(request, code, year, key, form, e)
    messages.success(request, done_message(result))
    return redirect(_here(agency, year))


@login_required
@require_POST
def lock(request, code: str, year: int):
    return _post(request, code, year, "lock", LockForm,
                 lambda agency, d: locks.do_lock_year(request.user, agency, year, reason=d["reason"]),
                 lambda done: f"已锁定{year}年度年报" + (f"（带 {done.error_count} 个错误，理由已记录）"
                                                      if done.error_count else "") + "。可以发布了。")


@login_required
@require_POST
def publish(request, code: str, year: int):
    return _post(request, code, year, "publish", PublishForm,
                 lambda agency, d: publication.do_publish(request.user, agency, year, reason=d["reason"]),
                 lambda pub: f"已发布{year}年度年报第 {pub.number} 版，公众可在公开页面查看和下载。")


@login_required
@require_POST
def correct(request, code: str, year: int):
    return _post(request, code, year, "correct", CorrectionForm,
                 lambda agency, d: publication.do_open_correction(request.user, agency, year, reason=d["reason"]),
                 lambda _: "已发起更正：年度已解除锁定，请修改后重新锁定并发布（将作为新版本，原版本保留）。")


def _read_message(doc) -> str:
    read = interchange.from_dict(doc.report)
    known = sum(v is not None for v in read.cells.values())
    return f"已读取“{doc.name}”：{known} 个单元格有数值，{len(read.unknown)} 个无法确定（不会据此判定错误）。"


@login_required
@require_POST
def upload_previous(request, code: str, year: int):
    return _post(request, code, year, "upload", UploadForm,
                 lambda agency, d: previous.do_upload_previous(request.user, agency, year - 1, d["file"]),
                 _read_message, files=True)


@login_required
def draft_file(request, code: str, year: int, kind: str):
    agency, _ = _agency_year(request, code, year)
    if kind not in DRAFT_KINDS:
        raise Http404("不支持的格式")
    rep = locks.locked_report(agency, year) or build.report(agency, year)
    data = writers.render(rep, kind)
    resp = HttpResponse(data, content_type=writers.MEDIA_TYPES[kind])
    label = "锁定稿" if ReportLock.objects.filter(agency=agency, year=year).exists() else "草稿"
    resp["Content-Disposition"] = _attachment(f"{agency.code}-{year}-{label}.{kind}")
    return resp


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


# ---------------------------------------------------------------- 表二

def _table2_rows(fmt, composed, expected, posted=None, errors=None):
    """Blocks → rows → cells, for the form (values as typed, sources per row, hints)."""
    errors = errors or {}
    blocks = []
    for b, block in enumerate(fmt.table("表二").blocks):
        rows = []
        for row in block.rows:
            cells = []
            row_source = ""
            for column in block.columns:
                addr = f"表二|{row}|{column}"
                c = composed.cells[addr]
                shown = posted.get(f"c_{fmt.addresses('表二').index(addr)}") if posted is not None else (
                    "" if c.typed is None else interchange.csv_value(c.typed))
                row_source = row_source or c.typed_source
                cells.append({"address": addr, "name": f"c_{fmt.addresses('表二').index(addr)}",
                              "label": fmt.cells[addr].column_label, "unit": fmt.cells[addr].unit,
                              "kind": fmt.cells[addr].kind, "value": shown, "typed": c.typed,
                              "provided": c.provided, "provider": c.provider, "differs": c.differs,
                              "expected": expected.get(addr), "error": errors.get(addr, "")})
            name = f"s_{b}_{block.rows.index(row)}"
            rows.append({"label": fmt.cells[f"表二|{row}|{block.columns[0]}"].row_label, "cells": cells,
                         "source_name": name,
                         "source": posted.get(name, "") if posted is not None else row_source})
        blocks.append({"caption": block.caption, "columns": [fmt.cells[f"表二|{block.rows[0]}|{c}"].column_label
                                                               for c in block.columns], "rows": rows})
    return blocks


def _table2_page(request, agency, year, fmt, *, posted=None, errors=None, import_form=None, dry_run=None,
                 status=200):
    composed = table2.compose(agency, year, fmt)
    prev, prev_source = build.previous_report(agency, year)
    expected = table2.expected_from_previous(fmt, prev, composed.values())
    locked = ReportLock.objects.filter(agency=agency, year=year).exists()
    return render(request, "annual/table2.html", _context(
        request, agency=agency, year=year, fmt=fmt, blocks=_table2_rows(fmt, composed, expected, posted, errors),
        section_title=fmt.section_title(fmt.table("表二").section),
        notices=composed.notices, previous_source=prev_source, locked=locked,
        may_edit=drafting.may_edit(request.user, agency) and not locked,
        import_form=import_form or Table2ImportForm(), dry_run=dry_run), status=status)


@login_required
def table2_page(request, code: str, year: int):
    agency, fmt = _agency_year(request, code, year)
    if request.method != "POST":
        return _table2_page(request, agency, year, fmt)
    addresses = fmt.addresses("表二")
    figures_in, sources = {}, {}
    for b, block in enumerate(fmt.table("表二").blocks):
        for r, row in enumerate(block.rows):
            source = request.POST.get(f"s_{b}_{r}", "")
            for column in block.columns:
                addr = f"表二|{row}|{column}"
                figures_in[addr] = request.POST.get(f"c_{addresses.index(addr)}", "")
                sources[addr] = source
    try:
        changed = drafting.do_enter_table2(request.user, agency, year, figures_in=figures_in, sources=sources)
    except drafting.Table2Invalid as e:
        messages.error(request, e.message)
        return _table2_page(request, agency, year, fmt, posted=request.POST, errors=e.errors, status=400)
    except CaseworkError as e:
        messages.error(request, e.message)
        return _table2_page(request, agency, year, fmt, posted=request.POST, status=409)
    messages.success(request, f"表二已保存（更新 {len(changed)} 项）。" if changed else "表二没有变化。")
    return redirect(_here(agency, year, "table2"))


@login_required
@require_POST
def table2_import_page(request, code: str, year: int):
    """Dry run: read the file and list every row; the confirm button posts the good rows back."""
    agency, fmt = _agency_year(request, code, year)
    if "rows" in request.POST:  # confirm: the rows shown in the dry run, judged again by the action
        try:
            rows = json.loads(request.POST["rows"])
            figures_in = {r["address"]: r["raw"] for r in rows}
            sources = {r["address"]: r["source"] for r in rows}
        except (ValueError, KeyError, TypeError):
            messages.error(request, "导入数据已损坏，请重新上传文件")
            return redirect(_here(agency, year, "table2"))
        try:
            changed = drafting.do_enter_table2(request.user, agency, year, figures_in=figures_in, sources=sources,
                                               action="annual.table2_import")
        except drafting.Table2Invalid as e:
            messages.error(request, e.message)
            return _table2_page(request, agency, year, fmt, errors=e.errors, status=400)
        except CaseworkError as e:
            messages.error(request, e.message)
            return _table2_page(request, agency, year, fmt, status=409)
        messages.success(request, f"已导入 {len(figures_in)} 行（更新 {len(changed)} 项）。")
        return redirect(_here(agency, year, "table2"))
    form = Table2ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _table2_page(request, agency, year, fmt, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > table2_import.MAX_BYTES:
        form.add_error("file", f"文件超过 {table2_import.MAX_BYTES // (1024 * 1024)} MB，未读取")
        return _table2_page(request, agency, year, fmt, import_form=form, status=400)
    default = form.cleaned_data["source"] or f"导入：{upload.name[:150]}"
    try:
        result = table2_import.read(upload.read(table2_import.MAX_BYTES + 1), upload.name, fmt, default)
    except table2_import.Table2FileError as e:
        form.add_error("file", str(e))
        return _table2_page(request, agency, year, fmt, import_form=form, status=400)
    good = [{"address": r.address, "raw": r.raw, "source": r.source} for r in result.good]
    return _table2_page(request, agency, year, fmt, import_form=form, dry_run={
        "name": upload.name, "rows": result.rows, "good": len(good), "refused": len(result.refused),
        "payload": json.dumps(good, ensure_ascii=False)})


# ---------------------------------------------------------------- sections

@login_required
def sections_page(request, code: str, year: int):
    agency, fmt = _agency_year(request, code, year)
    draft = AnnualReport.objects.filter(agency=agency, year=year).first()
    locked = ReportLock.objects.filter(agency=agency, year=year).exists()
    status = 200
    if request.method == "POST":
        form = SectionsForm(request.POST, fmt=fmt)
        if form.is_valid():
            try:
                drafting.do_save_sections(request.user, agency, year, sections=form.sections(),
                                          expected_version=form.cleaned_data["version"])
            except CaseworkError as e:
                form.add_error(e.field if e.field in form.fields else None, e.message)
                status = 409 if isinstance(e, YearLocked | StaleVersion) else 400
            else:
                messages.success(request, "正文已保存。")
                return redirect(_here(agency, year))
        else:
            status = 400
    else:
        stored = draft.sections if draft else {}
        form = SectionsForm(fmt=fmt, initial={"version": draft.version if draft else 1,
                                              **{f"section_{n}": stored.get(str(n), "") for n in range(1, 7)}})
    rep = build.report(agency, year)
    prev, prev_source = build.previous_report(agency, year)
    known = facts.facts(agency, year, rep, prev, prev_source)
    fields = [(n, form[f"section_{n}"]) for n in range(1, 7)]
    return render(request, "annual/sections.html", _context(
        request, agency=agency, year=year, fmt=fmt, form=form, fields=fields, facts=known, locked=locked,
        may_edit=drafting.may_edit(request.user, agency) and not locked), status=status)
