"""Agency isolation, supervisors across subordinates, administrators everywhere, the admin site."""

from __future__ import annotations

from gongkai.agencies.permissions import agencies_visible_to, can_approve, can_view_case, can_work_case
from gongkai.casework.selectors import CaseFilter, case_list

from .conftest import TODAY, receive


def test_staff_see_only_their_agency(world):
    dept_case = receive(world)
    town_case = receive(world, agency=world.town, actor=world.town_clerk, n=2)
    assert set(agencies_visible_to(world.clerk)) == {world.dept}
    assert can_view_case(world.clerk, dept_case) and not can_view_case(world.clerk, town_case)
    assert list(case_list(world.clerk, today=TODAY)) == [dept_case]
    assert list(case_list(world.town_clerk, today=TODAY)) == [town_case]
    assert list(case_list(world.outsider, today=TODAY)) == []


def test_supervisor_reads_across_subordinates_but_cannot_work(world):
    dept_case = receive(world)
    town_case = receive(world, agency=world.town, actor=world.town_clerk, n=2)
    assert set(agencies_visible_to(world.supervisor)) == {world.gov, world.dept, world.town}
    assert {c.pk for c in case_list(world.supervisor, today=TODAY)} == {dept_case.pk, town_case.pk}
    assert not can_work_case(world.supervisor, dept_case)
    assert list(case_list(world.supervisor, CaseFilter(agency_id=world.town.pk), today=TODAY)) == [town_case]


def test_admin_sees_all_and_only_heads_approve(world):
    case = receive(world)
    assert set(agencies_visible_to(world.admin)) == {world.gov, world.dept, world.town, world.other}
    assert can_approve(world.head, case) and not can_approve(world.handler, case)
    assert not can_approve(world.town_clerk, case)  # a head elsewhere is not a head here


def test_admin_site_for_administrators_only(world, client):
    client.force_login(world.head)
    assert client.get("/admin/").status_code == 302  # redirected to the admin login
    client.force_login(world.admin)
    assert client.get("/admin/").status_code == 200


def test_case_list_orders_by_due_date_and_filters_overdue(world):
    import datetime as dt

    late = receive(world, on=dt.date(2026, 5, 4), n=3)
    soon = receive(world, on=dt.date(2026, 6, 1), n=4)
    assert [c.pk for c in case_list(world.clerk, today=TODAY)] == [late.pk, soon.pk]
    assert list(case_list(world.clerk, CaseFilter(state="overdue"), today=TODAY)) == [late]
    assert list(case_list(world.clerk, CaseFilter(q=soon.number), today=TODAY)) == [soon]


def test_page_of_keeps_order_and_reports_next(world):
    import datetime as dt

    from gongkai.casework.selectors import page_of

    cases = [receive(world, on=dt.date(2026, 5, 4) + dt.timedelta(days=i), n=10 + i) for i in range(5)]
    rows, more, page = page_of(case_list(world.clerk, today=TODAY), 1, 3)
    assert [r.pk for r in rows] == [c.pk for c in cases[:3]] and more and page == 1
    rows, more, page = page_of(case_list(world.clerk, today=TODAY), 2, 3)
    assert [r.pk for r in rows] == [c.pk for c in cases[3:]] and not more and page == 2
    # a page beyond the end (or beyond any integer the database takes) shows the last page
    for asked in (3, 922337203685477580, "922337203685477580999", "x", -5):
        rows, more, page = page_of(case_list(world.clerk, today=TODAY), asked, 3)
        assert page == (1 if asked in ("x", -5) else 2)
