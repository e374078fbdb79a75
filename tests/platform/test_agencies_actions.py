"""Role grants and the office's settings: audited actions, refused to the wrong people."""

from __future__ import annotations

import pytest

from gongkai.agencies import actions
from gongkai.agencies.models import Role, Staff
from gongkai.casework.errors import InvalidInput, NotAllowed
from gongkai.casework.models import AuditEvent


def test_only_an_administrator_grants_and_revokes_roles(world):
    with pytest.raises(NotAllowed):
        actions.do_grant_role(world.head, username="handler", agency=world.dept, role=Role.REGISTRAR)
    staff = actions.do_grant_role(world.admin, username="handler", agency=world.dept, role=Role.REGISTRAR)
    assert Staff.objects.filter(user=world.handler, agency=world.dept, role=Role.REGISTRAR).exists()
    ev = AuditEvent.objects.get(action="grant_role")
    assert ev.actor == world.admin and ev.agency_id == world.dept.pk and "handler" in ev.summary
    with pytest.raises(InvalidInput, match="已是"):
        actions.do_grant_role(world.admin, username="handler", agency=world.dept, role=Role.REGISTRAR)
    with pytest.raises(InvalidInput, match="没有用户名"):
        actions.do_grant_role(world.admin, username="nobody", agency=world.dept, role=Role.REGISTRAR)
    actions.do_revoke_role(world.admin, staff=staff)
    assert not Staff.objects.filter(pk=staff.pk).exists()
    assert AuditEvent.objects.filter(action="revoke_role").count() == 1


def test_settings_by_the_head_or_an_administrator(world):
    with pytest.raises(NotAllowed):
        actions.do_update_agency(world.handler, world.dept, phone="0573-1")
    row = actions.do_update_agency(world.head, world.dept, reconsideration_body="测试市人民政府", court="测试区人民法院",
                                   postcode="314400")
    assert (row.reconsideration_body, row.court) == ("测试市人民政府", "测试区人民法院")
    ev = AuditEvent.objects.get(action="update_agency")
    assert "行政复议机关" in ev.summary and ev.after["court"] == "测试区人民法院"
    with pytest.raises(InvalidInput, match="6位数字"):
        actions.do_update_agency(world.head, world.dept, postcode="31440")
    with pytest.raises(InvalidInput, match="控制字符"):
        actions.do_update_agency(world.head, world.dept, office_address="某路\x001号")
    with pytest.raises(InvalidInput, match="不能超过"):
        actions.do_update_agency(world.head, world.dept, court="法" * 101)
    with pytest.raises(InvalidInput, match="不能修改"):
        actions.do_update_agency(world.head, world.dept, name="改名")
