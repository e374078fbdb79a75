"""表二 第二十条第（一）项 from the catalogue: `provide(agency, year, fmt)`, for both formats."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import checks, formats
from gongkai.formats import FORMAT_2019, FORMAT_2021
from gongkai.publishing import actions, table2
from gongkai.publishing.choices import DocKind
from gongkai.publishing.models import Item
from gongkai.report import Report

from .conftest import TODAY, draft, publish

A = "表二|第二十条第（一）项/{}|{}"


def test_cells_come_from_the_declaration():
    c21 = table2.cells(FORMAT_2021)
    assert c21["issued"][DocKind.REGULATION] == A.format("规章", "本年制发件数")
    assert c21["abolished"][DocKind.NORMATIVE] == A.format("行政规范性文件", "本年废止件数")
    assert c21["in_force"][DocKind.NORMATIVE] == A.format("行政规范性文件", "现行有效件数")
    c19 = table2.cells(FORMAT_2019)
    assert c19["made"][DocKind.NORMATIVE] == A.format("规范性文件", "本年新制作数量")  # 2019 prints 规范性文件
    assert c19["published"][DocKind.REGULATION] == A.format("规章", "本年新公开数量")
    assert c19["total"][DocKind.REGULATION] == A.format("规章", "对外公开总数量")
    for fmt, cells in ((FORMAT_2021, c21), (FORMAT_2019, c19)):
        addresses = [a for by_kind in cells.values() for a in by_kind.values()]
        assert len(addresses) == 6 and all(a in fmt.cells for a in addresses)


def test_empty_when_the_agency_keeps_no_catalogue(w):
    publish(w)
    assert table2.provide(w.dept, 2026, FORMAT_2021) == {}  # no settings at all
    actions.do_configure_catalogue(w.head, w.dept, counts_from_year=2027)
    assert table2.provide(w.dept, 2026, FORMAT_2021) == {}  # before the catalogue is complete
    actions.do_configure_catalogue(w.head, w.dept, counts_from_year=2026)
    assert table2.provide(w.dept, 2026, FORMAT_2021)[A.format("行政规范性文件", "本年制发件数")] == 1
    assert table2.provide(w.other, 2026, FORMAT_2021) == {}


@pytest.fixture
def counted(w):
    actions.do_configure_catalogue(w.head, w.dept, counts_from_year=2019)
    return w


def test_2021_columns(counted):
    w = counted
    old = publish(w, draft(w, title="旧规范性文件", document_number="1号", written_on=dt.date(2024, 5, 1)),
                  on=dt.date(2024, 5, 8), today=dt.date(2024, 5, 8))
    publish(w, draft(w, title="规章", document_number="2号", doc_kind="regulation", written_on=dt.date(2025, 2, 1)),
            on=dt.date(2025, 2, 10), today=dt.date(2025, 2, 10))
    new = publish(w, draft(w, title="新规范性文件", document_number="3号", written_on=dt.date(2025, 12, 20)),
                  on=dt.date(2026, 1, 6))  # issued in 2025, published in 2026
    draft(w, title="未公开", document_number="4号", written_on=dt.date(2025, 3, 1))  # not counted in 2021 columns
    publish(w, draft(w, title="其他信息", document_number="", doc_kind="other", article_item="20-07",
                     written_on=dt.date(2025, 3, 1)), on=dt.date(2025, 3, 3), today=dt.date(2025, 3, 3))
    actions.do_abolish_item(w.clerk, old, on=dt.date(2025, 12, 31), replaced_by=new, today=TODAY)

    y25 = table2.provide(w.dept, 2025, FORMAT_2021)
    assert y25 == {
        A.format("规章", "本年制发件数"): 1, A.format("行政规范性文件", "本年制发件数"): 1,
        A.format("规章", "本年废止件数"): 0, A.format("行政规范性文件", "本年废止件数"): 1,
        A.format("规章", "现行有效件数"): 1, A.format("行政规范性文件", "现行有效件数"): 1,
    }
    y24 = table2.provide(w.dept, 2024, FORMAT_2021)
    assert y24[A.format("行政规范性文件", "现行有效件数")] == 1  # abolished only at the end of 2025
    y26 = table2.provide(w.dept, 2026, FORMAT_2021)
    assert y26[A.format("行政规范性文件", "本年制发件数")] == 0 and y26[A.format("行政规范性文件", "现行有效件数")] == 1


def test_2019_columns(counted):
    w = counted
    publish(w, draft(w, title="甲", document_number="1号", written_on=dt.date(2019, 12, 20)), on=dt.date(2020, 1, 6),
            today=dt.date(2020, 1, 6))
    publish(w, draft(w, title="乙", document_number="2号", written_on=dt.date(2020, 3, 2)), on=dt.date(2020, 3, 9),
            today=dt.date(2020, 3, 9))
    made_only = draft(w, title="丙", document_number="3号", written_on=dt.date(2020, 6, 1), today=dt.date(2020, 6, 2))
    actions.do_submit_item(w.clerk, made_only, today=dt.date(2020, 6, 2))
    actions.do_reject_item(w.reviewer, made_only, note="含国家秘密，不予公开", today=dt.date(2020, 6, 3))
    gone = draft(w, title="丁", document_number="4号", written_on=dt.date(2020, 7, 1), today=dt.date(2020, 7, 2))
    actions.do_discard_item(w.clerk, gone, note="录入错误", today=dt.date(2020, 7, 2))
    y20 = table2.provide(w.dept, 2020, FORMAT_2019)
    assert y20[A.format("规范性文件", "本年新制作数量")] == 2  # 乙 and the rejected 丙; not the discarded 丁
    assert y20[A.format("规范性文件", "本年新公开数量")] == 2  # 甲 (published 2020) and 乙
    assert y20[A.format("规范性文件", "对外公开总数量")] == 2
    y19 = table2.provide(w.dept, 2019, FORMAT_2019)
    assert y19[A.format("规范性文件", "本年新制作数量")] == 1
    assert y19[A.format("规范性文件", "本年新公开数量")] == 0 and y19[A.format("规范性文件", "对外公开总数量")] == 0


def test_one_query(counted, django_assert_num_queries):
    with django_assert_num_queries(2):  # the settings row, the aggregate
        table2.provide(counted.dept, 2025, FORMAT_2021)


DATES = st.dates(dt.date(2019, 1, 1), dt.date(2026, 6, 1))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(st.tuples(DATES, st.integers(0, 40), st.one_of(st.none(), st.integers(0, 900)),
                               st.sampled_from(["regulation", "normative"])), max_size=12))
def test_stock_identity_holds_by_construction(counted, docs):
    """T2-2: in force(N) = in force(N−1) + issued(N) − abolished(N), checked by gongkai.checks."""
    w = counted
    Item.objects.all().delete()
    rows = []
    for i, (written, delay, abolish_after, kind) in enumerate(docs):
        published = min(written + dt.timedelta(days=delay), TODAY)
        abolished = written + dt.timedelta(days=abolish_after) if abolish_after is not None else None
        status = "abolished" if abolished and abolished <= TODAY else "published"
        rows.append(Item(agency=w.dept, status=status, index_number=f"P-{i}", title=f"文件{i}", issuer="测试",
                         written_on=written, published_on=published, article_item="20-01", doc_kind=kind,
                         abolished_on=abolished if status == "abolished" else None, reviewed_by=w.reviewer,
                         reviewed_on=published))
    Item.objects.bulk_create(rows)
    for year in range(2022, 2027):
        last = Report(agency="测试市商务局", year=year - 1, format=FORMAT_2021)
        this = Report(agency="测试市商务局", year=year, format=FORMAT_2021)
        this.cells.update(table2.provide(w.dept, year, FORMAT_2021))
        last.cells.update(table2.provide(w.dept, year - 1, FORMAT_2021))
        failed = [f for f in checks.check(this, previous=last) if f.rule == "T2-2"]
        assert failed == [], failed[0].message if failed else ""


def test_provider_declared_in_the_app_config():
    from django.apps import apps
    from django.utils.module_loading import import_string

    config = apps.get_app_config("publishing")
    assert import_string(config.table2_provider) is table2.provide
    assert formats.for_year(2020) is FORMAT_2019
