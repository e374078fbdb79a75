"""Staff pages of the appeals ledger (/appeals/): list, record, conclude, correct an entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.casework.errors import CaseworkError, StaleVersion, YearLocked
from gongkai.casework.models import Application, AuditEvent

from . import actions, counting, selectors
from .choices import AppealKind
from .forms import AmendForm, ConcludeForm, RecordForm
from .models import Appeal

PAGE = 100


def _context(request, **extra) -> dict:
    from gongkai.staff.queries import primary_agency, role_names

    return {"nav": "appeals", "role_names": role_names(request.user),
            "current_agency": primary_agency(request.user), **extra}


@login_required
def appeal_list(request):
    qs = selectors.visible_appeals(request.user)
    code = request.GET.get("agency", "")
    if code:
        qs = qs.filter(agency__code=code)
    state = request.GET.get("state", "")
    if state == "pending":
        qs = qs.filter(concluded_on__isnull=True)
    elif state == "concluded":
        qs = qs.filter(concluded_on__isnull=False)
    may_record = selectors.workable_agencies(request.user).exists()
    return render(request, "appeals/list.html", _context(
        request, appeals=list(qs[:PAGE]), code=code, state=state, may_record=may_record,
        rule=counting.RULES[counting.year_rule()]))


def _record_form(request, data=None):
    agencies = list(selectors.workable_agencies(request.user))
    recs = Appeal.objects.filter(agency__in=agencies, kind=AppealKind.RECONSIDERATION).select_related("agency")
    initial = {"agency": request.GET.get("agency")} if data is None else None
    return RecordForm(data, agencies=agencies, reconsiderations=recs[:500], initial=initial)


@login_required
def appeal_new(request):
    form = _record_form(request, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            agency = selectors.workable_agencies(request.user).get(code=d["agency"])
            application = None
            if d["application_number"]:
                application = Application.objects.filter(agency=agency, number=d["application_number"]).first()
                if application is None:
                    form.add_error("application_number", f"{agency.name}没有编号为 {d['application_number']} 的申请")
            rec = (Appeal.objects.filter(pk=d["reconsideration"], agency=agency).first()
                   if d["reconsideration"] else None)
            if not form.errors:
                try:
                    appeal = actions.do_record_appeal(
                        request.user, agency, kind=d["kind"], body=d["body"], filed_on=d["filed_on"],
                        application=application, applicant_name=d["applicant_name"], decision_ref=d["decision_ref"],
                        reconsideration=rec, case_number=d["case_number"])
                except CaseworkError as e:
                    form.add_error(e.field if e.field in form.fields else None, e.message)
                    status = 409 if isinstance(e, YearLocked) else 400
                else:
                    messages.success(request, f"已登记{appeal.get_kind_display()}。")
                    return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/new.html", _context(request, form=form), status=status)


def _appeal_for(request, pk: int) -> Appeal:
    return get_object_or_404(selectors.visible_appeals(request.user), pk=pk)


def _detail(request, appeal: Appeal, conclude=None, amend=None, status=200):
    may_write = actions.may_write(request.user, appeal.agency_id)
    audit = AuditEvent.objects.filter(object_type="appeal", object_id=str(appeal.pk)).select_related("actor")
    return render(request, "appeals/detail.html", _context(
        request, appeal=appeal, may_write=may_write, audit=audit,
        conclude_form=conclude or ConcludeForm(initial={"version": appeal.version}),
        amend_form=amend or AmendForm(initial={"version": appeal.version, "body": appeal.body,
                                                "case_number": appeal.case_number, "filed_on": appeal.filed_on})),
        status=status)


@login_required
def appeal_detail(request, pk: int):
    return _detail(request, _appeal_for(request, pk))


def _post(request, pk: int, key: str, form_class, act, done_message):
    """A form on the appeal's page, posted: run the action; on refusal the page again, input kept."""
    appeal = _appeal_for(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail(request, appeal, **{key: form}, status=400)
    try:
        done = act(appeal, form.cleaned_data)
    except CaseworkError as e:
        form.add_error(e.field if e.field in form.fields else None, e.message)
        appeal.refresh_from_db()
        return _detail(request, appeal, **{key: form}, status=409 if isinstance(e, YearLocked | StaleVersion) else 400)
    messages.success(request, done_message(done))
    return redirect("appeals:detail", pk=pk)


@login_required
@require_POST
def appeal_conclude(request, pk: int):
    return _post(request, pk, "conclude", ConcludeForm, lambda appeal, d: actions.do_conclude_appeal(
        request.user, appeal, on=d["concluded_on"], result=d["result"], note=d["note"],
        reopen_case=d["reopen_case"], expected_version=d["version"]),
        lambda done: f"已登记审结结果：{done.get_result_display()}" + ("，所涉申请已重新办理。" if done.reopened_on else "。"))


@login_required
@require_POST
def appeal_amend(request, pk: int):
    return _post(request, pk, "amend", AmendForm, lambda appeal, d: actions.do_amend_appeal(
        request.user, appeal, reason=d["reason"], body=d["body"], case_number=d["case_number"],
        filed_on=d["filed_on"], expected_version=d["version"]),
        lambda _: "已更正登记。")
