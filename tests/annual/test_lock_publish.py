"""Lock (the snapshot inside one transaction, errors only with a reason), publish, correct."""

from __future__ import annotations

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import connection

from annual.helpers import full_year
from annual.world import decide, receive, synthetic_id
from gongkai import interchange, readers
from gongkai.annual import build, drafting, locks, publication, selectors
from gongkai.annual.models import Publication, ReportLock
from gongkai.casework.errors import InvalidInput, NotAllowed, OutOfOrder, YearLocked
from gongkai.casework.models import AuditEvent

D = dt.date


def test_lock_snapshot_is_built_inside_the_transaction(world):
    full_year(world)
    seen = []
    real = build.build

    def spy(agency, year):
        seen.append(connection.in_atomic_block)
        return real(agency, year)

    with mock.patch.object(build, "build", spy):
        lock = locks.do_lock_year(world.head, world.dept, 2025)
    assert seen == [True]
    assert lock.error_count == 0 and lock.reason == ""
    stored = locks.locked_report(world.dept, 2025)
    assert stored.same_cells(build.report(world.dept, 2025)) and stored.sections[1]
    ev = AuditEvent.objects.get(action="annual.lock")
    assert ev.after["errors"] == 0 and ev.agency_id == world.dept.pk


def test_a_failing_build_leaves_no_lock(world):
    full_year(world)
    with mock.patch.object(build, "build", side_effect=RuntimeError("boom")), pytest.raises(RuntimeError):
        locks.do_lock_year(world.head, world.dept, 2025)
    assert not ReportLock.objects.exists()


def test_errors_need_a_written_reason(world):
    full_year(world, sections=False)
    with pytest.raises(locks.LockRefused, match="3 个错误") as e:
        locks.do_lock_year(world.head, world.dept, 2025)
    assert e.value.field == "reason" and [f.rule for f in e.value.errors] == ["A-1"] * 3
    assert not ReportLock.objects.exists()
    lock = locks.do_lock_year(world.head, world.dept, 2025, reason="正文经领导审定后另行补充公开")
    assert lock.error_count == 3 and lock.reason == "正文经领导审定后另行补充公开"
    assert "带 3 个错误" in AuditEvent.objects.get(action="annual.lock").summary
    with pytest.raises(YearLocked, match="已经锁定"):
        locks.do_lock_year(world.head, world.dept, 2025)


def test_only_the_head_locks(world):
    for who in (world.handler, world.supervisor, world.outsider):
        with pytest.raises(NotAllowed):
            locks.do_lock_year(who, world.dept, 2025)


def test_locked_year_refuses_every_change(world):
    full_year(world)
    locks.do_lock_year(world.head, world.dept, 2025)
    open_case = world.dept.applications.get(received_on=D(2025, 12, 29))
    with pytest.raises(YearLocked):
        decide(world, open_case, D(2025, 12, 31))
    with pytest.raises(YearLocked):
        drafting.do_save_sections(world.handler, world.dept, 2025, sections={1: "改"})
    with pytest.raises(YearLocked):
        receive(world, D(2025, 12, 30), 99)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", ["decision", "receipt"])
def test_a_step_racing_the_lock_waits_and_is_refused(step):
    """A decision (or a receipt dated in the year) starts while the lock is building its
    snapshot.  It must not commit in between: it waits for the lock and is then refused, and
    the snapshot equals the live data."""
    from annual.world import make_world

    if connection.vendor == "sqlite":
        pytest.skip("the test database is SQLite's shared in-memory one, which reports a table lock at once "
                    "instead of waiting; a file database's IMMEDIATE transactions serialise writers by design. "
                    "Runs on PostgreSQL (tools/test.sh)")
    w = make_world()
    full_year(w)
    open_case = w.dept.applications.get(received_on=D(2025, 12, 29))
    started, outcome = threading.Event(), {}

    def decide_meanwhile():
        try:
            started.set()
            if step == "decision":
                decide(w, open_case, D(2025, 12, 31))
            else:
                receive(w, D(2025, 12, 31), 9901)
            outcome["result"] = "done"
        except YearLocked:
            outcome["result"] = "refused"
        finally:
            connection.close()

    real = build.build
    thread = threading.Thread(target=decide_meanwhile)

    def slow_build(agency, year):
        built = real(agency, year)
        thread.start()
        started.wait(5)
        thread.join(1.5)  # the decision gets its chance to commit now, if the lock lets it
        return built

    with mock.patch.object(build, "build", slow_build):
        locks.do_lock_year(w.head, w.dept, 2025)
    thread.join(10)
    assert outcome == {"result": "refused"}
    open_case.refresh_from_db()
    assert open_case.concluded_on is None
    assert not w.dept.applications.filter(identifier=synthetic_id(9901)).exists()
    assert locks.locked_report(w.dept, 2025).same_cells(build.report(w.dept, 2025))


def _extract(pub):
    with pub.pdf.open("rb") as f:
        return readers.read_bytes(f.read(), pub.pdf.name)


def test_publish_files_read_back_and_publishing_twice(world):
    full_year(world)
    with pytest.raises(OutOfOrder, match="尚未锁定"):
        publication.do_publish(world.head, world.dept, 2025)
    locks.do_lock_year(world.head, world.dept, 2025)
    pub = publication.do_publish(world.head, world.dept, 2025)
    assert pub.number == 1 and pub.reason == "" and not pub.superseded
    locked = locks.locked_report(world.dept, 2025)
    got = _extract(pub)
    assert got.same_cells(locked), [a for a in locked.cells if got.cells[a] != locked.cells[a]]
    for kind in publication.FILE_KINDS:
        assert getattr(pub, kind).size > 1000
    with pytest.raises(publication.AlreadyPublished, match="无需重复发布"):
        publication.do_publish(world.head, world.dept, 2025)
    assert Publication.objects.count() == 1
    assert selectors.report_state(world.dept, 2025)[0] == selectors.PUBLISHED


def test_correction_publishes_version_2_and_keeps_version_1_superseded(world):
    full_year(world)
    locks.do_lock_year(world.head, world.dept, 2025)
    v1 = publication.do_publish(world.head, world.dept, 2025)
    with pytest.raises(InvalidInput, match="更正原因"):
        publication.do_open_correction(world.head, world.dept, 2025, reason=" ")
    publication.do_open_correction(world.head, world.dept, 2025, reason="表二行政许可处理决定数量填报有误")
    assert selectors.report_state(world.dept, 2025)[0] == selectors.CORRECTING
    with pytest.raises(OutOfOrder, match="更正已在进行中"):
        publication.do_open_correction(world.head, world.dept, 2025, reason="again")
    lic = "表二|第二十条第（五）项/行政许可|本年处理决定数量"
    drafting.do_enter_table2(world.handler, world.dept, 2025, figures_in={lic: "130"}, sources={lic: "审批系统复核"})
    locks.do_lock_year(world.head, world.dept, 2025)
    v2 = publication.do_publish(world.head, world.dept, 2025)
    v1.refresh_from_db()
    assert (v2.number, v2.reason) == (2, "表二行政许可处理决定数量填报有误")
    assert v1.superseded and not v2.superseded
    assert interchange.from_dict(v1.report).cells[lic] != 130 and _extract(v2).cells[lic] == 130
    assert [p.number for p in selectors.publications(world.dept)] == [2, 1]
    assert AuditEvent.objects.filter(action__in=("annual.publish", "annual.open_correction")).count() == 3


def test_a_second_version_needs_a_reason(world):
    full_year(world)
    locks.do_lock_year(world.head, world.dept, 2025)
    publication.do_publish(world.head, world.dept, 2025)
    ReportLock.objects.all().delete()  # an unlock by other means than the correction flow
    locks.do_lock_year(world.head, world.dept, 2025)
    with pytest.raises(InvalidInput, match="须写明更正原因"):
        publication.do_publish(world.head, world.dept, 2025)
    assert publication.do_publish(world.head, world.dept, 2025, reason="补充第六部分").number == 2


def test_publish_rolls_back_files_when_the_row_fails(world):
    full_year(world)
    locks.do_lock_year(world.head, world.dept, 2025)
    from gongkai.casework import audit

    with mock.patch.object(audit, "record", side_effect=RuntimeError("db gone")), pytest.raises(RuntimeError):
        publication.do_publish(world.head, world.dept, 2025)
    assert not Publication.objects.exists()
    from gongkai.web.uploads import private_storage

    storage = private_storage()
    root = f"annual/{world.dept.pk}/2025/v1"
    assert not storage.exists(root) or storage.listdir(root)[1] == []
