"""The words readers see for a figure's unit, tier, grade and breakdown, in the site's language.

Every text comes from the ``labels`` section of the vocabulary file (reformsite/data/indicators.yaml),
so a page never shows a key ("ty_le_dung_han", "cap_xa", "percent") or a key's folded spelling
("co che mot cua").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .vocabulary import Labels, load_vocabulary

_WORD = re.compile(r"[^\W\d_]+")


def _labels() -> Labels:
    return load_vocabulary().labels


@functools.lru_cache(maxsize=64)
def unit_label(unit: str, lang: str = "vi") -> str:
    """What a unit measures: "hồ sơ", "%", "thứ hạng"; an unknown unit as it is named."""
    return _labels().units[Labels.language(lang)].get(unit, unit)


@functools.lru_cache(maxsize=64)
def unit_after(unit: str, lang: str = "vi") -> str:
    """What follows a number of *unit*: " hồ sơ", "%", or nothing for ranks, grades and counts."""
    return _labels().after[Labels.language(lang)].get(unit, "")


def tier_label(tier: str | None, lang: str = "vi") -> str:
    """"cấp xã", "toàn tỉnh"; "" for no tier."""
    if not tier:
        return ""
    return _labels().tiers[Labels.language(lang)].get(tier, tier)


def grade_label(value: str, lang: str = "vi") -> str:
    """A category figure's value: "Tốt", "Nhóm cao nhất"."""
    return _labels().grades[Labels.language(lang)].get(value, value)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_in(quote: str, folded: str) -> str | None:
    """The words of *quote* whose folded, underscore-joined form is *folded* ("tu_phap" → "tư pháp"),
    lower-cased: the extractor keeps an unlisted field's name only folded."""
    wanted = folded.split("_")
    words = _WORD.findall(quote)
    for i in range(len(words) - len(wanted) + 1):
        if all(_fold(words[i + j]) == w for j, w in enumerate(wanted)):
            return " ".join(words[i:i + len(wanted)]).lower()
    return None


def breakdown_label(key: str, value: str, lang: str = "vi", quote: str = "") -> str:
    """One breakdown as readers see it: {muc_do: 3,4} → "mức độ 3, 4"; {co_che: mot_cua} → "cơ chế
    một cửa"; an unlisted field's name as the quote writes it ("lĩnh vực tư pháp")."""
    labels, lang = _labels(), Labels.language(lang)
    if (text := labels.breakdown_values[lang].get((key, value))) is not None:
        return text
    if "_" in value or value.isalpha():
        value = words_in(quote, value) or value.replace("_", " ")
    pattern = labels.breakdown_names[lang].get(key, "{value}")
    return pattern.replace("{value}", value.replace(",", ", "))


def breakdowns_label(breakdown: tuple[tuple[str, str], ...], lang: str = "vi", quote: str = "") -> str:
    """All of a figure's breakdowns, comma-separated ("" for none)."""
    return ", ".join(breakdown_label(key, value, lang, quote) for key, value in breakdown)
