"""Staff pages.  Thin: read through `queries`, change state only through `casework.actions`.

Errors from an action (`CaseworkError`) are shown next to the field they name, in Chinese,
with the user's input kept; a stale `version` (someone else changed the case) gets HTTP 409
and the same page with the fresh case and the user's unsaved input.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.agencies.models import Role, Staff
from gongkai.agencies.permissions import agencies_visible_to, can_approve, can_work_case, has_role
from gongkai.casework import actions
from gongkai.casework.choices import OPEN_STATUSES, ApplicantKind, EventKind, outcome_row
from gongkai.casework.errors import CaseworkError, DuplicateSubmission, NotAllowed, StaleVersion
from gongkai.casework.models import Application, Document
from gongkai.workdays import CalendarMissing

from . import queries
from .forms import STEPS, AssignForm, CaseFilterForm, DecisionForm, IntakeForm, Table3Form

PAGE_SIZE = 50


def _base(request, nav: str, **extra) -> dict:
    user = request.user
    can_register = user.is_superuser or Staff.objects.filter(
        user=user, role__in=(Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)).exists()
    return {"nav": nav, "role_names": queries.role_names(user), "can_register": can_register,
            "current_agency": queries.primary_agency(user), **extra}


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------- home
@login_required
def home(request):
    from .models import Reminder

    today = _today()
    cases = queries.visible_cases(request.user)
    mine = queries.open_cases(queries.mine(cases, request.user))
    overdue = queries.overdue(cases, today)
    soon = queries.due_soon(cases, today)
    reminders = (
        Reminder.objects.filter(agency__in=agencies_visible_to(request.user),
                                application__status__in=OPEN_STATUSES)
        .select_related("application").order_by("due_on", "id")[:20]
    )
    ctx = _base(
        request, "home", today=today,
        n_mine=mine.count(), n_overdue=overdue.count(), n_soon=soon.count(),
        n_open=queries.open_cases(cases).count(),
        my_cases=queries.list_rows(mine).order_by("due_on", "id")[:15],
        overdue_cases=queries.list_rows(overdue).order_by("due_on", "id")[:10],
        soon_cases=queries.list_rows(soon).order_by("due_on", "id")[:10],
        reminders=reminders, soon_limit=queries.due_soon_threshold(today),
    )
    return render(request, "staff/home.html", ctx)


# ---------------------------------------------------------------- list
@login_required
def case_list(request):
    """Filters on top of `casework.selectors.case_list`, which is shaped for the indexes."""
    from django.db.models import Q

    from gongkai.casework.selectors import CaseFilter
    from gongkai.casework.selectors import case_list as select_cases

    user = request.user
    years = list(range(_today().year, 2018, -1))
    form = CaseFilterForm(request.GET or None, handlers=queries.handlers_of(user), years=years)
    f = form.cleaned_data if form.is_bound and form.is_valid() else {}
    assignee = f.get("assignee") or ""
    qs = select_cases(user, CaseFilter(
        state=f.get("status") or "open",
        assignee_id=user.pk if assignee == "me" else (int(assignee) if assignee.isdigit() else None),
        year=f.get("year"),
    ), _today())
    if assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    if f.get("channel"):
        qs = qs.filter(channel=f["channel"])
    if f.get("applicant_kind"):
        qs = qs.filter(applicant_kind=f["applicant_kind"])
    q = (f.get("q") or "").strip()
    if q:
        qs = qs.filter(number=q) if _looks_like_number(q) else qs.filter(
            Q(applicant_name__startswith=q) | Q(information_requested__contains=q))
    if f.get("order") == "new":
        qs = qs.order_by("-received_on", "-id")
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    # No COUNT(*) over a million rows: fetch one extra row to know whether a next page exists.
    rows = list(queries.list_rows(qs)[(page - 1) * PAGE_SIZE: page * PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    params = request.GET.copy()
    params.pop("page", None)
    ctx = _base(request, "cases", form=form, rows=rows[:PAGE_SIZE], page=page, has_next=has_next,
                has_prev=page > 1, query=params.urlencode(), today=_today(),
                soon_limit=queries.due_soon_threshold(_today()))
    return render(request, "staff/case_list.html", ctx)


def _looks_like_number(q: str) -> bool:
    return len(q) == 10 and q[4] == "-" and q.replace("-", "").isdigit()


# ---------------------------------------------------------------- new case
@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    user = request.user
    agencies = [a for a in agencies_visible_to(user)
                if user.is_superuser or has_role(user, a, Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)]
    if not agencies:
        raise PermissionDenied("您没有登记申请的权限")
    agency = agencies[0]
    if request.method == "GET":
        form = IntakeForm()
        return render(request, "staff/case_new.html", _base(request, "new", form=form, agency=agency))
    form = IntakeForm(request.POST)
    suggestion = None
    status = 200
    if "check" in request.POST:  # "核验证件号码": check only the number, suggest a kind, save nothing
        form.is_valid()
        form.errors.clear()
        kind, ident = request.POST.get("applicant_kind", ""), request.POST.get("identifier", "")
        try:
            actions.validate_identifier(kind, ident)
        except CaseworkError as e:
            form.add_error("identifier", e.message)
            status = 400
        else:
            suggestion = _suggest_kind(ident, kind, request.POST.get("applicant_name", ""))
            messages.info(request, "证件号码校验通过。")
    elif form.is_valid():
        data = form.cleaned_data
        suggestion = _suggest_kind(data["identifier"], data["applicant_kind"], data["applicant_name"])
        try:
            app = actions.do_receive_application(
                user, agency, **{k: data[k] for k in (
                    "applicant_kind", "applicant_name", "identifier", "information_requested", "channel",
                    "received_on", "form", "delivery_route", "contact_phone", "contact_address",
                    "contact_email", "intake_key")})
        except DuplicateSubmission as e:
            messages.warning(request, e.message)
            return redirect("staff:case_detail", pk=e.application.pk)
        except CaseworkError as e:
            _attach(form, e)
            status = 400
        else:
            messages.success(request, f"申请已登记，编号 {app.number}，答复期限"
                             + (f" {app.due_on:%Y年%m月%d日}" if app.due_on else "待计算"))
            return redirect("staff:case_detail", pk=app.pk)
    else:
        status = 400
    ctx = _base(request, "new", form=form, agency=agency, suggestion=suggestion)
    return render(request, "staff/case_new.html", ctx, status=status)


def _suggest_kind(identifier: str, kind: str, name: str = "") -> str | None:
    """The table 三 organisation column suggested by the credit code (and name), with its reason."""
    if kind == ApplicantKind.NATURAL or len((identifier or "").strip()) != 18:
        return None
    from gongkai import identifiers

    try:
        s = identifiers.suggest_organisation_kind(identifier.strip().upper(), name)
    except identifiers.InvalidIdentifier:  # the action reports the invalid code next to the field
        return None
    return f"{s.label}。{s.reason}"


def _attach(form, error: CaseworkError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


# ---------------------------------------------------------------- case page
def _case_for(request, pk: int) -> Application:
    qs = queries.visible_cases(request.user).select_related("agency", "owner", "assignee", "decided_by")
    return get_object_or_404(qs, pk=pk)


def _step_forms(request, app: Application, bound: dict | None = None) -> list[dict]:
    """The next legal steps for this case and user, as forms (a bound one keeps the user's input)."""
    if not can_work_case(request.user, app):
        return []
    head = can_approve(request.user, app)
    has_extension = app.events.filter(kind=EventKind.EXTENSION_APPROVED).exists()
    has_fee = hasattr(app, "fee") and _has_fee(app)
    has_reply = app.documents.filter(kind__startswith="reply_").exists()
    steps = []
    for name, spec in STEPS.items():
        if bound and bound["step"] == name:  # the form just refused: always shown, with its message
            steps.append({"name": name, "title": spec["title"], "form": bound["form"],
                          "url": reverse("staff:case_step", args=[app.pk, name])})
            continue
        if app.status not in spec["statuses"]:
            continue
        if spec.get("head") and not head:
            continue
        if name == "approve_extension" and has_extension:
            continue
        if name == "send_fee_notice" and has_fee:
            continue
        if name == "issue_reply" and (not app.outcome or has_reply):
            continue
        kw = {"year": _today().year} if spec["form"] is DecisionForm else {}
        form = spec["form"](initial={"version": app.version}, prefix=name, **kw)
        steps.append({"name": name, "title": spec["title"], "form": form,
                      "url": reverse("staff:case_step", args=[app.pk, name])})
    # One step is open: the refused one, else the usual next step for this user.
    wanted = bound["step"] if bound else ("issue_reply" if "issue_reply" in [x["name"] for x in steps]
                                          else "decide" if head else None)
    names = [s["name"] for s in steps]
    primary = wanted if wanted in names else (names[0] if names else None)
    for s in steps:
        s["open"] = s["name"] == primary
    steps.sort(key=lambda s: not s["open"])
    return steps


def _has_fee(app) -> bool:
    try:
        return app.fee is not None
    except Exception:  # RelatedObjectDoesNotExist
        return False


def _timeline(app: Application) -> list[dict]:
    """The clock events in legal-date order (what happened on the Regulation's clock)."""
    return [{"on": ev.on, "at": ev.recorded_at, "what": ev.get_kind_display(), "detail": ev.reason,
             "who": _name(ev.actor)}
            for ev in app.events.select_related("actor").order_by("on", "id")]


def _audit(app: Application) -> list[dict]:
    """Every change, as recorded: who, when, what, and the values before and after."""
    out = []
    for au in app.audit_events.select_related("actor").order_by("at", "id"):
        keys = sorted(set(au.before or {}) | set(au.after or {}))
        changes = [(k, (au.before or {}).get(k), (au.after or {}).get(k)) for k in keys
                   if k not in ("version", "clock_explanation")]
        out.append({"at": au.at, "what": au.summary or au.action, "who": _name(au.actor), "changes": changes})
    return out


def _name(user) -> str:
    if user is None:
        return "系统"
    return user.get_full_name() or user.get_username()


def _show_personal(user, app: Application) -> bool:
    """Full ID number and contact details: only staff who work the case's own agency."""
    return can_work_case(user, app)


def _workdays_left(app: Application):
    if not app.due_on or not app.is_open:
        return None
    from gongkai.casework.calendar import platform_calendar

    try:
        return platform_calendar().workdays_between(_today(), app.due_on)
    except Exception:  # a missing calendar year is shown through app.clock_error
        return None


def _render_case(request, app: Application, bound: dict | None = None, status: int = 200):
    left = _workdays_left(app)
    docs = list(app.documents.select_related("issued_by").order_by("issued_on", "id"))
    ctx = _base(
        request, "cases", app=app, steps=_step_forms(request, app, bound), timeline=_timeline(app), audit=_audit(app),
        documents=docs, show_personal=_show_personal(request.user, app), workdays_left=left,
        can_work=can_work_case(request.user, app), read_only_reason=_read_only_reason(request.user, app),
        assign_form=_assign_form(request, app), today=_today(),
    )
    return render(request, "staff/case_detail.html", ctx, status=status)


def _read_only_reason(user, app) -> str:
    if can_work_case(user, app):
        return ""
    if has_role(user, app.agency_id, Role.SUPERVISOR) or not Staff.objects.filter(user=user, agency=app.agency).exists():
        return "您是上级监督人员，只能查看本申请，不能办理。"
    return "您无权办理本申请。"


def _assign_form(request, app):
    user = request.user
    if not app.is_open or not can_work_case(user, app):
        return None
    if not (has_role(user, app.agency_id, Role.HEAD, Role.REGISTRAR, Role.ADMIN) or user.is_superuser
            or user.pk == app.owner_id):
        return None
    return AssignForm(initial={"version": app.version, "assignee": app.assignee_id}, prefix="assign",
                      handlers=queries.handlers_at(app.agency_id))


@login_required
def case_detail(request, pk: int):
    return _render_case(request, _case_for(request, pk))


@login_required
def case_step(request, pk: int, step: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    app = _case_for(request, pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404("没有这个办理步骤")
    kw = {"year": _today().year} if spec["form"] is DecisionForm else {}
    form = spec["form"](request.POST, prefix=step, **kw)
    if not form.is_valid():
        return _render_case(request, app, {"step": step, "form": form}, status=400)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    problem = _precheck_letter(step, app, data)
    if problem:
        field = "reason" if "reason" in problem else "delivery" if "delivery" in problem else None
        form.add_error(field if field in form.fields else None, problem)
        return _render_case(request, app, {"step": step, "form": form}, status=400)
    try:
        updated = _run_step(request, app, step, dict(data), version)
    except StaleVersion as e:
        fresh = _case_for(request, pk)
        # keep what the user typed, under the fresh version, so nothing is lost
        post = request.POST.copy()
        post[f"{step}-version"] = str(fresh.version)
        again = spec["form"](post, prefix=step, **kw)
        again.is_valid()
        again.add_error(None, e.message)
        messages.error(request, e.message)
        return _render_case(request, fresh, {"step": step, "form": again}, status=409)
    except NotAllowed as e:
        form.add_error(None, e.message)
        messages.error(request, e.message)
        return _render_case(request, app, {"step": step, "form": form}, status=403)
    except CaseworkError as e:
        _attach(form, e)
        return _render_case(request, app, {"step": step, "form": form}, status=400)
    except CalendarMissing as e:  # the clock needs a year nobody has imported yet: say so, record nothing
        form.add_error(None, str(e))
        return _render_case(request, _case_for(request, pk), {"step": step, "form": form}, status=400)
    if step != "issue_reply":
        messages.success(request, f"{spec['title']}：已记录。")
    _issue_letter_after(request, step, updated, data)
    return redirect(reverse("staff:case_detail", args=[updated.pk]) + "#timeline")


def _letter_for(step: str, app: Application, data: dict) -> tuple[str, dict] | None:
    """The letter or notice a step sends, and what the step's form adds to the case's context."""
    from gongkai.casework.letters import reply_kind

    if step == "request_correction":
        items = [x.strip() for x in data["items"].splitlines() if x.strip()]
        return "correction_request", {"correction_items": items,
                                      "correction_deadline": data.get("correction_period") or "15个工作日"}
    if step == "start_consultation":
        kind = "consultation_third_party" if data["party"] == "third_party" else "consultation_agency"
        return kind, {"recipient_name": data["recipient"]}
    if step == "approve_extension":
        return "extension_notice", {}
    if step == "send_fee_notice":
        return "fee_notice", {"payment_method": data.get("payment_method") or "通过非税收入统一缴款平台缴纳"}
    if step in ("decide", "issue_reply") or (step == "record_payment" and not data.get("paid")):
        if not app.outcome:
            return None
        extra = {k: data[k] for k in ("reason", "delivery", "published_at", "responsible_agency") if data.get(k)}
        return reply_kind(outcome_row(app.outcome, app.concluded_on.year)), extra
    return None


def _issue_letter_after(request, step: str, app: Application, data: dict) -> None:
    """Issue the step's letter (numbered, DOCX + PDF, stored with the case) through the action."""
    letter = _letter_for(step, app, data)
    if letter is None:
        return
    kind, extra = letter
    try:
        doc = actions.do_issue_letter(request.user, app, kind=kind, context=extra, expected_version=app.version)
    except (CaseworkError, CalendarMissing) as e:
        msg = getattr(e, "message", None) or str(e)
        messages.warning(request, f"文书未出具：{msg}。请在“出具答复书”中补充后重试。"
                         if kind.startswith("reply_") else f"文书未出具：{msg}")
        return
    messages.success(request, f"已出具{doc.get_kind_display()} {doc.number}，可在“文书”中下载。")


def _precheck_letter(step: str, app: Application, data: dict) -> str | None:
    """Refuse a decision whose reply letter could not be written, before anything is recorded."""
    if step != "decide":
        return None
    from gongkai.casework import letters

    row = outcome_row(data["outcome"], data["on"].year)
    kind = letters.reply_kind(row)
    ctx = {"agency_name": app.agency.name, "document_number": "〔预检〕", "received_date": app.received_on,
           "request_summary": app.information_requested, "applicant_name": app.applicant_name,
           "outcome": row,
           **{k: data[k] for k in ("reason", "delivery", "published_at", "responsible_agency") if data.get(k)}}
    try:
        letters.compose(kind, ctx)
    except letters.LetterError as e:
        return f"答复书无法生成：{e}"
    return None


def _run_step(request, app, step: str, data: dict, version: int):
    user = request.user
    common = {"expected_version": version}
    if step == "request_correction":
        data.pop("correction_period", None)
        return actions.do_request_correction(user, app, **data, **common)
    if step == "receive_correction":
        return actions.do_receive_correction(user, app, **data, **common)
    if step == "start_consultation":
        return actions.do_start_consultation(user, app, **data, **common)
    if step == "end_consultation":
        return actions.do_end_consultation(user, app, **data, **common)
    if step == "approve_extension":
        return actions.do_approve_extension(user, app, **data, **common)
    if step == "send_fee_notice":
        data.pop("payment_method", None)
        return actions.do_send_fee_notice(user, app, **data, **common)
    if step == "record_payment":
        return actions.do_record_payment(user, app, **data, **common)
    if step == "decide":
        from gongkai.casework.letters import default_legal_basis

        basis = data["legal_basis"] or default_legal_basis(outcome_row(data["outcome"], data["on"].year))
        return actions.do_decide(user, app, on=data["on"], outcome=data["outcome"], legal_basis=basis, **common)
    if step == "deliver":
        return actions.do_deliver(user, app, **data, **common)
    if step == "issue_reply":
        if app.version != version:
            raise StaleVersion(f"申请 {app.number} 已被他人修改。请刷新页面，核对最新内容后再操作；您填写的内容未保存")
        return app
    raise Http404(step)


@login_required
def case_assign(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    from django.contrib.auth import get_user_model

    app = _case_for(request, pk)
    form = AssignForm(request.POST, prefix="assign", handlers=queries.handlers_at(app.agency_id))
    if not form.is_valid():
        messages.error(request, "请选择承办人")
        return redirect("staff:case_detail", pk=pk)
    try:
        assignee = get_user_model().objects.get(pk=form.cleaned_data["assignee"])
        actions.do_assign(request.user, app, assignee=assignee, expected_version=form.cleaned_data["version"])
    except CaseworkError as e:
        messages.error(request, e.message)
        return _render_case(request, _case_for(request, pk), status=409 if isinstance(e, StaleVersion) else 400)
    messages.success(request, f"已分配承办人：{assignee.get_full_name() or assignee.get_username()}")
    return redirect("staff:case_detail", pk=pk)


@login_required
def document_download(request, pk: int, doc_id: int, fmt: str):
    app = _case_for(request, pk)
    doc = get_object_or_404(Document, pk=doc_id, application=app)
    field = {"docx": doc.docx, "pdf": doc.pdf}.get(fmt)
    if not field:
        raise Http404("文书文件不存在")
    name = f"{doc.number}-{doc.get_kind_display()}.{fmt}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


# ---------------------------------------------------------------- table 三
@login_required
def table3(request):
    """Table 三 of an agency-year from the cases (or as locked), checked; JSON download; lock."""
    from gongkai import checks, interchange
    from gongkai.annual import table3 as t3
    from gongkai.annual.locks import do_lock_year, locked_report
    from gongkai.formats import T3_COLUMNS

    user = request.user
    agencies = list(agencies_visible_to(user).order_by("code"))
    if not agencies:
        raise PermissionDenied("您没有可查看的机关")
    this_year = _today().year
    years = list(range(this_year, 2018, -1))
    source = request.POST if request.method == "POST" else request.GET
    data = source if "agency" in source else {"agency": agencies[0].pk, "year": this_year}
    form = Table3Form(data, agencies=agencies, years=years)
    ctx = _base(request, "table3", form=form, columns=T3_COLUMNS)
    if not form.is_valid():
        return render(request, "staff/table3.html", ctx, status=400 if form.is_bound and source else 200)
    agency = next(a for a in agencies if a.pk == form.cleaned_data["agency"])
    year, whole = form.cleaned_data["year"], form.cleaned_data["subordinates"]
    if request.method == "POST" and "lock" in request.POST:
        try:
            do_lock_year(user, agency, year)
        except CaseworkError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"已锁定{agency.name}{year}年度表三；此后该年度的登记和答复将被拒绝。")
        return redirect(f"{reverse('staff:table3')}?agency={agency.pk}&year={year}")
    report = None if whole else locked_report(agency, year)
    locked = report is not None
    try:
        report = report or t3.build(agency, year, with_subordinates=whole)
    except Exception as e:  # Table3Error, FormatError: shown, never a traceback
        ctx["error"] = str(e)
        return render(request, "staff/table3.html", ctx)
    if source.get("download") == "json":
        resp = HttpResponse(interchange.dumps(report), content_type="application/json; charset=utf-8")
        name = f"table3-{agency.code}-{year}{'-all' if whole else ''}.json"
        resp["Content-Disposition"] = f'attachment; filename="{name}"'
        return resp
    ctx.update(agency=agency, year=year, report=report, rows=_t3_rows(report), locked=locked, whole=whole,
               can_lock=not whole and not locked and (has_role(user, agency, Role.HEAD) or user.is_superuser),
               findings=[f for f in checks.check(report) if f.rule.startswith("T3")])
    return render(request, "staff/table3.html", ctx)


def _t3_rows(report) -> list[dict]:
    from gongkai.formats import T3_COLUMNS

    block = report.format.table("表三").blocks[0]
    levels = block.row_levels()  # the format's printed labels per row (one definition for every view)
    rows = []
    seen_groups = set()
    for row in block.rows:
        parts = levels[row]
        # group header rows (三、本年度办理结果, （三）不予公开 …) carry no numbers of their own
        for depth, label in enumerate(parts[:-1]):
            key = parts[: depth + 1]
            if key not in seen_groups:
                seen_groups.add(key)
                rows.append({"label": label, "depth": depth, "values": None})
        values = [report.cells.get(f"表三|{row}|{c}") for c in T3_COLUMNS]
        rows.append({"label": parts[-1], "depth": len(parts) - 1, "values": values,
                     "total": parts[-1].startswith(("（七）", "一、", "二、", "四、"))})
    return rows


def forbidden(request, exception=None):
    return render(request, "staff/error.html", {"title": "无权访问", "message": str(exception or "")}, status=403)

