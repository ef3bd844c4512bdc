"""Which language an article is written in, when its front matter does not say: Vietnamese or English.

The portal's articles are Vietnamese, and provincial papers' English editions are the other kind it
gets.  The two are told apart by their commonest words, which each language uses in every sentence
and the other never.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+")
_VIETNAMESE = frozenset([
    "và", "của", "các", "được", "là", "trong", "cho", "những", "với", "có", "đã", "này", "không",
    "người", "theo", "một", "để", "từ", "đến", "trên", "về", "tại", "khi", "hồ", "sơ", "thủ", "tục",
    "hành", "chính",
])
_ENGLISH = frozenset([
    "the", "of", "and", "to", "in", "is", "was", "for", "on", "with", "that", "by", "as", "at", "from",
    "are", "were", "have", "has", "which", "this", "its", "an", "be", "their", "been",
])
# Texts long enough to judge by their letters, and the share of bytes beyond ASCII that tells
# Vietnamese (≈0.22–0.33 in real pages) from English (≤0.02).
_SHORTEST = 200
_VIETNAMESE_MARKS = 0.12
_ENGLISH_MARKS = 0.04
_ENGLISH_WORD = re.compile(r"\b(?:the|and|of|to|is|was|with|for)\b", re.IGNORECASE)
# Enough words of either kind to judge by, and how far one must outnumber the other.
_AT_LEAST = 8
_MARGIN = 3


def guess_language(text: str, *, sample: int = 1200) -> str | None:
    """"vi" or "en" for a text that is clearly one of them, else None (too short, or mixed).

    Vietnamese marks most syllables, so a quarter of its letters or more are not ASCII; English
    with a few Vietnamese names has hardly any.  Only a text in between is judged by its words."""
    head = unicodedata.normalize("NFC", text[:sample])
    if len(head) >= _SHORTEST:
        marked = (len(head.encode()) - len(head)) / len(head)   # UTF-8 bytes beyond one per character
        if marked >= _VIETNAMESE_MARKS:
            return "vi"
        if marked <= _ENGLISH_MARKS:
            return "en" if _ENGLISH_WORD.search(head) else None
    words = _WORD.findall(head.casefold())
    vietnamese = sum(map(_VIETNAMESE.__contains__, words))
    english = sum(map(_ENGLISH.__contains__, words))
    if vietnamese + english < _AT_LEAST:
        return None
    if english >= _MARGIN * vietnamese:
        return "en"
    if vietnamese >= _MARGIN * english:
        return "vi"
    return None
