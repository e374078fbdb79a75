"""Load test: 32 staff on loopback against `gongkai serve` (gunicorn), then a consistency check.

    python bench/load.py                       # SQLite, 32 clients, 150 s
    python bench/load.py --db postgres         # PostgreSQL (a throwaway cluster via pg_virtualenv)
    python bench/load.py --db both --duration 60 --out docs/load-results.json

A fresh instance (its own GONGKAI_HOME, the demo loaded) is served by `gongkai serve` on a free
loopback port; locust (bench/locustfile.py) runs headless for the given time; the server is
stopped with SIGTERM and must leave no process behind; bench/load_check.py then checks the
database. Targets (issue 11): 0 failed requests, p95 ≤ 500 ms for reads, ≤ 1.5 s for steps that
issue a letter, a clean consistency check. Exit 0 when every target is met, 1 otherwise.
Needs the `load` extra (pip install -e '.[load]'). Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TARGET_MS = {"read": 500, "letter": 1500}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def instance_env(home: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGKAI_", "DATABASE_URL"))}
    env.update(GONGKAI_HOME=str(home), DJANGO_SECRET_KEY=secrets.token_urlsafe(50), PYTHONUNBUFFERED="1",
               DJANGO_SETTINGS_MODULE="gongkai.web.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def processes_of(home: Path) -> list[int]:
    marker = f"GONGKAI_HOME={home}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0") and \
                        (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def prepare(env: dict) -> None:
    """The demo, and next year's working-day calendar when the package lacks it: a 20-day extension
    granted in December runs into next year, and without its calendar no due date (and no letter)."""
    r = subprocess.run([str(BIN / "gongkai"), "demo"], env=env, capture_output=True, text=True, timeout=600)
    if r.returncode:
        raise SystemExit(f"gongkai demo failed: {r.stderr[-2000:]}")
    year = time.localtime().tm_year + 1
    notice = HERE / "data" / f"notice-{year}.txt"  # a made-up notice in the official wording
    show = subprocess.run([str(BIN / "gongkai"), "calendar", "show", str(year)], env=env, capture_output=True,
                          text=True, timeout=120)
    if show.returncode and notice.exists():
        subprocess.run([str(BIN / "gongkai"), "calendar", "import", str(year), str(notice)], env=env,
                       capture_output=True, text=True, timeout=300, check=True)


def cpu_seconds(home: Path) -> float:
    """CPU time used so far by the instance's processes (gunicorn's reaped workers count in the master)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in processes_of(home):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return total / ticks


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    out = open(log, "a")  # noqa: SIM115 - the child keeps it
    proc = subprocess.Popen([str(BIN / "gongkai"), "serve", "--port", str(port), "--workers", str(workers)],
                            env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gongkai serve exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("gongkai serve did not become ready in 180 s")


def run_locust(port: int, clients: int, seconds: int, results: Path, log: Path) -> subprocess.Popen:
    env = dict(os.environ, LOAD_RESULTS=str(results))
    argv = [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(clients),
            "-r", str(max(1, clients // 4)), "-t", f"{seconds}s", "--stop-timeout", "10",
            "-H", f"http://127.0.0.1:{port}", "--only-summary", "--loglevel", "WARNING"]
    return subprocess.Popen(argv, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def summarise(records: list[dict], seconds: float) -> dict:
    out = {}
    for kind in ("read", "write", "letter"):
        rows = [r for r in records if r["kind"] == kind and r["name"] != "login page"]
        ms = [r["ms"] for r in rows if r["ok"]]
        errors = [r for r in rows if not r["ok"]]
        out[kind] = {"requests": len(rows), "errors": len(errors),
                     "p50_ms": round(percentile(ms, 50)), "p95_ms": round(percentile(ms, 95)),
                     "max_ms": round(max(ms, default=0)),
                     "error_examples": sorted({f"{e['name']}: {e['error']}" for e in errors})[:5]}
    out["all"] = {"requests": len(records), "errors": sum(1 for r in records if not r["ok"]),
                  "rps": round(len(records) / seconds, 1) if seconds else 0}
    return out


def check_instance(env: dict, results: Path) -> dict:
    r = subprocess.run([sys.executable, str(HERE / "load_check.py"), str(results)], env={**env, "GONGKAI_CLI": "1"},
                       capture_output=True, text=True, timeout=600)
    try:
        return json.loads(r.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"ok": False, "problems": [f"load_check failed: {r.stderr[-1500:]}"]}


def one_run(db: str, clients: int, seconds: int, workers: int, keep: Path | None) -> dict:
    database_url = os.environ.get("DATABASE_URL") if db == "postgres" else None
    if db == "postgres" and not (database_url or "").startswith("postgres"):
        raise SystemExit("--db postgres needs DATABASE_URL (bench/load.py re-runs itself under pg_virtualenv)")
    home = keep or Path(tempfile.mkdtemp(prefix=f"gongkai-load-{db}-"))
    home.mkdir(parents=True, exist_ok=True)
    env = instance_env(home, database_url)
    prepare(env)
    port = free_port()
    server = start_server(env, port, workers, home / "serve.log")
    results = home / "locust-results.json"
    load_before = os.getloadavg()[0]  # the machine is shared: say how busy it was
    cpu_before = cpu_seconds(home)
    started = time.monotonic()
    locust = run_locust(port, clients, seconds, results, home / "locust.log")
    try:
        locust.wait(timeout=seconds + 120)
    except subprocess.TimeoutExpired:
        locust.send_signal(signal.SIGTERM)
        locust.wait(timeout=60)
    elapsed = time.monotonic() - started
    load_after = os.getloadavg()
    server_cpu = cpu_seconds(home) - cpu_before
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=90)
    time.sleep(1)
    leftovers = processes_of(home)
    data = json.loads(results.read_text()) if results.exists() else {"records": [], "submits": {}, "steps": []}
    summary = summarise(data["records"], elapsed)
    verdict = check_instance(env, results)
    targets = {
        "zero_errors": summary["all"]["errors"] == 0 and bool(data["records"]),
        "read_p95": summary["read"]["p95_ms"] <= TARGET_MS["read"],
        "letter_p95": summary["letter"]["p95_ms"] <= TARGET_MS["letter"],
        "consistent": verdict.get("ok", False),
        "no_orphans": not leftovers,
    }
    report = {"db": db, "clients": clients, "seconds": seconds, "workers": workers, "cpus": os.cpu_count(),
              "loadavg_before_1min": round(load_before, 2), "loadavg_end_1_5min": [round(x, 2) for x in load_after[:2]],
              "server_cpu_s": round(server_cpu, 1),
              "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, summary["all"]["requests"]), 1),
              "summary": summary,
              "consistency": verdict, "targets": targets, "home": str(home)}
    if keep is None and all(targets.values()):
        shutil.rmtree(home, ignore_errors=True)
    return report


def print_report(report: dict) -> None:
    s = report["summary"]
    print(f"\n== {report['db']}: {report['clients']} clients, {report['seconds']} s, "
          f"{report['workers']} gunicorn workers — {s['all']['requests']} requests ({s['all']['rps']}/s); "
          f"load average {report['loadavg_before_1min']} before, {report['loadavg_end_1_5min']} at the end "
          f"on {report['cpus']} CPUs; the server used {report['server_cpu_s']} CPU-s "
          f"({report['server_cpu_ms_per_request']} ms per request)")
    print(f"{'class':<8}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
    for kind in ("read", "write", "letter"):
        k = s[kind]
        print(f"{kind:<8}{k['requests']:>9}{k['errors']:>8}{k['p50_ms']:>8}{k['p95_ms']:>8}{k['max_ms']:>8}")
        for example in k["error_examples"]:
            print(f"        e.g. {example}")
    c = report["consistency"]
    print(f"consistency: {'ok' if c.get('ok') else 'PROBLEMS'} — confirmed submits {c.get('confirmed_submits')}, "
          f"confirmed steps {c.get('confirmed_steps')}, steps without letter {c.get('steps_without_letter')}, "
          f"duplicate numbers {c.get('duplicate_numbers')}, integrity {c.get('integrity_check')}")
    for p in c.get("problems", [])[:10]:
        print(f"  - {p}")
    print("targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in report["targets"].items()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--duration", type=int, default=150, help="seconds of load (bounded)")
    ap.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gongkai serve's)")
    ap.add_argument("--keep", type=Path, help="instance folder to keep (default: a temporary one)")
    ap.add_argument("--out", type=Path, help="append the JSON report(s) here")
    args = ap.parse_args()
    if not (BIN / "locust").exists():
        raise SystemExit("locust is not installed: pip install -e '.[load]'")
    workers = args.workers or min(8, 2 * (os.cpu_count() or 1) + 1)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    reports = []
    for db in dbs:
        if db == "postgres" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            # a throwaway cluster: re-run this script for PostgreSQL inside pg_virtualenv
            inner = [sys.executable, __file__, "--db", "postgres", "--clients", str(args.clients),
                     "--duration", str(args.duration), "--workers", str(workers)]
            if args.out:
                inner += ["--out", str(args.out.resolve())]
            code = subprocess.call(["pg_virtualenv", "-t", "sh", "-c",
                                    'DATABASE_URL="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE" '
                                    'exec "$@"', "sh", *inner])
            reports.append({"db": "postgres", "exit": code})
            continue
        report = one_run(db, args.clients, args.duration, workers, args.keep)
        print_report(report)
        reports.append(report)
        if args.out:
            with open(args.out, "a") as f:
                f.write(json.dumps(report, ensure_ascii=False) + "\n")
    ok = all(r.get("exit", 0) == 0 and all(r.get("targets", {"x": True}).values()) for r in reports)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
