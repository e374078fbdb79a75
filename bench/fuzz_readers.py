"""Fuzz the readers: many hostile inputs, each in a worker process with a memory cap and a timeout.

    python bench/fuzz_readers.py --inputs 100000 --jobs 2
    python bench/fuzz_readers.py --inputs 2000 --jobs 2 --save /tmp/fuzz-failures
    python bench/fuzz_readers.py --replay 12345          # one input again, in this process, with its traceback

Inputs come from `bench/fuzz_inputs.py` (a mutation corpus of the shared corpus, the readers'
fixtures and the corpus truths rendered as HTML/DOCX/PDF/XLSX; ZIP tampering; span and depth
bombs; encodings; random bytes; hand-made nasties).  Input ``i`` of run ``--run`` is the same
every time, so a failure can be replayed alone.  Each input runs through `gongkai.batch` (the
workers `gongkai check` uses): address space capped with RLIMIT_AS (``--memory``, MB beyond what
the worker started with), killed after ``--timeout`` seconds, a crashed worker replaced.

Reported: outcomes (read, refused by code, uncaught), uncaught exceptions by type and first
frame, inputs over 10 s (wall) and over 1 GB (the worker's peak resident memory while reading
the input — reset before each read, so it is that input's alone, its own bytes included), and
throughput.  Target 0 / 0 / 0; exit 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzz_inputs  # noqa: E402

SLOW = 10.0  # seconds
BIG = 1 << 30  # bytes of resident memory
FAILURES = ("uncaught", "resources", "timeout", "memory", "crashed")


@dataclass
class Outcome:
    index: int
    label: str
    size: int
    outcome: str  # read | refused | resources | uncaught | timeout | memory | crashed
    code: str = ""  # a refusal's ReaderError.code, an exception's type
    frame: str = ""  # where an uncaught exception was raised (innermost frame), and our last frame
    message: str = ""
    wall: float = 0.0
    cpu: float = 0.0
    peak: int = 0  # the worker's peak resident memory after the input, bytes


def _frames(tb) -> str:
    frames = traceback.extract_tb(tb)
    if not frames:
        return ""
    last = frames[-1]
    ours = [f for f in frames if "/gongkai/" in f.filename]
    where = f"{Path(last.filename).name}:{last.lineno} {last.name}"
    if ours and ours[-1] is not last:
        where += f" (via {Path(ours[-1].filename).name}:{ours[-1].lineno} {ours[-1].name})"
    return where


class Work:
    """One input, made and read in the worker (only its index crosses the pipe)."""

    def __init__(self, seeds, run: int):
        self.seeds, self.run = seeds, run

    def __call__(self, i: int) -> Outcome:
        from gongkai.readers import ReaderError, read_bytes

        label, data = fuzz_inputs.generate(self.seeds, self.run, i)
        name = f"fuzz-{i}"
        _reset_peak()  # what making the input took is not the reader's
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            report = read_bytes(data, name)
            result = Outcome(i, label, len(data), "read", message=f"{report.cells_read}/{len(report.cells)}")
        except ReaderError as e:
            outcome = "resources" if e.code == "resources" else "refused"
            result = Outcome(i, label, len(data), outcome, e.code, message=str(e)[:300])
        except Exception as e:  # noqa: BLE001 - this is what the harness counts
            result = Outcome(i, label, len(data), "uncaught", type(e).__name__, _frames(e.__traceback__), str(e)[:300])
        result.wall = time.perf_counter() - t0
        result.cpu = time.process_time() - c0
        result.peak = _peak()
        return result


def _reset_peak() -> None:
    """Start this process's peak resident memory afresh (Linux ≥ 4.0: clear_refs 5 resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # then the peak is the worker's since it started (workers are recycled as it grows)


def _peak() -> int:
    """Peak resident memory since `_reset_peak`, bytes (the input's own bytes included)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _failed(seeds, run: int, i: int, failed) -> Outcome:
    label, data = fuzz_inputs.generate(seeds, run, i)
    return Outcome(i, label, len(data), failed.reason if failed.reason in FAILURES else "uncaught",
                   failed.reason, message=failed.message[:300])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=2000)
    ap.add_argument("--start", type=int, default=0, help="first input index (resume a run)")
    ap.add_argument("--run", type=int, default=1, help="which run: another number, other inputs")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before an input's worker is killed")
    ap.add_argument("--memory", type=int, default=2048, help="MB of address space an input may add (RLIMIT_AS)")
    ap.add_argument("--chunk", type=int, default=1000, help="inputs per progress line")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/gongkai-fuzz"), help="rendered seeds and nasties")
    ap.add_argument("--log", type=Path, help="append every outcome as a JSON line")
    ap.add_argument("--summary", type=Path, help="write the summary as JSON")
    ap.add_argument("--save", type=Path, help="write every failing input here (index-label.bin)")
    ap.add_argument("--replay", type=int, nargs="*", help="run these indexes in this process, with tracebacks")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    seeds = fuzz_inputs.Seeds.build(args.cache)
    print(f"seeds: {sum(len(v) for v in seeds.by_kind.values())} documents "
          f"({', '.join(f'{k} {len(v)}' for k, v in seeds.by_kind.items())}), {len(seeds.nasties)} nasties, "
          f"{time.perf_counter() - t:.1f} s", flush=True)
    if args.replay is not None:
        return _replay(seeds, args.run, args.replay)

    from gongkai import batch
    from gongkai.readers import docx, html, markdown, pdf, text  # noqa: F401 - imported once, before the workers fork

    outcomes: list[Outcome] = []
    log = args.log.open("a") if args.log else None
    started = time.perf_counter()
    cpu = 0.0
    end = args.start + args.inputs
    for lo in range(args.start, end, args.chunk):
        indexes = list(range(lo, min(end, lo + args.chunk)))
        results = batch.run(Work(seeds, args.run), indexes, jobs=args.jobs, seconds=args.timeout,
                            memory=args.memory << 20)
        for i, res in zip(indexes, results, strict=True):
            out = res if isinstance(res, Outcome) else _failed(seeds, args.run, i, res)
            if out.outcome == "timeout":
                out.wall = args.timeout
            outcomes.append(out)
            cpu += out.cpu
            if log:
                log.write(json.dumps(asdict(out), ensure_ascii=False) + "\n")
            if args.save and _bad(out):
                args.save.mkdir(parents=True, exist_ok=True)
                _, data = fuzz_inputs.generate(seeds, args.run, i)
                safe = "".join(ch if ch.isalnum() or ch in "-_.=" else "_" for ch in out.label)[:80]
                (args.save / f"{i}-{safe}.bin").write_bytes(data)
        if log:
            log.flush()
        elapsed = time.perf_counter() - started
        counts = Counter(o.outcome for o in outcomes)
        print(f"{len(outcomes):>7} inputs  {elapsed:7.0f} s  {len(outcomes) / elapsed:6.1f}/s  "
              + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())), flush=True)
    summary = _summary(outcomes, time.perf_counter() - started, cpu, args)
    _print(summary)
    if args.summary:
        args.summary.write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if summary["uncaught"] or summary["over_10s"] or summary["over_1GB"] or summary["failures"] else 0


def _bad(o: Outcome) -> bool:
    return o.outcome in FAILURES or o.wall > SLOW or o.peak > BIG


def _summary(outcomes: list[Outcome], wall: float, cpu: float, args) -> dict:
    uncaught = Counter(f"{o.code} at {o.frame}" for o in outcomes if o.outcome == "uncaught")
    slow = sorted((o for o in outcomes if o.wall > SLOW), key=lambda o: -o.wall)
    big = sorted((o for o in outcomes if o.peak > BIG or o.outcome == "memory"), key=lambda o: -o.peak)
    return {
        "command": " ".join(sys.argv),
        "inputs": len(outcomes),
        "first": args.start, "run": args.run, "jobs": args.jobs, "timeout_s": args.timeout, "memory_mb": args.memory,
        "wall_s": round(wall, 1), "inputs_per_s": round(len(outcomes) / wall, 2) if wall else 0,
        "cpu_s": round(cpu, 1),
        "outcomes": dict(Counter(o.outcome for o in outcomes)),
        "refusals_by_code": dict(Counter(o.code for o in outcomes if o.outcome == "refused")),
        "families": {fam: dict(Counter(o.outcome for o in outcomes if o.label.split("/")[0] == fam))
                     for fam in sorted({o.label.split("/")[0] for o in outcomes})},
        "uncaught": dict(uncaught),
        "failures": {k: [f"{o.index} {o.label}: {o.message[:160]}" for o in outcomes if o.outcome == k][:20]
                     for k in FAILURES[1:] if any(o.outcome == k for o in outcomes)},
        "over_10s": [f"{o.index} {o.label}: {o.wall:.1f} s wall, {o.cpu:.1f} s CPU ({o.outcome})" for o in slow[:50]],
        "over_1GB": [f"{o.index} {o.label}: {o.peak / (1 << 20):.0f} MB ({o.outcome})" for o in big[:50]],
        "slowest": [f"{o.index} {o.label}: {o.wall:.2f} s wall, {o.cpu:.2f} s CPU ({o.outcome})"
                    for o in sorted(outcomes, key=lambda o: -o.wall)[:10]],
        "largest_peak_mb": round(max((o.peak for o in outcomes), default=0) / (1 << 20)),
    }


def _print(s: dict) -> None:
    print(f"\n{s['inputs']} inputs in {s['wall_s']} s ({s['inputs_per_s']}/s, {s['cpu_s']} CPU-s in the readers), "
          f"jobs {s['jobs']}, timeout {s['timeout_s']} s, memory cap {s['memory_mb']} MB")
    print("outcomes:", ", ".join(f"{k} {v}" for k, v in sorted(s["outcomes"].items())))
    print("refusals by code:", ", ".join(f"{k} {v}" for k, v in sorted(s["refusals_by_code"].items())))
    for fam, counts in s["families"].items():
        print(f"  {fam:9s}", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"uncaught exceptions: {sum(s['uncaught'].values())}")
    for where, n in sorted(s["uncaught"].items(), key=lambda kv: -kv[1]):
        print(f"  {n:6d}  {where}")
    for k, rows in s["failures"].items():
        print(f"{k}: {len(rows)}+")
        for row in rows:
            print("  ", row)
    print(f"over 10 s: {len(s['over_10s'])}")
    for row in s["over_10s"]:
        print("  ", row)
    print(f"over 1 GB: {len(s['over_1GB'])} (largest peak {s['largest_peak_mb']} MB)")
    for row in s["over_1GB"]:
        print("  ", row)
    print("slowest:")
    for row in s["slowest"]:
        print("  ", row)


def _replay(seeds, run: int, indexes: list[int]) -> int:
    from gongkai.readers import ReaderError, read_bytes

    bad = 0
    for i in indexes:
        label, data = fuzz_inputs.generate(seeds, run, i)
        t = time.perf_counter()
        try:
            report = read_bytes(data, f"fuzz-{i}")
            print(f"{i} {label}: read {report.cells_read}/{len(report.cells)} in {time.perf_counter() - t:.2f} s")
        except ReaderError as e:
            print(f"{i} {label}: refused ({e.code}) in {time.perf_counter() - t:.2f} s: {e}")
        except Exception:  # noqa: BLE001 - shown whole
            bad += 1
            print(f"{i} {label}:")
            traceback.print_exc()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
