"""Inputs for the readers' fuzz harness (`bench/fuzz_readers.py`, `tests/readers/test_hostile_fuzz.py`).

A mutation corpus built from real reports — the shared corpus, the readers' fixtures, and the
corpus truths rendered by ``gongkai render`` as HTML, DOCX, PDF and XLSX — changed the ways
files get broken and the ways attackers break them:

- ``mutate``: truncation, byte and bit flips, chunks duplicated, removed or inserted, two
  files spliced, numbers swapped for interesting ones (0, -1, 2³¹, 10⁹, 20 digits);
- ``zip``: members changed, dropped, renamed, repeated; thousands of members; a part that
  inflates to gigabytes (declared honestly, or lying small); unknown compression methods;
- ``docx``: ``w:gridSpan`` / ``w:gridBefore`` of 10⁹, -1 or 200 digits, ``w:vMerge`` chains,
  50 000 rows, tables nested 300 deep, entity bombs, broken XML;
- ``html``: rowspan/colspan bombs, nesting 100 000 deep, 300 000 cells, 10 000 cells in one
  row, bogus ``<meta charset>`` labels, unclosed tags and comments;
- ``text``: 10⁶ lines, one line of everything, digit runs of 1 000 digits in table rows,
  Markdown rows of 10⁴ pipes, control characters;
- ``encoding``: text and HTML re-encoded as UTF-16/UTF-32 (either byte order, with and without
  a BOM), GB18030, cut in the middle of a character;
- ``pdf``: page counts of 10⁹, xref and trailer damage, the file twice, numbers swapped;
- ``random``: random bytes, bare or behind a kind's magic bytes;
- ``nasty``: hand-made documents (each issue-11 case among them: a 38 KB DOCX with gridSpan
  10⁹, a DOCX inflating to 2 GB, a 150-page PDF, a UTF-16 HTML report, an unknown charset…).

``generate(seeds, run, i)`` makes input ``i`` of run ``run`` — deterministic, so any input can
be made again alone (``fuzz_readers.py --replay``).  ``documents(seeds)`` is the same families
as a hypothesis strategy (``st.randoms`` drive the same generators, so hypothesis controls and
shrinks every random choice).
"""

from __future__ import annotations

import codecs
import io
import random
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MiB = 1 << 20
OLE = bytes.fromhex("D0CF11E0A1B11AE1")
INTERESTING = (b"0", b"-1", b"1", b"255", b"65535", b"2147483647", b"2147483648", b"4294967296",
               b"1000000000", b"-1000000000", b"99999999999999999999", b"1e308", b"NaN", b"0.0000001")
BOGUS_CHARSETS = ("x-unknown", "utf-7", "punycode", "idna", "zlib", "base64", "rot13", "undefined", "utf-16",
                  "utf-32", "utf-16be", "unicode", "x-user-defined", "replacement", "hz-gb-2312", "iso-2022-cn",
                  "big5", "gb2312", "gbk", "koi8-r", "windows-1252", "", "a" * 300, "utf8;", "\u00e9", "cp65001")
WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


# ---------------------------------------------------------------- seeds


@dataclass
class Seeds:
    """Every starting document, by kind (``text``, ``markdown``, ``html``, ``docx``, ``xlsx``,
    ``pdf``), the hand-made nasties, and what generators reuse (unzipped members, bomb streams)."""

    by_kind: dict[str, list[tuple[str, bytes]]] = field(default_factory=dict)
    nasties: list[tuple[str, bytes]] = field(default_factory=list)
    members: dict[str, list[tuple[str, bytes]]] = field(default_factory=dict)  # name -> unzipped
    bombs: dict[int, tuple[bytes, int]] = field(default_factory=dict)  # MiB of zeros -> (raw deflate, crc)

    def all(self) -> list[tuple[str, str, bytes]]:
        return [(kind, name, data) for kind, docs in self.by_kind.items() for name, data in docs]

    @classmethod
    def build(cls, cache: Path, corpus: Path | None = None, small: bool = False) -> Seeds:
        """Read the corpus and fixtures, render the truths (cached in `cache`), make the nasties.
        `small` (the CI sample): two reports rendered, not six; bombs of 512 MiB, not 2 GiB."""
        corpus = corpus or _corpus()
        seeds = cls()
        kinds = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
        files = sorted(p for p in corpus.iterdir() if p.suffix in kinds) if corpus.is_dir() else []
        fixtures = REPO / "tests" / "readers" / "fixtures"
        files += sorted(p for p in fixtures.rglob("*") if p.suffix in kinds and "expected" not in p.name)
        for p in files:
            kind = kinds[p.suffix]
            if kind == "text" and b"|---" in p.read_bytes()[: 1 << 20].replace(b" ", b""):
                kind = "markdown"
            seeds.add(kind, p.name, p.read_bytes())
        for kind, name, data in _rendered(corpus, cache / "rendered", small):
            seeds.add(kind, name, data)
        for kind in ("docx", "xlsx"):
            for name, data in seeds.by_kind.get(kind, []):
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    seeds.members[name] = [(i.filename, z.read(i)) for i in z.infolist()]
        for mib in (64, 512 if small else 2048):
            seeds.bombs[mib] = _zeros(mib)
        seeds.nasties = _nasties(seeds, cache)
        return seeds

    def add(self, kind: str, name: str, data: bytes) -> None:
        self.by_kind.setdefault(kind, []).append((name, data))

    def pick(self, rng: random.Random, *kinds: str) -> tuple[str, str, bytes]:
        kinds = tuple(k for k in kinds if self.by_kind.get(k)) or tuple(k for k in self.by_kind if self.by_kind[k])
        kind = rng.choice(kinds)
        name, data = rng.choice(self.by_kind[kind])
        return kind, name, data


def _corpus() -> Path:
    import os

    return Path(os.environ.get("GONGKAI_CORPUS", REPO.parent / "shared" / "corpus"))


def _rendered(corpus: Path, cache: Path, small: bool) -> list[tuple[str, str, bytes]]:
    """The corpus truths as `gongkai render` writes them (HTML, DOCX, PDF, XLSX), made once
    (`small`: one report of each format, 2019 and 2021)."""
    out = []
    truths = sorted(corpus.glob("*.truth.json")) if corpus.is_dir() else []
    if small:
        truths = [t for t in truths if t.name.startswith(("haining", "hongze"))]
    for truth in truths:
        stem = truth.name.removesuffix(".truth.json")
        for kind in ("html", "docx", "pdf", "xlsx"):
            target = cache / f"{stem}.{kind}"
            if not target.exists():
                from gongkai import interchange, writers

                cache.mkdir(parents=True, exist_ok=True)
                target.write_bytes(writers.render(interchange.read(truth), kind))
            out.append((kind, f"rendered/{target.name}", target.read_bytes()))
    return out


def _zeros(mib: int) -> tuple[bytes, int]:
    """A raw deflate stream of `mib` MiB of zeros (about 1 KB per MiB) and its CRC-32.  Once the
    window is all zeros, every further MiB compresses (with a sync flush) to the same bytes."""
    chunk = bytes(MiB)
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = z.compress(chunk) + z.flush(zlib.Z_SYNC_FLUSH)
    again = z.compress(chunk) + z.flush(zlib.Z_SYNC_FLUSH)
    stream = first + again * (mib - 1) + z.flush()
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    return stream, crc


# ---------------------------------------------------------------- ZIP by hand (sizes that lie)


def raw_zip(members: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A ZIP written byte by byte: (name, method, payload as stored, CRC-32, declared size) —
    so a member may claim any size and any compression method."""
    out = io.BytesIO()
    central = []
    for name, method, payload, crc, size in members:
        raw_name = name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc & 0xFFFFFFFF,
                              len(payload) & 0xFFFFFFFF, size & 0xFFFFFFFF, len(raw_name), 0))
        out.write(raw_name)
        out.write(payload)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, method, 0, 0x21,
                                   crc & 0xFFFFFFFF, len(payload) & 0xFFFFFFFF, size & 0xFFFFFFFF,
                                   len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name)
    start = out.tell()
    for entry in central:
        out.write(entry)
    n = len(central) & 0xFFFF
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, out.tell() - start, start, 0))
    return out.getvalue()


def _deflated(data: bytes) -> bytes:
    z = zlib.compressobj(6, zlib.DEFLATED, -15)
    return z.compress(data) + z.flush()


def rezip(members: list[tuple[str, bytes]]) -> bytes:
    return raw_zip([(name, 8, _deflated(data), zlib.crc32(data), len(data)) for name, data in members])


def _document_xml(seeds: Seeds, rng: random.Random) -> tuple[str, list[tuple[str, bytes]], int]:
    """A DOCX seed's members and the index of its word/document.xml."""
    names = [name for name, _ in seeds.by_kind["docx"]]
    name = rng.choice(names)
    members = list(seeds.members[name])
    index = next(i for i, (n, _) in enumerate(members) if n == "word/document.xml")
    return name, members, index


# ---------------------------------------------------------------- byte mutations


def _truncate(rng, d: bytes) -> bytes:
    return d[: rng.randrange(len(d))] if d else d


def _flip(rng, d: bytes) -> bytes:
    if not d:
        return d
    b = bytearray(d)
    for _ in range(rng.choice((1, 1, 2, 4, 16, 128))):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _bitflip(rng, d: bytes) -> bytes:
    if not d:
        return d
    b = bytearray(d)
    for _ in range(rng.choice((1, 2, 8))):
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def _duplicate(rng, d: bytes) -> bytes:
    if not d:
        return d
    a = rng.randrange(len(d))
    n = rng.randint(1, min(len(d) - a, 1 << 16))
    at = rng.randrange(len(d) + 1)
    return d[:at] + d[a: a + n] * rng.choice((1, 1, 2, 10, 100)) + d[at:]


def _remove(rng, d: bytes) -> bytes:
    if not d:
        return d
    a = rng.randrange(len(d))
    return d[:a] + d[a + rng.randint(1, min(len(d) - a, 1 << 16)):]


def _insert(rng, d: bytes) -> bytes:
    at = rng.randrange(len(d) + 1)
    return d[:at] + rng.randbytes(rng.choice((1, 4, 64, 4096))) + d[at:]


_NUMBER = re.compile(rb"-?\d+")


def _interesting(rng, d: bytes) -> bytes:
    """Swap some numbers of the file (object sizes, offsets, counts, cell values) for extreme ones."""
    found = [m.span() for m in _NUMBER.finditer(d, 0, min(len(d), 1 << 20))]
    if not found:
        return _flip(rng, d)
    b = d
    for a, e in sorted(rng.sample(found, min(len(found), rng.choice((1, 3, 10)))), reverse=True):
        b = b[:a] + rng.choice(INTERESTING) + b[e:]
    return b


BYTE_MUTATIONS = {"truncate": _truncate, "flip": _flip, "bitflip": _bitflip, "duplicate": _duplicate,
                  "remove": _remove, "insert": _insert, "interesting": _interesting}


def mutate_bytes(rng: random.Random, d: bytes) -> tuple[str, bytes]:
    names = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        name = rng.choice(tuple(BYTE_MUTATIONS))
        names.append(name)
        d = BYTE_MUTATIONS[name](rng, d)
    return "+".join(names), d


# ---------------------------------------------------------------- families


def fam_mutate(rng, seeds: Seeds) -> tuple[str, bytes]:
    kind, name, data = seeds.pick(rng, "text", "markdown", "html", "docx", "pdf", "xlsx")
    if rng.random() < 0.1:  # two files of a kind spliced
        _, _, other = seeds.pick(rng, kind)
        cut = rng.randrange(len(data) + 1)
        return f"mutate/splice/{name}", data[:cut] + other[rng.randrange(len(other) + 1):]
    how, out = mutate_bytes(rng, data)
    return f"mutate/{how}/{name}", out


def fam_zip(rng, seeds: Seeds) -> tuple[str, bytes]:
    kind = "docx" if rng.random() < 0.8 else "xlsx"
    name, _ = rng.choice(seeds.by_kind[kind])
    members = list(seeds.members[name])
    op = rng.choice(("member", "member", "drop", "rename", "repeat", "many", "bomb", "bomb-lying",
                     "media-bomb", "method", "directory"))
    if op == "member":  # one part's bytes mutated, the archive itself well-formed
        weights = [5 if n == "word/document.xml" else 1 for n, _ in members]
        i = rng.choices(range(len(members)), weights)[0]
        how, data = mutate_bytes(rng, members[i][1])
        members[i] = (members[i][0], data)
        return f"zip/member:{members[i][0]}:{how}/{name}", rezip(members)
    if op == "drop":
        i = rng.randrange(len(members))
        return f"zip/drop:{members[i][0]}/{name}", rezip(members[:i] + members[i + 1:])
    if op == "rename":
        i = rng.randrange(len(members))
        members[i] = (members[i][0] + rng.choice(("x", "/", ".bak", "")).upper(), members[i][1])
        return f"zip/rename/{name}", rezip(members)
    if op == "repeat":  # a name twice, the second one different
        i = rng.randrange(len(members))
        return f"zip/repeat:{members[i][0]}/{name}", rezip([*members, (members[i][0], _flip(rng, members[i][1]))])
    if op == "many":
        n = rng.choice((1500, 2500, 5000))
        return f"zip/many:{n}/{name}", rezip(members + [(f"word/x{k}.bin", b"") for k in range(n)])
    if op in ("bomb", "bomb-lying", "media-bomb"):
        mib = rng.choice(tuple(seeds.bombs))
        stream, crc = seeds.bombs[mib]
        target = "word/document.xml" if op != "media-bomb" else "word/media/image1.png"
        declared = mib * MiB if op != "bomb-lying" else rng.choice((1000, 100_000, 10 * MiB))
        parts = [(n, 8, _deflated(d), zlib.crc32(d), len(d)) for n, d in members if n != target]
        parts.append((target, 8, stream, crc, declared))
        return f"zip/{op}:{mib}MiB/{name}", raw_zip(parts)
    if op == "method":
        method = rng.choice((1, 6, 9, 12, 14, 19, 93, 98, 99))
        parts = [(n, method if n == "word/document.xml" or rng.random() < 0.2 else 8, _deflated(d), zlib.crc32(d), len(d))
                 for n, d in members]
        return f"zip/method:{method}/{name}", raw_zip(parts)
    data = rezip(members)  # "directory": the central directory and end record damaged
    tail = bytearray(data[-rng.choice((22, 64, 512)):])
    for _ in range(rng.choice((1, 4, 16))):
        tail[rng.randrange(len(tail))] = rng.randrange(256)
    return f"zip/directory/{name}", data[: len(data) - len(tail)] + bytes(tail)


_TC = re.compile(rb"<w:tc>|<w:tc ")
_TR = re.compile(rb"<w:tr[ >].*?</w:tr>", re.S)
SPAN_VALUES = (b"1000000000", b"-1", b"0", b"abc", b"9" * 200, b"4294967296", b"65535", b"2147483647", b" 7 ")


def fam_docx(rng, seeds: Seeds) -> tuple[str, bytes]:
    name, members, i = _document_xml(seeds, rng)
    xml = members[i][1]
    op = rng.choice(("gridSpan", "gridSpan", "gridBefore", "vMerge", "rows", "nest", "text", "entities",
                     "broken", "bytes"))
    if op in ("gridSpan", "gridBefore"):
        value = rng.choice(SPAN_VALUES)
        if op == "gridSpan":
            spots = [m.end() for m in _TC.finditer(xml)]
            tag = b"<w:tcPr><w:gridSpan w:val=\"" + value + b"\"/></w:tcPr>"
            chosen = sorted(rng.sample(spots, min(len(spots), rng.choice((1, 5, 1000)))), reverse=True)
            for at in chosen:  # into a fresh <w:tcPr> (python-docx takes the first one it finds)
                at = xml.index(b">", at - 1) + 1
                xml = xml[:at] + tag + xml[at:]
        else:
            tag = b"<w:trPr><w:gridBefore w:val=\"" + value + b"\"/></w:trPr>"
            xml = re.sub(rb"(<w:tr(?: [^>]*)?>)", lambda m: m.group(1) + tag if rng.random() < 0.3 else m.group(1), xml)
        label = f"{op}={value[:12].decode()}"
    elif op == "vMerge":
        xml = xml.replace(b"<w:tcPr>", b"<w:tcPr><w:vMerge/>")
        label = op
    elif op == "rows":
        rows = _TR.findall(xml)
        n = rng.choice((200, 5000, 50000))
        if rows:
            row = rng.choice(rows)
            at = xml.index(row) + len(row)
            xml = xml[:at] + row * n + xml[at:]
        label = f"rows+{n}"
    elif op == "nest":
        n = rng.choice((50, 300, 3000))
        open_, close = b"<w:tbl><w:tr><w:tc><w:p/>" * n, b"</w:tc></w:tr></w:tbl>" * n
        at = xml.index(b"<w:body>") + len(b"<w:body>")
        xml = xml[:at] + open_ + close + xml[at:]
        label = f"nest{n}"
    elif op == "text":
        n = rng.choice((100_000, 3_000_000))
        at = xml.index(b"<w:body>") + len(b"<w:body>")
        xml = xml[:at] + b"<w:p><w:r><w:t>" + "公开".encode() * n + b"</w:t></w:r></w:p>" + xml[at:]
        label = f"text{n}"
    elif op == "entities":
        doctype = (b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">' + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + k]), (b"&" + bytes([97 + k]) + b";") * 10) for k in range(9)) + b"]>")
        xml = xml.replace(b"?>", b"?>" + doctype, 1).replace(b"<w:t>", b"<w:t>&j;", 1)
        label = op
    elif op == "broken":
        cut = rng.choice((b"</w:tc>", b"</w:tr>", b"</w:tbl>", b"</w:body>", b"w:val"))
        xml = xml.replace(cut, b"", rng.choice((1, 1000)))
        label = f"broken:{cut.decode()}"
    else:
        label, xml = mutate_bytes(rng, xml)
    members[i] = (members[i][0], xml)
    return f"docx/{label}/{name}", rezip(members)


def _html_seed(rng, seeds: Seeds) -> tuple[str, str]:
    name, data = rng.choice(seeds.by_kind["html"])
    for enc in ("utf-8", "gb18030"):
        try:
            return name, data.decode(enc)
        except UnicodeDecodeError:
            continue
    return name, data.decode("utf-8", "replace")


def _in_body(page: str, html: str) -> str:
    """`html` at the end of the page's body (after </html> a parser may drop it or move it)."""
    at = page.rfind("</body>")
    return page[:at] + html + page[at:] if at >= 0 else page + html


def fam_html(rng, seeds: Seeds) -> tuple[str, bytes]:
    name, page = _html_seed(rng, seeds)
    op = rng.choice(("span", "span", "depth", "cells", "wide", "charset", "unclosed", "comment", "nul"))
    if op == "span":
        value = rng.choice(("1000000000", "0", "-3", "65534", "1e9", "9" * 100, "2147483648", "2abc", ""))
        attr = rng.choice(("rowspan", "colspan"))
        every = rng.random() < 0.3
        page = re.sub(r"<t([dh])(?=[\s>])", lambda m: f'<t{m.group(1)} {attr}="{value}"'
                      if every or rng.random() < 0.05 else m.group(0), page)
        label = f"{attr}={value[:12]}"
    elif op == "depth":
        n = rng.choice((300, 5000, 100_000))
        tag = rng.choice(("div", "table", "span", "font", "td"))
        page = page.replace("<body>", "<body>" + f"<{tag}>" * n, 1) if "<body>" in page else f"<{tag}>" * n + page
        label = f"depth:{tag}{n}"
    elif op == "cells":
        n = rng.choice((20_000, 120_000, 300_000))
        page = _in_body(page, "<table>" + ("<tr>" + "<td>1</td>" * 10 + "</tr>") * (n // 10) + "</table>")
        label = f"cells{n}"
    elif op == "wide":
        n = rng.choice((600, 10_000))
        page = _in_body(page, "<table><tr>" + "<td>行政复议</td>" + "<td>7</td>" * n + "</tr></table>")
        label = f"wide{n}"
    elif op == "charset":
        label = rng.choice(BOGUS_CHARSETS)
        meta = f'<meta charset="{label}">' if rng.random() < 0.5 else (
            f'<meta http-equiv="Content-Type" content="text/html; charset={label}">')
        page = re.sub(r"<meta[^>]*charset[^>]*>", "", page, flags=re.I)
        page = meta + page
        data = page.encode("utf-8") if rng.random() < 0.7 else page.encode("gb18030")
        return f"html/charset={label[:20]}/{name}", data
    elif op == "unclosed":
        page = re.sub(r"</(td|tr|table|div|p|span)>", "", page)
        label = op
    elif op == "comment":
        at = rng.randrange(len(page) + 1)
        page = page[:at] + rng.choice(("<!--", "<script>", "<![CDATA[", "<style>", "<textarea>", "<?xml ")) + page[at:]
        label = op
    else:
        at = rng.randrange(len(page) + 1)
        page = page[:at] + "\x00" * rng.choice((1, 100)) + page[at:]
        label = op
    return f"html/{label}/{name}", page.encode("utf-8")


def fam_text(rng, seeds: Seeds) -> tuple[str, bytes]:
    kind, name, data = seeds.pick(rng, "text", "markdown")
    text = data.decode("utf-8-sig", "replace")
    lines = text.splitlines()
    op = rng.choice(("lines", "one-line", "digits", "pipes", "control", "shuffle", "repeat-table"))
    if op == "lines":
        n = rng.choice((10_000, 200_000, 1_000_000))
        at = rng.randrange(len(lines) + 1)
        lines[at:at] = [""] * n if rng.random() < 0.5 else ["1"] * n
        label = f"lines+{n}"
    elif op == "one-line":
        lines = [" ".join(lines)]
        label = op
    elif op == "digits":
        n = rng.choice((30, 200, 1000))
        for _ in range(rng.choice((1, 10))):
            i = rng.randrange(len(lines)) if lines else 0
            lines[i:i + 1] = [(lines[i] if lines else "") + "".join(str(rng.randrange(10)) for _ in range(n))]
        label = f"digits{n}"
    elif op == "pipes":
        n, rows = rng.choice(((100, 1000), (100, 20_000), (10_000, 3), (10_000, 50), (100_000, 1)))  # ≤ 2·10⁶ cells
        at = rng.randrange(len(lines) + 1)
        lines[at:at] = ["| 项目 " + "| 1 " * 3 + "|", "|---" * 4 + "|"] + ["|" + " 1 |" * n] * rows
        label = f"pipes{n}x{rows}"
    elif op == "control":
        chars = "".join(chr(rng.choice((0, 1, 7, 8, 11, 12, 27, 127, 0xE000, 0xFFFE, 0xD800 - 1))) for _ in range(50))
        at = rng.randrange(len(text) + 1)
        lines = (text[:at] + chars + text[at:]).splitlines()
        label = op
    elif op == "shuffle":
        rng.shuffle(lines)
        label = op
    else:
        table = [ln for ln in lines if any(ch.isdigit() for ch in ln)]
        lines += table * rng.choice((10, 300))
        label = op
    sep = rng.choice(("\n", "\r\n", "\r"))
    return f"text/{label}/{name}", sep.join(lines).encode("utf-8", "surrogatepass")


def fam_encoding(rng, seeds: Seeds) -> tuple[str, bytes]:
    kind, name, data = seeds.pick(rng, "text", "markdown", "html")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", "replace")
    if kind == "html" and rng.random() < 0.5:  # the page still says what it was saved as
        text = re.sub(r"charset=[\"']?[\w-]+", "charset=" + rng.choice(("utf-8", "gb2312", "utf-16", "bogus")), text,
                      flags=re.I)
    enc = rng.choice((*WIDE, *WIDE, "gb18030", "big5", "utf-8"))
    out = text.encode(enc, "replace")
    bom = rng.random() < 0.5
    if bom and enc in WIDE:
        out = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
               "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[enc] + out
    elif bom:
        out = codecs.BOM_UTF8 + out
    if rng.random() < 0.2:  # cut in the middle of a character
        out = out[: len(out) - rng.choice((1, 2, 3))]
    return f"encoding/{enc}{'+bom' if bom else ''}/{name}", out


_COUNT = re.compile(rb"/Count\s+\d+")


def fam_pdf(rng, seeds: Seeds) -> tuple[str, bytes]:
    name, data = rng.choice(seeds.by_kind["pdf"])
    op = rng.choice(("count", "xref", "trailer", "twice", "stream", "numbers", "numbers"))
    if op == "count":
        data = _COUNT.sub(b"/Count " + rng.choice((b"1000000000", b"-1", b"0", b"99999999999999999999")), data)
    elif op == "xref":
        at = data.rfind(b"xref")
        if at >= 0:
            data = data[:at] + _flip(rng, data[at: at + 400]) + data[at + 400:]
    elif op == "trailer":
        for word in rng.sample((b"trailer", b"startxref", b"%%EOF", b"/Root", b"/Pages", b"/Kids", b"endobj"), 2):
            data = data.replace(word, b"", rng.choice((1, 100)))
    elif op == "twice":
        data = data + data
    elif op == "stream":
        spots = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
        if spots:
            at = rng.choice(spots)
            data = data[:at] + _flip(rng, data[at: at + 200]) + data[at + 200:]
    else:
        data = _interesting(rng, data)
    return f"pdf/{op}/{name}", data


def fam_random(rng, seeds: Seeds) -> tuple[str, bytes]:
    prefixes = (b"", b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"<table><tr><td>", codecs.BOM_UTF16_LE,
                codecs.BOM_UTF8, b"| a | b |\n|---|---|\n", b"\xef\xbb\xbf\xe6\x94\xbf\xe5\xba\x9c", OLE)
    weights = (10, 10, 10, 10, 10, 5, 5, 5, 5, 5, 1)  # OLE: LibreOffice tries each (seconds): rare
    prefix = rng.choices(prefixes, weights)[0]
    n = rng.choice((0, 1, 2, 16, 1000, 65536, MiB))
    return f"random/{len(prefix)}+{n}", prefix + rng.randbytes(n)


def fam_nasty(rng, seeds: Seeds) -> tuple[str, bytes]:
    name, data = rng.choice(seeds.nasties)
    if rng.random() < 0.3:
        how, data = mutate_bytes(rng, data)
        return f"nasty/{name}/{how}", data
    return f"nasty/{name}", data


FAMILIES = {"mutate": (fam_mutate, 30), "zip": (fam_zip, 10), "docx": (fam_docx, 10), "html": (fam_html, 13),
            "text": (fam_text, 10), "encoding": (fam_encoding, 7), "pdf": (fam_pdf, 10), "random": (fam_random, 5),
            "nasty": (fam_nasty, 5)}


def generate(seeds: Seeds, run: int, i: int) -> tuple[str, bytes]:
    """Input `i` of run `run`: (label, bytes), the same every time."""
    rng = random.Random(f"gongkai-fuzz:{run}:{i}")
    family = rng.choices(tuple(FAMILIES), [w for _, w in FAMILIES.values()])[0]
    return FAMILIES[family][0](rng, seeds)


def documents(seeds: Seeds):
    """The families as a hypothesis strategy of (label, bytes)."""
    from hypothesis import strategies as st

    return st.builds(lambda family, rng: FAMILIES[family][0](rng, seeds), st.sampled_from(tuple(FAMILIES)),
                     st.randoms(use_true_random=False))


# ---------------------------------------------------------------- hand-made nasties


def _nasties(seeds: Seeds, cache: Path) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = [("empty", b""), ("spaces", b" \n\t\r\n"), ("bom-only", codecs.BOM_UTF8),
                                    ("utf16-bom-only", codecs.BOM_UTF16_LE), ("nul", b"\x00" * 4096)]
    rng = random.Random("nasties")
    docx_name = next(n for n, _ in seeds.by_kind["docx"] if n.startswith("rendered/"))
    members = list(seeds.members[docx_name])
    i = next(k for k, (n, _) in enumerate(members) if n == "word/document.xml")
    xml = members[i][1]

    def with_xml(new: bytes) -> bytes:
        return rezip([*members[:i], (members[i][0], new), *members[i + 1:]])

    # issue 11: a 38 KB DOCX whose every cell spans 10⁹ columns, and rows skipping 10⁹
    out.append(("docx-gridspan-1e9", with_xml(re.sub(rb"(<w:tc>)", rb'\1<w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>',
                                                      xml))))
    out.append(("docx-gridbefore-1e9", with_xml(re.sub(rb"(<w:tr(?: [^>]*)?>)",
                                                       rb'\1<w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>', xml))))
    out.append(("docx-vmerge-all", with_xml(xml.replace(b"<w:tcPr>", b"<w:tcPr><w:vMerge/>"))))
    # issue 11: a DOCX of ~2 MB inflating to 2 GB (declared honestly, and lying small)
    mib = max(seeds.bombs)
    stream, crc = seeds.bombs[mib]
    others = [(n, 8, _deflated(d), zlib.crc32(d), len(d)) for n, d in members if n != "word/document.xml"]
    out.append((f"docx-bomb-{mib}MiB", raw_zip([*others, ("word/document.xml", 8, stream, crc, mib * MiB)])))
    out.append((f"docx-bomb-{mib}MiB-lying", raw_zip([*others, ("word/document.xml", 8, stream, crc, len(xml))])))
    out.append(("docx-media-bomb", raw_zip([*[(n, 8, _deflated(d), zlib.crc32(d), len(d)) for n, d in members],
                                            ("word/media/image9.png", 8, stream, crc, mib * MiB)])))
    out.append(("docx-5000-members", rezip(members + [(f"word/m{k}.xml", b"<a/>") for k in range(5000)])))
    # HTML: the rendered report saved as UTF-16/32, with and without BOMs; charsets nobody knows
    html_name, html = next((n, d) for n, d in seeds.by_kind["html"] if n.startswith("rendered/"))
    page = html.decode("utf-8")
    for enc in WIDE:
        out.append((f"html-{enc}", page.encode(enc)))
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
               "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[enc]
        out.append((f"html-{enc}-bom", bom + page.encode(enc)))
    for label in ("x-unknown-charset", "utf-7", "punycode", "zlib"):
        out.append((f"html-charset-{label}", (f'<meta charset="{label}">' + page).encode("utf-8")))
    out.append(("html-rowspan-1e9", re.sub(r"<td", '<td rowspan="1000000000" colspan="1000000000"', page).encode()))
    out.append(("html-depth-100000", ("<div>" * 100_000 + page).encode()))
    out.append(("html-tables-nested-300", ("<table><tr><td>" * 300 + page).encode()))
    out.append(("html-300000-cells", _in_body(page, "<table>" + ("<tr>" + "<td>1</td>" * 10 + "</tr>") * 30_000
                                               + "</table>").encode()))
    out.append(("html-row-of-10000", _in_body(page, "<table><tr><td>行政复议</td>" + "<td>7</td>" * 10_000
                                               + "</tr></table>").encode()))
    text_name, text = next((n, d) for n, d in seeds.by_kind["text"] if "haining" in n)
    out.append(("text-utf16-nobom", text.decode("utf-8").encode("utf-16-le")))
    out.append(("text-utf32-bom", codecs.BOM_UTF32_BE + text.decode("utf-8").encode("utf-32-be")))
    out.append(("text-million-lines", text + b"\n1" * 1_000_000))
    out.append(("text-30MB", text * (30 * MiB // len(text) + 1)))
    out.append(("text-digit-run", text.replace(b"\n0\n", b"\n" + b"1234567890" * 100 + b"\n", 3)))
    md_name, md = seeds.by_kind["markdown"][0]
    out.append(("markdown-100000-pipes", md + b"\n| a |" + b" 1 |" * 100_000 + b"\n"))
    out.append(("ole-garbage", OLE + rng.randbytes(4096)))
    out.append(("xlsx-as-report", next(d for n, d in seeds.by_kind["xlsx"])))
    out.extend(_pdf_nasties(seeds, cache))
    return out


def _pdf_nasties(seeds: Seeds, cache: Path) -> list[tuple[str, bytes]]:
    """PDFs: 150 and 95 pages; a table page with 30 000 tiny drawings; one whose rules cross
    14 400 times; one with 600 rules a side (made once, cached)."""
    out = []
    source = next(d for n, d in seeds.by_kind["pdf"] if n == "hongze-district-2023.pdf")
    for name, make in (("pdf-150-pages", lambda: _pages(source, 150)), ("pdf-95-pages", lambda: _pages(source, 95)),
                       ("pdf-30000-drawings", lambda: _drawn(source, [(x % 500 + 40, x // 500 % 700 + 40, 1, 1)
                                                                      for x in range(30_000)])),
                       ("pdf-14400-crossings", lambda: _drawn(source, _grid_lines(120, 120))),
                       ("pdf-1200-rules", lambda: _drawn(source, _grid_lines(600, 600)))):
        target = cache / f"{name}.pdf"
        if not target.exists():
            cache.mkdir(parents=True, exist_ok=True)
            target.write_bytes(make())
        out.append((name, target.read_bytes()))
    return out


def _pages(source: bytes, n: int) -> bytes:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(source)
    dst = pdfium.PdfDocument.new()
    while len(dst) < n:
        dst.import_pages(src, list(range(min(len(src), n - len(dst)))))
    buf = io.BytesIO()
    dst.save(buf)
    return buf.getvalue()


def _grid_lines(h: int, v: int) -> list[tuple[float, float, float, float]]:
    return ([(40, 40 + k * 700 / h, 500, 0) for k in range(h)]  # (x, y, width, height): a stroke
            + [(40 + k * 500 / v, 40, 0, 700) for k in range(v)])


def _drawn(source: bytes, strokes: list[tuple[float, float, float, float]]) -> bytes:
    """`source` with `strokes` (x, y, width, height) drawn on its page 2 (which prints 表三)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(source)
    page = doc[1]
    for x, y, w, h in strokes:
        path = raw.FPDFPageObj_CreateNewPath(x, y)
        raw.FPDFPath_LineTo(path, x + w, y + h)
        raw.FPDFPath_SetDrawMode(path, 0, True)
        raw.FPDFPage_InsertObject(page.raw, path)
    raw.FPDFPage_GenerateContent(page.raw)
    buf = io.BytesIO()
    doc.save(buf)
    del page
    return buf.getvalue()
