"""Interchange JSON/CSV: round trips, annotated files, bad inputs."""

import json
from decimal import Decimal

import pytest

from corpus import corpus_truths
from gongkai import formats
from gongkai import interchange as ic
from gongkai.report import Report

T3_NEW_NATURAL = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"
FEE = "表二|第二十条第（八）项/行政事业性收费|本年收费金额（单位：万元）"


@pytest.mark.parametrize("path", corpus_truths(), ids=lambda p: p.name)
def test_truth_files_load_and_round_trip(path):
    report = ic.read(path)  # unknown keys (source_errors, notes, blank …) are ignored
    truth = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    for addr, value in truth["cells"].items():
        assert report.cells[addr] == value and (report.cells[addr] is None) == (value is None)
    assert report.same_cells(ic.loads(ic.dumps(report)))
    assert report.same_cells(ic.from_csv(ic.to_csv(report), report.agency, report.year))


def test_blank_is_not_zero_through_json_and_csv():
    r = Report.empty("某局", 2021)
    r.cells[T3_NEW_NATURAL] = 0
    r.cells[FEE] = Decimal("1.25")
    again = ic.loads(ic.dumps(r))
    assert again.cells[T3_NEW_NATURAL] == 0 and again.cells[T3_NEW_NATURAL] is not None
    assert again.cells["表三|二、上年结转政府信息公开申请数量|申请人情况/自然人"] is None
    assert again.cells[FEE] == Decimal("1.25")
    csv_text = ic.to_csv(r)
    assert "本年收费金额（单位：万元）,1.25" in csv_text
    assert ic.from_csv(csv_text, "某局", 2021).same_cells(r)


def test_annotations_survive():
    r = Report.empty("某局", 2020)
    r.unknown = {T3_NEW_NATURAL}
    d = ic.to_dict(r)
    assert d["unknown"] == [T3_NEW_NATURAL]
    assert ic.from_dict(d).unknown == {T3_NEW_NATURAL}


@pytest.mark.parametrize(("text", "message"), [
    ("[]", "顶层应为 JSON 对象"),
    ('{"cells": {}}', "缺少 'year'"),
    ('{"year": 2020, "cells": []}', "'cells' 应为对象"),
    ('{"year": 2020, "cells": {"表三|不存在|x": 1}}', "不属于 2019 格式"),
    (json.dumps({"year": 2020, "cells": {T3_NEW_NATURAL: "abc"}}), "不是数字"),
    (json.dumps({"year": 2020, "cells": {T3_NEW_NATURAL: 1.5}}), "应为整数"),
    ('{"year": 2017, "cells": {}}', "早于全国统一格式"),
    ('{"year": 2020, "format": "2030", "cells": {}}', "未知的年报格式"),
    ("{not json", "JSON 格式错误，第 1 行"),
])
def test_bad_json_gets_a_clear_message(text, message):
    with pytest.raises(ic.InterchangeError, match=message):
        ic.loads(text, "x.json")


def test_bad_csv_names_the_line():
    with pytest.raises(ic.InterchangeError, match="第 1 行应为表头"):
        ic.from_csv("a,b\n", "x", 2020)
    with pytest.raises(ic.InterchangeError, match="第 2 行"):
        ic.from_csv("table,row,column,value\n表三,一、本年新收政府信息公开申请数量,申请人情况/自然人,x\n", "x", 2020)


def test_files(tmp_path):
    (tmp_path / "empty.json").write_text("")
    with pytest.raises(ic.InterchangeError, match="文件为空"):
        ic.read(tmp_path / "empty.json")
    (tmp_path / "gbk.json").write_bytes("{'年度': 1}".encode("gbk"))
    with pytest.raises(ic.InterchangeError, match="不是 UTF-8"):
        ic.read(tmp_path / "gbk.json")
    (tmp_path / "r.csv").write_text("table,row,column,value\n")
    with pytest.raises(ic.InterchangeError, match="需要|needs --year"):
        ic.read(tmp_path / "r.csv")


def test_unknown_cells_issues_and_provenance_survive_json_and_csv():
    from gongkai.report import Issue, Provenance

    r = Report.empty("某局", 2022, formats.get("2021"))
    gone = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"
    guess = "表三|一、本年新收政府信息公开申请数量|申请人情况/总计"
    r.unknown.add(gone)
    r.cells[guess] = 5
    r.provenance[guess] = Provenance(page=3, table=1, row=4, column=9, inferred=True, certain=False)
    r.document_issues.append(Issue("row-unread", "一行的数值无法对应", Provenance(line=57), (gone,)))
    d = ic.to_dict(r)
    assert gone not in d["cells"] and d["unknown"] == [gone]  # unknown is not null (null is blank)
    assert d["provenance"][guess] == "第3页 表格1 第4行第9列" and d["uncertain"] == [guess]
    assert d["document_issues"] == [{"code": "row-unread", "message": "一行的数值无法对应", "where": "第 57 行",
                                     "cells": [gone]}]
    back = ic.loads(ic.dumps(r))
    assert back.unknown == {gone} and back.uncertain == {guess} and back.provenance[guess].where == "第3页 表格1 第4行第9列"
    assert back.document_issues[0].code == "row-unread" and str(back.document_issues[0]) == "一行的数值无法对应（第 57 行）"
    # an older file's plain-string issue still loads
    old = ic.loads('{"year": 2022, "cells": {}, "document_issues": ["某行无法读取"]}')
    assert old.document_issues[0].code == "note" and old.document_issues[0].message == "某行无法读取"
    # CSV: an unknown cell has no row; a cell without a row is read back as unknown
    csv_text = ic.to_csv(r)
    assert "申请人情况/自然人," not in csv_text.split("一、本年新收政府信息公开申请数量", 1)[1].split("\n", 1)[0]
    assert ic.from_csv(csv_text, "某局", 2022).unknown == {gone}


def test_aggregate_keeps_unknown():
    from gongkai.report import aggregate

    a, b = Report.empty("甲", 2022), Report.empty("乙", 2022)
    addr = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"
    a.cells[addr], b.unknown = 3, {addr}
    total = aggregate([a, b], "某市")
    assert addr in total.unknown and total.cells[addr] is None
