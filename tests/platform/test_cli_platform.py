"""The platform's commands end to end, in a fresh process on a throwaway SQLite database:
demo, annual table3, calendar show/import — real exit codes and messages, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from gongkai import checks, interchange

from .conftest import NOTICE_2027

pytestmark = pytest.mark.slow



@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("gongkai-home")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(GONGKAI_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'cli.sqlite3'}")

    def run(*args):
        return subprocess.run([sys.executable, "-c", "from gongkai.cli import main; main()", *map(str, args)],
                              env=env, capture_output=True, text=True, timeout=300)

    assert run("demo").returncode == 0
    return home, run


def test_annual_table3_writes_a_checked_interchange_file(home):
    path, run = home
    out = path / "t3.json"
    done = run("annual", "table3", "--agency", "HN", "--year", "2026", "--with-subordinates", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "表三勾稽错误 0 个" in done.stdout
    report = interchange.read(out)
    assert report.year == 2026 and report.format.id == "2021"
    assert checks.errors(checks.check(report)) == []
    assert report.cells["表三|一、本年新收政府信息公开申请数量|申请人情况/总计"] > 0
    assert json.loads(out.read_text(encoding="utf-8"))["cells"]["表二|第二十条第（五）项/行政许可|本年处理决定数量"] is None


def test_annual_table3_bad_agency_is_one_line(home):
    _, run = home
    done = run("annual", "table3", "--agency", "NOPE", "--year", "2026", "-o", "x.json")
    assert done.returncode == 1 and "找不到机关代码 'NOPE'" in done.stderr and "Traceback" not in done.stderr


def test_calendar_missing_year_then_import(home):
    path, run = home
    done = run("calendar", "show", "2027")
    assert done.returncode == 1 and "缺少2027年的工作日历" in done.stderr and "calendar import" in done.stderr
    partial = path / "partial.txt"
    partial.write_text(NOTICE_2027.split("四、")[0], encoding="utf-8")
    done = run("calendar", "import", "2027", partial)
    assert done.returncode == 1 and "劳动节" in done.stderr
    notice = path / "notice-2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    done = run("calendar", "import", "2027", notice, "--source", "测试")
    assert done.returncode == 0, done.stderr
    assert "已导入 2027年节假日安排（第1版）" in done.stdout
    shown = run("calendar", "show", "2027")
    assert shown.returncode == 0 and "2027年2月13日（周六）" in shown.stdout and "第1版" in shown.stdout
