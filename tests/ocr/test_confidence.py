"""The confidence rule: a reading becomes a value only when it is sure on every count."""

from __future__ import annotations

from gongkai.ocr.confidence import THRESHOLD, Blob, judge_number, looks_numeric
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
