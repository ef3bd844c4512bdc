"""Parallel lists: "Sở Xây dựng (160), Sở Tư pháp (156), Sở Y tế (140)".

A report often states one figure in full and then lists the other units with only their value in
parentheses: "Sở Khoa học và Công nghệ (191 DVCTT), Sở Văn hóa, Thể thao và Du lịch (174)";
"Kế tiếp là UBND tỉnh Thanh Hóa (86,51 điểm), UBND tỉnh Đồng Nai (86,13 điểm)"; "cao như Sở Tài
nguyên và Môi trường (hơn 22%); UBND tỉnh (gần 15,7%)". The sentence walk reads the item whose
value carries its cue; each other item of the same list and the same shape of number is the same
indicator for the unit it names. An item whose value has another shape, or says more than a
number, is left alone rather than given the wrong indicator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .numbers import Number, find_numbers

if TYPE_CHECKING:
    from .figure import Figure

# "(value)": a short value with at most a qualifier and a unit around it
_PARENS = re.compile(r"\((?P<inner>[^()]{1,40})\)")
_SEPARATOR = re.compile(r"^\s*(?:[,;]\s*)?(?:và\s+|and\s+)?")
# where the first item's name starts: after a separator or the word that opens the list
_FIRST_NAME_START = re.compile(r"[,;:()]|\b(?:như|gồm|là|có|including|such as)\s", re.IGNORECASE)
_LEAD_WORDS = re.compile(
    r"^(?:(?:gồm|là|như|có|kế tiếp là|tiếp theo là|sau đó là|tiếp đến là|tiếp theo|kế đến|trên các tỉnh"
    r"|các tỉnh|tỉnh|và|including|such as|followed by)\s+)+",
    re.IGNORECASE,
)
_AGENCY_WORDS = ("Sở", "Ban", "Văn phòng", "Thanh tra", "Công an", "Bộ Chỉ huy", "Trung tâm", "Chi nhánh")
# what may stand beside the number inside the parentheses: a qualifier, a rank word, a unit
_INNER_WORDS = re.compile(
    r"(?:hơn|gần|trên|dưới|khoảng|đạt|xếp hạng|xếp thứ|hạng|thứ|điểm|%|dvctt|dvc|hồ sơ|hs|tthc|"
    r"thủ tục|over|nearly|about|points?|percent|[\s/.,])*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Item:
    name: str
    number: Number
    shape: tuple[str, object]


def _shape(number: Number, inner: str) -> tuple[str, object]:
    """What kind of value an item holds: a percentage, points, a rank "x/63", or a plain count."""
    low = inner.lower()
    if number.percent:
        return ("percent", None)
    if "điểm" in low or "point" in low:
        return ("diem", None)
    if number.denominator is not None:
        return ("fraction", number.denominator)
    return ("count", None)


def _items(sentence: str, lang: str) -> list[list[_Item]]:
    """The runs of "Name (value)" items in *sentence* that follow one another."""
    runs: list[list[_Item]] = []
    last_end = -1
    for m in _PARENS.finditer(sentence):
        inner = m.group("inner")
        numbers = find_numbers(inner, lang=lang)
        if len(numbers) != 1 or not _INNER_WORDS.fullmatch(inner.replace(numbers[0].text, " ")):
            last_end = -1
            continue
        before = sentence[last_end : m.start()] if last_end >= 0 else ""
        joined = last_end >= 0 and _SEPARATOR.match(before).end() > 0 and not re.search(r"[.:()]", before)
        if joined:
            name = before[_SEPARATOR.match(before).end() :]
        else:
            name = _FIRST_NAME_START.split(sentence[: m.start()])[-1]
        name = _LEAD_WORDS.sub("", name.strip())
        last_end = m.end()
        if not name or len(name) > 80:
            last_end = -1
            continue
        item = _Item(name, numbers[0], _shape(numbers[0], inner))
        if joined:
            runs[-1].append(item)
        else:
            runs.append([item])
    return [run for run in runs if len(run) >= 2]


def _level_of(name: str, anchor_level: str | None) -> str | None:
    if name.startswith(_AGENCY_WORDS):
        return "agency"
    return anchor_level


@dataclass(frozen=True)
class ListAnchor:
    """The figure a list's values take their indicator from, and the shape of its value."""

    figure: Figure
    shape: tuple[str, object]


def _anchor_of(run: list[_Item], figures: Sequence[Figure], carried: ListAnchor | None,
               sentence: str) -> ListAnchor | None:
    """The run's own item that the walk read, else (for a list that carries on from the previous
    sentence: "Sở Tài chính (88), Ban quản lý … (40)") the previous list's anchor."""
    for figure in figures:
        for item in run:
            if isinstance(figure.value, (int, float)) and figure.value == item.number.value:
                return ListAnchor(figure, item.shape)
    if carried is not None and sentence.lstrip().startswith(run[0].name):
        return carried
    return None


def list_figures(
    sentence: str, figures: Sequence[Figure], lang: str, carried: ListAnchor | None,
) -> tuple[list[Figure], ListAnchor | None]:
    """Figures for the items of *sentence*'s parallel lists that the sentence walk left without one,
    and the anchor a list in the next sentence may carry on from."""
    if "(" not in sentence or (not figures and carried is None):
        return [], None
    out: list[Figure] = []
    anchor = None
    taken = {f.value for f in figures}  # items the walk read itself
    for run in _items(sentence, lang):
        anchor = _anchor_of(run, figures, carried, sentence)
        if anchor is None:
            continue
        base = anchor.figure
        for item in run:
            if item.shape != anchor.shape or item.number.value in taken:
                continue
            out.append(replace(
                base, value=item.number.value, qualifier=item.number.qualifier, unit_name=item.name,
                level=_level_of(item.name, base.level), tier=None, flags=(*base.flags, "list_item"),
            ))
    return out, anchor
