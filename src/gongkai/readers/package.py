"""A DOCX package (a ZIP): its main document part, taken within the limits.

python-docx's ``Document()`` inflates every member whole (`zipfile.read`, trusting the sizes the
archive declares: a 1 MB file can become gigabytes before anything is refused) and parses
every XML part — styles, themes, numbering, fonts: 15 of the 17 ms it takes to open a rendered
report, for nothing a reader reads.  Here the central directory is judged first (member count;
the main part's declared size and compression ratio), then only three parts are inflated, in
bounded chunks: ``_rels/.rels`` (which part is the document), ``[Content_Types].xml`` (that it
is a Word document, as python-docx requires) and the document part itself.  A part that
inflates past its declared size fails its CRC; past the limit it is refused; media are never
inflated.  The document part is then parsed by python-docx's own XML parser and element classes
(`docx.oxml.parse_xml`), as ``Document()`` would.

    xml = main_part(data, source)       # bytes of word/document.xml (or wherever .rels says)
"""

from __future__ import annotations

import io
import lzma
import posixpath
import struct
import zipfile
import zlib

from lxml import etree

from . import limits
from .errors import ReaderError, library_failures

_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, ValueError, OSError,
               EOFError, zlib.error, lzma.LZMAError, struct.error)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WORD_TYPES = frozenset((  # the same body schema: a document, a template, a macro-enabled document
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
))
_CHUNK = 1 << 16
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    """One member, inflated in bounded chunks after its declared size and ratio were judged."""
    lim = limits.current()
    name = info.filename
    if info.file_size > lim.zip_part_bytes:
        raise limits.refuse(source, f"Word 文档的部件 {name} 解压后 {limits.size(info.file_size)}，超过 "
                            f"{limits.size(lim.zip_part_bytes)} 的上限", "part too large")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > 1 << 20 and ratio > lim.zip_ratio:
        raise limits.refuse(source, f"Word 文档的部件 {name} 压缩比为 {ratio:.0f} 倍，超过 {lim.zip_ratio} 倍的上限"
                            "（疑似“压缩炸弹”）", "compression ratio")
    out = bytearray()
    with zf.open(info) as member:  # stops at the declared size, then checks the CRC
        while chunk := member.read(_CHUNK):
            out += chunk
            if len(out) > lim.zip_part_bytes:
                raise limits.refuse(source, f"Word 文档的部件 {name} 解压后超过 {limits.size(lim.zip_part_bytes)} 的上限",
                                    "part too large")
    return bytes(out)


def _xml(zf: zipfile.ZipFile, infos: dict, name: str, source: str):
    info = infos.get(name)
    if info is None:
        raise ReaderError(f"{source}: Word 文档不完整，缺少 {name} (damaged .docx)", code="damaged")
    return etree.fromstring(_inflate(zf, info, source), _PARSER)


def _main_name(rels, infos: dict) -> str | None:
    for rel in rels.iter(f"{_RELS}Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode", "Internal") == "Internal":
            name = posixpath.normpath(posixpath.join("/", rel.get("Target") or "")).lstrip("/")
            if name in infos:
                return name
    return None


def _content_type(types, name: str) -> str:
    for override in types.iter(f"{_CT}Override"):
        if (override.get("PartName") or "").lstrip("/").lower() == name.lower():
            return override.get("ContentType") or ""
    ext = name.rsplit(".", 1)[-1].lower()
    for default in types.iter(f"{_CT}Default"):
        if (default.get("Extension") or "").lower() == ext:
            return default.get("ContentType") or ""
    return ""


def main_part(data: bytes, source: str) -> bytes:
    """The XML of the package's main document part (see the module doc)."""
    lim = limits.current()
    with library_failures(source, "Word 文档损坏或不完整", (*_ZIP_ERRORS, etree.LxmlError), "damaged .docx"):
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = {i.filename: i for i in zf.infolist() if not i.is_dir()}  # a repeated name: the last, as zipfile reads
        limits.check_count(len(infos), lim.zip_members, source, "Word 文档（ZIP 压缩包）中的文件", "too many members")
        name = _main_name(_xml(zf, infos, "_rels/.rels", source), infos)
        if name is None:
            raise ReaderError(f"{source}: Word 文档中找不到正文部件 (no main document part)", code="damaged")
        content_type = _content_type(_xml(zf, infos, "[Content_Types].xml", source), name)
        if content_type not in _WORD_TYPES:
            raise ReaderError(f"{source}: 不是 Word 文档（正文的类型为“{content_type or '未声明'}”）(not a Word document)")
        return _inflate(zf, infos[name], source)
