"""Context rules of the figure extractor: what the words around a number say about whether it is a
stated fact, and which of several cue phrases names its subject.

Pure functions on lower-cased text (see :func:`reformsite.figures.vocabulary.fold_case`); the extractor in
:mod:`reformsite.figures.extract` calls them for each number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from .vocabulary import compile_folded

# A plan or a target, not a result: "phấn đấu không để phát sinh hồ sơ trễ hạn mới", "đặt mục tiêu nâng
# tỷ lệ hồ sơ trực tuyến lên trên 75%", "đưa Bộ chỉ số 766 vào nhóm 10 địa phương dẫn đầu", "sẽ …".
# Looked for anywhere before the number in its sentence: the goal word often opens a long list of goals.
# (name, regex) for the extractor's Lexicon, which finds every group of phrases in one scan.
PLAN_PATTERNS = (
    (
        "goal",
        r"phấn\s+đấu|mục\s+tiêu|hướng\s+tới|dự\s+kiến|thời\s+gian\s+tới|(?:những|các)\s+tháng\s+(?:cuối|còn\s+lại)"
        r"|năm\s+tới|sẽ(?!\w)|quyết\s+tâm|cố\s+gắng|đề\s+ra|chỉ\s+tiêu\s+(?:giao|được\s+giao)",
    ),
    ("raise", r"(?:nâng|đưa|kéo)(?:\s+[^\s,;.]+){0,10}\s+(?:lên|vào)(?!\w)"),
)


def plan_start_from(hits: Sequence[tuple[str, int, int]], length: int) -> int:
    """Where the goals of a sentence start (*length*, the sentence's, when it states none), from its
    :data:`PLAN_PATTERNS` hits (name, start, end): any figure after that is a goal, not a result.
    For "nâng … lên", "đưa … vào" that is after "lên"/"vào": in "đưa 100% TTHC vào tiếp nhận tại Trung
    tâm" the figure comes before and is a fact."""
    for name, start, end in hits:
        return end if name == "raise" else start
    return length


_PERIOD_START = re.compile(r"(?:as_of )?((?:19|20)\d\d)(?:-(Q[1-4]|H[12]|\d\d))?(?:-(\d\d))?")


@lru_cache(maxsize=4096)
def period_start(value: str | None) -> date | None:
    """The first day of a normalised period ("2024-Q2" → 2024-04-01, "as_of 2023-12-31" → that day)."""
    m = _PERIOD_START.match(value or "")
    if not m:
        return None
    year, part, day = int(m.group(1)), m.group(2), m.group(3)
    if part is None:
        return date(year, 1, 1)
    if part.startswith("Q"):
        return date(year, 3 * int(part[1]) - 2, 1)
    if part.startswith("H"):
        return date(year, 1 if part == "H1" else 7, 1)
    return date(year, int(part), int(day) if day else 1)


def in_future(period: str | None, published: date) -> bool:
    """A figure for a period that starts after the article was published can only be a target.

    A snapshot date ("đến cuối năm 2019" in a report of 28 December 2019) counts only from the next year:
    year-end reports are written days before the year ends."""
    start = period_start(period)
    if start is None:
        return False
    if (period or "").startswith("as_of"):
        return start.year > published.year
    return start > published


# "tỷ lệ hồ sơ trực tuyến toàn trình trên tổng số hồ sơ giải quyết": what follows "trên tổng" is the
# denominator, so its cue words ("giải quyết") do not name the rate.
_DENOMINATOR = compile_folded(r"(?:trên|so\s+với|/)\s*(?:tổng|số)(?!\w)")


def denominator_start(text: str, start: int, end: int) -> int | None:
    """Where the denominator phrase of a rate begins in text[start:end], if it has one."""
    found = None
    for m in _DENOMINATOR.finditer(text, start, end):
        found = m.start()
    return found


# Verbs that name a rate's subject only when nothing more specific does: in "mức độ hài lòng … trong
# tiếp nhận, giải quyết thủ tục" or "tỷ lệ giải quyết hồ sơ đúng hạn" the other cue is the subject.
WEAK_CONCEPTS = frozenset({"giai_quyet", "tiep_nhan", "tiep_nhan_giai_quyet"})

# "nằm trong nhóm dẫn đầu", "top 10 địa phương dẫn đầu": among the leaders, not first; "người đứng đầu"
# is the head of an agency.
_NOT_FIRST = compile_folded(r"(?:nhóm|top|người)(?:\s+[^\s,;.]+){0,4}\s*$")


def leader_group(left: str) -> bool:
    """Whether "dẫn đầu"/"đứng đầu" right after *left* means one of the leaders or a head of office."""
    return bool(_NOT_FIRST.search(left[-40:]))


# A count of units just before a class or a rate: "8 sở được xếp loại tốt", "5 huyện còn lại xếp loại
# khá", "13 địa phương xếp loại tốt": the class of those units, not of the article's place ("trong 25 xã"
# is the field of a rank instead).
_UNIT_COUNT = compile_folded(
    r"(?<![\w/.,])(?<!trong )(?<!trên )(?<!của )(?<!số )(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
    r"\s+(?:sở|ban|ngành|huyện|xã|phường|thị\s+trấn|quận|thị\s+xã|địa\s+phương|đơn\s+vị|cơ\s+quan|trường)(?!\w)"
)


def units_counted(clause: str) -> bool:
    """Whether *clause* (up to a class word) counts units ("8 sở", "5 huyện còn lại")."""
    return bool(_UNIT_COUNT.search(clause))


# "N hồ sơ (dịch vụ công) mức độ 3": a count of online dossiers at that service level.
ONLINE_LEVEL_AFTER = compile_folded(
    r"\s*(?:hồ\s+sơ|hs)(?:\s+(?:dịch\s+vụ\s+công|dvc|trực\s+tuyến|thủ\s+tục))*"
    r"\s+(?:ở\s+|thuộc\s+)?mức(?:\s+độ)?\s+([34])"
)

# "…, trong đó (có) 2.187 hồ sơ đất đai": a part of the figure just stated.
PART_OF_PREVIOUS = compile_folded(r"(?:trong\s+đó|riêng)\s*(?:có\s*)?[,:]?\s*$")
