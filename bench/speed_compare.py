"""Before/after reader speed on one core, the two trees measured in turns within one run.

    git archive f54119b src | tar -x -C /tmp/before          # the tree to compare with
    python bench/speed_readers.py --make /tmp/made
    python bench/speed_compare.py /tmp/before/src /tmp/made [--rounds 3] [--cpu 1]

Each round runs `bench/speed_readers.py --json` once with the other tree's ``src`` first on
PYTHONPATH and once with this one, each pinned to one CPU (``taskset``); the best rate of
every document over the rounds is kept.  The machine is shared: what is compared is the
ratio within one run, not the absolute figures across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(src: Path, made: Path, cpu: int, seconds: float) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = ["taskset", "-c", str(cpu), sys.executable, str(REPO / "bench" / "speed_readers.py"), str(made),
           "--json", "--runs", "1", "--seconds", str(seconds)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the other tree's src folder")
    parser.add_argument("made", type=Path, help="the generated documents (speed_readers.py --make)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpu", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    best: dict[str, dict[str, float]] = {"before": {}, "after": {}}
    loads = []
    for _ in range(args.rounds):
        for label, src in (("before", args.before), ("after", REPO / "src")):
            for key, rate in _run(src, args.made, args.cpu, args.seconds).items():
                best[label][key] = max(best[label].get(key, 0.0), rate)
        loads.append(os.getloadavg()[0])
    print(f"one core (CPU {args.cpu}), best of {args.rounds} rounds, load average {min(loads):.1f}–{max(loads):.1f}")
    print(f"{'kind':9} {'document':32} {'before':>9} {'after':>9} {'after/before':>13}")
    for key in best["after"]:
        kind, name = key.split(":", 1)
        b, a = best["before"].get(key, 0.0), best["after"][key]
        ratio = f"{a / b:.2f}×" if b else "—"
        print(f"{kind:9} {name:32} {b:9.1f} {a:9.1f} {ratio:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
