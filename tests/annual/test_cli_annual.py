"""`gongkai annual build/table2/table4/lock/publish` in a fresh process on a throwaway database:
the seed rebuilt by the command the issue names, real exit codes, Chinese messages, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from gongkai import interchange, readers

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    home = tmp_path_factory.mktemp("gongkai-annual-cli")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(GONGKAI_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'cli.sqlite3'}")

    def run(*args):
        done = subprocess.run([sys.executable, "-c", "from gongkai.cli import main; main()", *map(str, args)],
                              env=env, capture_output=True, text=True, timeout=300)
        assert "Traceback" not in done.stderr, done.stderr
        return done

    assert run("demo").returncode == 0
    run.home = home
    return run


def test_build_the_seed_as_json_equals_the_truth(run, corpus_dir):
    out = run.home / "hn-sw-2019.json"
    done = run("annual", "build", "--agency", "HN-SW", "--year", "2019", "--to", "json", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "已锁定年度" in done.stdout and "错误 0 个" in done.stdout
    built = json.loads(out.read_text(encoding="utf-8"))
    truth = json.loads((corpus_dir / "haining-commerce-2019.truth.json").read_text(encoding="utf-8"))
    assert {a: built["cells"][a] for a in truth["cells"]} == {a: 0 if v is None else v for a, v in truth["cells"].items()}
    assert built["sections"]["6"] == "无"


def test_build_pdf_reads_back(run):
    pdf, js = run.home / "rt-2019.pdf", run.home / "rt-2019.json"
    for out in (pdf, js):
        assert run("annual", "build", "--agency", "HN-SW", "--year", "2019", "-o", out).returncode == 0
    assert readers.read(pdf).same_cells(interchange.read(js))


def test_an_unfinished_draft_exits_1_with_its_errors(run):
    out = run.home / "hn-2025.html"
    done = run("annual", "build", "--agency", "HN", "--year", "2025", "-o", out)
    assert done.returncode == 1 and "A-1" in done.stderr and out.exists()


def test_table2_and_table4(run):
    out = run.home / "t2.json"
    done = run("annual", "table2", "--agency", "HN", "--year", "2025", "-o", out)
    # the four typed rows, and the six 第二十条第（一）项 cells counted from the demo's catalogue
    assert done.returncode == 0 and "已有数据 10/10" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sources"]["表二|第二十条第（六）项/行政强制|本年处理决定数量"] == "浙江省统一行政执法监管平台导出"
    assert data["sources"]["表二|第二十条第（一）项/规章|现行有效件数"] == "主动公开（自动统计）"
    assert all(a.startswith("表二|") for a in data["cells"])
    out4 = run.home / "t4.json"
    done = run("annual", "table4", "--agency", "HN", "--year", "2026", "--with-subordinates", "-o", out4)
    assert done.returncode == 0 and "行政复议" in done.stdout
    cells = json.loads(out4.read_text(encoding="utf-8"))["cells"]
    assert len(cells) == 15 and all(isinstance(v, int) for v in cells.values())


def test_lock_and_publish_refusals(run):
    done = run("annual", "lock", "--agency", "HN", "--year", "2025")
    assert done.returncode == 1 and "须写明理由" in done.stderr and "A-1" in done.stderr
    done = run("annual", "publish", "--agency", "HN-SW", "--year", "2019")
    assert done.returncode == 1 and "无需重复发布" in done.stderr
    done = run("annual", "build", "--agency", "NOPE", "--year", "2019", "-o", run.home / "x.json")
    assert done.returncode == 1 and "找不到机关代码" in done.stderr
    done = run("annual", "build", "--agency", "HN", "--year", "2019", "-o", run.home / "x.exe")
    assert done.returncode == 2 and "不支持的输出格式" in done.stderr
