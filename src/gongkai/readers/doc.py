"""Legacy Word .doc → Report, through LibreOffice (`soffice --headless --convert-to docx`).

The binary .doc format is read by nothing else we trust; LibreOffice converts it to
.docx in a private temporary directory (its own user profile there too, so parallel
conversions do not fight over one profile), then the DOCX reader does the rest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..report import Report
from . import ReaderError

TIMEOUT = 120  # seconds; a first LibreOffice start on a cold machine takes a while


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return os.environ.get("GONGKAI_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, source: str, timeout: float = TIMEOUT) -> bytes:
    exe = soffice()
    if not exe:
        raise ReaderError(f"{source}: 读取旧版 Word (.doc) 需要 LibreOffice，本机未安装；请安装 LibreOffice "
                          "或把文件另存为 .docx (LibreOffice not installed)")
    check_word97(data, source)
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", tmp, str(src)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ReaderError(f"{source}: LibreOffice 转换 .doc 超时（{timeout:.0f} 秒）(conversion timed out)") from None
        except OSError as e:
            raise ReaderError(f"{source}: 无法运行 LibreOffice：{e} (cannot run soffice)") from None
        out = Path(tmp) / "report.docx"
        if done.returncode != 0 or not out.exists():
            err = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            detail = err[-1] if err else f"退出码 {done.returncode}"
            raise ReaderError(f"{source}: LibreOffice 无法转换此 .doc 文件（{detail}）(conversion failed)")
        return out.read_bytes()


_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the stream every Word 97–2003 file holds


def check_word97(data: bytes, source: str) -> None:
    """A compound file (OLE) that is a Word document, judged from its header before LibreOffice
    is started (seconds) on it: byte order FFFE, a 512- or 4096-byte sector, 64-byte mini
    sectors, and a WordDocument stream (an Excel or PowerPoint file has none)."""
    if len(data) < 512 or data[28:30] != b"\xfe\xff" or data[30:32] not in (b"\x09\x00", b"\x0c\x00") \
            or data[32:34] != b"\x06\x00":
        raise ReaderError(f"{source}: 旧版 Word (.doc) 文件头损坏，无法读取 (damaged .doc header)", code="damaged")
    if _WORD_STREAM not in data:
        raise ReaderError(f"{source}: 是 Office 97–2003 文件，但不是 Word 文档（可能是 Excel 或 PowerPoint）(not a Word .doc)")


def read_doc(data: bytes, source: str, hints=None) -> Report:
    from .docx import read_docx

    return read_docx(convert_to_docx(data, source), source, hints)
