"""Reader speed on one core: reports per second for HTML, DOCX and PDF.

    /work/venv/bin/python bench/speed_readers.py [--seconds 3]

HTML and PDF are the shared corpus documents; the DOCX is generated from the Hongze
truth by the gongkai writer (merged headers, 表三 group labels merged vertically).
Each reader runs in this one process, pinned to one CPU where the OS allows it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GONGKAI_CORPUS", REPO.parent / "shared" / "corpus"))
TARGETS = {"html": 200, "docx": 50, "pdf": 5}


def _rate(fn, data: bytes, name: str, seconds: float) -> float:
    fn(data, name)  # warm up: imports, caches
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn(data, name)
        n += 1
    return n / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each kind")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from gongkai import interchange
    from gongkai.readers.docx import read_docx
    from gongkai.readers.html import read_html
    from gongkai.readers.pdf import read_pdf
    from gongkai.writers import render

    docx_data = render(interchange.read(CORPUS / "hongze-district-2023.truth.json"), "docx")
    cases = [
        ("html", read_html, (CORPUS / "shanghai-gov-office-2019.html").read_bytes(), "shanghai-gov-office-2019.html"),
        ("docx", read_docx, docx_data, "hongze-district-2023 (rendered).docx"),
        ("pdf", read_pdf, (CORPUS / "hongze-district-2023.pdf").read_bytes(), "hongze-district-2023.pdf"),
    ]
    print(f"$ {Path(sys.executable).name} bench/speed_readers.py --seconds {args.seconds:g}   (one core)")
    ok = True
    for kind, fn, data, name in cases:
        rate = _rate(fn, data, name, args.seconds)
        target = TARGETS[kind]
        ok &= rate >= target
        print(f"{kind:5} {rate:8.1f} reports/s  (target ≥{target}, {len(data) // 1024} KiB: {name})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
