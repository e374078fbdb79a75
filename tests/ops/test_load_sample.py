"""A small fixed sample of the load test in CI: 6 clients for 20 s, 0 failed requests, consistent data.

The full run (32 clients, 150 s, latency targets) is `python bench/load.py --db both`
(docs/load-and-crash.md); latencies are not asserted here, a shared CI machine is too noisy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BENCH = Path(__file__).resolve().parents[2] / "bench" / "load.py"


def test_load_sample_has_no_errors_and_consistent_data(tmp_path):
    if not Path(sys.executable).with_name("locust").exists():
        pytest.fail("locust is not installed (pip install -e '.[test]')")
    out = tmp_path / "report.jsonl"
    r = subprocess.run([sys.executable, str(BENCH), "--clients", "6", "--duration", "20", "--workers", "3",
                        "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert out.exists(), r.stdout + r.stderr
    report = json.loads(out.read_text().splitlines()[-1])
    summary, verdict = report["summary"], report["consistency"]
    assert summary["all"]["requests"] > 30, r.stdout
    assert summary["all"]["errors"] == 0, r.stdout
    assert summary["write"]["requests"] > 0, r.stdout
    assert verdict["ok"], verdict["problems"]
    assert verdict["confirmed_submits"] > 0 and verdict["integrity_check"] == "ok"
    assert report["targets"]["no_orphans"]
