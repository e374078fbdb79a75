"""Plain-text reader speed: reports per second on one core, over the corpus's text reports.

    python bench/speed_text.py [CORPUS_DIR] [--seconds 3]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def measure(corpus: Path = DEFAULT_CORPUS, seconds: float = 3.0) -> dict[str, float]:
    """Reports/s per text file and overall (each file read from memory, decoded and parsed)."""
    from gongkai.readers import read_bytes

    files = {p.name: p.read_bytes() for p in sorted(corpus.glob("*.txt"))}
    rates = {}
    for name, data in files.items():
        read_bytes(data, name)  # warm caches (label lexicons, regexes)
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / max(len(files), 1):
            read_bytes(data, name)
            n += 1
        rates[name] = n / (time.perf_counter() - start)
    rates["overall"] = len(rates) / sum(1 / r for r in rates.values()) if rates else 0.0
    return rates


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv and not argv[0].startswith("--") else DEFAULT_CORPUS
    seconds = float(argv[argv.index("--seconds") + 1]) if "--seconds" in argv else 3.0
    rates = measure(corpus, seconds)
    for name, rate in rates.items():
        print(f"{name:32s} {rate:8.1f} reports/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
