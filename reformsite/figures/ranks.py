"""Figures said in words, not digits: classes ("xếp loại tốt"), PAPI groups ("nhóm cao nhất") and
ranks ("đứng đầu", "came second").  The patterns are matched again at the places the sentence's
Lexicon scan found them, for their groups."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .cues import leader_group
from .figure import CATEGORIES, PAPI_GROUPS
from .matcher import index_concept, index_keys
from .skips import of_other_units, stated_as_goal
from .state import Sentence, Unit
from .wording import CATEGORY, NTH, PAPI_GROUP, RANK_GROUP, RANK_OF_AFTER, THRESHOLD_BEFORE, WORD_RANK

_UNITS_RANKED = re.compile(r"(\d+)\s+(?:tỉnh|địa\s+phương|huyện|xã|đơn\s+vị|sở)")
# A rank within a region, "thứ 2 khu vực Bắc Trung Bộ", "đứng đầu 6 tỉnh Bắc Trung Bộ", "dẫn đầu vùng
# ĐBSCL": its scope is the region, not the nation, and it is out of the region's count, if said.
REGIONS = (r"khu\s+vực\s+[^\W\d][^;.,()\d]{1,40}|vùng\s+[^\W\d][^;.,()\d]{1,40}|(?:bắc|nam)\s+trung\s+bộ"
           r"|tây\s+nguyên|đông\s+nam\s+bộ|đbscl|đồng\s+bằng\s+sông\s+(?:cửu\s+long|hồng)"
           r"|trung\s+du\s+và\s+miền\s+núi\s+phía\s+bắc|duyên\s+hải\s+[^;.,()\d]{1,30}")
_REGION_AFTER = re.compile(rf"\s*(?:(?:trong|của|tại)\s+)?(?:(?P<n>\d+)\s+(?:tỉnh|địa\s+phương)\s+"
                           rf"(?:(?:thuộc|trong)\s+)?)?(?P<g>{REGIONS})", re.IGNORECASE)


def word_figures(s: Sentence) -> None:
    """Emit the sentence's classes, PAPI groups and ranks in words, in that order."""
    hits = s.hits
    if hits["category"]:
        _classes(s)
    if hits["papi"]:
        _papi_groups(s)
    if hits["word_rank"]:
        _word_ranks(s)


def _found(s: Sentence, pattern: re.Pattern[str], hit: str) -> Iterator[re.Match[str]]:
    """The matches of *pattern* at the places the sentence's scan found its *hit* words."""
    for _, at, _ in s.hits[hit]:
        if (m := pattern.match(s.text, at)) is not None:
            yield m


def _classes(s: Sentence) -> None:
    text = s.text
    for c in _found(s, CATEGORY, "category"):
        pos = c.start()
        if stated_as_goal(s, pos, s.period_at(pos)) or of_other_units(text, pos):
            continue
        if THRESHOLD_BEFORE.search(text, max(0, pos - 60), pos):
            continue  # "đạt từ 80 điểm trở lên được xếp loại tốt": what the class requires
        index = index_concept(s.cues, pos) or s.ctx.index or s.article.title_index
        if c.group("paren") and index != "i766":
            continue
        index = index if index in ("cchc", "i766") else "cchc"
        key = "xep_loai_766" if index == "i766" else "xep_loai_cchc"
        word = " ".join((c.group("cat") or c.group("paren")).lower().split())
        s.emit(key, CATEGORIES[word], "category", period=s.period_at(pos), place=s.place_at(pos))


def _papi_groups(s: Sentence) -> None:
    for g in _found(s, PAPI_GROUP, "papi"):
        pos = g.start()
        index = index_concept(s.cues, pos) or s.ctx.index
        if index == "papi":
            group = PAPI_GROUPS[" ".join(g.group("g").lower().split())]
            s.emit("nhom_papi", group, "category", period=s.period_at(pos), place=s.place_at(pos))


def _word_ranks(s: Sentence) -> None:
    text = s.text
    for w in _found(s, WORD_RANK, "word_rank"):
        pos = w.start()
        if leader_group(text[:pos]) or stated_as_goal(s, pos, s.period_at(pos)) or of_other_units(text, pos):
            continue
        index = index_concept(s.cues, pos) or s.ctx.index or s.article.title_index
        picked = index_keys(s.m, index, s.cues, pos, "rank", 0)
        if not picked:
            continue
        r = RANK_OF_AFTER.match(text, w.end()) or _UNITS_RANKED.search(text[w.end() : w.end() + 60])
        rank_of = int(r.group(1)) if r else None
        value = _rank_value(w, rank_of)
        if value is None:
            continue
        g = RANK_GROUP.match(text, w.end())
        group = s.orig[g.start("g") : g.end("g")].strip(" ,") if g else None
        place, rank_of, group = within_region(s, w.end(), s.place_at(pos), rank_of, group)
        # "fourth in 2014, third in 2015": a period right after the rank is its own
        right_after = [p for p in s.periods
                       if 0 <= p.start - w.end() <= 4 and not text[w.end() : p.start].split()]
        period = right_after[0] if right_after else s.period_at(pos)
        for key in picked.keys:
            s.emit(key, value, "rank", period=period, place=place, rank_of=rank_of, rank_group=group)


def within_region(s: Sentence, end: int, place: Unit | None, rank_of: int | None,
                  group: str | None) -> tuple[Unit | None, int | None, str | None]:
    """The unit, count and group of a rank ending at *end*, read again when a region follows it:
    the nation a region's rank sits beside ("thứ 8 cả nước và thứ 2 khu vực …") is not its unit."""
    region = _REGION_AFTER.match(s.text, end)
    if region is None:
        return place, rank_of, group
    if place is not None and place.level == "national":
        place = s.article.default
    count = int(region.group("n")) if region.group("n") else None
    return place, count, _region_name(s.orig[region.start("g") : region.end("g")])


def _region_name(written: str) -> str:
    """"khu vực Bắc Trung Bộ" as written, without the words after the name ("vùng ĐBSCL và xếp
    thứ" → "vùng ĐBSCL"); "khu vực" alone when no name follows ("dẫn đầu khu vực về SIPAS")."""
    words = written.split()
    if words[0].lower() not in ("khu", "vùng"):
        return " ".join(words).strip(" ,")
    head = 2 if words[0].lower() == "khu" else 1
    name = []
    for word in words[head:]:
        if not word[:1].isupper():
            break
        name.append(word)
    return " ".join(words[:head] + name) if name else "khu vực"


def _rank_value(w: re.Match[str], rank_of: int | None) -> int | None:
    """The rank a word-rank match says: first, an ordinal, "41st", or last (the number ranked)."""
    nth = w.group("nth") or w.group("nth_en") or w.group("nth_en2")
    if w.group("first"):
        return 1
    if nth:
        return NTH[nth.lower()]
    if w.group("num_en"):
        return int(w.group("num_en"))
    return rank_of
