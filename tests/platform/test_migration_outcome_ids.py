"""casework 0005: cases that stored printed 表三 rows now store stable outcome ids."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("casework", "0004_table3_covering_index"), ("agencies", "0001_initial")]
AFTER = [("casework", "0005_outcome_ids"), ("agencies", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_rows_become_ids_and_the_2019_other_row_splits_by_fee():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Agency, User = old.get_model("agencies", "Agency"), old.get_model("auth", "User")
    Application, Fee = old.get_model("casework", "Application"), old.get_model("casework", "Fee")
    agency = Agency.objects.create(code="M", name="迁移测试局")
    user = User.objects.create(username="m")
    common = dict(agency=agency, applicant_kind="natural", applicant_name="张三", information_requested="x",
                  channel="in_person", owner=user, received_on=dt.date(2020, 5, 6), sort_on=dt.date(2020, 5, 6),
                  status="decided", concluded_on=dt.date(2020, 6, 1))
    rows = {
        "1": "三、本年度办理结果/（三）不予公开/1.属于国家秘密",
        "2": "三、本年度办理结果/（六）其他处理",  # 2019 format, fee lapsed
        "3": "三、本年度办理结果/（六）其他处理",  # 2019 format, nothing else known
        "4": "三、本年度办理结果/（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "5": "",
    }
    apps_by_number = {n: Application.objects.create(number=n, outcome=o, **common) for n, o in rows.items()}
    Fee.objects.create(application=apps_by_number["2"], method="per_application", amount=100,
                       notice_sent_on=dt.date(2020, 5, 10), status="unpaid")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("casework", "Application")
    got = dict(new.objects.values_list("number", "outcome"))
    assert got == {"1": "withheld.state_secret", "2": "other.unpaid_fee", "3": "other.misc",
                   "4": "other.uncorrected", "5": ""}

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)  # and back: ids become the rows of each case's year
    back = executor.loader.project_state(BEFORE).apps.get_model("casework", "Application")
    assert back.objects.get(number="1").outcome == rows["1"]
    assert back.objects.get(number="2").outcome == rows["2"]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
