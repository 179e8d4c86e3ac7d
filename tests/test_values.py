"""models.values.parse_value, which every path that reads a table value goes through (typing,
pasting, .docx, .xlsx)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.format.format2021 import TABLE_2
from models.format.spec import AMOUNT_PLACES, NumberKind
from models.values import (
    InputError,
    format_value,
    grid_text,
    parse_value,
    problem,
    read_cell,
    shown_value,
    written_places,
)

COUNT = NumberKind.COUNT
AMOUNT = NumberKind.AMOUNT

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def refused(raw: object, kind: NumberKind = COUNT) -> str:
    with pytest.raises(InputError) as caught:
        parse_value(raw, kind)
    reason = caught.value.reason
    assert reason == str(caught.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reason), f"reason not in Chinese: {reason!r}"
    return reason


# --- accepted ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("123", 123),
        ("１２３", 123),
        ("０", 0),
        ("1,234", 1234),
        ("1，234", 1234),
        ("1,234,567", 1234567),
        ("１，２３４", 1234),
        (" 12 ", 12),
        ("\u300012\u3000", 12),
        ("\u00a012\u00a0", 12),
        ("\t12\n", 12),
        ("12件", 12),
        ("3119 件", 3119),
        ("6\u3000件", 6),
        ("0", 0),
        ("2.0", 2),
        ("+5", 5),
    ],
)
def test_counts_accepted(raw: str, expected: int):
    value = parse_value(raw, COUNT)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("240.9199", "240.9199"),
        ("240.9199万元", "240.9199"),
        ("240.9199 万元", "240.9199"),
        ("２４０．９１９９", "240.9199"),
        ("1,234.5", "1234.5"),
        ("0", "0"),
        ("0.5", "0.5"),
        ("12", "12"),
    ],
)
def test_amounts_accepted_exactly(raw: str, expected: str):
    value = parse_value(raw, AMOUNT)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected  # kept exactly, not rounded through a float


def test_zero_is_zero_not_blank():
    assert parse_value("0", COUNT) == 0
    assert parse_value("0", COUNT) is not None
    assert parse_value(0, COUNT) == 0
    assert parse_value(0.0, AMOUNT) == Decimal(0)


@pytest.mark.parametrize("raw", [None, "", " ", "\u3000", "\u00a0", "\u3000 \t\n"])
@pytest.mark.parametrize("kind", [COUNT, AMOUNT])
def test_blank_is_none_never_zero(raw: object, kind: NumberKind):
    assert parse_value(raw, kind) is None


def test_numbers_from_spreadsheets():
    assert parse_value(2.0, COUNT) == 2
    assert type(parse_value(2.0, COUNT)) is int
    assert parse_value(7, COUNT) == 7
    amount = parse_value(240.9199, AMOUNT)
    assert amount == Decimal("240.9199")
    assert str(amount) == "240.9199"
    assert parse_value(3, AMOUNT) == Decimal(3)
    assert isinstance(parse_value(3, AMOUNT), Decimal)
    assert parse_value(Decimal("240.9199"), AMOUNT) == Decimal("240.9199")


def test_spreadsheet_float_noise_is_read_as_the_spreadsheet_shows_it():
    """A sum worked out by Excel/WPS carries binary noise (120.1 + 120.8199 is
    240.91990000000001); the program shows such a cell as 240.9199 and must read it so."""
    noisy = 120.1 + 120.8199
    assert repr(noisy) != "240.9199"
    assert parse_value(noisy, AMOUNT) == Decimal("240.9199")
    assert parse_value(0.1 + 0.2, AMOUNT) == Decimal("0.3")


# --- refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["-1", "－1", "-0.5", -3, -0.5, Decimal("-2")])
def test_negative_refused(raw: object):
    kind = AMOUNT if isinstance(raw, float) or "." in str(raw) else COUNT
    assert "负数" in refused(raw, kind)


@pytest.mark.parametrize("raw", ["abc", "十二", "12个", "1e3", "12万元", "²", "1_000", "12 34 56a"])
def test_text_refused(raw: str):
    assert "不是数字" in refused(raw)


def test_unit_of_the_other_kind_refused():
    assert "金额" in refused("12件", AMOUNT)
    assert "件数" in refused("12万元", COUNT)


@pytest.mark.parametrize("raw", ["/", "／", "-", "—", "——", "无", " / "])
def test_placeholders_refused_with_advice(raw: str):
    reason = refused(raw)
    assert "不是数字" in reason
    assert "填 0" in reason


def test_other_scripts_digits_refused():
    """Only ASCII and full-width digits are numbers here (٣ is an Arabic-Indic 3)."""
    assert "不是数字" in refused("٣")
    assert "不是数字" in refused("৩", AMOUNT)


def test_fraction_in_count_refused_but_whole_decimal_accepted():
    reason = refused("2.5")
    assert "整数" in reason and "2.5" in reason
    assert "整数" in refused(2.5)
    assert parse_value("2.0", COUNT) == 2
    assert parse_value("2.00", COUNT) == 2


@pytest.mark.parametrize(
    "raw", ["5949.088667", "4166.241619", "240.91991", "0.000001", "5949.0886670", "1.500000"]
)
def test_amounts_to_the_fen_are_taken_as_written(raw: str) -> None:
    """Real reports print 行政事业性收费 to the fen (平潭 2023: 5949.088667 万元); five and six
    places are kept exactly, trailing zeros included (a zero past the sixth adds no precision)."""
    value = parse_value(raw, AMOUNT)
    assert isinstance(value, Decimal) and format_value(value) == raw
    assert parse_value(f"{raw} 万元", AMOUNT) == value
    assert read_cell(f"{raw}（含结转）", AMOUNT).value == value  # as a reader takes a cell


def test_amounts_of_six_places_from_a_workbook() -> None:
    assert format_value(parse_value(5949.088667, AMOUNT)) == "5949.088667"
    assert format_value(parse_value(4166.241619, AMOUNT)) == "4166.241619"
    # A sum Excel or WPS worked out, with its binary noise, as the workbook shows it.
    assert format_value(parse_value(5949.088667 + 4166.241619, AMOUNT)) == "10115.330286"
    assert format_value(parse_value(0.000001, AMOUNT)) == "0.000001"


@pytest.mark.parametrize("raw", ["240.9199123", "0.0000001", "5949.0886671", 0.0000001])
def test_seven_places_refused_with_the_reason(raw: object) -> None:
    reason = refused(raw, AMOUNT)
    assert "有 7 位小数" in reason and f"最多保留 {AMOUNT_PLACES} 位小数" in reason
    assert "1 分 = 0.000001 万元" in reason and "四舍五入到分" in reason
    assert reason == problem(Decimal(str(raw)), AMOUNT)  # one reason, however the value came


def test_written_places_count_trailing_zeros() -> None:
    assert [written_places(v) for v in (Decimal("1.50"), Decimal("5949.088667"))] == [2, 6]
    assert [written_places(v) for v in (Decimal("12"), Decimal("1E+2"), 12, 0)] == [0, 0, 0, 0]


@pytest.mark.parametrize("raw", ["12,34", "1,2345", "1,23,456", ",123", "12 34", "1 2 件"])
def test_bad_thousands_grouping_refused(raw: str):
    assert "千位分隔符" in refused(raw)


def test_bool_refused():
    assert "是/否" in refused(True)
    assert "是/否" in refused(False, AMOUNT)


@pytest.mark.parametrize(
    "raw", [math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("Infinity")]
)
@pytest.mark.parametrize("kind", [COUNT, AMOUNT])
def test_nan_and_infinity_refused(raw: object, kind: NumberKind):
    assert "数字" in refused(raw, kind)


def test_other_objects_refused():
    assert "数字" in refused([1])
    assert "数字" in refused(object(), AMOUNT)


def test_problem_of_stored_values():
    assert problem(3, COUNT) is None
    assert problem(Decimal("1.5"), AMOUNT) is None
    assert "负数" in (problem(-1, COUNT) or "")
    assert "整数" in (problem(Decimal("1.5"), COUNT) or "")
    assert problem(Decimal("0.000001"), AMOUNT) is None
    assert "小数" in (problem(Decimal("0.0000001"), AMOUNT) or "")


def test_format_value():
    assert format_value(None) == ""
    assert format_value(0) == "0"
    assert format_value(1234) == "1234"
    assert format_value(Decimal("240.9199")) == "240.9199"
    assert format_value(Decimal("1E+2")) == "100"  # never scientific notation
    assert format_value(Decimal("1.50")) == "1.50"  # as written, never rounded or trimmed
    assert format_value(Decimal("5949.088667")) == "5949.088667"


def test_shown_value_says_blank_for_a_blank_and_writes_a_zero() -> None:
    assert shown_value(None) == "空白"
    assert shown_value(0) == "0"
    assert shown_value(Decimal("0.0125")) == "0.0125"


def test_grid_text_is_a_label_or_the_value_as_written() -> None:
    label = next(g for g in TABLE_2.grid_cells if g.role == "label")
    value = next(g for g in TABLE_2.grid_cells if g.cell is not None)
    assert value.cell is not None
    assert grid_text(label, {}) == label.text and label.text
    assert grid_text(value, {value.cell.id: None}) == ""  # blank stays blank
    assert grid_text(value, {value.cell.id: 0}) == "0"


# --- properties ----------------------------------------------------------------------------------


def grouped(n: int, separator: str) -> str:
    return f"{n:,}".replace(",", separator)


@settings(database=None)  # nothing written into the checkout
@given(st.integers(min_value=0, max_value=10**15))
def test_any_count_in_any_usual_writing(n: int):
    assert parse_value(str(n), COUNT) == n
    assert parse_value(str(n).translate(FULL_WIDTH_DIGITS), COUNT) == n
    assert parse_value(grouped(n, ","), COUNT) == n
    assert parse_value(grouped(n, "，"), COUNT) == n
    assert parse_value(f"\u3000{n} 件 ", COUNT) == n
    assert parse_value(n, COUNT) == n


@settings(database=None)  # nothing written into the checkout
@given(st.integers(min_value=0, max_value=10**12))
def test_count_round_trip(n: int):
    assert parse_value(format_value(n), COUNT) == n


@settings(database=None)  # nothing written into the checkout
@given(st.decimals(min_value=0, max_value=10**9, places=AMOUNT_PLACES, allow_nan=False))
def test_amount_round_trip(amount: Decimal):
    text = format_value(amount)
    assert parse_value(text, AMOUNT) == amount
    assert format_value(parse_value(text, AMOUNT)) == text


@settings(database=None)  # nothing written into the checkout
@given(
    st.integers(min_value=1, max_value=10**6), st.integers(min_value=AMOUNT_PLACES + 1, max_value=8)
)
def test_too_many_places_always_refused(digits: int, places: int):
    text = f"{digits}.{'0' * (places - 1)}{digits % 9 + 1}"
    with pytest.raises(InputError):
        parse_value(text, AMOUNT)


# --- the readers' tolerant side: read_cell ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "note"),
    [
        ("22（其中修订16件）", 22, "其中修订16件"),
        ("55（含自然失效29件）", 55, "含自然失效29件"),
        ("12件(含上年结转2件)", 12, "含上年结转2件"),
        ("７，其中依申请３件", 7, "其中依申请3件"),
        ("3件", 3, ""),
        ("0", 0, ""),
    ],
)
def test_a_reader_takes_the_leading_number_and_gives_back_the_note(
    raw: str, value: int, note: str
) -> None:
    read = read_cell(raw, COUNT)
    assert (read.value, read.note, read.placeholder) == (value, note, "")


@pytest.mark.parametrize("raw", ["—", "/", "－", "-", "——", "无", "空", " ／ ", "--"])
def test_a_reader_keeps_a_placeholder_for_zero_blank_as_written(raw: str) -> None:
    read = read_cell(raw, COUNT)
    assert read.value is None and read.placeholder == raw.strip()


@pytest.mark.parametrize("raw", ["22（其中修订16件）", "55（含自然失效29件）"])
def test_the_form_still_refuses_a_number_with_a_note(raw: str) -> None:
    assert "不是数字" in refused(raw)


def test_a_reader_refuses_what_is_no_number_with_the_forms_reason() -> None:
    with pytest.raises(InputError, match="不是数字"):
        read_cell("未统计", COUNT)
    with pytest.raises(InputError, match="整数"):
        read_cell("2.5（约）", COUNT)
