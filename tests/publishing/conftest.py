"""Fixtures for the catalogue: a government and a department with a clerk, two reviewers, a head,
a supervisor above, an outsider elsewhere; helpers that walk an item through the workflow."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def private_in_tmp(settings, tmp_path):
    """Attachments and guide files go to GONGKAI_HOME/private: keep them out of the tree."""
    from gongkai.web.uploads import private_storage

    settings.GONGKAI_HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    private_storage.cache_clear()
    yield
    private_storage.cache_clear()


@pytest.fixture
def w(db):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency, AgencyKind, Role, Staff

    User = get_user_model()
    gov = Agency.objects.create(code="G", name="测试市人民政府", kind=AgencyKind.GOVERNMENT)
    dept = Agency.objects.create(code="G-D", name="测试市商务局", parent=gov,
                                 office_name="测试市商务局办公室", office_address="测试市某路1号", postcode="314400",
                                 office_hours="工作日 8:30—17:00", phone="0573-1234567", email="gk@example.gov.cn",
                                 reconsideration_body="测试市人民政府", court="测试市人民法院")
    other = Agency.objects.create(code="X", name="别市人民政府", kind=AgencyKind.GOVERNMENT)

    def user(name, *memberships, superuser=False):
        u = User.objects.create_user(name, password="pw", first_name=name, is_superuser=superuser)
        for agency, role in memberships:
            Staff.objects.create(user=u, agency=agency, role=role)
        return u

    ns = type("World", (), {})()
    ns.gov, ns.dept, ns.other = gov, dept, other
    ns.clerk = user("clerk", (dept, Role.REGISTRAR))
    ns.clerk2 = user("clerk2", (dept, Role.HANDLER))
    ns.reviewer = user("reviewer", (dept, Role.REVIEWER))
    ns.reviewer2 = user("reviewer2", (dept, Role.REVIEWER), (dept, Role.REGISTRAR))
    ns.head = user("head", (dept, Role.HEAD))
    ns.supervisor = user("supervisor", (gov, Role.SUPERVISOR))
    ns.outsider = user("outsider", (other, Role.HEAD), (other, Role.REVIEWER))
    ns.root = user("root", superuser=True)
    return ns


def draft(w, agency=None, actor=None, today=TODAY, **fields):
    from gongkai.publishing import actions

    data = dict(title="测试市商务局关于印发某某管理办法的通知", document_number="测商发〔2026〕1号",
                written_on=dt.date(2026, 6, 1), article_item="20-01", doc_kind="normative")
    data.update(fields)
    return actions.do_create_item(actor or w.clerk, agency or w.dept, today=today, **data)


def publish(w, item=None, on=dt.date(2026, 6, 10), today=TODAY, **fields):
    """Draft (unless given), submit, approve, publish."""
    from gongkai.publishing import actions

    item = item or draft(w, **fields)
    actions.do_submit_item(w.clerk, item, today=on)
    actions.do_approve_item(w.reviewer, item, note="同意公开", today=on)
    return actions.do_publish_item(w.clerk, item, on=on, today=today)
