"""Reader speed on one core, per kind of document: reports per second.

    python bench/speed_readers.py --make DIR           # write the generated documents once
    taskset -c 1 python bench/speed_readers.py DIR [--seconds 2] [--runs 3] [--json]

Documents: the corpus's text, Markdown, HTML and PDF reports, plus generated ones every
tree reads the same bytes of (``--make``): the Hongze truth rendered to DOCX by the gongkai
writer, and the converter-Markdown family fixture printed to PDF with rounded cell borders
(every border a path of lines and curves: the drawing that used to send a PDF to the slow
pdfplumber path).  Each document is read from memory in a loop; the rate is reads per
second of the process's CPU time (the machine is shared: time other processes hold the
core is not counted), and ``--runs N`` keeps each document's best rate.  To measure another tree (before/after), put
its ``src`` first on PYTHONPATH: the same documents, the same process setup.  Exits 1 when
a kind reads slower than its target.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GONGKAI_CORPUS", REPO.parent / "shared" / "corpus"))
TARGETS = {"text": 200, "markdown": 200, "html": 200, "docx": 50, "pdf": 5, "pdf-slow": 5}
DOCUMENTS = [  # (kind, file name, where)
    ("text", "haining-commerce-2019.txt", "corpus"),
    ("text", "pingtan-2020.txt", "corpus"),
    ("text", "sanming-2022.txt", "corpus"),
    ("markdown", "shuyang-county-2025.txt", "corpus"),
    ("html", "shanghai-gov-office-2019.html", "corpus"),
    ("docx", "hongze-rendered.docx", "made"),
    ("pdf", "hongze-district-2023.pdf", "corpus"),
    ("pdf-slow", "rounded-borders.pdf", "made"),
]


def make(out: Path) -> None:
    """The generated documents, written by this tree's writers."""
    sys.path.insert(0, str(REPO / "tests"))
    from gongkai import interchange
    from gongkai.writers import render
    from readers.pdf_layouts import page, pdf

    out.mkdir(parents=True, exist_ok=True)
    (out / "hongze-rendered.docx").write_bytes(render(interchange.read(CORPUS / "hongze-district-2023.truth.json"), "docx"))
    family = interchange.read(REPO / "tests" / "readers" / "fixtures" / "families" / "converter-2024.expected.json")
    css = "table { border-collapse: separate; border-spacing: 0; } td, th { border-radius: 1.5pt; }"
    (out / "rounded-borders.pdf").write_bytes(pdf(page(family, css=css)))


def _rate(data: bytes, name: str, seconds: float) -> float:
    """Reads per second of this process's CPU time (`time.process_time`): on a shared machine
    the time other processes take the core away is not counted against the reader."""
    from gongkai.readers import read_bytes

    read_bytes(data, name)  # warm up: imports, format-derived caches
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        read_bytes(data, name)
        n += 1
    return n / (time.process_time() - start)


def measure(made: Path, seconds: float, runs: int) -> dict[str, float]:
    rates: dict[str, float] = {}
    for kind, name, where in DOCUMENTS:
        path = (CORPUS if where == "corpus" else made) / name
        data = path.read_bytes()
        best = 0.0
        for _ in range(runs):
            try:
                best = max(best, _rate(data, name, seconds))
            except Exception as e:  # a tree that cannot read a kind at all says so
                print(f"{kind:9} {name}: {type(e).__name__}: {e}", file=sys.stderr)
                break
        rates[f"{kind}:{name}"] = best
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("made", type=Path, help="the folder of generated documents")
    parser.add_argument("--make", action="store_true", help="write the generated documents and stop")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per document and run")
    parser.add_argument("--runs", type=int, default=3, help="runs per document; the best is kept")
    parser.add_argument("--json", action="store_true", help="print the rates as JSON")
    args = parser.parse_args()
    if args.make:
        make(args.made)
        return 0
    rates = measure(args.made, args.seconds, args.runs)
    if args.json:
        print(json.dumps(rates))
        return 0
    import gongkai

    print(f"gongkai from {Path(gongkai.__file__).parent}   load average {os.getloadavg()[0]:.1f}")
    ok = True
    for key, rate in rates.items():
        kind, name = key.split(":", 1)
        ok &= rate >= TARGETS[kind]
        print(f"{kind:9} {rate:8.1f} reports/s  (target ≥{TARGETS[kind]})  {name}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
