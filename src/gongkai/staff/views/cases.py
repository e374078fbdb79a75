"""The case pages: list (search, filters, ledger export), registration, the case page with its
next steps, one view that takes any step, the print view.

Thin: reads go through `casework.selectors`, every change through the step's action, named by
the declared state machine (`casework.workflow`).  A refused step keeps the user's input and
shows the action's Chinese message next to its field; a stale form (someone else changed the
case) gets HTTP 409 with the fresh case and the user's input; a re-posted form does nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import agencies_visible_to, can_approve, can_work_case, has_role
from gongkai.casework import actions, audit, clock, ledger, selectors, workflow
from gongkai.casework.actions.intake import kind_hint
from gongkai.casework.actions.letters import missing_letters
from gongkai.casework.choices import LetterKind
from gongkai.casework.errors import CaseworkError, DuplicateSubmission, NotAllowed, StaleVersion
from gongkai.casework.models import Application, Document

from .. import queries
from ..forms import STEP_FORMS, CaseFilterForm, IntakeForm
from ..rows import filter_controls, make_rows
from .common import attach, base, case_for, name, today

# ---------------------------------------------------------------- list, search, ledger


def _filter(request):
    user = request.user
    years = list(range(today().year, 2018, -1))
    form = CaseFilterForm(request.GET or None, handlers=queries.handlers_of(user), years=years)
    f = form.cleaned_data if form.is_bound and form.is_valid() else {}
    case_filter = selectors.CaseFilter(
        state=f.get("status") or "open", assignee=f.get("assignee") or "", year=f.get("year"),
        channel=f.get("channel") or "", applicant_kind=f.get("applicant_kind") or "", q=f.get("q") or "",
        order=f.get("order") or "due")
    return form, case_filter


@login_required
def case_list(request):
    form, case_filter = _filter(request)
    qs = selectors.case_list(request.user, case_filter, today())
    rows, has_next, page = selectors.page_of(qs, request.GET.get("page", 1))
    params = request.GET.copy()
    params.pop("page", None)
    day = today()
    ctx = base(request, "cases", filters=filter_controls(form), rows=make_rows(rows, day, selectors.due_soon_limit(day)), page=page,
               has_next=has_next, has_prev=page > 1, query=params.urlencode(), searching=bool(case_filter.q))
    return render(request, "staff/case_list.html", ctx)


@login_required
def case_export(request, fmt: str):
    """The filtered list as the ledger (台账): CSV or XLSX, audited."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("不支持的格式")
    form, case_filter = _filter(request)
    qs = selectors.case_list(request.user, case_filter, today())
    if qs.count() > ledger.MAX_ROWS:  # never a silently cut ledger
        messages.error(request, f"符合条件的申请超过 {ledger.MAX_ROWS:,} 件，请按年度、状态等缩小范围后再导出台账。")
        return redirect(reverse("staff:case_list") + (f"?{request.GET.urlencode()}" if request.GET else ""))
    data = list(ledger.rows(qs, today()))
    actions.do_record_export(request.user, rows=len(data), fmt=fmt, description=_describe(form))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        resp = HttpResponse(ledger.to_csv(iter(data)), content_type="text/csv; charset=utf-8")
    else:
        resp = HttpResponse(ledger.to_xlsx(iter(data)), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    resp["Content-Disposition"] = f'attachment; filename="ledger-{stamp}.{fmt}"'
    return resp


def _describe(form) -> str:
    """The filter as words, for the audit trail (the search words are kept out: they may be a name)."""
    if not form.is_bound or not form.is_valid():
        return "未办结的申请"
    parts = []
    for field in ("status", "channel", "applicant_kind", "year", "order"):
        value = form.cleaned_data.get(field)
        if value:
            parts.append(f"{form.fields[field].label}：{dict(form.fields[field].choices).get(str(value), value)}")
    if form.cleaned_data.get("q"):
        parts.append("按关键词检索")
    return "；".join(parts) or "未办结的申请"


# ---------------------------------------------------------------- registration


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    user = request.user
    agencies = [a for a in agencies_visible_to(user)
                if user.is_superuser or has_role(user, a, Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)]
    if not agencies:
        raise PermissionDenied("您没有登记申请的权限（只有本机关登记、承办人员和负责人可以登记）")
    agency = agencies[0]
    if request.method == "GET":
        return render(request, "staff/case_new.html", base(request, "new", form=IntakeForm(), agency=agency))
    form = IntakeForm(request.POST)
    suggestion, status = None, 200
    if "check" in request.POST:  # "核验证件号码": check only the number, suggest a kind, save nothing
        form.is_valid()
        form.errors.clear()
        kind, ident = request.POST.get("applicant_kind", ""), request.POST.get("identifier", "")[:40]
        document = request.POST.get("id_document", "")[:20]
        try:
            actions.validate_identifier(kind, ident, document)
        except CaseworkError as e:
            form.add_error("identifier", e.message)
            status = 400
        else:
            if not document:  # a passport's number says nothing about the applicant's kind
                suggestion = kind_hint(ident, kind, request.POST.get("applicant_name", "")[:100])
            messages.info(request, "证件号码校验通过。")
    elif form.is_valid():
        data = form.cleaned_data
        if not data["id_document"]:
            suggestion = kind_hint(data["identifier"], data["applicant_kind"], data["applicant_name"])
        try:
            app = actions.do_receive_application(user, agency, **{k: data[k] for k in (
                "applicant_kind", "applicant_name", "id_document", "identifier", "information_requested", "channel",
                "received_on", "submitted_on", "form", "delivery_route", "contact_phone", "contact_address",
                "contact_email", "intake_key", "acknowledge")})
        except DuplicateSubmission as e:
            messages.warning(request, e.message)
            return redirect("staff:case_detail", pk=e.application.pk)
        except CaseworkError as e:
            attach(form, e)
            status = 400
        else:
            messages.success(request, f"申请已登记，编号 {app.number}，答复期限"
                             + (f" {app.due_on:%Y年%m月%d日}" if app.due_on else "待计算"))
            return redirect("staff:case_detail", pk=app.pk)
    else:
        status = 400
    ctx = base(request, "new", form=form, agency=agency, suggestion=suggestion)
    return render(request, "staff/case_new.html", ctx, status=status)


# ---------------------------------------------------------------- the case page


def make_form(step: str, app: Application, c, data=None, files=None):
    """The form of a step for this case (a bound one when the user's input is given)."""
    cls = STEP_FORMS[step]
    kw = {}
    if step == "decide":
        kw["correction_lapsed"] = bool(c is not None and c.correction_lapsed)
    elif step == "assign":
        kw["handlers"] = queries.handlers_at(app.agency_id)
    elif step == "hand_over":
        kw["staff"] = queries.staff_at(app.agency_id)
    return cls(data, files, app=app, **kw) if data is not None else cls(app=app, **kw)


def _steps(request, app, c, bound) -> list[dict]:
    """The next legal steps for this case and user (the workflow's, the clock's and the role's say)."""
    user = request.user
    may_work, may_approve = can_work_case(user, app), can_approve(user, app)
    if not may_work:
        return []
    steps = []
    for t in workflow.offered(app.status, clock.next_events(app, c), may_work=may_work, may_approve=may_approve):
        form = bound[1] if bound and bound[0] == t.step else make_form(t.step, app, c)
        if t.step == "record_receipt" and not form.has_targets:
            continue
        steps.append({"name": t.step, "title": t.title, "form": form,
                      "url": reverse("staff:case_step", args=[app.pk, t.step])})
    if bound and bound[0] not in [s["name"] for s in steps] and bound[0] in workflow.STEPS \
            and workflow.STEPS[bound[0]].offered:
        t = workflow.STEPS[bound[0]]
        steps.insert(0, {"name": t.step, "title": t.title, "form": bound[1],
                         "url": reverse("staff:case_step", args=[app.pk, t.step])})
    names = [s["name"] for s in steps]
    wanted = bound[0] if bound else ("decide" if may_approve else None)
    primary = wanted if wanted in names else (names[0] if names else None)
    for s in steps:
        s["open"] = s["name"] == primary
    steps.sort(key=lambda s: not s["open"])
    return steps


def _audit_rows(app: Application) -> list[dict]:
    return [{"at": ev.at, "who": name(ev.actor) if ev.actor else ("门户网上申请" if ev.via == "portal" else "系统"),
             "what": audit.action_label(ev.action), "summary": ev.summary, "changes": audit.describe(ev)}
            for ev in app.audit_events.select_related("actor").order_by("at", "id")]


def _timeline(app: Application) -> list[dict]:
    return [{"on": ev.on, "what": ev.get_kind_display(), "detail": ev.reason, "who": name(ev.actor),
             "received": ev.party_received_on}
            for ev in app.events.select_related("actor").order_by("on", "id")]


def _workdays_left(app: Application):
    if not app.due_on or not app.is_open:
        return None
    from gongkai.casework.calendar import platform_calendar

    try:
        return platform_calendar().workdays_between(today(), app.due_on)
    except LookupError:  # a missing calendar year is shown through app.clock_error
        return None


def _read_only_reason(user, app) -> str:
    if can_work_case(user, app):
        return ""
    return "您是上级监督人员，只能查看本申请，不能办理。" if has_role(user, app.agency_id, Role.SUPERVISOR) or not \
        user.memberships.filter(agency=app.agency).exists() else "您无权办理本申请。"


def _panel(step: str, app, c, bound, may_work: bool):
    """A form that lives in its own panel (not among the next steps), bound when it was refused."""
    if not may_work:
        return None
    if bound and bound[0] == step:
        return bound[1]
    return make_form(step, app, c)


def render_case(request, app: Application, bound: tuple | None = None, status: int = 200):
    user = request.user
    c = clock.current(app)
    may_work = can_work_case(user, app)
    may_assign = app.is_open and may_work and (has_role(user, app.agency_id, Role.HEAD, Role.REGISTRAR, Role.ADMIN)
                                               or user.is_superuser or user.pk == app.owner_id)
    may_hand_over = app.is_open and may_work and (user.pk == app.owner_id or has_role(
        user, app.agency_id, Role.HEAD, Role.ADMIN))
    ctx = base(
        request, "cases", app=app, clock=c, steps=_steps(request, app, c, bound), timeline=_timeline(app),
        audit=_audit_rows(app), documents=selectors.documents_of(app),
        missing=missing_letters(app) if may_work else [], attachments=list(app.attachments.select_related(
            "uploaded_by")), show_personal=may_work, workdays_left=_workdays_left(app), can_work=may_work,
        read_only_reason=_read_only_reason(user, app), today=today(),
        registration_form=_panel("correct_registration", app, c, bound, may_work),
        attachment_form=_panel("attach_file", app, c, bound, may_work),
        assign_form=_panel("assign", app, c, bound, may_assign) if may_assign else None,
        hand_over_form=_panel("hand_over", app, c, bound, may_hand_over) if may_hand_over else None,
        reopen_form=_panel("reopen", app, c, bound, may_work) if app.status in workflow.DONE else None,
        issue_form=make_form("issue_letter", app, c), rehandlings=list(app.rehandlings.only("pk", "number")),
    )
    return render(request, "staff/case_detail.html", ctx, status=status)


@login_required
def case_detail(request, pk: int):
    return render_case(request, case_for(request, pk))


@login_required
def case_print(request, pk: int):
    """A case on paper: its particulars, the clock, the record of what happened, its letters."""
    app = case_for(request, pk)
    ctx = {"app": app, "clock": clock.current(app), "timeline": _timeline(app), "documents": selectors.documents_of(app),
           "show_personal": can_work_case(request.user, app), "printed_by": name(request.user),
           "printed_at": dt.datetime.now()}
    return render(request, "staff/case_print.html", ctx)


@login_required
@require_POST
def case_step(request, pk: int, step: str):
    """Take one step of the workflow on a case: the step's form, then the step's action."""
    app = case_for(request, pk)
    if step not in STEP_FORMS or step not in workflow.STEPS:
        raise Http404("没有这个办理步骤")
    t = workflow.STEPS[step]
    c = clock.current(app)
    form = make_form(step, app, c, data=request.POST, files=request.FILES)
    if not form.is_valid():
        return render_case(request, app, (step, form), status=400)
    before = Document.objects.filter(application=app).aggregate(m=Max("id"))["m"] or 0
    try:
        result = getattr(actions, t.action)(request.user, app, **form.action_kwargs(),
                                            expected_version=form.cleaned_data["version"],
                                            key=form.cleaned_data["form_key"])
    except DuplicateSubmission as e:
        messages.info(request, e.message)
        return redirect(reverse("staff:case_detail", args=[pk]) + "#timeline")
    except StaleVersion as e:
        fresh = case_for(request, pk)
        post = request.POST.copy()  # keep what the user typed, under the fresh version: nothing is lost
        post[f"{step}-version"] = str(fresh.version)
        again = make_form(step, fresh, clock.current(fresh), data=post, files=request.FILES)
        again.is_valid()
        again.add_error(None, e.message)
        messages.error(request, e.message)
        return render_case(request, fresh, (step, again), status=409)
    except NotAllowed as e:
        form.add_error(None, e.message)
        messages.error(request, e.message)
        return render_case(request, case_for(request, pk), (step, form), status=403)
    except CaseworkError as e:
        attach(form, e)
        return render_case(request, case_for(request, pk), (step, form), status=400)
    target = result if isinstance(result, Application) else app
    messages.success(request, f"{t.title}：已办理。")
    _letter_messages(request, target, before)
    return redirect(reverse("staff:case_detail", args=[target.pk]) + ("#letters" if step == "issue_letter"
                                                                        else "#timeline"))


def _letter_messages(request, app: Application, after_id: int) -> None:
    for doc in Document.objects.filter(application=app, pk__gt=after_id).order_by("id"):
        label = LetterKind(doc.kind).label
        if doc.state == "pending":
            messages.warning(request, f"{label}暂不能出具：{doc.problem} 原因消除后可在“文书”中出具。")
        elif doc.pdf:
            messages.success(request, f"已出具{label} {doc.number}，可在“文书”中下载。")
        else:
            messages.info(request, f"{label} {doc.number} 正在出具，稍后可在“文书”中下载。")
