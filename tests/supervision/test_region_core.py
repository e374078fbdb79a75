"""The pure core: sums (property-tested), exports, ZIP limits, `gongkai region build`."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corpus import CORPUS
from gongkai import checks, interchange
from gongkai.cli import app
from gongkai.supervision import display, region, zips
from strategies import reports


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(reports(fmt="2021", blanks=True), min_size=1, max_size=5), st.data())
def test_the_sum_of_consistent_reports_passes_every_identity_and_keeps_unknowns(rs, data):
    year = rs[0].year
    for r in rs:
        r.year = year
    unknown = data.draw(st.sets(st.sampled_from(sorted(rs[0].format.cells)), max_size=3))
    rs[-1].unknown = set(unknown)
    total = region.summarize(rs, "区域")
    assert [f for f in checks.errors(checks.check(total)) if f.rule in ("T3-1", "T3-2", "T3-3", "T4-1")] == []
    for addr in total.format.cells:
        if addr in unknown:
            assert total.cells[addr] is None and addr in total.unknown
            continue
        values = [r.cells[addr] for r in rs if r.cells[addr] is not None]
        assert total.cells[addr] == (sum(values) if values else None)


def test_cell_rows_and_states():
    r = interchange.read(CORPUS / "sanming-2022.truth.json")
    addr = next(iter(r.format.cells))
    r.unknown = {addr}
    rows = list(region.cell_rows([region.Row("甲", "上传", r, corrected=set())]))
    assert len(rows) == len(r.format.cells) and rows[0][-1] == "无法确定"
    corrected = list(region.cell_rows([region.Row("甲", "上传", r, corrected={addr})]))
    assert corrected[0][-1] == "已更正"
    data = region.to_xlsx([("单元格", region.CELL_COLUMNS, rows)])
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).active
    assert ws.max_row == len(rows) + 1 and isinstance(ws.cell(3, 6).value, int | float)


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for n, d in members.items():
            z.writestr(n, d)
    return buf.getvalue()


def test_zip_limits_before_extraction(monkeypatch):
    with pytest.raises(zips.ZipRefused, match="压缩炸弹"):
        zips.open_zip(_zip({"a.txt": b"0" * 10_000_000}))
    monkeypatch.setattr(zips, "MAX_MEMBERS", 3)
    with pytest.raises(zips.ZipRefused, match="上限"):
        zips.open_zip(_zip({f"{i}.txt": b"x" for i in range(4)}, zipfile.ZIP_STORED))
    monkeypatch.setattr(zips, "MAX_MEMBERS", 2000)
    monkeypatch.setattr(zips, "MAX_TOTAL", 1000)
    with pytest.raises(zips.ZipRefused, match="解压后"):
        zips.open_zip(_zip({"a.txt": bytes(range(256)) * 8}, zipfile.ZIP_STORED))
    with pytest.raises(zips.ZipRefused, match="无法打开"):
        zips.open_zip(b"PK\x03\x04 broken")


def test_zip_members_name_skips_and_gbk_names():
    data = _zip({"年报/甲.html": b"<p>x</p>", "b.exe": b"MZ", "nested.zip": _zip({"x.txt": b"x"})})
    got = {m.name: m.problem for m in zips.members(data)}
    assert got["年报/甲.html"] == "" and "不是年报文件" in got["b.exe"] and "不是年报文件" in got["nested.zip"]
    # a Windows tool's GBK name without the UTF-8 flag
    raw = _zip({"AA.txt": b"x"}).replace(b"AA.txt", "甲.txt".encode("gbk"))  # same length, no UTF-8 flag
    assert [m.name for m in zips.members(raw)] == ["甲.txt"]


def test_a_member_larger_than_declared_is_not_trusted():
    data = bytearray(_zip({"a.txt": b"0123456789" * 10}, zipfile.ZIP_STORED))
    # lie in both headers: declare 10 bytes where 100 are stored
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        i = data.index(sig)
        off = 22 if sig == b"PK\x03\x04" else 24
        data[i + off:i + off + 4] = (10).to_bytes(4, "little")
    got = list(zips.members(bytes(data)))
    assert got[0].data is None and got[0].problem


def test_display_reads_todays_provenance_text():
    assert display.where("第2页 表格1 第17行第4列") == display.Where("第2页 表格1 第17行第4列", page=2, table=1)
    assert display.where("第 57 行").line == 57
    assert display.where("表格1 第3行第2列").line is None  # a table row, not a text line
    assert display.issue_text({"where": "第 3 页", "message": "表格被截断"}) == "第 3 页：表格被截断"
    assert display.excerpt("a\nb\nc\nd", 2, 1) == [(1, "a", False), (2, "b", True), (3, "c", False)]


runner = CliRunner()


def test_region_build_from_a_folder_and_a_zip(tmp_path):
    from gongkai.writers import render

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, truth in (("甲局", "sanming-2022"), ("乙局", "hongze-district-2023"), ("丙镇", "shuyang-county-2025")):
        r = interchange.read(CORPUS / f"{truth}.truth.json")
        r.agency, r.year = name, 2024
        (docs / f"{name}.html").write_bytes(render(r, "html"))
    (docs / "坏文件.pdf").write_bytes(b"%PDF-1.4 broken")
    old = interchange.read(CORPUS / "sanming-2022.truth.json")
    old.agency = "丁局"
    bundle = tmp_path / "more.zip"
    bundle.write_bytes(_zip({"丁局2022.html": render(old, "html"), "甲局副本.html": (docs / "甲局.html").read_bytes()}))
    out = tmp_path / "out"
    result = runner.invoke(app, ["region", "build", str(docs), str(bundle), "--year", "2024", "-o", str(out),
                                 "--name", "测试区", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "3 个机关" in result.output
    files = list(csv.reader(io.StringIO((out / "files.csv").read_text("utf-8-sig"))))
    status = {row[0].rsplit("/", 1)[-1]: row[1] for row in files[1:]}
    assert status["坏文件.pdf"] == "无法读取" and status["丁局2022.html"] == "年度不符" and status["甲局副本.html"] == "重复"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scope"] == "aggregate" and summary["agency"] == "测试区"
    cells = list(csv.reader(io.StringIO((out / "cells.csv").read_text("utf-8-sig"))))
    assert {row[0] for row in cells[1:]} == {"汇总", "甲局", "乙局", "丙镇"}
    assert (out / "region.xlsx").read_bytes().startswith(b"PK")


def test_region_build_with_nothing_usable(tmp_path):
    (tmp_path / "x.txt").write_text("这不是年报" * 10, encoding="utf-8")
    result = runner.invoke(app, ["region", "build", str(tmp_path), "--year", "2024", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "没有可用的年报" in result.output
