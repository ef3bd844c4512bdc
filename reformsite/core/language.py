"""Which language an article is written in, when its front matter does not say: Vietnamese or English.

The portal's articles are Vietnamese, and provincial papers' English editions are the other kind it
gets.  The two are told apart by their commonest words, which each language uses in every sentence
and the other never.
"""

from __future__ import annotations

import re

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
# Enough words of either kind to judge by, and how far one must outnumber the other.
_AT_LEAST = 8
_MARGIN = 3


def guess_language(text: str, *, sample: int = 4000) -> str | None:
    """"vi" or "en" for a text that is clearly one of them, else None (too short, or mixed)."""
    words = [w.casefold() for w in _WORD.findall(text[:sample])]
    vietnamese = sum(w in _VIETNAMESE for w in words)
    english = sum(w in _ENGLISH for w in words)
    if vietnamese + english < _AT_LEAST:
        return None
    if english >= _MARGIN * vietnamese:
        return "en"
    if vietnamese >= _MARGIN * english:
        return "vi"
    return None
