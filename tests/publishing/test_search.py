"""Full-text search: CJK bigrams in SQLite FTS5 (and PostgreSQL, see test_postgres.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.publishing import actions, search, selectors
from gongkai.publishing.models import Item
from gongkai.publishing.permissions import reach

from .conftest import TODAY, draft, publish


def test_index_text():
    assert search.index_text("财政预算公开") == "财政 政预 预算 算公 公开 开"
    assert search.index_text("海政发〔2024〕3号", "PDF 附件") == "海政 政发 发 2024 3 号 pdf 附件 件"
    assert search.index_text("") == ""


def test_queries():
    assert search.fts5_query("预算") == '"预算"'
    assert search.fts5_query("财政预算 2024") == '"财政 政预 预算" AND "2024"'
    assert search.fts5_query("预") == '"预"*'
    assert search.fts5_query('" OR * NEAR( -') == '"or" AND "near"'  # words, quoted: never operators
    assert search.fts5_query('"* ( ) - ^') is None  # nothing searchable
    assert search.tsquery("财政预算 2024") == "(财政 <-> 政预 <-> 预算) & (2024)"
    assert search.tsquery("预") == "预:*"


@given(st.text(max_size=40))
def test_queries_never_carry_syntax(q):
    expr = search.fts5_query(q)
    if expr is not None:
        for term in expr.split(" AND "):
            assert term.startswith('"') and (term.endswith('"') or term.endswith('"*'))
            assert '"' not in term.strip('"*').replace('" "', "")


@given(st.text(alphabet="财政预算公开海宁市人民政府关于印发通知", min_size=1, max_size=12),
       st.integers(0, 11), st.integers(1, 5))
def test_a_substring_of_a_run_matches_by_tokens(text, start, length):
    """What the bigram phrase promises: every substring's tokens appear, in order, in the text's."""
    sub = text[start:start + length]
    if not sub:
        return
    tokens = search.index_text(text).split()
    (term,) = search.query_terms(sub)
    if term[0].endswith("*"):
        assert any(t.startswith(term[0][:-1]) for t in tokens)
    else:
        n = len(term)
        assert any(tuple(tokens[i:i + n]) == term for i in range(len(tokens) - n + 1))


@pytest.fixture
def catalogue(w):
    a = publish(w, draft(w, title="测试市2026年财政预算报告", document_number="", doc_kind="other", article_item="20-07",
                         summary="全市一般公共预算收入"))
    b = publish(w, draft(w, title="测试市商务局关于印发单用途预付卡管理办法的通知", document_number="测商发〔2026〕7号",
                         body="为规范单用途商业预付卡管理，保护消费者合法权益"))
    c = draft(w, title="未公开的预算草稿", document_number="测商发〔2026〕9号")
    return a, b, c


def test_search_finds_by_word_number_and_body(w, catalogue):
    a, b, c = catalogue

    def found(q, **kw):
        return set(selectors.staff_items(reach(w.clerk).ids, selectors.StaffFilter(q=q, **kw)).values_list("pk", flat=True))

    assert found("预算") == {a.pk, c.pk}
    assert found("预付卡") == {b.pk}
    assert found("消费者权益") == set()  # not a substring: the words must follow each other
    assert found("消费者 权益") == {b.pk}  # two words: both must be there
    assert found("测商发〔2026〕7号") == {b.pk}
    assert found("2026 7") == {b.pk}
    assert found("卡") == {b.pk}
    assert found("预算", status="public") == {a.pk}
    assert found('"); DROP TABLE publishing_item; --') == set()
    public = selectors.public_items(w.dept, selectors.PublicFilter(q="预算"))
    assert list(public.values_list("pk", flat=True)) == [a.pk]  # the draft is not public


def test_search_follows_edits(w):
    item = draft(w, title="原来的标题")
    assert selectors.staff_items(reach(w.clerk).ids, selectors.StaffFilter(q="原来")).count() == 1
    actions.do_update_item(w.clerk, item, title="改过的标题", today=TODAY)
    assert selectors.staff_items(reach(w.clerk).ids, selectors.StaffFilter(q="原来")).count() == 0
    assert selectors.staff_items(reach(w.clerk).ids, selectors.StaffFilter(q="改过")).count() == 1
    Item.objects.filter(pk=item.pk).delete()
    assert selectors.staff_items(reach(w.root).ids, selectors.StaffFilter(q="改过")).count() == 0


def test_staff_see_their_agency_only(w, catalogue):
    assert selectors.staff_items(reach(w.outsider).ids, selectors.StaffFilter(q="预算")).count() == 0
    assert selectors.staff_items(reach(w.supervisor).ids, selectors.StaffFilter(q="预算")).count() == 2
    assert selectors.staff_item(reach(w.outsider).ids, catalogue[0].pk) is None


def test_public_filters(w, catalogue):
    a, b, _ = catalogue
    old = publish(w, draft(w, title="旧预算", document_number="", doc_kind="other", article_item="20-07",
                           written_on=dt.date(2025, 3, 1)), on=dt.date(2025, 3, 5), today=dt.date(2025, 3, 5))
    actions.do_abolish_item(w.clerk, old, on=dt.date(2026, 1, 1), today=TODAY)

    def pks(**kw):
        return list(selectors.public_items(w.dept, selectors.PublicFilter(**kw)).values_list("pk", flat=True))

    assert set(pks()) == {a.pk, b.pk, old.pk}
    assert set(pks(article_item="20-07")) == {a.pk, old.pk}
    assert pks(year=2025) == [old.pk]
    assert pks(validity="abolished") == [old.pk]
    assert set(pks(validity="valid")) == {a.pk, b.pk}
    assert pks(q="预算", validity="valid") == [a.pk]
    assert selectors.public_years(w.dept) == [2026, 2025]
