"""Crash test: kill -9 the whole server under load, restart, check integrity and consistency.

    python bench/crash.py                     # SQLite, 5 rounds, 16 clients
    python bench/crash.py --rounds 10 --clients 32 --out docs/crash-results.json
    DATABASE_URL=postgres://… python bench/crash.py   # against PostgreSQL

One instance (the demo loaded) lives through every round. Each round: `gongkai serve` starts,
locust (bench/locustfile.py) loads it, and after a random 8–25 s every process of the instance
— the supervisor, gunicorn's master and workers, the task worker — gets SIGKILL at once, as in
a power cut of the application (the database server, for PostgreSQL, keeps running). Then:
SQLite's ``PRAGMA integrity_check``; bench/load_check.py with what the server had confirmed
before the kill (each confirmed registration present exactly once, each confirmed step on the
clock, each letter-issuing step with its letter, no duplicate numbers); and the next start must
serve again. Exit 0 when every round is clean. Loopback only; bounded in rounds and time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from load import check_instance, free_port, instance_env, prepare, processes_of, run_locust, start_server


def kill_all(home: Path) -> int:
    pids = processes_of(home)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return len(pids)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    workers = args.workers or min(8, 2 * (os.cpu_count() or 1) + 1)
    database_url = os.environ.get("DATABASE_URL", "")
    db = "postgres" if database_url.startswith("postgres") else "sqlite"
    home = Path(tempfile.mkdtemp(prefix=f"gongkai-crash-{db}-"))
    env = instance_env(home, database_url or None)
    prepare(env)
    rounds = []
    for n in range(1, args.rounds + 1):
        port = free_port()
        t0 = time.monotonic()
        server = start_server(env, port, workers, home / "serve.log")
        ready_s = time.monotonic() - t0
        results = home / f"round-{n}.json"
        locust = run_locust(port, args.clients, 120, results, home / f"locust-{n}.log")
        at = rng.uniform(8, 25)
        time.sleep(at)
        killed = kill_all(home)
        server.wait(timeout=10)
        time.sleep(1)
        left = processes_of(home)
        locust.send_signal(signal.SIGTERM)  # it writes what the server confirmed before the kill
        try:
            locust.wait(timeout=60)
        except subprocess.TimeoutExpired:
            locust.kill()
        data = json.loads(results.read_text()) if results.exists() else {"records": [], "submits": {}, "steps": []}
        verdict = check_instance(env, results)
        confirmed = sum(1 for r in data["records"] if r["ok"] and r["kind"] != "read")
        rounds.append({"round": n, "killed_after_s": round(at, 1), "processes_killed": killed,
                       "left_after_kill": len(left), "restart_ready_s": round(ready_s, 1),
                       "confirmed_writes": confirmed, "confirmed_submits": len(data["submits"]),
                       "confirmed_steps": len(data["steps"]), "consistency": verdict})
        print(f"round {n}: killed {killed} processes after {at:.1f} s (ready in {ready_s:.1f} s); "
              f"{confirmed} confirmed writes; integrity {verdict.get('integrity_check')}; "
              f"consistency {'ok' if verdict.get('ok') else 'PROBLEMS: ' + '; '.join(verdict.get('problems', [])[:3])}",
              flush=True)
    # after the last kill the instance must still start and serve
    port = free_port()
    server = start_server(env, port, workers, home / "serve.log")
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=90)
    ok = all(r["consistency"].get("ok") and not r["left_after_kill"] for r in rounds)
    report = {"db": db, "rounds": rounds, "clients": args.clients, "workers": workers, "ok": ok, "home": str(home)}
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps(report, ensure_ascii=False) + "\n")
    print(f"{db}: {sum(1 for r in rounds if r['consistency'].get('ok'))}/{len(rounds)} rounds consistent; "
          f"final restart served; instance kept in {home}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
