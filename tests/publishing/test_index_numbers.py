"""The index-number scheme: unique, stable once given, and the gap rules of docs/publishing.md."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.publishing import actions, indexno
from gongkai.publishing.errors import SchemeInvalid
from gongkai.publishing.models import Item

from .conftest import TODAY, draft, publish


# ---------------------------------------------------------------- the scheme (pure)
def test_render_and_parse():
    s = indexno.Scheme("{agency}/{category}/{year}/{serial}", "002541209", 5)
    n = s.render("01", 2026, 7)
    assert n == "002541209/01/2026/00007"
    assert s.parse(n) == {"agency": "002541209", "category": "01", "year": "2026", "serial": "00007"}
    assert s.parse("002541209/01/2026") is None and s.parse("其他/01/2026/00007") is None
    assert s.scope("01", 2026) == ("idx:01", 2026)


def test_scope_follows_the_template():
    assert indexno.Scheme("{agency}-{year}-{serial}", "A").scope("07", 2026) == ("idx", 2026)
    assert indexno.Scheme("{agency}-{serial}", "A", 6).scope("07", 2026) == ("idx", 0)
    assert indexno.Scheme("{agency}-{serial}", "A", 6).render("07", 2026, 12) == "A-000012"


@pytest.mark.parametrize("template, message", [
    ("{category}/{year}/{serial}", "必须含有 {agency}"),
    ("{agency}/{year}", "必须含有 {serial}"),
    ("{agency}/{serial}/{serial}", "出现了两次"),
    ("{agency}/{month}/{serial}", "无法识别"),
    ("{agency}{serial}", "之间需要分隔符"),
    ("{agency}/{serial", "花括号不成对"),
    ("{agency} {serial}", "不能用于索引号的字符"),
    ("", "不能为空"),
])
def test_bad_templates(template, message):
    with pytest.raises(indexno.SchemeError, match=message):
        indexno.validate_template(template)


@given(st.sampled_from(["{agency}/{category}/{year}/{serial}", "{agency}-{year}-{serial}", "{agency}.{serial}"]),
       st.sampled_from([f"{i:02d}" for i in range(1, 16)] + ["21"]), st.integers(2008, 2100),
       st.integers(1, 99_999), st.integers(1, 8))
def test_parse_inverts_render(template, category, year, serial, width):
    s = indexno.Scheme(template, "002541209", width)
    parts = s.parse(s.render(category, year, serial))
    assert int(parts["serial"]) == serial
    assert parts.get("year", str(year)) == f"{year:04d}"


# ---------------------------------------------------------------- numbers in the platform
def test_numbers_given_at_publication_count_per_scope(w):
    a = publish(w, draft(w, title="甲", document_number="1号"))
    b = publish(w, draft(w, title="乙", document_number="2号"))
    c = publish(w, draft(w, title="丙", document_number="", article_item="20-07", doc_kind="other"))
    d = publish(w, draft(w, title="丁", document_number="3号", written_on=dt.date(2025, 12, 1)), on=dt.date(2026, 1, 5))
    assert [a.index_number, b.index_number, c.index_number] == ["G-D/01/2026/00001", "G-D/01/2026/00002",
                                                                 "G-D/07/2026/00001"]
    assert d.index_number == "G-D/01/2026/00003"  # the year of publication, not of writing


def test_rejected_discarded_and_rolled_back_drafts_use_no_number(w):
    from gongkai.publishing.errors import InvalidItem

    rejected = actions.do_submit_item(w.clerk, draft(w, title="退回", document_number="a"), today=TODAY)
    actions.do_reject_item(w.reviewer, rejected, note="不宜公开", today=TODAY)
    actions.do_discard_item(w.clerk, draft(w, title="作废", document_number="b"), note="重复", today=TODAY)
    failing = draft(w, title="日期错", document_number="c")
    actions.do_submit_item(w.clerk, failing, today=TODAY)
    actions.do_approve_item(w.reviewer, failing, note="同意", today=TODAY)
    with pytest.raises(InvalidItem):  # published before written: the transaction rolls back, counter too
        actions.do_publish_item(w.clerk, failing, on=dt.date(2026, 5, 1), today=TODAY)
    assert publish(w, draft(w, title="正常", document_number="d")).index_number.endswith("/00001")


def test_numbers_stay_when_the_scheme_changes(w):
    first = publish(w, draft(w, title="甲", document_number="1号"))
    actions.do_configure_catalogue(w.head, w.dept, index_template="{agency}-{year}-{serial}",
                                   index_agency_code="002541305", serial_width=4)
    second = publish(w, draft(w, title="乙", document_number="2号"))
    assert Item.objects.get(pk=first.pk).index_number == "G-D/01/2026/00001"
    assert second.index_number == "002541305-2026-0001"
    actions.do_abolish_item(w.clerk, first, on=TODAY, today=TODAY)
    assert Item.objects.get(pk=first.pk).index_number == "G-D/01/2026/00001"  # abolished: still the same number


def test_scheme_change_refused_when_invalid(w):
    with pytest.raises(SchemeInvalid, match="必须含有"):
        actions.do_configure_catalogue(w.head, w.dept, index_template="{year}-{serial}")
    from gongkai.publishing.errors import NotAllowed

    with pytest.raises(NotAllowed):
        actions.do_configure_catalogue(w.clerk, w.dept, index_template="{agency}-{serial}")


def test_counter_skips_a_number_an_import_already_holds(w):
    """An imported number in our own shape is never given again: the counter moves past it."""
    csv = ("索引号,标题,成文日期,发布日期,公开事项\n"
           "G-D/01/2026/00002,导入的,2026-01-05,2026-01-10,第二十条第（一）项\n").encode()
    actions.do_import_catalogue(w.reviewer2, w.dept, csv, "a.csv", dry_run=False, today=TODAY)
    n = publish(w, draft(w, title="新的", document_number="9号")).index_number
    assert n == "G-D/01/2026/00003"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.tuples(st.sampled_from(["publish", "reject", "discard", "keep"]),
                               st.sampled_from(["20-01", "20-07"])), min_size=1, max_size=12))
def test_serials_unique_and_without_gaps(w, plan):
    Item.objects.all().delete()
    from gongkai.casework.models import Sequence

    Sequence.objects.filter(series__startswith="idx").delete()
    for i, (fate, article) in enumerate(plan):
        item = draft(w, title=f"条目{i}", document_number=f"{i}号", article_item=article,
                     doc_kind="normative" if article == "20-01" else "other")
        if fate == "publish":
            publish(w, item)
        elif fate == "reject":
            actions.do_submit_item(w.clerk, item, today=TODAY)
            actions.do_reject_item(w.reviewer, item, note="退回", today=TODAY)
        elif fate == "discard":
            actions.do_discard_item(w.clerk, item, note="作废", today=TODAY)
    numbers = list(Item.objects.exclude(index_number="").values_list("index_number", flat=True))
    assert len(numbers) == len(set(numbers)) == sum(1 for fate, _ in plan if fate == "publish")
    for article in ("01", "07"):
        serials = sorted(int(n.rsplit("/", 1)[1]) for n in numbers if f"/{article}/" in n)
        assert serials == list(range(1, len(serials) + 1))
