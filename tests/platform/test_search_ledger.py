"""Search (FTS5 on SQLite, full text on PostgreSQL — the same tests run on both) and the ledger."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from gongkai.casework import actions, ledger, search
from gongkai.casework.demo import synthetic_credit_code, synthetic_id
from gongkai.casework.models import Application
from gongkai.casework.selectors import CaseFilter, case_list

from .conftest import TODAY, receive


def test_tokens_cut_han_into_pairs_and_keep_numbers_whole():
    assert search.tokens("王建国") == ["王建", "建国"]
    assert search.tokens("张 伟") == ["张", "伟"]
    assert search.tokens("HN-SW-2026-00003") == ["hn", "sw", "2026", "00003"]
    assert search.tokens("海商公开〔2026〕12号") == ["海商", "商公", "公开", "2026", "12", "号"]
    assert search.tokens("ＡＢＣ１２３") == ["abc123"]  # full-width folded


@pytest.fixture
def people(world):
    a = receive(world, on=dt.date(2026, 6, 1), n=1, applicant_name="王建国", contact_phone="13812345678",
                information_requested="2025年度某路改造工程立项批复")
    b = receive(world, on=dt.date(2026, 6, 2), n=2, applicant_name="李建华", contact_phone="13900001111",
                information_requested="外贸企业出口补助资金分配明细")
    c = receive(world, on=dt.date(2026, 6, 3), kind="legal_service", n=3, applicant_name="浙江某某律师事务所",
                information_requested="某地块征收补偿方案")
    return a, b, c


def found(world, q, user=None):
    qs = case_list(user or world.clerk, CaseFilter(state="all", q=q), TODAY)
    return set(qs.values_list("applicant_name", flat=True))


@pytest.mark.parametrize("query,expected", [
    ("建国", {"王建国"}),  # the end of a name
    ("王建国", {"王建国"}),
    ("建", {"王建国", "李建华"}),  # one character: every name with a pair starting with it
    ("律师事务所", {"浙江某某律师事务所"}),
    ("13812345678", {"王建国"}),  # phone
    ("5678", {"王建国"}),  # its last four digits
    ("138123", {"王建国"}),  # the start of it
    ("补助资金", {"李建华"}),  # words of the request
    ("改造 批复", {"王建国"}),  # two words: both
    ("改造 补助", set()),
])
def test_search_finds_by_name_anywhere_phone_request(world, people, query, expected):
    assert found(world, query) == expected


def test_search_by_identifier_case_number_and_letter_number(world, people):
    a, b, c = people
    assert found(world, a.identifier) == {"王建国"}
    assert found(world, a.identifier[-6:]) == {"王建国"}
    assert found(world, synthetic_credit_code(3)) == {"浙江某某律师事务所"}
    assert found(world, b.number) == {"李建华"}
    assert found(world, b.number.split("-", 2)[-1]) == {"李建华"}  # "2026-00002" without the agency code
    ack = a.documents.get(kind="acknowledgement")
    assert found(world, ack.number) == {"王建国"}
    app = actions.do_request_correction(world.handler, c, on=dt.date(2026, 6, 4), items="请写明地块编号",
                                        today=TODAY)
    letter = app.documents.get(kind="correction_request")
    assert found(world, letter.number) == {"浙江某某律师事务所"}  # a number issued later finds it too


def test_search_follows_corrections_and_stays_within_the_users_agencies(world, people):
    a, _, _ = people
    actions.do_correct_registration(world.clerk, a, reason="姓名登记错误", applicant_name="王建军", today=TODAY)
    assert found(world, "建国") == set() and found(world, "建军") == {"王建军"}
    assert found(world, "建军", user=world.outsider) == set()  # another agency's staff never find it
    assert found(world, "建军", user=world.supervisor) == {"王建军"}  # the supervisor of the region does


def test_search_ignores_punctuation_and_long_input(world, people):
    assert found(world, '"*)(AND OR NEAR') == set()  # nothing of FTS5's syntax gets through
    assert found(world, "建国" + "x" * 500)  == set()
    assert found(world, "   ") == {"王建国", "李建华", "浙江某某律师事务所"}  # no words: no narrowing


def test_ledger_rows_csv_and_xlsx(world, people):
    a, b, c = people
    actions.do_decide(world.head, a, on=dt.date(2026, 6, 10), outcome="granted", today=TODAY)
    qs = case_list(world.clerk, CaseFilter(state="all", order="new"), TODAY)
    rows = list(ledger.rows(qs, TODAY))
    assert [r[0] for r in rows] == [c.number, b.number, a.number]
    decided = rows[2]
    assert decided[10].startswith("（一）予以公开") and decided[12] == "按期" and "收〔2026〕" in decided[15]
    assert a.identifier not in str(rows) and "*" in decided[6]  # identity numbers masked
    data = ledger.to_csv(iter(rows)).decode("utf-8")
    assert data.startswith("\ufeff申请编号,")
    parsed = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert parsed[0] == list(ledger.COLUMNS) and len(parsed) == 4
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(ledger.to_xlsx(iter(rows))))
    ws = wb.active
    assert [c.value for c in ws[1]] == list(ledger.COLUMNS) and ws.max_row == 4


def test_ledger_defuses_formulas(world):
    receive(world, applicant_name="=HYPERLINK(\"x\")", n=4)
    rows = list(ledger.rows(Application.objects.all(), TODAY))
    assert ledger.to_csv(iter(rows)).decode().count("'=HYPERLINK") == 1
    from openpyxl import load_workbook

    cell = load_workbook(io.BytesIO(ledger.to_xlsx(iter(rows)))).active["E2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"  # text in XLSX, never a formula


def test_search_on_many_cases_uses_the_index(world):
    """A name among a thousand cases: found through the FTS/GIN index, not a scan of the entries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(30):
        receive(world, on=dt.date(2026, 6, 1), n=100 + i, applicant_name=f"申请人{i:02d}", acknowledge=False,
                identifier=synthetic_id(100 + i))
    with CaptureQueriesContext(connection) as q:
        assert found(world, "申请人07") == {"申请人07"}
    sql = " ".join(x["sql"] for x in q.captured_queries).lower()
    assert ("match" in sql) or ("to_tsquery" in sql)


def test_many_hits_are_listed_newest_registered_first(world, people):
    """Above the threshold the list walks ids backwards (newest registered first); below it, sorted
    by receipt as usual — both give the same newest-first order when ids follow receipt."""
    assert search.has_many_hits("建", many=1) and not search.has_many_hits("建", many=2)
    assert not search.has_many_hits("王建国", many=0)  # a phrase is not counted: reported as few
    names = list(case_list(world.clerk, CaseFilter(state="all", q="建"), TODAY).values_list("applicant_name",
                                                                                          flat=True))
    assert names == ["李建华", "王建国"]
