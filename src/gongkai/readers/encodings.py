"""Which encoding a document's bytes are in, where the bytes or the page can say.

- ``wide_unicode(data)``: UTF-16 or UTF-32 (little or big endian), by the byte-order mark or,
  without one, by where the NUL bytes fall: every ASCII character (markup, digits, line
  breaks — a report prints many) is one byte and one, two or three NULs, so the NULs of
  UTF-16LE text sit at odd offsets, of UTF-32LE at offsets 2 and 3 of every four, and so on.
- ``decode_wide(data, source)``: such bytes as text (a few broken pairs are replaced; many are
  a refusal), or None when the bytes are not UTF-16/UTF-32.
- ``charset(label)``: a ``<meta charset>`` label → the Python codec to try, by the WHATWG
  Encoding Standard's label table (webencodings): unknown or bogus labels give None (the
  caller falls back to UTF-8, then GB18030), every GB label gives GB18030 (the superset: pages
  labelled gb2312 routinely use GBK characters), a UTF-16 label gives UTF-8 (a page whose
  ``<meta>`` can be read as ASCII is not UTF-16, as browsers also conclude).
"""

from __future__ import annotations

import codecs

from .errors import ReaderError

_BOMS = (  # UTF-32LE's BOM begins with UTF-16LE's: longest first
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_LABELS = frozenset(("gbk", "gb2312", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "gb_2312-80", "csgb2312"))


def wide_unicode(data: bytes) -> tuple[str, int] | None:
    """(codec, length of the BOM) of UTF-16/UTF-32 bytes, else None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec.startswith("utf-32") and len(data) % 4:
                continue  # not whole UTF-32 characters: UTF-16LE's BOM followed by a NUL
            return codec, len(bom)
    head = data[:65536]
    n = len(head) - len(head) % 4
    if n < 16 or b"\x00" not in head[:n]:
        return None
    quarter = n // 4
    zeros = [head[i:n:4].count(0) for i in range(4)]
    # UTF-32: two NULs in every character (three for ASCII); UTF-16: the NUL high bytes of ASCII
    # characters (markup, digits, line breaks) far outnumber CJK characters' NUL low bytes (开 is
    # U+5F00, so those are not rare).
    if min(zeros[2], zeros[3]) >= 0.95 * quarter and zeros[0] < quarter:
        found = "utf-32-le"
    elif min(zeros[0], zeros[1]) >= 0.95 * quarter and zeros[3] < quarter:
        found = "utf-32-be"
    else:
        odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]
        if odd >= max(16, 3 * even):
            found = "utf-16-le"
        elif even >= max(16, 3 * odd):
            found = "utf-16-be"
        else:
            return None
    return (found, 0) if _plausible(head[:n], found) else None


def _plausible(sample: bytes, codec: str) -> bool:
    """Decoded, the sample is text: few undecodable units and control characters."""
    text = sample.decode(codec, errors="replace")
    bad = text.count("\ufffd") + sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    return bad <= len(text) // 100


def decode_wide(data: bytes, source: str) -> str | None:
    """UTF-16/UTF-32 bytes as text, or None when `data` is neither."""
    found = wide_unicode(data)
    if found is None:
        return None
    codec, bom = found
    body = data[bom:]
    unit = 4 if codec.startswith("utf-32") else 2
    body = body[: len(body) - len(body) % unit]  # a file cut in the middle of a character
    text = body.decode(codec, errors="replace")
    broken = text.count("\ufffd")
    if broken > max(10, len(text) // 100):
        name = codec.upper().replace("-LE", "").replace("-BE", "")
        raise ReaderError(f"{source or '文本'}: 看似 {name} 编码的文本，但有 {broken} 处无法解码 (undecodable {name})")
    return text


def charset(label: str) -> str | None:
    """The codec to try for a page's declared charset, or None for an unknown or unusable label."""
    import webencodings

    label = label.strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    found = webencodings.lookup(label)
    if found is None or found.name in ("replacement", "x-user-defined"):
        return None
    if found.name in ("gbk", "gb18030"):
        return "gb18030"
    if found.name.startswith("utf-16"):
        return "utf-8"
    return found.codec_info.name
