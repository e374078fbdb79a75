"""表三 of an agency-year from the cases (or as locked), checked; JSON download; lock, unlock."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import agencies_visible_to, has_role, is_administrator
from gongkai.casework.errors import CaseworkError

from ..forms import Table3Form, UnlockForm
from .common import base, today


@login_required
def table3(request):
    from gongkai import checks, interchange
    from gongkai.annual import table3 as t3
    from gongkai.annual.locks import do_lock_year, do_unlock_year, locked_report
    from gongkai.formats import T3_COLUMNS

    user = request.user
    agencies = list(agencies_visible_to(user).order_by("code"))
    if not agencies:
        raise PermissionDenied("您没有可查看的机关")
    this_year = today().year
    years = list(range(this_year, 2018, -1))
    source = request.POST if request.method == "POST" else request.GET
    data = source if "agency" in source else {"agency": agencies[0].pk, "year": this_year}
    form = Table3Form(data, agencies=agencies, years=years)
    ctx = base(request, "table3", form=form, columns=T3_COLUMNS)
    if not form.is_valid():
        return render(request, "staff/table3.html", ctx, status=400 if form.is_bound and source else 200)
    agency = next(a for a in agencies if a.pk == form.cleaned_data["agency"])
    year, whole = form.cleaned_data["year"], form.cleaned_data["subordinates"]
    here = f"{reverse('staff:table3')}?agency={agency.pk}&year={year}"
    if request.method == "POST" and "lock" in request.POST:
        try:
            do_lock_year(user, agency, year)
        except CaseworkError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"已锁定{agency.name}{year}年度表三；此后该年度的登记和答复将被拒绝。")
        return redirect(here)
    unlock = UnlockForm(request.POST if "unlock" in request.POST else None)
    if request.method == "POST" and "unlock" in request.POST:
        if unlock.is_valid():
            try:
                do_unlock_year(user, agency, year, reason=unlock.cleaned_data["reason"])
            except CaseworkError as e:
                messages.error(request, e.message)
            else:
                messages.success(request, f"已解除{agency.name}{year}年度表三的锁定（已记入操作记录）。")
                return redirect(here)
        else:
            messages.error(request, "请填写解除锁定的理由。")
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
               can_unlock=locked and is_administrator(user), unlock_form=unlock,
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
