"""Audited changes to agencies and their staff: role grants and the office's settings.

The admin no longer writes these rows; an administrator grants and revokes roles here (the
staff pages call these), and an agency's head or an administrator keeps the office's public
particulars and remedies (printed in letters and the guide).
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.web.textfields import refuse_control_characters

from .models import Agency, Role, Staff
from .permissions import has_role, is_administrator

SETTINGS_FIELDS = {  # field → (label, max length)
    "short_name": ("简称（文号用）", 20), "office_name": ("政府信息公开工作机构", 100),
    "office_address": ("办公地址", 200), "postcode": ("邮政编码", 6), "office_hours": ("办公时间", 200),
    "phone": ("联系电话", 50), "fax": ("传真", 50), "email": ("电子邮箱", 100), "website": ("网站", 200),
    "reconsideration_body": ("行政复议机关", 100), "court": ("管辖人民法院", 100),
}


def _errors():
    from gongkai.casework.errors import InvalidInput, NotAllowed

    return InvalidInput, NotAllowed


def _audit(actor, action, obj, before, after, summary):
    from gongkai.casework import audit

    audit.record(actor, action, obj, before, after, summary)


def may_grant(actor) -> bool:
    return is_administrator(actor)


def may_edit_settings(actor, agency: Agency) -> bool:
    return is_administrator(actor) or has_role(actor, agency, Role.HEAD)


def do_grant_role(actor, *, username: str, agency: Agency, role: str) -> Staff:
    """An administrator gives a user a role at an agency."""
    InvalidInput, NotAllowed = _errors()
    if not may_grant(actor):
        raise NotAllowed("只有系统管理员可以授予角色")
    if role not in Role.values:
        raise InvalidInput(f"角色无效：{role!r}", field="role")
    user = get_user_model().objects.filter(username=(username or "").strip()[:150]).first()
    if user is None:
        raise InvalidInput(f"没有用户名为“{(username or '').strip()[:40]}”的账号", field="username")
    with transaction.atomic():
        staff, created = Staff.objects.get_or_create(user=user, agency=agency, role=role)
        if not created:
            raise InvalidInput(f"{user.get_username()} 已是{agency.name}的{Role(role).label}", field="role")
        _audit(actor, "grant_role", staff, None, {"user": user.get_username(), "role": role},
               f"授予 {user.get_username()} {agency.name}{Role(role).label}角色")
    return staff


def do_revoke_role(actor, *, staff: Staff | int) -> None:
    """An administrator takes a role away (the user's other roles stay)."""
    InvalidInput, NotAllowed = _errors()
    if not may_grant(actor):
        raise NotAllowed("只有系统管理员可以撤销角色")
    pk = staff.pk if isinstance(staff, Staff) else staff
    with transaction.atomic():
        row = Staff.objects.select_for_update().select_related("user", "agency").filter(pk=pk).first()
        if row is None:
            raise InvalidInput("该角色不存在（可能已被撤销）")
        if row.user_id == actor.pk and row.role == Role.ADMIN:
            raise InvalidInput("不能撤销自己的系统管理员角色")
        summary = f"撤销 {row.user.get_username()} {row.agency.name}{row.get_role_display()}角色"
        _audit(actor, "revoke_role", row, {"user": row.user.get_username(), "role": row.role}, None, summary)
        row.delete()


def do_update_agency(actor, agency: Agency, **fields) -> Agency:
    """The office's particulars and remedies: the head of the agency or an administrator."""
    InvalidInput, NotAllowed = _errors()
    if not may_edit_settings(actor, agency):
        raise NotAllowed("只有本机关政府信息公开工作机构负责人或系统管理员可以修改机关设置")
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise InvalidInput(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    clean = {}
    for name, value in fields.items():
        label, limit = SETTINGS_FIELDS[name]
        text = " ".join(str(value or "").split())
        try:
            refuse_control_characters(text, label)
        except ValidationError as e:
            raise InvalidInput(e.messages[0], field=name) from None
        if len(text) > limit:
            raise InvalidInput(f"“{label}”不能超过 {limit} 个字", field=name)
        clean[name] = text
    if clean.get("postcode") and not re.fullmatch(r"\d{6}", clean["postcode"]):
        raise InvalidInput("邮政编码应为6位数字", field="postcode")
    with transaction.atomic():
        row = Agency.objects.select_for_update().get(pk=agency.pk)
        before = {k: getattr(row, k) for k in clean}
        changed = {k: v for k, v in clean.items() if before[k] != v}
        if not changed:
            return row
        for k, v in changed.items():
            setattr(row, k, v)
        row.save(update_fields=list(changed))
        labels = "、".join(SETTINGS_FIELDS[k][0] for k in changed)
        _audit(actor, "update_agency", row, {k: before[k] for k in changed}, changed, f"修改{row.name}设置：{labels}")
    return row
