"""Accuracy and speed of the OCR reader on the scan corpus, document by document.

    python bench/scans/make_corpus.py                 # once: build/scans (image-only PDFs + truth)
    python bench/scan_accuracy.py [DIR] [--engine rapid|tesseract] [--jobs N] [--gate]
    python bench/accuracy.py --scans [DIR]            # the same, through the accuracy harness

Each scanned PDF is read with ``gongkai.readers.read`` (the engine from ``--engine``, one
thread, one process per document when ``--jobs`` > 1) and compared with its truth cell by
cell, exactly as ``bench/accuracy.py`` compares the corpus: right / wrong / unknown, with
the seconds each document took (wall clock, and the CPU time of the process reading it: on
a shared machine the CPU time is the fairer figure) and its page count.  ``--gate`` exits 1 unless no cell is
wrong and at least 98 % of all cells are right (issue 15's target).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import FileResult, Result, evaluate_one  # noqa: E402
from accuracy import report as print_report  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "build" / "scans"
TARGET = 0.98


def _one(args: tuple[str, str]) -> tuple[FileResult, float, int, float]:
    truth, engine = args
    os.environ["GONGKAI_OCR_ENGINE"] = engine
    os.environ.setdefault("GONGKAI_OCR_THREADS", "1")
    import pypdfium2 as pdfium

    path = Path(truth)
    pdf = path.parent / path.name.replace(".truth.json", ".pdf")
    pages = len(pdfium.PdfDocument(str(pdf))) if pdf.is_file() else 0
    start, cpu = time.perf_counter(), time.process_time()
    res = evaluate_one(path)
    return res, time.perf_counter() - start, pages, time.process_time() - cpu


def run(folder: Path, engine: str = "rapid", jobs: int = 1, only: str | None = None):
    truths = [str(p) for p in sorted(folder.glob("*.truth.json")) if not only or only in p.name]
    work = [(t, engine) for t in truths]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(_one, work))
    return [_one(w) for w in work]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="OCR accuracy on the scan corpus")
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--engine", default="rapid")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--only", help="only documents whose name contains this")
    ap.add_argument("--gate", action="store_true")
    args = ap.parse_args(argv)
    if not args.folder.is_dir() or not any(args.folder.glob("*.truth.json")):
        print(f"没有扫描语料 {args.folder}：请先运行 python bench/scans/make_corpus.py (no scan corpus)", file=sys.stderr)
        return 2
    results = run(args.folder, args.engine, args.jobs, args.only)
    result = Result([r for r, *_ in results])
    print_report(result, detail=5)
    print()
    print(f"{'document':40s} {'pages':>5s} {'wall s':>8s} {'CPU s':>8s} {'CPU s/page':>10s}")
    for r, secs, pages, cpu in results:
        print(f"{r.name:40s} {pages:5d} {secs:8.1f} {cpu:8.1f} {cpu / max(1, pages):10.2f}")
    total_pages = sum(p for _, _, p, _ in results)
    total_secs = sum(c for *_, c in results)
    wrong = sum(len(r.wrong) for r in result.files)
    errors = sum(1 for r in result.files if r.error)
    print(f"engine {args.engine}: {result.right}/{result.total} right = {result.accuracy:.2%}, wrong {wrong}, "
          f"unknown {sum(len(r.unknown) for r in result.files)}, failed documents {errors}; "
          f"{total_pages} pages in {total_secs:.0f} CPU s = {total_secs / max(1, total_pages):.2f} CPU s/page "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    if args.gate:
        ok = wrong == 0 and errors == 0 and result.accuracy >= TARGET
        print("gate: " + (f"passed (0 wrong, ≥ {TARGET:.0%} right)" if ok else "FAILED"))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
