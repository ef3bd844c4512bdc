"""Numbers that are not figures, as named tests: years, counts of units and the thresholds they meet,
changes, goals, averages per day, and what is said of a period to come."""

from __future__ import annotations

from .cues import in_future, units_counted
from .matcher import cues_have
from .periods import Period
from .state import NumberAt, Sentence
from .wording import (
    BOUNDARY,
    CAUSE_AFTER,
    DELTA_AFTER,
    DELTA_BEFORE,
    DELTA_HINTS,
    SCOPE_BEFORE,
    long_right,
    segment_start,
)


def is_year(at: NumberAt) -> bool:
    """ "since 2014", "2023 PAR Index": a year no period pattern took; "Thứ 3, Ngày 18/06": a weekday."""
    return at.kind in ("year", "weekday")


def counts_units(s: Sentence, at: NumberAt) -> bool:
    """A count of units ("23 xã", "5 cơ quan"), unless it is the count of agencies that sign digitally."""
    return at.kind in ("unit", "co_quan") and not cues_have(
        s.m, s.cues, at.left_start, long_right(s.text, at.number.end, at.next_start), "chu_ky_so_co_quan"
    )


def note_unit_count(s: Sentence, at: NumberAt) -> None:
    """Remember a count of units that reached something, for the threshold that may follow it.

    "Across the 63 provinces, the average score was 81.15%": units that bound the scope, not units
    that reached a threshold ("5/9 xã đạt ... trên 80%")."""
    number = at.number
    if not SCOPE_BEFORE.search(s.text, max(0, number.start - 20), number.start):
        s.unit_count_end = number.end
        s.unit_fraction = number.denominator is not None


def is_threshold_of_units(s: Sentence, at: NumberAt) -> bool:
    """ "5/9 xã đạt tỷ lệ ... trên 80%", "9/10 cán bộ đạt 90%": a threshold met by some units."""
    return bool(
        s.unit_count_end
        and (at.number.percent or s.unit_fraction)
        and not BOUNDARY.search(s.text, s.unit_count_end, at.number.start)
    )


def is_cause_share(s: Sentence, at: NumberAt) -> bool:
    """The share of a cause, not a rate: "57% hồ sơ trễ hạn do người dân nộp thiếu giấy tờ"."""
    return at.number.percent and CAUSE_AFTER.match(s.text, at.number.end) is not None


def is_change(s: Sentence, at: NumberAt) -> bool:
    """A rise, a fall or a difference: "tăng 2,5%", "cao hơn 0,33% so với năm 2022"."""
    start = at.number.start
    before = s.text[max(0, start - 30) : start]
    return bool(
        (DELTA_HINTS.search(before) and DELTA_BEFORE.search(before)) or DELTA_AFTER.match(at.after)
    )


def is_goal(s: Sentence, at: NumberAt) -> bool:
    """A number after the sentence's goal starts ("phấn đấu đến năm 2025 đạt …")."""
    return s.plan_pos < at.number.start


def is_target(s: Sentence, at: NumberAt) -> bool:
    """A target word ("tối thiểu", "mục tiêu") shortly before the number, in its segment."""
    if not s.targets:
        return False
    start = at.number.start
    window = max(at.seg_start, start - 80)
    return any(window <= a and b <= start for a, b in s.targets)


def is_per_time(s: Sentence, at: NumberAt) -> bool:
    """An average per day, month or year ("bình quân mỗi ngày") in the number's own words."""
    if not s.per_time:
        return False
    start = at.number.start
    return any(at.left_start <= a and b <= start for a, b in s.per_time)


def stated_as_goal(s: Sentence, pos: int, period: Period | None) -> bool:
    """A zero, class or rank at *pos* that the sentence gives as a goal, or for a period to come."""
    return s.plan_pos < pos or (period is not None and in_future(period.value, s.article.published))


def of_other_units(text: str, pos: int) -> bool:
    """A class or rank at *pos* that belongs to counted units: "8 sở được xếp loại tốt"."""
    return units_counted(text[segment_start(text, pos) : pos])
