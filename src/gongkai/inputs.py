"""Turning command-line arguments into reports: files, folders, globs; interchange or documents.

One bad input never stops a batch: `load` raises `InputError` with one line naming the file and
the problem, and the caller moves on.  Sizes are checked before a file is read (interchange
files here, documents by `readers.read`: `readers.limits`).
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import Report

DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".docx", ".pdf", ".doc",
                     ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}  # images: read by OCR
INTERCHANGE_SUFFIXES = {".json", ".csv"}
SUPPORTED = DOCUMENT_SUFFIXES | INTERCHANGE_SUFFIXES


class InputError(ValueError):
    """An input that cannot be read; str() is one line naming the file and the problem."""


def expand(args: list[str], suffixes: set[str] = SUPPORTED) -> list[Path]:
    """Files named, files under folders named (recursively, those with `suffixes`), and quoted
    glob patterns, in order."""
    out: list[Path] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():  # a folder's README.md documents the folder, it is not a report
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes
                          and not f.name.lower().startswith("readme"))
        elif not p.exists() and any(ch in arg for ch in "*?["):
            out += sorted(Path(m) for m in glob.glob(arg, recursive=True) if Path(m).is_file())
        else:
            out.append(p)  # a missing file is reported when loaded, in its place in the batch
    seen: set[Path] = set()
    return [p for p in out if not (p in seen or seen.add(p))]


def load(path: Path, year: int | None = None, agency: str = "", hints=None) -> Report:
    """One input as a Report.  `year`/`agency` are an interchange CSV's (it has none of its own);
    `hints` (`readers.meta.Hints`) fill what a document does not say."""
    if not path.exists():
        raise InputError(f"{path}: 文件不存在 (no such file)")
    if path.is_dir():
        raise InputError(f"{path}: 是文件夹 (a folder)")
    from .interchange import InterchangeError
    from .interchange import read as read_interchange

    try:
        if path.suffix.lower() in INTERCHANGE_SUFFIXES:
            from .readers import limits  # light: no parsing library

            limits.check_bytes("interchange", path.stat().st_size, str(path))
            return read_interchange(path, agency=agency or (hints.agency if hints else "") or "", year=year)
        from . import readers  # the readers pull in PDF/DOCX libraries: only when a document is given

        return readers.read(path, hints)
    except (InterchangeError, ValueError) as e:
        msg = str(e)
        raise InputError(msg if str(path) in msg or path.name in msg else f"{path}: {msg}") from None
    except (RecursionError, MemoryError):  # JSON nested or sized beyond what the process can hold
        raise InputError(f"{path}: 文件结构嵌套过深或过大，无法读取 (too deep or too large)") from None
    except OSError as e:
        raise InputError(f"{path}: 无法读取 ({e.strerror or e})") from None
