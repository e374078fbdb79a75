"""The confidence rule: when an OCR reading of a cell may be given as a value.

A cell's reading is *certain* only when every one of these holds; otherwise the cell is
`unknown` (unless the report's identities determine it: see `to_grid.infer`):

1. the engine's free reading (over every character it knows) and its digits-only reading
   agree: a count read as 1O or l0 is not quietly made 10;
2. every character of it has a confidence of at least `THRESHOLD` — the engine's own
   probability for that character against all others, so a digit that could be another
   (a smudged 3 that is also an 8) falls below it;
3. it is a number as printed (digits with at most one point, a sign only in front);
4. the number of digits equals the number of digit-sized ink blobs in the cell, so a
   digit the engine dropped or doubled (CTC merges "00" into "0" on a blurred scan) is
   caught by the pixels, not trusted to the model;
5. no gap between its glyphs is wider than a digit is tall (two numbers in one cell
   whose rule the scan lost);
6. (checked on the page, `page.py`) its glyphs are the height of the table's other
   digits, its ink does not run into a neighbouring number's (a number cut in two by a
   false rule), its cell does not span columns the row above divides, and no seal stroke
   runs into it — a reading a seal touches that is sure to `SEAL_THRESHOLD` on every
   digit is kept for a recheck: a value only where the report's identities confirm it
   (`to_grid.confirm_sealed`).

A cell with no ink at all is blank (the document shows an empty cell).  A dash drawn alone
(one blob at least 2.5 times wider than tall, read as a dash) is the blank mark; so is a
slash read as one with confidence, when the digits-only reading does not see a sure digit
in it (a 1 and a / differ by a few pixels of slant).

`THRESHOLD` was chosen on the scan corpus (docs/ocr.md, "Confidence"): it is the lowest
value at which no cell of the corpus was read wrong, plus a margin.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .engines import Reading

THRESHOLD = 0.90
# A number a seal's stroke touches (rule 7) is rechecked only when every digit is this sure;
# on the scan corpus the one such reading that was wrong (a 0 read 6) had 0.957.
SEAL_THRESHOLD = 0.97
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_DASHES = set("-—–―一－─_~/／\\")


@dataclass(frozen=True)
class Blob:
    """One connected piece of ink in a cell: its box, in pixels."""

    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class Verdict:
    text: str  # what the grid is given: the number, "-" for a blank mark, "" for an empty cell
    certain: bool
    why: str = ""  # why not certain, in Chinese (for document_issues)
    placeholder: bool = False  # `text` only holds the cell's place: no reading to compare with
    # Sure as read, but a seal touches it: a value only where the identities confirm it.
    recheck: bool = False


def clean(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).replace(",", "").replace("，", "")


def is_dash(blobs: list[Blob]) -> bool:
    """A lone dash or long dash: one blob, flat (w ≥ 2.5 h)."""
    return len(blobs) == 1 and blobs[0].w >= 2.5 * blobs[0].h


def _is_slash(reading: Reading, free: str, blobs: list[Blob]) -> bool:
    sure_digit = bool(reading.digits) and min(reading.digit_confs, default=0) >= THRESHOLD
    return (free in ("/", "\\") and len(blobs) == 1 and min(reading.confs, default=0) >= THRESHOLD
            and not sure_digit)


def digit_blobs(blobs: list[Blob]) -> int:
    """Blobs as tall as a digit (a decimal point or a minus sign is not one)."""
    if not blobs:
        return 0
    tallest = max(b.h for b in blobs)
    return sum(1 for b in blobs if b.h >= 0.55 * tallest)


def spread(blobs: list[Blob]) -> bool:
    """Digits with a gap wider than a digit is tall between them: two numbers in one cell
    (a column rule the scan lost), not one."""
    xs = sorted(blobs, key=lambda b: b.x)
    tallest = max((b.h for b in blobs), default=0)
    return any(b.x - (a.x + a.w) > 1.0 * tallest for a, b in zip(xs, xs[1:], strict=False))


def judge_number(reading: Reading, blobs: list[Blob]) -> Verdict:
    """A one-line cell that should hold a number (or a blank mark)."""
    free = clean(reading.text)
    digits = reading.digits
    if free and all(c in _DASHES for c in free) and is_dash(blobs) or _is_slash(reading, free, blobs):
        return Verdict("-", True)
    guess = digits if _NUMBER.match(digits or "") else (re.sub(r"[^\d]", "", digits) or "0")
    if not digits:
        return Verdict("0", False, "未能识别出数字", placeholder=True)
    if free != digits:
        return Verdict(guess, False, f"识别结果「{free}」不是确定的数字")
    low = [c for c, p in zip(digits, reading.digit_confs, strict=False) if p < THRESHOLD]
    if low or len(reading.digit_confs) != len(digits):
        return Verdict(guess, False, f"数字「{digits}」中「{''.join(low)}」的识别置信度低于 {THRESHOLD:.2f}")
    if not _NUMBER.match(digits):
        return Verdict(guess, False, f"「{digits}」不是数字")
    n = sum(c.isdigit() for c in digits)
    if spread(blobs):
        return Verdict(guess, False, f"单元格中的「{digits}」字距过大，可能是几个数字（表格线未识别出）")
    if blobs and digit_blobs(blobs) != n:
        return Verdict(guess, False, f"识别出 {n} 位数字，单元格中有 {digit_blobs(blobs)} 个字形")
    return Verdict(digits, True)


def in_value_column(reading: Reading | None, raw: str) -> Verdict:
    """A cell among the numbers that did not read as one (a seal's stroke over a 0 read as
    Q): it holds a number's place and is unknown."""
    digits = reading.digits if reading is not None else ""
    if _NUMBER.match(digits or ""):
        return Verdict(digits, False, f"数值栏中识别出「{raw}」，不是确定的数字")
    return Verdict("0", False, f"数值栏中识别出「{raw}」，不是数字", placeholder=True)


def looks_numeric(reading: Reading) -> bool:
    """The cell holds a number (or a blank mark), not a label: the free reading is short and
    made of digits, points, signs and dashes, or empty while the digit reading is not."""
    free = clean(reading.text)
    if not free:
        return bool(reading.digits)
    odd = sum(1 for c in free if not (c.isdigit() or c in _DASHES or c in ".。·"))
    return odd <= max(0, len(free) // 3) and len(free) <= 14
