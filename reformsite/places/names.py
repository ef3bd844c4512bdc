"""Type words and names as Vietnamese text writes them: what the scanners read, word by word.

Pure functions and compiled patterns; nothing here knows an article.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from reformsite.core import nfc

from .gazetteer import WORD_RE, Era, Gazetteer, Place, word_key

REFORM_DATE = date(2025, 7, 1)  # districts abolished, provinces merged


def era_of(published: date) -> Era:
    """The era of the units an article of that date names by default."""
    return "old" if published < REFORM_DATE else "new"

# Type words as written, abbreviations included.  Full words must end at a word boundary; the
# abbreviations end with their dot ("TP.HCM") or, for a dotless "TP", with a space.  Spelled out in
# lower, Capitalised, Title and UPPER case rather than with re.IGNORECASE, which is slower on
# Vietnamese text.
_TYPE_WORDS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường")
# The abbreviations as (first letter, rest).
_ABBREVIATED = (
    *((c, r"\.[pP]\.?") for c in "tT"), *((c, r"[pP]\.") for c in "tT"), *((c, r"[xX]\.") for c in "tT"),
    *((c, r"[tT]\.") for c in "tT"), *((c, r"[pP](?=[^\S\n])") for c in "tT"),
    *((c, r"\.(?=[^\S\n]?[\dA-ZĐ])") for c in "QPH"), ("Q", r"(?=\d)"),
)
# After a word's first letter: the letter before it is no letter or digit.  Checked there, not
# before the letter, so that the pattern begins with its first letters: only then does Python's
# engine skip to the positions where one of them stands instead of trying every position.
WORD_START = r"(?<![^\W_].)"


def word_start_pattern(alternatives: Iterable[tuple[str, str]]) -> str:
    """Alternatives given as (first letter, rest of the pattern) that must begin a word, as one
    pattern that branches on the first letter; alternatives of one letter keep their order."""
    by_letter: dict[str, list[str]] = {}
    for letter, rest in alternatives:
        by_letter.setdefault(letter, []).append(rest)
    return "(?:" + "|".join(re.escape(letter) + WORD_START + "(?:" + "|".join(rests) + ")"
                            for letter, rests in by_letter.items()) + ")"


def _case_forms(phrase: str) -> set[str]:
    title = " ".join(w[:1].upper() + w[1:] for w in phrase.split())
    return {phrase, phrase[:1].upper() + phrase[1:], title, phrase.upper()}


def _whole_words(phrases: Iterable[str]) -> list[tuple[str, str]]:
    """Every case form of the phrases, longest first, as (first letter, rest ending the word)."""
    forms = sorted({f for p in phrases for f in _case_forms(p)}, key=lambda f: (-len(f), f))
    return [(f[0], re.escape(f[1:]).replace(r"\ ", r"[^\S\n]+") + r"(?![^\W_])") for f in forms]


TYPE_RE = re.compile(word_start_pattern([*_whole_words(_TYPE_WORDS), *_ABBREVIATED]))
CITY_RE = re.compile(word_start_pattern(_whole_words(["thành phố"])))
_TYPE_KEY_JUNK = re.compile(r"[\s.]")
_TYPE_OF = {
    "thànhphố": "thành phố", "tp": "thành phố", "thịxã": "thị xã", "tx": "thị xã",
    "thịtrấn": "thị trấn", "tt": "thị trấn", "đặckhu": "đặc khu", "tỉnh": "tỉnh", "huyện": "huyện",
    "quận": "quận", "xã": "xã", "phường": "phường", "q": "quận", "p": "phường", "h": "huyện",
}
# One-letter abbreviations ("Q.1", "Q1", "P.Tân Định", "H.Củ Chi") are also reporters' initials
# ("Q.Anh"): they count only when the name after them is a unit of that type.
ABBREVIATIONS = frozenset({"q", "p", "h"})


def is_abbreviation(written: str) -> bool:
    return _TYPE_KEY_JUNK.sub("", written).lower() in ABBREVIATIONS


def type_word_of(written: str) -> str:
    """The canonical type word of one as written: "TP." → "thành phố", "Thị  xã" → "thị xã"."""
    return _TYPE_OF[_TYPE_KEY_JUNK.sub("", written).lower()]

# Which levels a type word can name.  "thành phố" is both a province (Cần Thơ) and a district (Bến Tre).
LEVELS_OF = {
    "tỉnh": ("province",), "thành phố": ("province", "district"), "huyện": ("district",),
    "quận": ("district",), "thị xã": ("district",), "xã": ("commune",), "phường": ("commune",),
    "thị trấn": ("commune",), "đặc khu": ("commune",),
}
SPACE = re.compile(r"[^\S\n]*")
NAME_SEP = re.compile(r"[^\S\n]*[-‐‑‒–—][^\S\n]*|[^\S\n]+")
# After a name: a parent in the same phrase ("xã X, huyện Y", "xã X (huyện Y)", "xã X thuộc huyện Y").
PARENT_SEP = re.compile(r"[^\S\n]*(?:,|\(|[-–—]|thuộc)[^\S\n]*(?:thuộc[^\S\n]+)?", re.IGNORECASE)
ERA_NOTE = re.compile(r"[^\S\n]*\((cũ|mới)\)", re.IGNORECASE)
# A number that is a quantity, not a ward's name: "9/20", "1.245", "12.4".
NUMBER_TAIL = re.compile(r"[./,:]\d")

SEP_MARK = "\x00"
_OLD_STYLE = re.compile("(?<![qQ])([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aAeEyY])$")


def old_style_tone(word: str) -> str:
    """The inverse of ``text.canonical_tones`` for one word: "Hòa" → "Hoà" (for matching raw text)."""
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(r"\1\3\2", unicodedata.normalize("NFD", word)))


def trie_pattern(words: Sequence[str], after_first: str = "") -> str:
    """The words as one pattern shaped like a trie; *after_first* goes after each first letter."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, first: bool = False) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            if ch == SEP_MARK:
                head = r"(?:[^\S\n]*[-‐‑‒–—][^\S\n]*|[^\S\n]+)"
            elif ch == "'":
                head = r"['’ʼ‘][^\S\n]?"
            else:
                head = re.escape(ch)
            branches.append(head + (after_first if first else "") + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A name that is also the start of a longer one: try the longer first, fall back by backtracking.
        return f"(?:{body})?" if "" in node else body

    return emit(trie, first=True)


def is_capitalised(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def read_name(text: str, pos: int, max_words: int) -> list[tuple[str, int, int]]:
    """The capitalised words from *pos*: (word, start, end), stopping at the first lower-case one."""
    words: list[tuple[str, int, int]] = []
    while len(words) < max_words:
        if words:
            sep = NAME_SEP.match(text, pos)
            if sep is None or sep.end() == pos:
                break
            pos = sep.end()
        m = WORD_RE.match(text, pos)
        if m is None or not is_capitalised(m.group()):
            break
        words.append((m.group(), m.start(), m.end()))
        pos = m.end()
    return words


def lower_case_tail(text: str, words: list[tuple[str, int, int]], type_word: str,
                     gazetteer: Gazetteer) -> list[tuple[str, int, int]]:
    """The lower-case word after a name when, with it, the name is a unit of that type: the official
    list spells seven communes so ("Xã Pa ủ", "Xã Ya ly", "Xã Nậm ét"), and writers copy it."""
    sep = NAME_SEP.match(text, words[-1][2])
    if sep is None or sep.end() == sep.start():
        return []
    m = WORD_RE.match(text, sep.end())
    if m is None or is_capitalised(m.group()):
        return []
    key = " ".join(word_key(w) for w, _, _ in words) + " " + word_key(m.group())
    if not level_candidates(gazetteer, gazetteer.ids_for_key(key), type_word):
        return []
    return [(m.group(), m.start(), m.end())]


def same_level(gazetteer: Gazetteer, ids: Iterable[str], type_word: str) -> tuple[Place, ...]:
    levels = LEVELS_OF[type_word]
    return tuple(p for p in map(gazetteer.get, ids) if p.level in levels)


def level_candidates(gazetteer: Gazetteer, ids: Iterable[str], type_word: str) -> tuple[Place, ...]:
    """Places of the level a type word names; the exact type first, then any type of that level.

    The fallback catches upgrades the article predates or postdates ("huyện Phú Quốc" became a
    thành phố; "tỉnh Quảng Ninh" is typed a thành phố in the newest data).
    """
    levels = LEVELS_OF[type_word]
    places = [p for p in map(gazetteer.get, ids) if p.level in levels]
    exact = tuple(p for p in places if p.type == type_word or gazetteer.has_type(p, type_word))
    return exact or tuple(places)


class SourceText:
    """A text normalised once, with a fast offset → (line, col) conversion."""

    def __init__(self, text: str, first_line: int) -> None:
        # NFC only: names are compared word by word through ``word_key``, which canonicalises tone
        # placement; doing it here for the whole text would cost more than the rest of the tagger.
        self.text = nfc(text)
        self.first_line = first_line
        self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.first_line + index, offset - self._starts[index] + 1
