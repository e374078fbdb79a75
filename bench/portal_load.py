"""Portal load test on loopback against `gongkai serve` (gunicorn): cached public pages, then
online applications, then a check that every confirmed application is stored exactly once.

    python bench/portal_load.py                                   # SQLite, 30 s per phase
    python bench/portal_load.py --pages-clients 16 --apply-clients 8 --duration 45 --out docs/portal-load.json

A fresh instance (its own GONGKAI_HOME, `gongkai demo` loaded: casework, the catalogue, the
annual report) is served by `gongkai serve` on a free loopback port.  Locust
(bench/portal_locustfile.py) runs headless, one phase after the other, with no think time:

- pages: visitors reading the landing page, catalogue list and searches, item pages, the guide,
  the feeds and the annual reports — answered from the page cache after the first request;
- apply: citizens posting the application form with an ID copy (PNG); one in ten posts it twice.

The abuse guard's counts are multiplied for the run (GONGKAI_PORTAL_RATE_SCALE, every client is
127.0.0.1) and the acknowledgement letters are handed to the task worker (GONGKAI_LETTERS=queue:
WeasyPrint takes ≈ 0.4 CPU-s per letter, which no 2-core machine does 20 times a second inside
the request; with --nice-worker that worker runs at the lowest priority).  Targets (issue 14): ≥ 300 requests/s on cached pages, ≥ 20 applications/s, 0
errors, every confirmed application present exactly once.  Exit 0 when all are met.  The machine
is shared with other work: the load average before and after is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from load import (
    BIN,
    HERE,
    cpu_seconds,
    free_port,
    instance_env,
    percentile,
    prepare,
    processes_of,
    start_server,
)

TARGETS = {"pages_rps": 300, "apply_per_s": 20}


def nice_letter_worker(home: Path) -> list[int]:
    """Lower the task worker's priority (nice 19): it draws the queued letters (≈ 0.4 CPU-s each)
    in the background, after the requests that queued them — as a production host should run it."""
    pids = []
    for pid in processes_of(home):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"worker" in cmd and b"django" in b" ".join(cmd):
            os.setpriority(os.PRIO_PROCESS, pid, 19)
            pids.append(pid)
    return pids


def page_urls(port: int) -> list[str]:
    base = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{base}/public/HN/catalogue/", timeout=30) as r:  # noqa: S310 - loopback
        html = r.read().decode()
    items = sorted(set(re.findall(r'href="(/public/HN/catalogue/\d+/)"', html)))[:10]
    return ["/public/", "/public/HN/", "/public/HN-SW/", "/public/HN/catalogue/", "/public/HN/catalogue/?q=办法",
            "/public/HN/catalogue/?item=20-01", "/public/HN/guide/", "/public/HN/catalogue/feed.atom",
            "/public/annual/HN-SW/", "/public/annual/HN-SW/feed/", *items]


def run_phase(phase: str, port: int, clients: int, seconds: int, home: Path, pages: list[str]) -> dict:
    results = home / f"portal-{phase}.json"
    env = dict(os.environ, LOAD_RESULTS=str(results), PORTAL_PHASE=phase, PORTAL_PAGES=json.dumps(pages))
    argv = [str(BIN / "locust"), "-f", str(HERE / "portal_locustfile.py"), "--headless", "-u", str(clients),
            "-r", str(clients), "-t", f"{seconds}s", "--stop-timeout", "10", "-H", f"http://127.0.0.1:{port}",
            "--only-summary", "--loglevel", "WARNING"]
    cpu0, load0, t0 = cpu_seconds(home), os.getloadavg()[0], time.monotonic()
    with open(home / f"locust-{phase}.log", "w") as log:
        subprocess.run(argv, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=seconds + 180)
    elapsed = time.monotonic() - t0
    data = json.loads(results.read_text()) if results.exists() else {"records": [], "confirmed": {}}
    recs = data["records"]
    ok_ms = [r["ms"] for r in recs if r["ok"]]
    errors = [r for r in recs if not r["ok"]]
    out = {"clients": clients, "seconds": round(elapsed, 1), "requests": len(recs), "errors": len(errors),
           "rps": round(len(recs) / elapsed, 1), "p50_ms": round(percentile(ok_ms, 50)),
           "p95_ms": round(percentile(ok_ms, 95)), "max_ms": round(max(ok_ms, default=0)),
           "server_cpu_s": round(cpu_seconds(home) - cpu0, 1),
           "loadavg_before_after": [round(load0, 2), round(os.getloadavg()[0], 2)],
           "error_examples": sorted({f"{e['name']}: {e['error']}" for e in errors})[:5]}
    if phase == "apply":
        submits = [r for r in recs if r["name"] == "apply submit"]
        out["applications_confirmed"] = len(data["confirmed"])
        out["applications_per_s"] = round(len(data["confirmed"]) / elapsed, 1)
        out["apply_submit_p95_ms"] = round(percentile([r["ms"] for r in submits if r["ok"]], 95))
        out["double_submissions"] = data.get("duplicates")
        out["results"] = str(results)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages-clients", type=int, default=16)
    ap.add_argument("--apply-clients", type=int, default=8)
    ap.add_argument("--duration", type=int, default=30, help="seconds per phase (bounded)")
    ap.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gongkai serve's)")
    ap.add_argument("--keep", type=Path, help="instance folder to keep (default: a temporary one)")
    ap.add_argument("--out", type=Path, help="append the JSON report here")
    ap.add_argument("--nice-worker", action="store_true", help="run the letter worker at nice 19 (see nice_letter_worker)")
    args = ap.parse_args()
    if not (BIN / "locust").exists():
        raise SystemExit("locust is not installed: pip install -e '.[load]'")
    workers = args.workers or min(8, 2 * (os.cpu_count() or 1) + 1)
    home = args.keep or Path(tempfile.mkdtemp(prefix="gongkai-portal-load-"))
    home.mkdir(parents=True, exist_ok=True)
    env = instance_env(home, None)
    env.update(GONGKAI_PORTAL_RATE_SCALE="100000", GONGKAI_LETTERS="queue")
    prepare(env)
    port = free_port()
    server = start_server(env, port, workers, home / "serve.log")
    try:
        niced = nice_letter_worker(home) if args.nice_worker else []
        pages = page_urls(port)
        report = {"workers": workers, "cpus": os.cpu_count(), "letter_worker_niced": bool(niced), "pages": run_phase(
            "pages", port, args.pages_clients, args.duration, home, pages)}
        report["apply"] = run_phase("apply", port, args.apply_clients, args.duration, home, pages)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=90)
    time.sleep(1)
    check = subprocess.run([sys.executable, str(HERE / "portal_check.py"), report["apply"]["results"]],
                           env={**env, "GONGKAI_CLI": "1"}, capture_output=True, text=True, timeout=600)
    try:
        report["check"] = json.loads(check.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        report["check"] = {"ok": False, "problems": [check.stderr[-1500:]]}
    leftovers = processes_of(home)
    p, a = report["pages"], report["apply"]
    report["targets"] = {
        "pages_rps": p["rps"] >= TARGETS["pages_rps"], "apply_per_s": a["applications_per_s"] >= TARGETS["apply_per_s"],
        "zero_errors": p["errors"] == 0 and a["errors"] == 0 and p["requests"] > 0,
        "each_application_once": report["check"].get("ok", False)
        and (a.get("double_submissions") or {}).get("registered_again", 1) == 0,
        "no_orphans": not leftovers}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps(report, ensure_ascii=False) + "\n")
    if args.keep is None and all(report["targets"].values()):
        shutil.rmtree(home, ignore_errors=True)
    return 0 if all(report["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
