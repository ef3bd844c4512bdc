"""Reporting periods."""

from __future__ import annotations

from datetime import date

import pytest

from reformsite.figures.periods import find_periods, is_normalised, parse_period

PUB = date(2024, 11, 4)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("quý I năm 2020", "2020-Q1"),
        ("quý I.2024", "2024-Q1"),
        ("quý 1/2024", "2024-Q1"),
        ("quý III/2024", "2024-Q3"),
        ("6 tháng đầu năm 2024", "2024-H1"),
        ("3 tháng đầu năm", "2024-Q1"),
        ("Trong 9 tháng, huyện", "2024-01..2024-09"),
        ("10 tháng năm 2024", "2024-01..2024-10"),
        ("tháng 8/2021", "2021-08"),
        ("tháng 8 năm 2021", "2021-08"),
        ("năm 2023", "2023"),
        ("từ đầu năm 2024 đến nay", "2024-01-01..2024-11-04"),
        ("Từ đầu năm đến nay", "2024-01-01..2024-11-04"),
        ("từ ngày 1/7/2025 đến ngày 10/3/2026", "2025-07-01..2026-03-10"),
        ("tính đến cuối tháng 1-2026", "as_of 2026-01-31"),
        ("tính đến ngày 15/3/2024", "as_of 2024-03-15"),
        ("Chỉ số CCHC năm 2023 xếp thứ 9/20", "2023"),
        ("tuần (từ ngày 11.5 đến 17.5.2018)", "2018-05-11..2018-05-17"),
        ("first six months of 2024", "2024-H1"),
    ],
)
def test_parse_period(text: str, value: str) -> None:
    assert parse_period(text, published=PUB) == value
    assert is_normalised(value)


def test_offset_period_keeps_nominal_value_and_range() -> None:
    (p,) = find_periods("Trong quý I năm 2023 (từ ngày 15/12/2022 đến ngày 14/3/2023), tỉnh", published=PUB)
    assert (p.value, p.period_range) == ("2023-Q1", "2022-12-15..2023-03-14")


@pytest.mark.parametrize(
    "text", ["4.572/4.572 hồ sơ", "Ngày 12.4, UBND", "thời hạn 3 tháng", "sau 6 tháng thực hiện"]
)
def test_not_periods(text: str) -> None:
    assert find_periods(text, published=PUB) == []


def test_implicit_quarter_year_is_the_latest_one() -> None:
    assert parse_period("quý IV", published=date(2025, 2, 1)) == "2024-Q4"
