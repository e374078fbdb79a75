"""Accuracy of the readers on hand-checked documents, cell by cell.

    python bench/accuracy.py [CORPUS_DIR]          # the corpus: ../shared/corpus beside the repo
    python bench/accuracy.py --gate [CORPUS_DIR]   # CI: no wrong cell, unknown only where documented
    python bench/accuracy.py --set families        # another document set (see SETS)
    python bench/accuracy.py --scans [DIR] [--gate] # the scan corpus read by OCR (bench/scan_accuracy.py)

A *document set* is a folder of documents, each with its truth in the interchange format
(`DocumentSet`: how to find the pairs, which unknown cells are documented).  Every document
is read with ``gongkai.readers.read`` and compared with its truth on every cell of the
format: a cell is right when value and blank-ness both match; a cell the reader put in
``unknown`` is counted apart from the wrong ones (it is not right, but it is not a wrong
value presented as certain); of the cells read, those the reader inferred without the
arithmetic forcing them (``uncertain``) are counted too.  Prints per-document and total
figures; exits 1 unless every cell of every document is right.  ``evaluate(path_or_set)``
returns the figures for tests.  Another set is one more `DocumentSet` in `SETS` (a set of
scanned reports read through OCR, for instance).

With ``--gate`` it exits 0 when no cell is wrong and the only unknown cells are the ones the
set documents: cells the document itself does not determine.  The one case in the corpus is
pingtan-2020.txt's 表二, whose digits run together (行政强制 "1262629" is 126|26|29 or
12|62|629 …) and which no identity constrains: unknown rather than a guess there, so 100% on
that file is not reachable from its text.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


@dataclass(frozen=True)
class DocumentSet:
    """Documents with their truths.  `pattern` finds the truths; a truth names its document in
    its ``source`` key, or the document is the file beside it with the same stem."""

    name: str
    folder: Path
    pattern: str = "*.truth.json"
    documented: dict = field(default_factory=dict)  # document name -> {"table", "cells", "why"}

    def pairs(self) -> list[tuple[Path, Path | None]]:
        out = []
        for truth in sorted(self.folder.glob(self.pattern)):
            stem = truth.name.removesuffix(self.pattern.lstrip("*"))
            source = _source(truth)
            if source is None:
                source = next((p.name for p in sorted(self.folder.glob(stem + ".*")) if p != truth
                               and not p.name.endswith(".json") and p.suffix != ".py"), None)
            out.append((truth, self.folder / source if source else None))
        return out


def _source(truth: Path) -> str | None:
    import json

    return json.loads(truth.read_text(encoding="utf-8")).get("source")


DOCUMENTED_AMBIGUOUS = {
    "pingtan-2020.txt": {"table": "表二", "cells": 16,
                         "why": "表二 digit runs split several ways and 表二 has no arithmetic"},
}
SETS = {
    "corpus": DocumentSet("corpus", DEFAULT_CORPUS, documented=DOCUMENTED_AMBIGUOUS),
    # the readers' own family fixtures (tests/readers/fixtures/families): other members of the
    # corpus's hardest families, with their truths
    "families": DocumentSet("families", REPO / "tests" / "readers" / "fixtures" / "families",
                            pattern="*.expected.json"),
}


@dataclass
class FileResult:
    name: str
    total: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)  # "address: read X, truth Y"
    unknown: list[str] = field(default_factory=list)
    uncertain: int = 0  # cells read as inferences the arithmetic did not force
    error: str | None = None  # the reader failed on the whole file

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Result:
    files: list[FileResult]
    documented: dict = field(default_factory=lambda: dict(DOCUMENTED_AMBIGUOUS))

    @property
    def total(self) -> int:
        return sum(f.total for f in self.files)

    @property
    def right(self) -> int:
        return sum(f.right for f in self.files)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def perfect(self) -> bool:
        return bool(self.files) and all(f.right == f.total and not f.error for f in self.files)


def gate(result: Result) -> bool:
    """No wrong value anywhere; unknown cells only as documented."""
    for f in result.files:
        if f.error or f.wrong:
            return False
        if f.unknown:
            doc = result.documented.get(f.name)
            if not doc or len(f.unknown) != doc["cells"] or not all(a.startswith(doc["table"] + "|") for a in f.unknown):
                return False
    return bool(result.files)


def _same(a, b) -> bool:
    return (a is None) == (b is None) and a == b


def evaluate_one(truth_path: Path, document: Path | None = None) -> FileResult:
    from gongkai import interchange
    from gongkai.readers import read

    truth = interchange.read(truth_path)
    if document is None:
        document = truth_path.parent / (truth.source or truth_path.name.removesuffix(".truth.json"))
    res = FileResult(document.name, total=len(truth.format.cells))
    try:
        got = read(document)
    except Exception as e:  # a reader crash is a result to report, not a harness crash
        res.error = f"{type(e).__name__}: {e}"
        return res
    if got.format.id != truth.format.id:
        res.error = f"格式不符: 读出 {got.format.id}，应为 {truth.format.id}"
        return res
    uncertain = got.uncertain
    for addr in truth.format.cells:
        if addr in got.unknown:
            res.unknown.append(addr)
            continue
        res.uncertain += addr in uncertain
        if _same(got.cells[addr], truth.cells[addr]):
            res.right += 1
        else:
            res.wrong.append(f"{addr}: 读出 {got.cells[addr]!r}，应为 {truth.cells[addr]!r}")
    if (got.agency, got.year) != (truth.agency, truth.year):
        res.error = f"机关/年度不符: 读出 {got.agency} {got.year}，应为 {truth.agency} {truth.year}"
    return res


def evaluate(where: Path | str | DocumentSet = DEFAULT_CORPUS) -> Result:
    docs = where if isinstance(where, DocumentSet) else DocumentSet("corpus", Path(where), documented=DOCUMENTED_AMBIGUOUS)
    return Result([evaluate_one(t, d) for t, d in docs.pairs()], dict(docs.documented))


def report(result: Result, out=None, detail: int = 20) -> None:
    out = out or sys.stdout
    for f in result.files:
        status = (f"{f.right}/{f.total} = {f.accuracy:.2%}  wrong {len(f.wrong)}  unknown {len(f.unknown)}"
                  f"  uncertain {f.uncertain}")
        print(f"{f.name:40s} {status}" + (f"  ERROR {f.error}" if f.error else ""), file=out)
        for line in f.wrong[:detail]:
            print(f"    wrong   {line}", file=out)
        for addr in f.unknown[:detail]:
            print(f"    unknown {addr}", file=out)
    wrong = sum(len(f.wrong) for f in result.files)
    unknown = sum(len(f.unknown) for f in result.files)
    uncertain = sum(f.uncertain for f in result.files)
    print(f"{'TOTAL':40s} {result.right}/{result.total} = {result.accuracy:.2%}  wrong {wrong}  unknown {unknown}"
          f"  uncertain {uncertain}", file=out)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--scans" in argv:  # the scan corpus, read by OCR: bench/scan_accuracy.py
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from scan_accuracy import main as scans

        return scans([a for a in argv if a != "--scans"])
    gated = "--gate" in argv
    argv = [a for a in argv if a != "--gate"]
    docs = SETS["corpus"]
    if "--set" in argv:
        i = argv.index("--set")
        name = argv[i + 1] if i + 1 < len(argv) else ""
        if name not in SETS:
            print(f"未知的文档集 {name!r}（可选: {', '.join(SETS)}）(unknown document set)", file=sys.stderr)
            return 2
        docs = SETS[name]
        argv = argv[:i] + argv[i + 2:]
    if argv:
        docs = DocumentSet(docs.name, Path(argv[0]), docs.pattern, docs.documented)
    if not docs.folder.is_dir():
        print(f"语料目录不存在: {docs.folder} (corpus not found)", file=sys.stderr)
        return 2
    result = evaluate(docs)
    if not result.files:
        print(f"{docs.folder} 中没有 {docs.pattern} (no truth files)", file=sys.stderr)
        return 2
    report(result)
    if gated:
        ok = gate(result)
        print("gate: " + ("passed (no wrong cell; unknown only where documented)" if ok else "FAILED"))
        return 0 if ok else 1
    return 0 if result.perfect else 1


if __name__ == "__main__":
    sys.exit(main())
