"""The `gongkai` command: exit codes, JSON findings, summaries, bad inputs in a batch."""

import csv
import json

import pytest
from typer.testing import CliRunner

from corpus import CORPUS, corpus_truths
from gongkai.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def truth(prefix):
    return next(p for p in corpus_truths() if p.name.startswith(prefix))


def test_check_clean_report_exits_0():
    result = run("check", truth("haining"))
    assert result.exit_code == 0, result.output
    assert "海宁市商务局" in result.output and "通过" in result.output


def test_check_report_with_errors_exits_1_and_names_the_rule():
    result = run("check", truth("hongze"))
    assert result.exit_code == 1
    assert "T4-1" in result.output and "相差 11" in result.output


def test_check_json_output():
    result = run("check", "--json", truth("pingtan"))
    assert result.exit_code == 1
    data = json.loads(result.output)
    errors = [f for f in data[0]["findings"] if f["severity"] == "error"]
    assert {(f["rule"], f["member"]) for f in errors} == {
        ("T3-3", "申请人情况/自然人"), ("T3-3", "申请人情况/总计")}
    assert errors[0]["left"] in (20, 21) and errors[0]["cells"]


def test_batch_with_bad_files_continues_and_exits_2(tmp_path):
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "junk.json").write_text("{{{")
    summary = tmp_path / "summary.csv"
    result = run("check", tmp_path / "empty.json", truth("pingtan"), tmp_path / "junk.json",
                 tmp_path / "missing.json", "--summary", summary)
    assert result.exit_code == 2
    out = result.output
    assert "empty.json: 文件为空" in out and "junk.json: JSON 格式错误" in out and "文件不存在" in out
    assert "平潭综合实验区" in out  # the good file in the middle was still checked
    assert "Traceback" not in out
    rows = list(csv.DictReader(summary.open(encoding="utf-8-sig")))
    assert [r["file"].rsplit("/", 1)[-1] for r in rows] == ["empty.json", "pingtan-2020.truth.json",
                                                           "junk.json", "missing.json"]
    assert rows[1]["errors"] == "2" and rows[1]["rules_failed"] == "T3-3" and rows[0]["problem"]


def test_summary_xlsx(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "s.xlsx"
    result = run("check", "--brief", *corpus_truths(), "--summary", out)
    assert result.exit_code == 1
    ws = load_workbook(out).active
    assert ws.cell(1, 1).value == "file" and ws.max_row == 1 + len(corpus_truths())


def test_previous_year_cross_check(tmp_path):
    cur = json.loads(truth("pingtan").read_text(encoding="utf-8"))
    prev = {"format": "2019", "year": 2019, "agency": "平潭综合实验区",
            "cells": {"表三|四、结转下年度继续办理|申请人情况/自然人": 3}}
    (tmp_path / "prev.json").write_text(json.dumps(prev, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "cur.json").write_text(json.dumps(cur, ensure_ascii=False), encoding="utf-8")
    result = run("check", "--json", tmp_path / "cur.json", "--previous", tmp_path / "prev.json")
    findings = json.loads(result.output)[0]["findings"]
    t36 = [f for f in findings if f["rule"] == "T3-6"]
    assert [(f["member"], f["left"], f["right"]) for f in t36] == [("申请人情况/自然人", 0, 3)]


def test_folder_and_glob_inputs(tmp_path):
    result = run("check", "--brief", str(CORPUS / "*.truth.json"))
    assert result.output.count("年度") >= len(corpus_truths())


def test_no_input_files(tmp_path):
    result = run("check", str(tmp_path / "*.json"))
    assert result.exit_code == 2 and "没有找到" in result.output


def test_aggregate(tmp_path):
    out = tmp_path / "agg.json"
    result = run("aggregate", truth("haining"), truth("shanghai"), "--agency", "示例汇总", "-o", out)
    assert result.exit_code == 1  # Shanghai's blank totals survive aggregation and are still errors
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scope"] == "aggregate" and data["units"] == ["海宁市商务局", "上海市人民政府办公厅"]
    assert data["cells"]["表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"] == 821


def test_aggregate_refuses_mixed_years(tmp_path):
    result = run("aggregate", truth("haining"), truth("pingtan"), "--agency", "x", "-o", tmp_path / "a.json")
    assert result.exit_code == 2 and "同一年度" in result.output


def test_rules_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    for rule in ("T3-1", "T3-7", "T4-1", "T2-3", "D-4", "B-1"):
        assert rule in result.output


@pytest.mark.parametrize("cmd", ["check", "extract", "render"])
def test_help_is_chinese(cmd):
    result = run(cmd, "--help")
    assert result.exit_code == 0 and any("\u4e00" <= ch <= "\u9fff" for ch in result.output)


def test_extract_a_folder_of_documents(tmp_path):
    out = tmp_path / "out"
    result = run("extract", CORPUS, "-o", out, "--to", "csv")
    assert result.exit_code == 3, result.output  # pingtan's 16 ambiguous 表二 cells: read incompletely
    names = sorted(p.name for p in out.iterdir())
    assert names == ["haining-commerce-2019.csv", "hongze-district-2023.csv", "pingtan-2020.csv",
                     "sanming-2022.csv", "shanghai-gov-office-2019.csv", "shuyang-county-2025.csv"]
    rows = list(csv.reader((out / "haining-commerce-2019.csv").open(encoding="utf-8")))
    assert rows[0] == ["table", "row", "column", "value"] and len(rows) == 199
    assert ["表二", "第二十条第（五）项/行政许可", "本年增/减", "-3"] in rows
    assert "16 格无法确定" in result.output  # pingtan's ambiguous 表二 runs, said aloud


def test_check_reads_published_documents_directly():
    result = run("check", "--json", CORPUS / "hongze-district-2023.pdf")
    assert result.exit_code == 1
    rules = sorted(f["rule"] for f in json.loads(result.output)[0]["findings"] if f["severity"] == "error")
    assert rules == ["T3-7", "T4-1", "T4-1"]


# ---------------------------------------------------------------- 未完整读取, --jobs, hints

FAMILIES = __import__("pathlib").Path(__file__).parent / "readers" / "fixtures" / "families"


def _garbled_markdown(tmp_path):
    """A converter Markdown report with one number garbled: its row cannot be confirmed."""
    text = (FAMILIES / "converter-2024.md").read_text(encoding="utf-8")
    text = text.replace("| 2. 重复申请 | 21 |", "| 2. 重复申请 | 22 |")
    p = tmp_path / "garbled.md"
    p.write_text(text, encoding="utf-8")
    return p


def test_cells_unread_is_never_passed_exit_3(tmp_path):
    summary = tmp_path / "s.csv"
    result = run("check", _garbled_markdown(tmp_path), "--summary", summary)
    assert result.exit_code == 3, result.output
    assert "未完整读取" in result.output and "通过" not in result.output
    assert "读取 193/200 格（7 格无法确定）" in result.output
    row = next(csv.DictReader(summary.open(encoding="utf-8-sig")))
    assert (row["status"], row["cells_read"], row["cells_unknown"], row["errors"]) == ("未完整读取", "193", "7", "0")


def test_exit_codes_in_a_batch_and_in_help(tmp_path):
    # an error anywhere wins over 未完整读取; an unreadable input wins over both
    assert run("check", _garbled_markdown(tmp_path), truth("hongze")).exit_code == 1
    (tmp_path / "bad.json").write_text("{")
    assert run("check", _garbled_markdown(tmp_path), tmp_path / "bad.json").exit_code == 2
    assert run("check", FAMILIES / "converter-2024.md").exit_code == 0
    help_text = run("check", "--help").output
    assert "3" in help_text and "未完整读取" in help_text


def test_json_says_complete_or_not(tmp_path):
    result = run("check", "--json", _garbled_markdown(tmp_path))
    data = json.loads(result.output)[0]
    assert (data["status"], data["complete"], data["cells_read"], data["cells_total"]) == ("未完整读取", False, 193, 200)


def test_jobs_gives_the_same_output_as_one_process(tmp_path):
    args = ["check", "--brief", *corpus_truths(), FAMILIES / "converter-2024.md", FAMILIES / "split-labels-2023.txt"]
    one, many = run(*args, "--jobs", "1"), run(*args, "--jobs", "2")
    assert one.exit_code == many.exit_code and one.output == many.output


def test_a_file_that_breaks_a_reader_does_not_stop_the_batch(tmp_path, monkeypatch):
    from gongkai import inputs

    real = inputs.load

    def flaky(path, **kw):
        if path.name == "boom.txt":
            raise RuntimeError("a library failed")
        return real(path, **kw)

    monkeypatch.setattr(inputs, "load", flaky)
    (tmp_path / "boom.txt").write_text("x")
    result = run("check", "--jobs", "1", tmp_path / "boom.txt", truth("haining"))
    assert result.exit_code == 2 and "boom.txt: 读取时出错（RuntimeError" in result.output
    assert "海宁市商务局" in result.output and "Traceback" not in result.output


def test_extract_with_hints_for_a_document_that_does_not_say(tmp_path):
    doc = tmp_path / "noyear.md"
    doc.write_text((FAMILIES / "converter-2024.md").read_text(encoding="utf-8")
                   .replace(" 2024 年 ", " ").replace("统计周期为 2024 年 1 月 1 日至 12 月 31 日。", ""), encoding="utf-8")
    refused = run("extract", doc, "-o", tmp_path / "a")
    assert refused.exit_code == 2 and "--year" in refused.output
    done = run("extract", doc, "-o", tmp_path / "b", "--year", "2024", "--format", "2021")
    assert done.exit_code == 0, done.output
    data = json.loads((tmp_path / "b" / "noyear.json").read_text(encoding="utf-8"))
    assert (data["year"], data["format"], data["agency"]) == (2024, "2021", "宿豫区人民政府")


def test_start_up_imports_only_what_the_command_needs():
    """The CLI starts fast: importing it loads typer, not rich, pydantic, Django or the readers."""
    import subprocess
    import sys

    code = ("import sys, gongkai.cli; print(sorted(m for m in ('rich', 'pydantic', 'django', 'gongkai.readers', "
            "'gongkai.checks', 'gongkai.interchange', 'multiprocessing') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
