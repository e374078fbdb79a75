"""How fast the writers render the seed report, and the README's screenshots of it.

    python bench/render_speed.py                 # timings, as docs/rendering.md records them
    python bench/render_speed.py --images docs/img   # also the HTML/PDF screenshots

The seed report is ../shared/corpus/haining-commerce-2019.truth.json (read with
gongkai.interchange.read).  The truth file holds cells only; for the pictures the section
texts are taken from the same report's published text (haining-commerce-2019.txt), each
section cut where its table begins, so the page shows what the agency actually wrote.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gongkai import interchange
from gongkai.formats import SECTIONS
from gongkai.report import Report
from gongkai.writers import KINDS, render

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEED = CORPUS / "haining-commerce-2019.truth.json"
TABLE_STARTS = ("第二十条", "（本列数据", "行政复议", "申请人情况")


def published_sections(txt: Path) -> dict[int, str]:
    """The six sections' prose from the published text: between headings, up to the table."""
    sections: dict[int, list[str]] = {}
    current = None
    in_table = False
    for raw in txt.read_text(encoding="utf-8").splitlines():
        line = raw.strip().replace("\u3000", "")
        # The Haining text prints its last heading without the numeral (其他需要报告的事项).
        names = [h.split("、", 1)[1] for h in SECTIONS]
        if line in SECTIONS or line in names:
            current, in_table = (SECTIONS.index(line) if line in SECTIONS else names.index(line)) + 1, False
            sections[current] = []
            continue
        if current is None or not line:
            continue
        if line.startswith(TABLE_STARTS):
            in_table = True
        if not in_table:
            sections[current].append(re.sub(r"\s+", "", line))
    return {n: "\n".join(lines) for n, lines in sections.items()}


def seed_report(with_text: bool = True) -> Report:
    report = interchange.read(SEED)
    txt = CORPUS / "haining-commerce-2019.txt"
    if with_text and txt.exists():
        report.sections = published_sections(txt)
    return report


def timings(report: Report, repeat: int) -> list[tuple[str, float, float, int]]:
    rows = []
    for kind in KINDS:
        t0 = time.perf_counter()
        data = render(report, kind)  # first call: includes importing the writer's library
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            render(report, kind)
            warm.append(time.perf_counter() - t0)
        rows.append((kind, cold, statistics.median(warm), len(data)))
    return rows


def images(report: Report, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "seed.html"
        page.write_bytes(render(report, "html"))
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        shot = out / "seed-html.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp}/chromium", f"--screenshot={shot}", "--window-size=1000,2700",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
        made.append(shot)
        pdf = Path(tmp) / "seed.pdf"
        pdf.write_bytes(render(report, "pdf"))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "3", str(pdf), str(out / "seed-pdf")],
                       check=True, timeout=120)
        made += sorted(out.glob("seed-pdf-*.png"))
    return made


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--images", type=Path, help="write screenshots of the seed report here")
    args = ap.parse_args(argv)
    report = seed_report()
    print(f"seed: {SEED.name} ({report.agency} {report.year}, format {report.format.id}), "
          f"median of {args.repeat} warm runs")
    print(f"{'kind':<6} {'first call':>11} {'warm median':>12} {'bytes':>9}")
    for kind, cold, warm, size in timings(report, args.repeat):
        print(f"{kind:<6} {cold * 1000:>9.0f}ms {warm * 1000:>10.1f}ms {size:>9}")
    if args.images:
        for p in images(report, args.images):
            print(f"image: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
