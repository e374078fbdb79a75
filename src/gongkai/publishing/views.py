"""Staff pages of the catalogue.  Thin: read through `selectors`, change only through `actions`.

An action's refusal is shown next to its field in Chinese with the user's input kept; a stale
version answers 409 with the fresh item.  Another agency's item is a 404 (a Chinese page).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.casework.errors import CaseworkError
from gongkai.formats import FormatError, for_year
from gongkai.staff import queries as staff_queries
from gongkai.web.uploads import CONTENT_TYPES, private_storage

from . import actions, importer, selectors, table2
from .choices import ArticleItem, DocKind, Status
from .errors import InvalidItem, StaleVersion
from .forms import GuideProfileForm, ImportForm, ItemForm, SettingsForm, StaffFilterForm, StepForm
from .models import Attachment, CatalogueSettings, GuideProfile, Item
from .permissions import may_take, reach
from .workflow import STEPS, steps_from

PAGE_SIZE = 50


def _today() -> dt.date:
    return timezone.localdate()


def _ctx(request, nav: str = "catalogue", **extra) -> dict:
    user = request.user
    return {"nav": nav, "role_names": staff_queries.role_names(user),
            "current_agency": staff_queries.primary_agency(user), **extra}


def _not_found(request, message: str = "找不到该目录条目，或您无权查看。"):
    return render(request, "staff/error.html", _ctx(request, title="未找到", message=message), status=404)


def _forbidden(request, message: str):
    return render(request, "staff/error.html", _ctx(request, title="无权操作", message=message), status=403)


def _attach_errors(form, error: CaseworkError, rename: dict | None = None) -> None:
    problems = error.problems if isinstance(error, InvalidItem) else [(error.field, error.message)]
    for field, message in problems:
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, message)


def valid_part(form) -> dict:
    """The filters that are valid: one bad value (a year typed by hand) drops only itself."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _chosen_agency(request, agencies: list[Agency], value) -> Agency | None:
    if len(agencies) == 1:
        return agencies[0]
    return next((a for a in agencies if str(a.pk) == str(value)), None)


# ---------------------------------------------------------------- list
@login_required
@require_GET
def item_list(request):
    user = request.user
    r = reach(user)
    agencies = list(r.visible)
    if not agencies:
        return _forbidden(request, "您不属于任何机关，无法查看目录。")
    this_year = _today().year
    form = StaffFilterForm(request.GET or None, agencies=agencies, years=(2008, this_year))
    f = valid_part(form)
    qs = selectors.staff_items(r.ids, selectors.StaffFilter(
        agency_id=f.get("agency"), status=f.get("status") or "", article_item=f.get("article_item") or "",
        doc_kind=f.get("doc_kind") or "", year=f.get("year"), q=f.get("q") or ""))
    page = _page(request)
    # one row more than a page tells whether there is a next one (no COUNT over the catalogue)
    rows = list(qs[(page - 1) * PAGE_SIZE: page * PAGE_SIZE + 1])
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "publishing/item_list.html", _ctx(
        request, form=form, rows=rows[:PAGE_SIZE], page=page, has_next=len(rows) > PAGE_SIZE, has_prev=page > 1,
        query=params.urlencode(), open_counts=selectors.counts_by_status(r.ids),
        can_keep=bool(r.keepable()), Status=Status, show_agency=len(agencies) > 1))


# ---------------------------------------------------------------- new / edit
def _item_fields(data: dict) -> dict:
    return {k: data[k] for k in ("title", "document_number", "issuer", "written_on", "changed_on", "article_item",
                                 "local_topic", "doc_kind", "subject", "summary", "body")}


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request):
    user = request.user
    agencies = reach(user).keepable()
    if not agencies:
        return _forbidden(request, "只有机关的公开工作人员可以编制目录条目。")
    form = ItemForm(request.POST or None, agencies=agencies,
                    initial={"agency": str(agencies[0].pk), "written_on": _today(), "changed_on": None})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            agency = _chosen_agency(request, agencies, form.cleaned_data.get("agency"))
            if agency is None:
                form.add_error("agency", "请选择机关")
            else:
                try:
                    item = actions.do_create_item(user, agency, **_item_fields(form.cleaned_data))
                except CaseworkError as e:
                    _attach_errors(form, e)
                else:
                    messages.success(request, f"已保存草稿“{item.title}”。请上传附件，然后提交保密审查。")
                    return redirect("publishing:item_detail", pk=item.pk)
        status = 400
    return render(request, "publishing/item_form.html", _ctx(request, form=form, item=None), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    user = request.user
    item = _item(request, pk)
    if item is None:
        return _not_found(request)
    if not (STEPS["edit"].allowed_from(item.status) and may_take(user, item.agency_id, STEPS["edit"])):
        return _forbidden(request, f"条目当前状态为“{item.get_status_display()}”，或您不是本机关的经办人员，不能修改。")
    initial = {f: getattr(item, f) for f in ItemForm.base_fields if hasattr(item, f)}
    initial.update(version=item.version, agency=str(item.agency_id))
    form = ItemForm(request.POST or None, agencies=[item.agency], initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = actions.do_update_item(user, item, expected_version=form.cleaned_data.get("version"),
                                              **_item_fields(form.cleaned_data))
            except StaleVersion as e:
                form.add_error(None, e.message)
                status = 409
                item = _item(request, pk)
            except CaseworkError as e:
                _attach_errors(form, e)
                status = 400
            else:
                messages.success(request, "已保存修改。")
                return redirect("publishing:item_detail", pk=item.pk)
        else:
            status = 400
    return render(request, "publishing/item_form.html", _ctx(request, form=form, item=item), status=status)


# ---------------------------------------------------------------- one item
def _step_forms(user, item: Item, bound: StepForm | None = None) -> list[StepForm]:
    forms = []
    for step in steps_from(item.status):
        if step.name == "edit" or not may_take(user, item.agency_id, step):
            continue
        if bound is not None and bound.step.name == step.name:
            forms.append(bound)
            continue
        replacements = []
        if step.name == "abolish":
            replacements = list(Item.objects.filter(agency_id=item.agency_id, status=Status.PUBLISHED)
                                .exclude(pk=item.pk).only("pk", "index_number", "title").order_by("-published_on")[:200])
        forms.append(StepForm(step, initial={"version": item.version}, replacements=replacements))
    return forms


def _detail(request, item: Item, bound: StepForm | None = None, status: int = 200):
    user = request.user
    due = selectors.clock.due(item.clock_start) if not item.is_public else None
    due_text = due.explain(item.clock_start) if due else ""
    return render(request, "publishing/item_detail.html", _ctx(
        request, item=item, steps=item.steps.select_related("actor").all(),
        attachments=item.attachments.all(), step_forms=_step_forms(user, item, bound), due=due, due_text=due_text,
        today=_today(), may_edit=STEPS["edit"].allowed_from(item.status) and may_take(user, item.agency_id, STEPS["edit"]),
        STEPS=STEPS), status=status)


def _item(request, pk: int) -> Item | None:
    return selectors.staff_item(reach(request.user).ids, pk)


@login_required
@require_GET
def item_detail(request, pk: int):
    item = _item(request, pk)
    if item is None:
        return _not_found(request)
    return _detail(request, item)


@login_required
@require_POST
def item_step(request, pk: int, step: str):
    user = request.user
    item = _item(request, pk)
    if item is None or step not in actions.STEP_ACTIONS:
        return _not_found(request)
    spec = STEPS[step]
    replacements = Item.objects.filter(agency_id=item.agency_id, status=Status.PUBLISHED).exclude(pk=item.pk)
    form = StepForm(spec, request.POST, replacements=list(replacements.only("pk", "index_number", "title")[:200]))
    if not form.is_valid():
        return _detail(request, item, form, 400)
    data = form.cleaned_data
    kwargs = {"expected_version": data["version"]}
    if "note" in data:
        kwargs["note"] = data["note"] or ""
    if step == "publish":
        kwargs["on"] = data["on"]
    if step == "abolish":
        kwargs["on"] = data["on"]
        kwargs["replaced_by"] = int(data["replaced_by"]) if data.get("replaced_by") else None
    try:
        item = actions.STEP_ACTIONS[step](user, item, **kwargs)
    except StaleVersion as e:
        form.add_error(None, e.message)
        return _detail(request, _item(request, pk), form, 409)
    except CaseworkError as e:
        _attach_errors(form, e, rename={"published_on": "on", "abolished_on": "on"})
        return _detail(request, _item(request, pk), form, 400)
    done = f"{spec.done}。" + (f"索引号 {item.index_number}。" if step == "publish" else "")
    messages.success(request, done)
    return redirect("publishing:item_detail", pk=item.pk)


# ---------------------------------------------------------------- attachments
@login_required
@require_POST
def attachment_add(request, pk: int):
    user = request.user
    item = _item(request, pk)
    if item is None:
        return _not_found(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件。")
        return redirect("publishing:item_detail", pk=pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        att = actions.do_add_attachment(user, item, upload, expected_version=version)
    except CaseworkError as e:
        messages.error(request, e.message)
        return _detail(request, _item(request, pk), status=409 if isinstance(e, StaleVersion) else 400)
    messages.success(request, f"已上传附件“{att.name}”。")
    return redirect("publishing:item_detail", pk=pk)


@login_required
@require_POST
def attachment_remove(request, pk: int, att: int):
    user = request.user
    item = _item(request, pk)
    if item is None or not item.attachments.filter(pk=att).exists():
        return _not_found(request)
    try:
        actions.do_remove_attachment(user, att, expected_version=int(request.POST.get("version") or 0) or None)
    except (CaseworkError, ValueError) as e:
        messages.error(request, getattr(e, "message", "版本号无效"))
    else:
        messages.success(request, "已删除附件。")
    return redirect("publishing:item_detail", pk=pk)


def serve_attachment(att: Attachment) -> HttpResponse:
    storage = private_storage()
    try:
        handle = storage.open(att.path, "rb")
    except FileNotFoundError:
        return None
    response = FileResponse(handle, as_attachment=True, filename=att.name,
                            content_type=CONTENT_TYPES.get(att.kind, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def attachment_download(request, pk: int, att: int):
    item = _item(request, pk)
    found = item.attachments.filter(pk=att).first() if item else None
    response = serve_attachment(found) if found else None
    return response or _not_found(request, "找不到该附件，或您无权查看。")


# ---------------------------------------------------------------- late
@login_required
@require_GET
def late(request):
    ids = reach(request.user).ids
    if not ids:
        return _forbidden(request, "您不属于任何机关。")
    return render(request, "publishing/late.html", _ctx(request, today=_today(),
                                                         **selectors.late_items(ids, _today())))


# ---------------------------------------------------------------- import
IMPORT_SESSION = "publishing_import"


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    user = request.user
    agencies = reach(user).importable()
    if not agencies:
        return _forbidden(request, "只有机关的公开工作人员或保密审查员可以导入目录。")
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies,
                      initial={"agency": str(agencies[0].pk)})
    result, status = None, 200
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request, agencies)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            agency = _chosen_agency(request, agencies, form.cleaned_data.get("agency"))
            upload = form.cleaned_data["file"]
            if agency is None:
                form.add_error("agency", "请选择机关")
            elif upload.size > importer.MAX_BYTES:
                form.add_error("file", f"文件大小为 {upload.size / 1048576:.1f} MB，超过 {importer.MAX_BYTES // 1048576} MB 的上限")
            else:
                data = upload.read()
                try:
                    result = actions.do_import_catalogue(user, agency, data, upload.name, dry_run=True)
                except CaseworkError as e:
                    form.add_error("file", e.message)
                else:
                    status = 200
                    if result.accepted and not result.needs_reviewer:
                        token = uuid.uuid4().hex
                        path = private_storage().save(f"imports/{user.pk}/{token}.bin",
                                                      _content_file(data))
                        request.session[IMPORT_SESSION] = {"token": token, "path": path, "agency": agency.pk,
                                                           "name": result.filename}
                        result.token = token
    return render(request, "publishing/import.html", _ctx(
        request, form=form, result=result, columns=importer.COLUMNS, limits=importer), status=status)


def _content_file(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


def _import_confirm(request, agencies):
    pending = request.session.get(IMPORT_SESSION) or {}
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, "导入已过期或已完成，请重新选择文件试导入。")
        return redirect("publishing:import")
    agency = next((a for a in agencies if a.pk == pending["agency"]), None)
    storage = private_storage()
    try:
        with storage.open(pending["path"], "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        data = None
    if agency is None or data is None:
        request.session.pop(IMPORT_SESSION, None)
        messages.error(request, "导入已过期，请重新选择文件试导入。")
        return redirect("publishing:import")
    try:
        result = actions.do_import_catalogue(request.user, agency, data, pending["name"], dry_run=False)
    except CaseworkError as e:
        messages.error(request, e.message)
        return redirect("publishing:import")
    request.session.pop(IMPORT_SESSION, None)
    storage.delete(pending["path"])
    messages.success(request, result.summary)
    return render(request, "publishing/import.html", _ctx(
        request, form=ImportForm(agencies=agencies), result=result, columns=importer.COLUMNS, limits=importer))


# ---------------------------------------------------------------- settings
@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    user = request.user
    agencies = reach(user).configurable()
    if not agencies:
        return _forbidden(request, "目录设置须由机关的公开工作机构负责人或管理员修改。")
    agency = _chosen_agency(request, agencies, request.GET.get("agency") or request.POST.get("agency")) or agencies[0]
    current = CatalogueSettings.objects.filter(agency=agency).first() or CatalogueSettings(agency=agency)
    initial = {f: getattr(current, f) for f in SettingsForm.base_fields}
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.do_configure_catalogue(user, agency, **form.cleaned_data)
            except CaseworkError as e:
                _attach_errors(form, e)
            else:
                messages.success(request, f"已保存{agency.name}的目录设置。")
                return redirect(f"{reverse('publishing:settings')}?agency={agency.pk}")
    return render(request, "publishing/settings.html", _ctx(
        request, form=form, agency=agency, agencies=agencies), status=status)


# ---------------------------------------------------------------- 表二 from the catalogue
@login_required
@require_GET
def table2_view(request):
    agencies = list(reach(request.user).visible)
    if not agencies:
        return _forbidden(request, "您不属于任何机关。")
    agency = _chosen_agency(request, agencies, request.GET.get("agency")) or agencies[0]
    try:
        year = int(request.GET.get("year") or _today().year)
        fmt = for_year(year)
    except (ValueError, FormatError) as e:
        return render(request, "staff/error.html", _ctx(request, title="年度无效", message=str(e)), status=400)
    counts = table2.provide(agency, year, fmt)
    grid = []
    try:
        cells = table2.cells(fmt)
    except table2.Table2Unsupported:
        cells = {}
    for kind in (DocKind.REGULATION, DocKind.NORMATIVE):
        row = [fmt.cells[cells[m][kind]] for m in cells]
        grid.append({"label": row[0].row_label if row else DocKind(kind).label,
                     "values": [counts.get(c.address) for c in row]})
    columns = [fmt.cells[cells[m][DocKind.REGULATION]].column_label for m in cells]
    return render(request, "publishing/table2.html", _ctx(
        request, agency=agency, agencies=agencies, year=year, fmt=fmt, grid=grid, columns=columns,
        keeps=bool(counts), caption=ArticleItem.A20_01.citation,
        settings=CatalogueSettings.objects.filter(agency=agency).first()))


# ---------------------------------------------------------------- the guide (staff)
@login_required
@require_http_methods(["GET", "POST"])
def guide_view(request):
    user = request.user
    r = reach(user)
    agencies = list(r.visible)
    if not agencies:
        return _forbidden(request, "您不属于任何机关。")
    agency = _chosen_agency(request, agencies, request.GET.get("agency") or request.POST.get("agency")) or agencies[0]
    can_edit = r.configures(agency.pk)
    profile = GuideProfile.objects.filter(agency=agency).first()
    form = GuideProfileForm(request.POST or None, initial={
        f: getattr(profile, f) if profile else "" for f in GuideProfileForm.base_fields})
    status = 200
    if request.method == "POST":
        if not can_edit:
            return _forbidden(request, "公开指南须由本机关公开工作机构负责人或管理员修改。")
        status = 400
        if form.is_valid():
            try:
                actions.do_update_guide_profile(user, agency, **form.cleaned_data)
            except CaseworkError as e:
                _attach_errors(form, e)
            else:
                messages.success(request, "已保存，公开指南已按新内容更新。")
                return redirect(f"{reverse('publishing:guide')}?agency={agency.pk}")
    guide = selectors.guide_for(agency)
    edition = actions.do_record_guide_edition(user, agency, guide=guide)
    from .guide import to_html

    return render(request, "publishing/guide.html", _ctx(
        request, nav="guide", agency=agency, agencies=agencies, guide=guide, edition=edition,
        guide_html=to_html(guide, edition.changed_on), form=form, can_edit=can_edit), status=status)


@login_required
@require_GET
def guide_file(request, fmt: str):
    from .public_views import guide_download

    agencies = list(reach(request.user).visible)
    agency = _chosen_agency(request, agencies, request.GET.get("agency")) or (agencies[0] if agencies else None)
    if agency is None:
        return _not_found(request, "找不到该机关。")
    return guide_download(request, agency.code, fmt)

