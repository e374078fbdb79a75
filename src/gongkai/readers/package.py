"""A DOCX package (a ZIP) opened within the limits, before any part is inflated.

python-docx inflates every member of the archive whole (`zipfile.read`), trusting the sizes the
archive declares: a 1 MB file can become gigabytes before anything is refused.  Here the
central directory is judged first — members, the XML parts' declared sizes, their compression
ratio — then only the XML parts are inflated, in bounded chunks (a part that inflates past its
declared size fails its CRC, past the limit is refused), and the media (images, fonts,
embedded objects: nothing a reader reads) are never inflated at all: they are handed on empty.
python-docx gets that repacked, uncompressed package.

    package = safe_docx(data, source)     # bytes of a new ZIP, or ReaderError
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib

from lxml import etree

from . import limits
from .errors import library_failures

_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, ValueError, OSError,
               EOFError, zlib.error, lzma.LZMAError, struct.error)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_CHUNK = 1 << 16


def _xml_names(zf: zipfile.ZipFile, names: set[str], source: str) -> set[str]:
    """The members python-docx parses as XML: by ``[Content_Types].xml`` (an extension's default
    or a part's override ending in ``xml``), and whatever is named ``.xml`` / ``.rels``."""
    out = {n for n in names if n.lower().endswith((".xml", ".rels"))}
    if "[Content_Types].xml" not in names:
        return out
    info = zf.getinfo("[Content_Types].xml")
    raw = _inflate(zf, info, limits.current().zip_part_bytes, source)
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.LxmlError:
        return out  # python-docx will say it cannot read the package
    xml_ext = {(d.get("Extension") or "").lower() for d in root.iter(f"{_CT}Default")
               if (d.get("ContentType") or "").endswith("xml")}
    out |= {n for n in names if n.rsplit(".", 1)[-1].lower() in xml_ext}
    out |= {n for o in root.iter(f"{_CT}Override") if (o.get("ContentType") or "").endswith("xml")
            for n in [(o.get("PartName") or "").lstrip("/")] if n in names}
    return out


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, source: str) -> bytes:
    out = bytearray()
    with zf.open(info) as member:
        while chunk := member.read(_CHUNK):
            out += chunk
            if len(out) > budget:
                raise limits.refuse(source, f"Word 文档的部件 {info.filename} 解压后超过 {limits.size(budget)} 的上限",
                                    "part too large")
    return bytes(out)


def safe_docx(data: bytes, source: str) -> bytes:
    """The package's XML parts checked and inflated within the limits, its media emptied, as a
    new uncompressed ZIP (see the module doc)."""
    lim = limits.current()
    with library_failures(source, "Word 文档损坏或不完整", _ZIP_ERRORS, "damaged .docx"):
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = {i.filename: i for i in zf.infolist() if not i.is_dir()}  # a repeated name: the last, as zipfile reads
        limits.check_count(len(infos), lim.zip_members, source, "Word 文档（ZIP 压缩包）中的文件", "too many members")
        xml = _xml_names(zf, set(infos), source)
        declared = sum(infos[n].file_size for n in xml)
        if declared > lim.zip_xml_bytes:
            raise limits.refuse(source, f"Word 文档的内容解压后共 {limits.size(declared)}，超过 "
                                f"{limits.size(lim.zip_xml_bytes)} 的上限", "inflates too much")
        for name in sorted(xml):
            info = infos[name]
            if info.file_size > lim.zip_part_bytes:
                raise limits.refuse(source, f"Word 文档的部件 {name} 解压后 {limits.size(info.file_size)}，超过 "
                                    f"{limits.size(lim.zip_part_bytes)} 的上限", "part too large")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1 << 20 and ratio > lim.zip_ratio:
                raise limits.refuse(source, f"Word 文档的部件 {name} 压缩比为 {ratio:.0f} 倍，超过 {lim.zip_ratio} 倍的"
                                    "上限（疑似“压缩炸弹”）", "compression ratio")
        out = io.BytesIO()
        left = lim.zip_xml_bytes
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as packed:
            for name, info in infos.items():
                blob = b""
                if name in xml:
                    blob = _inflate(zf, info, min(lim.zip_part_bytes, left), source)
                    left -= len(blob)
                packed.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), blob)
    return out.getvalue()
