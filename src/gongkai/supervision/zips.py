"""ZIP archives of reports, opened with their limits enforced before anything is extracted.

A ZIP bomb is refused by what its central directory declares (member count, total uncompressed
size, compression ratio) and again while reading (a member that inflates past what it declared
is cut off), so a lying header cannot get past either.  Pure Python: the CLI uses it too.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MB = 1024 * 1024
MAX_MEMBERS = 2000
MAX_TOTAL = 500 * MB  # uncompressed, all members
MAX_MEMBER = 50 * MB  # one report
MAX_RATIO = 100  # uncompressed / compressed, per member and overall (text compresses ~5–10×)
REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".shtml", ".docx", ".pdf", ".doc")


class ZipRefused(ValueError):
    """The archive as a whole cannot be opened safely; the message says why, in Chinese."""


@dataclass
class Member:
    name: str  # the path inside the archive, decoded
    data: bytes | None  # None when skipped
    problem: str = ""  # why it was skipped (Chinese), when it was


def _decoded_name(info: zipfile.ZipInfo) -> str:
    """Windows zip tools write GBK names without the UTF-8 flag; zipfile decodes them as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def open_zip(data: bytes, label: str = "压缩包") -> zipfile.ZipFile:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise ZipRefused(f"{label}无法打开（{e}），可能已损坏。") from None
    infos = [i for i in z.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise ZipRefused(f"{label}含 {len(infos)} 个文件，超过 {MAX_MEMBERS} 个的上限，请分批上传。")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_TOTAL:
        raise ZipRefused(f"{label}解压后共 {total / MB:.0f} MB，超过 {MAX_TOTAL / MB:.0f} MB 的上限，未解压。")
    if total / packed > MAX_RATIO:
        raise ZipRefused(f"{label}的压缩比为 {total / packed:.0f} 倍，超过 {MAX_RATIO} 倍的上限"
                         "（疑似“压缩炸弹”），未解压。")
    return z


def members(data: bytes, label: str = "压缩包") -> Iterator[Member]:
    """Each file of the archive with its bytes, or the reason it was skipped; nested ZIPs are not opened."""
    z = open_zip(data, label)
    with z:
        for info in z.infolist():
            if info.is_dir():
                continue
            name = _decoded_name(info)
            base = name.rsplit("/", 1)[-1]
            if base.startswith(".") or "__MACOSX" in name:
                continue  # macOS metadata, not a document anyone chose
            if info.flag_bits & 0x1:
                yield Member(name, None, "文件已加密，无法读取。")
                continue
            if not base.lower().endswith(REPORT_SUFFIXES):
                yield Member(name, None, "不是年报文件（只接受 txt、md、html、docx、pdf、doc）。")
                continue
            if info.file_size > MAX_MEMBER:
                yield Member(name, None, f"解压后 {info.file_size / MB:.0f} MB，超过 {MAX_MEMBER / MB:.0f} MB 的上限。")
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                yield Member(name, None, f"压缩比 {info.file_size / info.compress_size:.0f} 倍，疑似“压缩炸弹”，未解压。")
                continue
            try:
                with z.open(info) as f:
                    body = f.read(info.file_size + 1)  # never more than it declared, plus one byte to notice
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as e:
                yield Member(name, None, f"无法解压（{e}）。")
                continue
            if len(body) > info.file_size:
                yield Member(name, None, "实际内容比压缩包声明的更大，疑似伪造，未采用。")
                continue
            yield Member(name, body)
