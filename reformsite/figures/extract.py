"""Figures in articles: which indicator, what value, for which place and period, and the quote.

The extractor works sentence by sentence (:mod:`~reformsite.figures.sentence`).  For each number (see
:mod:`~reformsite.figures.numbers`) it decides its *kind* from the words around it (a percentage, a
count of dossiers, of procedures, a score, a rank, a count of units that is not a figure at all; see
:mod:`~reformsite.figures.wording`), skips the numbers that are no figure (deltas, targets, rules,
years, counts of units: :mod:`~reformsite.figures.skips`), then picks the *concept* from the nearest
cue phrase by the number's kind (:mod:`~reformsite.figures.kinds`, cues from ``data/indicators.yaml``),
and the vocabulary maps concept + kind to a key.  Rates are taken as written and never recomputed.
This module reads a whole article: its blocks, table cells and title, then drops repeats and
headline restatements and flags contradictions.

Speed: a sentence is read with one pass of a :class:`~reformsite.figures.vocabulary.Lexicon` that finds cue
phrases, periods, place words, number masks, goal words and class/rank words together; each number
then only looks those hits up.  The rules that decide whether a figure is a result or a goal, and which
cue names a rate's subject, are in :mod:`reformsite.figures.cues`; tables in :mod:`reformsite.figures.tables`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import sentencex

from reformsite.core import canonical_tones, nfc

from .figure import TITLE_BLOCK, Figure
from .front_matter import figures_from_front_matter, merge_figures
from .lists import ListAnchor, list_figures
from .matcher import find_cues, index_concept, matcher_for, prepare_extractor
from .mentions import Unit, default_unit_from
from .pending import pending_states
from .restatements import merge_restatements
from .sentence import sentence_figures
from .state import Article, Context
from .tables import table_cells
from .vocabulary import fold_case, load_vocabulary
from .wording import gated

__all__ = [
    "Figure", "extract_figures", "figures_from_front_matter", "merge_figures", "prepare_extractor",
    "split_sentences",
]

_ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:TP|Tp|TX|Tx|TT|P|Q|ThS|TS|PGS|GS|BS|Th\.S|v\.v|St|[A-ZĐ])\.\s*$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of *text* (offsets into it).

    sentencex does the general work; it does not know Vietnamese administrative abbreviations, so a
    split right after "TP." or "TX." (as in "TP. Tây Ninh") is undone.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in sentencex.segment("vi", text):
        start, end = pos, pos + len(piece)
        pos = end
        # only the tail can end in an abbreviation (the longest, "Th.S.", plus spaces fits in 16)
        if spans and _ABBREVIATION_END.search(text[max(spans[-1][0], spans[-1][1] - 16) : spans[-1][1]]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    out = []
    for s, e in spans:
        raw = text[s:e]
        s2 = s + (len(raw) - len(raw.lstrip()))
        e2 = e - (len(raw) - len(raw.rstrip()))
        if e2 > s2:
            out.append((s2, e2))
    return out


# Old-style tone placement ("hoà", "thuỵ") in NFC text, and its new-style spelling, pair by pair: the
# same result as text.canonical_tones() without decomposing and recomposing the whole paragraph.
_OLD_VOWELS = {"oO": "àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ", "uU": "ỳýỷỹỵỲÝỶỸỴ"}
_OLD_TONE_PAIRS = {
    a + b: canonical_tones(a + b) for firsts, seconds in _OLD_VOWELS.items() for a in firsts for b in seconds
}
# (starts with a plain character class so that re skips ahead in C; the "qu" check comes second)
_OLD_TONES = re.compile(
    r"[oOuU](?<![qQ][oOuU])(?:(?<=[oO])[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|(?<=[uU])[ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])"
)


def _match_text(text: str) -> str:
    """The text cue patterns run on: new-style tones ("hoá" → "hóa"), same length as *text*."""
    return _OLD_TONES.sub(lambda m: _OLD_TONE_PAIRS[m.group()], text)


def extract_figures(
    blocks: Sequence[str],
    *,
    title: str,
    published: date,
    lang: str = "vi",
    default_unit: tuple[str, str] | None = None,
) -> list[Figure]:
    """Every figure stated in an article, in reading order (title figures that restate the body dropped).

    *blocks* are the article's paragraphs as plain text (NFC; offsets refer to the NFC text).
    *default_unit* is (level, unit_name) of the article's main place, used for sentences that name no
    unit or refer to it as "UBND xã", "Thành phố"; without it, the first place named in the title or the
    opening paragraphs stands in.
    """
    lang = "en" if lang.lower().startswith("en") else "vi"
    title = nfc(title or "")
    norm_blocks = [nfc(b) for b in blocks]
    default = Unit(*default_unit) if default_unit else default_unit_from(title, norm_blocks)
    article = Article(published, lang, default)
    title_match = _match_text(title)
    article.title_index = index_concept(
        find_cues(matcher_for(lang), fold_case(title_match), 0, len(title_match)), len(title_match)
    )
    figures: list[Figure] = []
    cells = {c.block: c for c in table_cells(norm_blocks)}
    headline = _headline_key(title)
    anchor: ListAnchor | None = None  # the last list's, for a list that carries on into the next paragraph
    for block_index, text in enumerate(norm_blocks):
        if not text.strip() or (len(text) < 2 * len(title) and _headline_key(text) == headline):
            continue  # the headline printed again atop the body is read once, as the title
        cell = cells.get(block_index)
        if cell is not None:  # a table's value, read with its row label and column header
            composed = cell.sentence()
            quote = (text, block_index, 0, len(text))
            figures.extend(
                sentence_figures(
                    article, composed, _match_text(composed), 0, len(composed), block_index, Context(), quote
                )
            )
            continue
        found, anchor = _block_figures(article, text, block_index, anchor)
        figures.extend(found)
    title_figures: list[Figure] = []
    if title.strip():
        ctx = Context()
        title_figures = [
            replace(f, flags=(*f.flags, "from_title"))
            for f in sentence_figures(article, title, title_match, 0, len(title), TITLE_BLOCK, ctx)
        ]
    figures = _dedupe(figures)
    kept_title = [f for f in title_figures if not any(_restates(f, b) for b in figures)]
    return _flag_contradictions(kept_title + merge_restatements(figures))


def _block_figures(
    article: Article, text: str, block_index: int, anchor: ListAnchor | None
) -> tuple[list[Figure], ListAnchor | None]:
    """A paragraph's figures, sentence by sentence, with the items of its parallel lists; and the
    anchor of its last list."""
    match_text = _match_text(text)
    if not gated(match_text, fold_case(match_text)):
        return [], None  # no sentence of it can hold a figure, and the context it sets ends with it
    figures: list[Figure] = []
    ctx = Context()
    for s0, s1 in split_sentences(text):
        found = pending_states(sentence_figures(article, text, match_text, s0, s1, block_index, ctx))
        listed, anchor = list_figures(text[s0:s1], found, article.lang, anchor)
        figures.extend(found)
        figures.extend(replace(f, quote=text[s0:s1], block=block_index, start=s0, end=s1) for f in listed)
    return figures, anchor


def _headline_key(text: str) -> str:
    return " ".join(fold_case(text).split()).strip(" .")


def _identity(f: Figure) -> tuple[object, ...]:
    return (f.indicator, f.unit, f.period, f.unit_name, f.tier, f.breakdown, f.rank_of, f.rank_group, f.level)


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """The same figure stated twice (same identity and value) is kept once, at its first mention."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in figures:
        key = (*_identity(f), f.value, f.qualifier)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def _restates(title_fig: Figure, body_fig: Figure) -> bool:
    """A headline figure ("Trên 7.600 hồ sơ", "hơn 4,5 ngàn") that the body states more exactly."""
    if (
        title_fig.indicator not in load_vocabulary().equivalent(body_fig.indicator)
        or title_fig.unit != body_fig.unit
    ):
        return False
    a, b = title_fig.value, body_fig.value
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if a == b:
        return True
    q = title_fig.qualifier
    if q == "exact":  # a headline rounds ("99,8%" for 99,81%; "4,5 ngàn" for 4.528), no more
        return _rounds_to(b, a)
    if (q == "over" and b < a) or (q == "under" and b > a):
        return False
    return abs(a - b) <= 0.1 * max(abs(a), abs(b))


def _rounds_to(exact: float, shown: float) -> bool:
    """Whether *shown* is *exact* rounded to as many places as *shown* is written with."""
    if float(shown).is_integer():
        digits = str(int(shown))
        zeros = len(digits) - len(digits.rstrip("0")) if int(shown) else 0
        return round(exact, -zeros) == shown
    places = len(repr(float(shown)).partition(".")[2])
    return round(exact, places) == shown


def _flag_contradictions(figures: list[Figure]) -> list[Figure]:
    values: dict[tuple[object, ...], set[object]] = {}
    for f in figures:
        if f.block != TITLE_BLOCK:
            values.setdefault(_identity(f), set()).add(f.value)
    out = []
    for f in figures:
        if (
            f.block != TITLE_BLOCK
            and len(values.get(_identity(f), ())) > 1
            and "contradiction" not in f.flags
        ):
            f = replace(f, flags=(*f.flags, "contradiction"))
        out.append(f)
    return out
