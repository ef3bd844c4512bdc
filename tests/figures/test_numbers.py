"""Number notation of Vietnamese (and English) news: unit cases and property tests."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from reformsite.figures.numbers import find_numbers, format_vi, parse_number
from reformsite.figures.reported import formatted_decimal


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("4.572", 4572),
        ("659.245", 659245),
        ("96,4", 96.4),
        ("0,72", 0.72),
        ("86.45", 86.45),
        ("91.80", 91.8),
        ("01", 1),
        ("09", 9),
        ("3000", 3000),
        ("1,488 triệu", 1_488_000),
        ("5,65 ngàn", 5650),
        ("bảy", 7),
    ],
)
def test_parse_number_vi(token: str, value: float) -> None:
    assert parse_number(token) == pytest.approx(value)


def test_parse_number_en() -> None:
    assert parse_number("52,761", lang="en") == 52761
    assert parse_number("99.29", lang="en") == pytest.approx(99.29)


def one(text: str, **kw: str):
    numbers = find_numbers(text, **kw)
    assert len(numbers) == 1, numbers
    return numbers[0]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("tỷ lệ trực tuyến (96,4%)", 96.4, "exact"),
        ("đạt 86.45% tổng điểm", 86.45, "exact"),
        ("tỷ lệ trễ 3,45 % hồ sơ", 3.45, "exact"),
        ("hơn 4,5 ngàn hồ sơ", 4500, "over"),
        ("gần 37 ngàn hồ sơ", 37000, "approx"),
        ("hơn 37 nghìn hồ sơ", 37000, "over"),
        ("04 ngàn 398 hồ sơ", 4398, "exact"),
        ("14,58 triệu lượt", 14_580_000, "exact"),
        ("thu gần 4,8 tỷ đồng", 4_800_000_000, "approx"),
        ("hơn 3000 hồ sơ", 3000, "over"),
        ("khoảng 200 hồ sơ", 200, "approx"),
        ("xấp xỉ 90%", 90, "approx"),
        ("dưới 3%", 3, "under"),
        ("trên 85% cán bộ", 85, "over"),
        ("vượt 120 hồ sơ", 120, "over"),
        ("có ba hồ sơ trễ", 3, "exact"),
        ("bốn thủ tục", 4, "exact"),
    ],
)
def test_find_numbers_notations(text: str, value: float, qualifier: str) -> None:
    n = one(text)
    assert n.value == pytest.approx(value)
    assert n.qualifier == qualifier


def test_fraction_and_points() -> None:
    n = one("trả kết quả 4.572/4.572 hồ sơ")
    assert (n.value, n.denominator) == (4572, 4572)
    n = one("đạt 87,602/100 điểm")
    assert (n.value, n.denominator) == (pytest.approx(87.602), 100)
    assert one("xếp thứ 9/20 xã").denominator == 20


def test_ranges() -> None:
    n = one("từ 70 - 80% văn bản")
    assert (n.value, n.value_max, n.qualifier) == (70, 80, "range")
    n = one("chiếm 70-80%")
    assert (n.value, n.value_max, n.qualifier) == (70, 80, "range")


def test_english() -> None:
    assert one("received 52,761 dossiers", lang="en").value == 52761
    assert one("of which 99.29% were on time", lang="en").value == pytest.approx(99.29)


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 12.12, huyện họp",
        "ngày 2.1.2018",
        "ngày 17.5.2018 sơ kết",
        "ngày 14-2 (27 Tết)",
        "Cập nhật 13/04/2024",
        "Quyết định 766/QĐ-TTg",
        "Nghị định 61/2018/NĐ-CP",
        "Thông tư 01/2018/TT-VPCP",
        "Chỉ thị 10",
        "Lượt xem: 35",
        "Điện thoại: 0276.3822.123",
        "gọi 0913 456 789",
        "trong 8 giờ làm việc",
        "trong vòng 3 ngày",
        "dịch vụ công mức độ 3, 4",
        "cách mạng 4.0",
        "năm 2024",
    ],
)
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_word_numbers_need_a_counted_noun() -> None:
    assert find_numbers("một cửa, năm nay, ba mẹ") == []


@given(st.integers(min_value=0, max_value=10**9))
def test_dot_thousands_round_trip(value: int) -> None:
    text = format_vi(value)
    assert parse_number(text) == value
    assert [n.value for n in find_numbers(f"tiếp nhận {text} hồ sơ")] == [value]


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=1, max_value=99))
def test_decimal_comma_percent_round_trip(whole: int, tenths: int) -> None:
    value = float(f"{whole}.{tenths:02d}")
    text = f"{whole},{tenths:02d}%"
    n = one(f"tỷ lệ đạt {text}")
    assert n.percent and n.value == pytest.approx(value)


@given(
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1990, max_value=2039),
    st.sampled_from([".", "/", "-"]),
)
def test_dates_never_yield_numbers(day: int, month: int, year: int, sep: str) -> None:
    assert find_numbers(f"Ngày {day}{sep}{month}{sep}{year}, UBND họp") == []
    assert find_numbers(f"ngày {day:02d}{sep}{month:02d}, đoàn kiểm tra") == []


# How the site shows numbers: grouped patterns are formatted without Babel, and must read as Babel's.
@given(value=st.one_of(st.integers(-10**15, 10**15),
                       st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
                       st.decimals(min_value=-10**9, max_value=10**9, places=5, allow_nan=False)),
       digits=st.integers(0, 4), locale=st.sampled_from(["vi", "en"]))
def test_grouped_numbers_read_as_babel_formats_them(value, digits, locale):
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    unmemoised = formatted_decimal.__wrapped__
    assert unmemoised(value, pattern, locale) == format_decimal(value, format=pattern, locale=locale)


def test_other_patterns_are_left_to_babel():
    assert formatted_decimal(0.25, "#,##0%", "vi") == format_decimal(0.25, format="#,##0%", locale="vi")
    assert formatted_decimal(1234.5, "0.00", "vi") == "1234,50"
