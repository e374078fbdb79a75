"""What a reader says when it cannot read a document: one Chinese line naming the file and the problem.

    raise ReaderError(f"{source}: 文件为空 (empty file)")
    with library_failures(source, "PDF 文件损坏，无法读取", pdfium.PdfiumError): ...

`ReaderError.code` says which kind of refusal it is, for a program (the CLI prints only the
message): ``unreadable`` (not a report, not text, no year…), ``limit`` (a limit of
`readers.limits` refused it before the work), ``damaged`` (a parsing library failed on the
file), ``resources`` (memory ran out, nesting too deep for the interpreter).

`library_failures` is put around the calls into one library, with that library's own
exception types: a parser choking on a hostile file becomes a `ReaderError`, while a
programming error in our own code (outside the block, or of another type) still fails loudly.
"""

from __future__ import annotations

from contextlib import contextmanager

CODES = ("unreadable", "limit", "damaged", "resources")


class ReaderError(ValueError):
    """A document that cannot be read as an annual report; the message says why, in Chinese."""

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.code = code

    def __reduce__(self):  # keep the code across a process boundary
        return (type(self), (str(self), self.code))


def detail(e: BaseException, width: int = 120) -> str:
    """A library's own words for what went wrong, short enough for one line."""
    text = " ".join(str(e).split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


@contextmanager
def library_failures(source: str, what: str, errors: type[BaseException] | tuple[type[BaseException], ...],
                     tag: str = "damaged file"):
    """Turn `errors` raised inside the block into a `ReaderError` "`source`: `what`（detail）(`tag`)"."""
    try:
        yield
    except (ReaderError, MemoryError, RecursionError):
        raise  # already said; or the process's resources, which `read_bytes` reports as such
    except errors as e:
        raise ReaderError(f"{source + ': ' if source else ''}{what}（{detail(e)}）({tag})", code="damaged") from e


def resource_failure(source: str, e: BaseException) -> ReaderError:
    """Memory or the interpreter's stack ran out while reading: the document's problem, said plainly."""
    where = source or "文件"
    if isinstance(e, MemoryError):
        return ReaderError(f"{where}: 读取时内存不足，文件过大或结构异常，已放弃 (out of memory)", code="resources")
    return ReaderError(f"{where}: 文件结构嵌套过深，无法读取 (nesting too deep)", code="resources")
