"""Vietnamese text normalisation shared by every stage.

Vietnamese text arrives in NFC and NFD, with old-style ("hoà") and new-style ("hòa") tone placement,
and with or without diacritics (URLs, phone keyboards).  Every comparison of names goes through
these functions so that one spelling rule holds across the site.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Combining tone marks (the five Vietnamese tones); circumflex, breve and horn are letters, not tones.
_TONES = "\u0300\u0301\u0303\u0309\u0323"

# "oà", "oé", "uỳ" at the end of a syllable carry the tone on the first vowel in the canonical style
# (hòa, khỏe, thủy).  "qu" is a consonant cluster, so "quý" keeps its tone where it is.
_TONE_ON_SECOND = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![^\W\d_])|(?<![qQ])([uU])([yY])([{_TONES}])(?![^\W\d_])"
)

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                          "\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC, the only form stored anywhere in the site model."""
    return unicodedata.normalize("NFC", text)


def canonical_tones(text: str) -> str:
    """Move tone marks to the canonical vowel: "Hoà" → "Hòa", "Thuỵ" → "Thụy", "Quý" unchanged."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1) + match.group(3) + match.group(2)
        return match.group(4) + match.group(6) + match.group(5)

    return unicodedata.normalize("NFC", _TONE_ON_SECOND.sub(move, decomposed))


def fold_diacritics(text: str) -> str:
    """Strip every diacritic and map đ → d: "Đồng Khởi" → "Dong Khoi"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 16)   # pure, and called for the same place names over and over
def name_key(text: str, *, fold: bool = False) -> str:
    """The form in which two Vietnamese names are compared.

    NFC, canonical tone placement, lower case, unified hyphens and apostrophes, single spaces.
    With ``fold=True`` diacritics are dropped too, for ASCII input such as URLs or search queries.
    """
    key = canonical_tones(text).translate(_HYPHENS).casefold()
    key = " ".join(key.split())
    return fold_diacritics(key) if fold else key


def slugify(text: str, *, max_length: int = 80) -> str:
    """URL slug: diacritics folded, đ → d, lower case, words joined by hyphens.

    "Đồng Khởi" → "dong-khoi".  Cut on a word boundary at *max_length* characters.
    """
    slug = _NON_SLUG.sub("-", fold_diacritics(nfc(text)).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


# What no text of the site may hold: NUL and the other control characters but tab, line feed and
# carriage return (C0, DEL and C1: a page, a feed or a spreadsheet has no room for them, and a
# terminal acts on ESC), and halves of UTF-16 pairs (a YAML or JSON "\ud800" escape), which no
# UTF-8 file can be written with.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def invalid_character(text: str) -> str | None:
    """The first character of *text* that is not valid text, as "U+0000, NUL", or None."""
    if (match := _INVALID.search(text)) is None:
        return None
    code = ord(match.group())
    what = "NUL" if code == 0 else "half of a UTF-16 pair" if code >= 0xD800 else "a control character"
    return f"U+{code:04X}, {what}"


def without_invalid(text: str) -> str:
    """*text* without the characters invalid_character finds."""
    return _INVALID.sub("", text)
