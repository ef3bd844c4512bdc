"""Restatements: one fact said again later in the article is one figure.

News repeats its main figure: "Quảng Trị đứng thứ hai cả nước" in the lead, "tỉnh Quảng Trị đang xếp
thứ 2" two paragraphs on, once with the date of the data and once without. Two figures of different
sentences are the same fact when they have the same indicator and value, belong to the same unit
(or one names none) and their periods do not disagree (equal, one unstated, or the same year). The
first mention is kept, completed with the period and unit that a later mention states.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..core.text import name_key

if TYPE_CHECKING:
    from .figure import Figure

_TYPE_WORDS = re.compile(
    r"^(?:ubnd\s+|uỷ ban nhân dân\s+|ủy ban nhân dân\s+)?"
    r"(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|tx\.?|xã|phường|thị trấn)\s+"
)
_YEAR = re.compile(r"\d{4}")


def _unit_key(name: str | None) -> str | None:
    if not name:
        return None
    return name_key(_TYPE_WORDS.sub("", name.lower()), fold=True)


def _same_unit(a: Figure, b: Figure) -> bool:
    ka, kb = _unit_key(a.unit_name), _unit_key(b.unit_name)
    return ka is None or kb is None or ka == kb


def _same_period(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    ya, yb = _YEAR.search(a), _YEAR.search(b)
    return bool(ya and yb and ya.group() == yb.group() and ("as_of" in a or "as_of" in b))


def _restatement_of(kept: list[Figure], figure: Figure) -> int | None:
    for i, earlier in enumerate(kept):
        if (
            (earlier.block, earlier.start) != (figure.block, figure.start)  # a sentence lists, not repeats
            and earlier.indicator == figure.indicator
            and earlier.value == figure.value
            and earlier.breakdown == figure.breakdown
            and _same_unit(earlier, figure)
            and _same_period(earlier.period, figure.period)
        ):
            return i
    return None


def merge_restatements(figures: list[Figure]) -> list[Figure]:
    """The body's *figures* (in reading order) with each fact stated again folded into its first
    mention; the headline's figures that restate the body are dropped before (extract._restates)."""
    kept: list[Figure] = []
    for figure in figures:
        i = _restatement_of(kept, figure)
        if i is None:
            kept.append(figure)
            continue
        first = kept[i]
        kept[i] = replace(
            first,
            period=first.period or figure.period,
            period_range=first.period_range or figure.period_range,
            unit_name=first.unit_name or figure.unit_name,
            level=first.level or figure.level,
            rank_of=first.rank_of or figure.rank_of,
        )
    return kept
