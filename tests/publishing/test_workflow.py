"""The review workflow: one declared state machine, read by the actions; who may do what; the
history and the audit trail; nothing public without a recorded review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from gongkai.casework.models import AuditEvent
from gongkai.publishing import actions, workflow
from gongkai.publishing.choices import Status
from gongkai.publishing.errors import InvalidItem, NotAllowed, StaleVersion, WrongStatus
from gongkai.publishing.models import Item

from .conftest import TODAY, draft, publish


def test_machine_is_complete_and_reachable():
    # every status but the terminal ones has a way forward, every target is a status
    reachable = {Status.DRAFTED}
    frontier = [Status.DRAFTED]
    while frontier:
        s = frontier.pop()
        for step in workflow.steps_from(s):
            target = step.target or s
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(Status)
    assert [s.name for s in workflow.steps_from(Status.PUBLISHED)] == ["abolish"]
    assert workflow.steps_from(Status.ABOLISHED) == [] and workflow.steps_from(Status.DISCARDED) == []
    # only reviewers approve or reject, and a superuser cannot stand in for them
    for name in ("approve", "reject"):
        assert workflow.STEPS[name].roles == ("reviewer",) and not workflow.STEPS[name].superuser_may


def test_draft_reject_fix_approve_publish(w):
    item = draft(w)
    assert item.status == Status.DRAFTED and item.index_number == "" and item.version == 1
    item = actions.do_submit_item(w.clerk, item, today=TODAY)
    item = actions.do_reject_item(w.reviewer, item, note="附件含个人信息，请删除后重新提交", today=TODAY)
    assert item.status == Status.REJECTED and item.reviewed_by is None
    item = actions.do_update_item(w.clerk, item, title="测试市商务局关于印发某某管理办法（修订）的通知",
                                  expected_version=item.version, today=TODAY)
    item = actions.do_submit_item(w.clerk, item, today=TODAY)
    item = actions.do_approve_item(w.reviewer, item, note="同意公开", today=TODAY)
    assert item.status == Status.REVIEWED and item.reviewed_by == w.reviewer and item.reviewed_on == TODAY
    item = actions.do_publish_item(w.clerk2, item, on=TODAY, today=TODAY)
    assert item.status == Status.PUBLISHED and item.published_on == TODAY
    assert item.index_number == "G-D/01/2026/00001"
    steps = list(item.steps.values_list("step", "status_after", "note"))
    assert [s[0] for s in steps] == ["create", "submit", "reject", "edit", "submit", "approve", "publish"]
    assert steps[2][2] == "附件含个人信息，请删除后重新提交"
    audited = list(AuditEvent.objects.filter(object_type="item", object_id=str(item.pk)).values_list("action", flat=True))
    assert audited == ["publishing.create", "publishing.submit", "publishing.reject", "publishing.edit",
                       "publishing.submit", "publishing.approve", "publishing.publish"]
    publish_event = AuditEvent.objects.get(action="publishing.publish", object_id=str(item.pk))
    assert publish_event.before["status"] == "reviewed" and publish_event.after["status"] == "published"
    assert publish_event.agency_id == w.dept.pk


def test_only_a_reviewer_approves(w):
    item = actions.do_submit_item(w.clerk, draft(w), today=TODAY)
    for who in (w.clerk, w.head, w.root, w.supervisor, w.outsider):
        with pytest.raises(NotAllowed):
            actions.do_approve_item(who, item, note="同意", today=TODAY)
    assert Item.objects.get(pk=item.pk).status == Status.SUBMITTED


def test_reviewer_does_not_review_own_submission(w):
    item = draft(w, actor=w.reviewer2)
    actions.do_submit_item(w.reviewer2, item, today=TODAY)
    with pytest.raises(NotAllowed, match="不能审查自己提交的条目"):
        actions.do_approve_item(w.reviewer2, item, note="同意", today=TODAY)
    assert actions.do_approve_item(w.reviewer, item, note="同意", today=TODAY).status == Status.REVIEWED


def test_reject_needs_a_reason(w):
    item = actions.do_submit_item(w.clerk, draft(w), today=TODAY)
    with pytest.raises(InvalidItem, match="退回理由"):
        actions.do_reject_item(w.reviewer, item, note="  ", today=TODAY)


def test_steps_refused_from_the_wrong_status(w):
    item = draft(w)
    with pytest.raises(WrongStatus, match="草稿"):
        actions.do_publish_item(w.clerk, item, today=TODAY)
    with pytest.raises(WrongStatus):
        actions.do_approve_item(w.reviewer, item, note="同意", today=TODAY)
    item = publish(w, item)
    with pytest.raises(WrongStatus):
        actions.do_update_item(w.clerk, item, title="改", today=TODAY)
    with pytest.raises(WrongStatus):
        actions.do_submit_item(w.clerk, item, today=TODAY)


def test_reopen_clears_the_review(w):
    item = actions.do_submit_item(w.clerk, draft(w), today=TODAY)
    item = actions.do_approve_item(w.reviewer, item, note="同意", today=TODAY)
    item = actions.do_reopen_item(w.clerk, item, note="需要补充附件", today=TODAY)
    assert item.status == Status.DRAFTED and item.reviewed_by is None and item.reviewed_on is None
    with pytest.raises(WrongStatus):
        actions.do_publish_item(w.clerk, item, today=TODAY)


def test_supervisor_and_outsider_cannot_change(w):
    item = draft(w)
    with pytest.raises(NotAllowed):
        actions.do_submit_item(w.supervisor, item, today=TODAY)
    with pytest.raises(NotAllowed):
        actions.do_update_item(w.outsider, item, title="改", today=TODAY)
    with pytest.raises(NotAllowed):
        actions.do_create_item(w.supervisor, w.dept, title="x", written_on=TODAY, article_item="20-02", today=TODAY)


def test_stale_version_saves_nothing(w):
    item = draft(w)
    actions.do_update_item(w.clerk, item, title="甲", expected_version=item.version, today=TODAY)
    with pytest.raises(StaleVersion):
        actions.do_update_item(w.clerk2, item, title="乙", expected_version=item.version, today=TODAY)
    assert Item.objects.get(pk=item.pk).title == "甲"


def test_nothing_public_without_a_recorded_review(w):
    item = draft(w)
    # the database refuses it even when something bypasses the actions
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(status=Status.PUBLISHED, published_on=TODAY, index_number="X/1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(status=Status.REVIEWED)
    assert Item.objects.get(pk=item.pk).status == Status.DRAFTED


def test_abolish_with_replacement(w):
    old = publish(w, draft(w, title="旧办法", document_number="测商发〔2025〕1号", written_on=dt.date(2025, 3, 1)),
                  on=dt.date(2025, 3, 10))
    new = publish(w, draft(w, title="新办法", document_number="测商发〔2026〕2号"), on=dt.date(2026, 6, 10))
    old = actions.do_abolish_item(w.clerk, old, on=dt.date(2026, 6, 12), replaced_by=new, note="被新办法替代",
                                  today=TODAY)
    assert old.status == Status.ABOLISHED and old.replaced_by == new and old.abolished_on == dt.date(2026, 6, 12)
    assert old.validity_label == "废止"
    with pytest.raises(InvalidItem, match="早于成文日期"):
        actions.do_abolish_item(w.clerk, new, on=dt.date(2026, 5, 1), today=TODAY)
    with pytest.raises(InvalidItem, match="另一条已公开"):
        actions.do_abolish_item(w.clerk, new, on=TODAY, replaced_by=new, today=TODAY)


def test_discarded_draft_frees_its_document_number(w):
    item = draft(w)
    actions.do_discard_item(w.clerk, item, note="重复录入", today=TODAY)
    again = draft(w)  # same 文号: the discarded one no longer holds it
    assert again.pk != item.pk
