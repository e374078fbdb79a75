"""The confidence rule: a reading becomes a value only when it is sure on every count."""

from __future__ import annotations

from gongkai.ocr.confidence import THRESHOLD, Blob, Widths, judge_number, looks_numeric, widths_of
from gongkai.ocr.engines import Reading


def digits(n: int, h: int = 30) -> list[Blob]:
    return [Blob(10 + 20 * i, 5, 14, h) for i in range(n)]


def test_a_sure_number_is_certain():
    v = judge_number(Reading("4119", [0.99] * 4, "4119", [0.99] * 4), digits(4))
    assert v.certain and v.text == "4119"


def test_a_digit_below_the_threshold_makes_the_cell_unknown():
    v = judge_number(Reading("38", [0.99, 0.6], "38", [0.99, 0.6]), digits(2))
    assert not v.certain
    assert "8" in v.why and f"{THRESHOLD:.2f}" in v.why


def test_free_and_digit_readings_must_agree():
    # the model prefers a letter O: the digit reading 10 is not trusted
    v = judge_number(Reading("1O", [0.99, 0.95], "10", [0.99, 0.97]), digits(2))
    assert not v.certain


def test_a_dropped_digit_is_caught_by_the_blobs():
    # CTC merged "00" into "0" but the cell shows two glyphs
    v = judge_number(Reading("10", [0.99, 0.99], "10", [0.99, 0.99]), digits(3))
    assert not v.certain and "3 个字形" in v.why


def test_decimal_point_and_minus_are_not_glyphs_of_their_own():
    blobs = [*digits(6), Blob(85, 31, 4, 4)]  # 7730.28: the point sits low and small
    v = judge_number(Reading("7730.28", [0.99] * 7, "7730.28", [0.99] * 7), blobs)
    assert v.certain and v.text == "7730.28"


def test_a_lone_dash_is_the_blank_mark():
    v = judge_number(Reading("—", [0.97], "-", [0.5]), [Blob(10, 20, 40, 4)])
    assert v.certain and v.text == "-"


def test_a_one_read_as_a_slash_is_not_blank():
    one = [Blob(10, 5, 8, 30)]
    v = judge_number(Reading("/", [0.95], "1", [0.98]), one)
    assert not (v.certain and v.text == "-")


def test_looks_numeric_separates_labels_from_numbers():
    assert looks_numeric(Reading("550", [0.9] * 3, "550", [0.9] * 3))
    assert looks_numeric(Reading("", [], "3", [0.4]))
    assert not looks_numeric(Reading("行政许可", [0.9] * 4, "", []))
    assert not looks_numeric(Reading("1.属于国家秘密", [0.9] * 8, "1.", [0.9, 0.9]))


def test_two_numbers_in_one_cell_are_not_one_number():
    # "27   10": a column rule the scan lost
    blobs = [Blob(10, 5, 14, 30), Blob(26, 5, 14, 30), Blob(120, 5, 14, 30), Blob(136, 5, 14, 30)]
    v = judge_number(Reading("2710", [0.99] * 4, "2710", [0.99] * 4), blobs)
    assert not v.certain


# Glyphs that touch (blur and JPEG at 150 dpi): widths measured on the scan corpus, height 20.
W = Widths(digit=0.65, one=0.36, gap=0.05)


def _sure(d: str) -> Reading:
    return Reading(d, [0.99] * len(d), d, [0.99] * len(d))


def test_touching_glyphs_are_counted_by_their_widths_once_the_page_is_measured():
    sixty = [Blob(10, 5, 27, 20)]  # "60" as one blob
    assert not judge_number(_sure("60"), sixty).certain  # the page's widths not known yet
    v = judge_number(_sure("60"), sixty, W)
    assert v.certain and v.text == "60"
    # 805: "80" touching, "5" apart
    assert judge_number(_sure("805"), [Blob(10, 5, 27, 20), Blob(40, 5, 12, 20)], W).certain
    # 148: a narrow "1" apart, "48" touching
    assert judge_number(_sure("148"), [Blob(10, 5, 7, 20), Blob(20, 5, 27, 18)], W).certain


def test_a_digit_dropped_or_doubled_where_glyphs_touch_is_still_caught():
    # "600" printed (one blob, three digits wide) read as "60": a digit dropped by the decoder
    assert not judge_number(_sure("60"), [Blob(10, 5, 40, 20)], W).certain
    # "60" printed read as "660" or "600": a digit doubled
    assert not judge_number(_sure("600"), [Blob(10, 5, 27, 20)], W).certain
    # "14" printed as one blob (a narrow 1) read as "144" or "4"
    fourteen = [Blob(10, 5, 21, 20)]
    assert judge_number(_sure("14"), fourteen, W).certain
    assert not judge_number(_sure("144"), fourteen, W).certain
    assert not judge_number(_sure("4"), fourteen, W).certain  # one blob, one digit, but two digits wide
    # "100" printed, "00" touching, read "10": two blobs for two digits, but the second is two wide
    assert not judge_number(_sure("10"), [Blob(10, 5, 7, 20), Blob(20, 5, 27, 20)], W).certain
    assert judge_number(_sure("100"), [Blob(10, 5, 7, 20), Blob(20, 5, 27, 20)], W).certain


def test_the_page_measures_its_digit_widths_on_glyphs_that_stand_apart():
    samples = [("20", [Blob(0, 0, 13, 20), Blob(16, 0, 13, 20)]), ("13", [Blob(0, 0, 7, 20), Blob(9, 0, 12, 20)]),
               ("1", [Blob(0, 0, 7, 20)]), ("60", [Blob(0, 0, 27, 20)])]  # the touching "60" is not a sample
    w = widths_of(samples)
    assert abs(w.digit - 0.625) < 0.03 and abs(w.one - 0.35) < 0.01
