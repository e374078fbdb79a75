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
   caught by the pixels, not trusted to the model; once the page's digit widths are
   measured (on its numbers whose glyphs stand apart), each blob must be as wide as the
   digits it takes, so glyphs that touch count by their width (`fits_widths`);
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
from statistics import median

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


@dataclass(frozen=True)
class Widths:
    """How wide a digit's ink is on a page, as a share of the digits' height: `digit` for
    0 and 2–9, `one` for 1; `gap` between two glyphs that touch (blur widens them)."""

    digit: float = 0.62
    one: float = 0.36
    gap: float = 0.05


def _tall(blobs: list[Blob]) -> list[Blob]:
    tallest = max((b.h for b in blobs), default=0)
    return sorted((b for b in blobs if b.h >= 0.55 * tallest), key=lambda b: b.x)


def widths_of(samples: list[tuple[str, list[Blob]]]) -> Widths:
    """The page's digit widths, measured on numbers read with certainty whose glyphs stand
    apart (one blob per digit); the defaults where the page has too few."""
    wide: list[float] = []
    ones: list[float] = []
    for digits, blobs in samples:
        tall = _tall(blobs)
        if digits.isdigit() and len(tall) == len(digits):
            for d, b in zip(digits, tall, strict=True):
                (ones if d == "1" else wide).append(b.w / b.h)
    default = Widths()
    return Widths(float(median(wide)) if len(wide) >= 3 else default.digit,
                  float(median(ones)) if len(ones) >= 2 else default.one)


def fits_widths(digits: str, blobs: list[Blob], widths: Widths) -> bool:
    """Whether a reading fits its ink: the blobs, left to right, take the digits in order,
    each blob as wide as the digits it takes within `TOUCH_SLACK` of a digit, in one way
    only.  Glyphs that touch (blur and JPEG join them at 150 dpi) are one blob as wide as
    their digits; a digit the decoder dropped or doubled — "00" read "0" — leaves some
    blob a digit too wide or too narrow (a 1 is 0.36 of the height, a digit 0.62, the
    slack under a fifth)."""
    tall = _tall(blobs)
    if not digits.isdigit() or not tall or len(tall) > len(digits):
        return False
    height = max(b.h for b in tall)
    unit = widths.digit * height
    i = 0
    for k, blob in enumerate(tall):
        still = len(tall) - k - 1  # each blob after this one takes a digit at least
        fits = []
        for take in range(1, len(digits) - i - still + 1):
            part = digits[i:i + take]
            width = height * (sum(widths.one if d == "1" else widths.digit for d in part) + widths.gap * (take - 1))
            if abs(width - blob.w) <= TOUCH_SLACK * unit:
                fits.append(take)
        if len(fits) != 1:
            return False
        i += fits[0]
    return i == len(digits)


TOUCH_SLACK = 0.3


def judge_number(reading: Reading, blobs: list[Blob], widths: Widths | None = None) -> Verdict:
    """A one-line cell that should hold a number (or a blank mark).  `widths`: the page's
    digit widths, once known (`widths_of`): a reading of digits only must then fit the
    widths of its blobs (rule 4), else the blobs are counted."""
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
    if widths is not None and digits.isdigit() and blobs:
        if not fits_widths(digits, blobs, widths):
            return Verdict(guess, False, f"识别出的「{digits}」与单元格中 {digit_blobs(blobs)} 个字形的宽度不符")
    elif blobs and digit_blobs(blobs) != n:
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
