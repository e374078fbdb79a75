"""机关设置: the office's particulars and remedies (the head or an administrator) and the staff's
roles (administrators), each change an audited action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.agencies import actions as agency_actions
from gongkai.agencies.models import Agency, Staff
from gongkai.agencies.permissions import agencies_visible_to, is_administrator
from gongkai.casework.errors import CaseworkError

from ..forms import AgencySettingsForm, GrantRoleForm
from .common import attach, base


def _agencies(user) -> list[Agency]:
    return [a for a in agencies_visible_to(user).order_by("code") if agency_actions.may_edit_settings(user, a)]


@login_required
def agency_settings(request, agency_id: int | None = None):
    user = request.user
    agencies = _agencies(user)
    if not agencies:
        raise PermissionDenied("只有机关的政府信息公开工作机构负责人或系统管理员可以修改机关设置")
    agency = agencies[0] if agency_id is None else get_object_or_404(Agency, pk=agency_id)
    if agency not in agencies:
        raise PermissionDenied("您不能修改该机关的设置")
    form = AgencySettingsForm(agency=agency)
    grant = GrantRoleForm() if is_administrator(user) else None
    status = 200
    if request.method == "POST":
        try:
            if "grant" in request.POST and grant is not None:
                grant = GrantRoleForm(request.POST)
                if grant.is_valid():
                    staff = agency_actions.do_grant_role(user, agency=agency, **grant.cleaned_data)
                    messages.success(request, f"已授予 {staff.user.get_username()} {staff.get_role_display()}角色。")
                    return redirect("staff:agency_settings_of", agency_id=agency.pk)
                status = 400
            elif "revoke" in request.POST:
                agency_actions.do_revoke_role(user, staff=int(request.POST.get("revoke", "0") or 0))
                messages.success(request, "已撤销该角色。")
                return redirect("staff:agency_settings_of", agency_id=agency.pk)
            else:
                form = AgencySettingsForm(request.POST, agency=agency)
                if form.is_valid():
                    agency_actions.do_update_agency(user, agency, **form.cleaned_data)
                    messages.success(request, "机关设置已保存。")
                    return redirect("staff:agency_settings_of", agency_id=agency.pk)
                status = 400
        except (CaseworkError, ValueError) as e:
            message = getattr(e, "message", "输入有误")
            if "grant" in request.POST and grant is not None:
                attach(grant, e) if isinstance(e, CaseworkError) else grant.add_error(None, message)
            elif isinstance(e, CaseworkError) and "revoke" not in request.POST:
                attach(form, e)
            messages.error(request, message)
            status = 400
    staff = Staff.objects.filter(agency=agency).select_related("user").order_by("role", "user__username")
    ctx = base(request, "settings", agency=agency, agencies=agencies, form=form, grant=grant, staff=staff,
               may_grant=is_administrator(user))
    return render(request, "staff/agency_settings.html", ctx, status=status)
