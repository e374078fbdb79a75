"""The demo catalogue, the `gongkai catalogue` commands, and the search index's plumbing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from typer.testing import CliRunner

from gongkai.publishing.models import Item

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def demo(db):
    from gongkai.casework import demo as casework_demo
    from gongkai.publishing import demo

    casework_demo.load(today=TODAY, cases=0)
    return demo.load(today=TODAY)


def test_demo_is_real_and_idempotent(demo):
    from gongkai.agencies.models import Agency
    from gongkai.formats import FORMAT_2021
    from gongkai.publishing import demo as publishing_demo
    from gongkai.publishing import table2

    assert ("hn-reviewer", "gongkai-demo", "海宁市人民政府保密审查员") in demo
    n = Item.objects.count()
    assert n > 20
    assert set(Item.objects.values_list("status", flat=True)) >= {"drafted", "submitted", "rejected", "published",
                                                                  "abolished"}
    assert Item.objects.filter(published_late=True).exists()
    publishing_demo.load(today=TODAY)
    assert Item.objects.count() == n
    hn = Agency.objects.get(code="HN")
    abolished = Item.objects.get(agency=hn, status="abolished")
    assert abolished.replaced_by is not None
    counts = table2.provide(hn, abolished.abolished_on.year, FORMAT_2021)
    assert counts["表二|第二十条第（一）项/行政规范性文件|本年废止件数"] == 1
    assert counts["表二|第二十条第（一）项/行政规范性文件|现行有效件数"] >= 4
    # every public item has a recorded review and a history that says who cleared it
    for item in Item.objects.filter(status__in=("published", "abolished")):
        assert item.reviewed_by and item.steps.filter(step="approve", actor=item.reviewed_by).exists()


def run(*args):
    from gongkai.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_cli(demo, tmp_path):
    out = tmp_path / "t2.json"
    r = run("catalogue", "table2", "--agency", "HN", "--year", str(TODAY.year), "-o", str(out))
    assert r.exit_code == 0 and "本年制发件数" in r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "2021" and len(data["cells"]) == 6
    r = run("catalogue", "table2", "--agency", "HN-XC", "--year", "2026")
    assert "不从目录计算" in r.output
    r = run("catalogue", "late", "--agency", "HN")
    assert r.exit_code == 0 and "逾期公开" in r.output
    pdf = tmp_path / "guide.pdf"
    r = run("catalogue", "guide", "--agency", "HN", "--to", "pdf", "-o", str(pdf))
    assert r.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF-")
    csv_file = tmp_path / "in.csv"
    csv_file.write_text("标题,成文日期,发布日期,公开事项\n导入甲,2026-01-05,2026-01-08,（二）\n导入乙,2026-02-30,,（二）\n",
                        encoding="utf-8")
    r = run("catalogue", "import", str(csv_file), "--agency", "HN", "--dry-run")
    assert r.exit_code == 1 and "第 3 行" in r.output and "拒绝 1 行" in r.output
    r = run("catalogue", "import", str(csv_file), "--agency", "HN", "--user", "hn-clerk")
    assert r.exit_code == 1 and "保密审查员" in r.output and not Item.objects.filter(title="导入甲").exists()
    r = run("catalogue", "import", str(csv_file), "--agency", "HN", "--user", "hn-reviewer")
    assert "已导入 1 条" in r.output and Item.objects.filter(title="导入甲", status="published").exists()
    r = run("catalogue", "import", str(tmp_path / "missing.csv"), "--agency", "HN")
    assert r.exit_code == 1 and "无法读取" in r.output


def test_search_index_plumbing_survives_migrations(db):
    """A later migration that rebuilds publishing_item on SQLite would drop the triggers: this fails then."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 only")
    with connection.cursor() as c:
        c.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='publishing_item'")
        assert {r[0] for r in c.fetchall()} == {"publishing_item_fts_ai", "publishing_item_fts_ad",
                                                "publishing_item_fts_au"}
