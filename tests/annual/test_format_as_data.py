"""What differs between revisions lives in `gongkai.formats`: no code outside it compares a format
id with a literal, and the code of the annual report, appeals, checks, writers, readers and the
CLI retypes no printed label path (``三、本年度办理结果/…``, ``申请人情况/…``, ``第二十条第（…``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"
FORMAT_ID_LITERAL = re.compile(r"""\.id\s*[!=]=\s*["']\d{4}""")
LABEL_PATHS = ("三、本年度办理结果/", "申请人情况/", "第二十条第（", "行政诉讼/", "行政复议/")
# casework (letters), the staff pages and the readers (tokens.py strips 申请人情况/ from a column) are
# other rooms', being made format-driven on their branches
LABEL_FREE = ("annual", "appeals", "checks", "writers", "commands", "report.py", "interchange.py")


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_format_id_compared_outside_formats():
    found = [f"{p.relative_to(SRC)}:{i}" for p in SRC.rglob("*.py") if "formats" not in p.parts
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if FORMAT_ID_LITERAL.search(line)]
    assert found == []


def test_no_label_path_retyped():
    found = []
    for part in LABEL_FREE:
        for p in ([SRC / part] if part.endswith(".py") else sorted((SRC / part).rglob("*.py"))):
            if "migrations" in p.parts:
                continue
            found += [f"{p.relative_to(SRC)}:{line} {text[:40]}" for line, text in _code_strings(p)
                      if any(label in text for label in LABEL_PATHS)]
        for p in [] if part.endswith(".py") else sorted((SRC / part).rglob("*.html")):
            text = p.read_text(encoding="utf-8")
            found += [f"{p.relative_to(SRC)} {label}" for label in LABEL_PATHS if label in text]
    assert found == []
