"""Place names in English text: "Binh Thuan province", "Phu Giao District", "the city of Hue", "Hanoi".

English editions write names without diacritics (or with them), put the type word after the name
or leave it out, and capitalise it or not.  Names are read as runs of capitalised words and looked
up in the gazetteer's folded index (diacritics dropped, đ → d); a name with no type word counts
only as a province.  The candidates are then resolved like any other mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reformsite.core import fold_diacritics

from .gazetteer import Gazetteer, Place
from .mentions import Mention
from .names import SourceText

# English type words and the levels each can name.  A "city" is a centrally-run city (a province)
# or a provincial city (a district); a "town" a thị xã or a thị trấn.
_LEVELS = {
    "province": ("province",), "city": ("province", "district"), "district": ("district",),
    "town": ("district", "commune"), "township": ("commune",), "commune": ("commune",),
    "ward": ("commune",), "special zone": ("commune",), "provincial": ("province",),
}
# The Vietnamese types each English one says first: a "city" is a thành phố before a tỉnh.
_EXACT = {
    "province": ("tỉnh", "thành phố"), "city": ("thành phố",), "district": ("huyện", "quận"),
    "town": ("thị xã", "thị trấn"), "township": ("thị trấn",), "commune": ("xã",), "ward": ("phường",),
    "special zone": ("đặc khu",), "provincial": ("tỉnh", "thành phố"),
}
_TYPES = "special zone|provincial|province|city|district|township|town|commune|ward"
_WORD = re.compile(r"[^\W_][\w'’]*")
# Words of one name stand apart by a space or a hyphen ("Ba Ria-Vung Tau"); five at most.
_JOIN = re.compile(r"[^\S\n]+|[^\S\n]*-[^\S\n]*")
_LONGEST = 5
_ZONE = re.compile(r"[^\S\n]+zone\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
Word = tuple[str, int, int]            # a word and where it starts and ends
_AFTER = re.compile(rf"[^\S\n]*(?:'s[^\S\n]+)?({_TYPES})\b", re.IGNORECASE)
_BEFORE = re.compile(rf"\b(?:the[^\S\n]+)?({_TYPES})[^\S\n]+of[^\S\n]+$", re.IGNORECASE)
# Capitalised words that start sentences or titles, never a place's own name ("A" and "An" are:
# A Lưới, An Giang).
_NOT_NAMES = frozenset([
    "the", "in", "on", "at", "of", "for", "and", "to", "by", "from", "with", "this", "that",
    "these", "those", "as", "it", "its", "people's", "committee", "chairman", "vice", "deputy",
    "secretary", "director", "department", "vietnam", "national", "provincial", "municipal", "mr", "ms",
    "mrs", "dr",
])
# Family names: a province name right after one is a person ("Nguyen Thi Ha Giang").
_SURNAMES = frozenset([
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho",
    "ngo", "duong", "ly", "dinh", "truong", "lam", "mai", "trinh", "doan", "luong", "ta", "chau",
    "trieu", "van", "thi", "dao", "quach", "to", "kieu", "lai", "tang", "luu",
])


def scan_english(source: SourceText, gazetteer: Gazetteer, taken: Iterable[tuple[int, int]]) -> list[Mention]:
    """Mentions in English text outside the spans already *taken* by Vietnamese ones."""
    text = source.text
    covered = list(taken)
    found: list[Mention] = []
    for words in _runs(text):
        typed = _typed(text, words, gazetteer)
        hits = [typed] if typed else _bare(words, gazetteer)
        for start, end, type_word, candidates in hits:
            if any(s < end and start < e for s, e in covered):
                continue
            line, col = source.position(start)
            found.append(Mention(start, end, line, col, text[start:end], type_word, candidates))
            covered.append((start, end))
    return found


def _runs(text: str) -> Iterable[list[Word]]:
    """Runs of capitalised words; a type word ("District", "City") ends a run."""
    run: list[Word] = []
    for match in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", match.group())
        joined = bool(run) and _JOIN.fullmatch(text, run[-1][2], match.start()) is not None
        if run and (not joined or len(run) == _LONGEST):
            yield run
            run = []
        folded = word.casefold()
        is_type = folded in _LEVELS or (folded == "special" and _ZONE.match(text, match.end()) is not None)
        if word[0].isupper() and not is_type:
            run.append((word, match.start(), match.start() + len(word)))
        elif run:
            yield run
            run = []
    if run:
        yield run


def _key(words: list[Word]) -> str:
    return fold_diacritics(" ".join(w for w, _, _ in words)).casefold().replace("’", "'")


def _typed(text: str, words: list[Word], gazetteer: Gazetteer
           ) -> tuple[int, int, str, tuple[Place, ...]] | None:
    """The run's last words as a name with an English type word after or before them."""
    after = _AFTER.match(text, words[-1][2])
    before = _BEFORE.search(text, max(0, words[0][1] - 24), words[0][1])
    type_match = after or before
    if type_match is None:
        return None
    type_word = " ".join(type_match.group(1).casefold().split())
    levels = _LEVELS[type_word]
    for first in range(len(words)):
        name = words[first:]
        if name[0][0].casefold() in _NOT_NAMES:
            continue
        candidates = _candidates(_key(name), levels, gazetteer)
        exact = tuple(c for c in candidates if any(gazetteer.has_type(c, t) for t in _EXACT[type_word]))
        candidates = exact or candidates
        if candidates:
            end = after.end() if after else name[-1][2]
            start = name[0][1] if after else before.start(1)
            return start, end, type_word, candidates
    return None


def _bare(words: list[Word], gazetteer: Gazetteer
          ) -> list[tuple[int, int, str | None, tuple[Place, ...]]]:
    """Province names inside a run of capitalised words, longest first: "Binh Duong Public Service"."""
    hits = []
    first = 0
    while first < len(words):
        for last in range(len(words), first, -1):
            name = words[first:last]
            if first and words[first - 1][0].casefold() in _SURNAMES:
                break
            candidates = _candidates(_key(name), ("province",), gazetteer)
            if candidates and name[0][0].casefold() not in _NOT_NAMES:
                hits.append((name[0][1], name[-1][2], None, candidates))
                first = last - 1
                break
        first += 1
    return hits


def _candidates(key: str, levels: tuple[str, ...], gazetteer: Gazetteer) -> tuple[Place, ...]:
    ids = gazetteer.folded_ids(key) or gazetteer.folded_ids(key.replace("-", " "))
    return tuple(p for p in map(gazetteer.get, ids) if p.level in levels)
