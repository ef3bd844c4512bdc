"""The figures of one sentence: one scan of it, then a walk over its numbers in which each number is
located, tested against the skips, picked a concept by its kind, and emitted; then the zeros,
classes and ranks said in words; last, what the sentence leaves for the next to assume."""

from __future__ import annotations

import re
from dataclasses import replace

from .cues import plan_start_from
from .figure import Figure
from .kinds import PICKERS, pick_near, read_as_index
from .matcher import Cue, Matcher, cue_concepts, find_cues, index_concept, matcher_for
from .mentions import Unit, unit_mentions
from .numbers import Number, find_numbers_prescanned
from .periods import find_periods
from .ranks import word_figures
from .skips import (
    counts_units,
    is_cause_share,
    is_change,
    is_goal,
    is_per_time,
    is_target,
    is_threshold_of_units,
    is_year,
    note_unit_count,
    stated_as_goal,
)
from .state import Article, Context, NumberAt, Quote, Sentence, Taken, period_for, unit_for, unit_of
from .vocabulary import fold_case, load_vocabulary
from .wording import (
    BREAKDOWN_HINT,
    COMPARED,
    COMPARED_KIND,
    INDEX_WORDS,
    PERIOD_WORDS,
    YEAR_AFTER,
    breakdown_for,
    gated,
    number_kind,
    segment_start,
    short_right,
)

_SETTLED_OF_TOTAL = ("tiep_nhan_giai_quyet", "giai_quyet", "tiep_nhan")


def sentence_figures(
    article: Article,
    text: str,
    match_text: str,
    s0: int,
    s1: int,
    block: int,
    ctx: Context,
    quote: Quote | None = None,
) -> list[Figure]:
    """Figures of the sentence text[s0:s1] (offsets are into the whole block); *quote* (text, block,
    start, end) stands for the sentence in the figures when it was composed (a table cell's)."""
    m = matcher_for(article.lang)
    sentence = text[s0:s1]
    orig = match_text[s0:s1]
    quote = quote or (sentence, block, s0, s1)
    # Every scan below runs on the lower-cased text with case-blind patterns (see compile_folded);
    # only rank groups are cut from the original.
    low = fold_case(orig)
    if not gated(low, low):
        _note_context(article, m, low, ctx)
        return []
    s = _scan(article, ctx, m, sentence, orig, low, quote)
    for i, number in enumerate(s.numbers):
        _read_number(s, i, number)
    if s.hits["zero"]:
        _zeros(s)
    word_figures(s)
    out = s.figures
    out.sort(key=lambda f: f.start)
    _carry_context(s)
    return split_on_time(out, s.text, s.cues)


def _note_context(article: Article, m: Matcher, low: str, ctx: Context) -> None:
    """A sentence that can hold no figure still sets the period or index the next ones assume."""
    periods = find_periods(low, published=article.published) if PERIOD_WORDS.search(low) else []
    if periods:
        ctx.period = periods[-1]
    if INDEX_WORDS.search(low):
        index = index_concept(find_cues(m, low, 0, len(low)), len(low))
        if index:
            ctx.index = index


def _scan(
    article: Article, ctx: Context, m: Matcher, sentence: str, orig: str, low: str, quote: Quote
) -> Sentence:
    """The sentence read with one Lexicon scan: its periods, numbers, cues and places."""
    hits = m.lexicon.scan(low)
    # "cao hơn 0,33% so với năm 2022": the year compared with is not the period of what comes before it
    # (but "So với năm 2023, khi tỉnh đạt 78,66%" is the period of what follows)
    periods = [
        replace(p, kind=COMPARED_KIND) if COMPARED.search(low, max(0, p.start - 16), p.start) else p
        for p in find_periods(low, published=article.published, hits=hits["period"])
    ]
    numbers = find_numbers_prescanned(
        orig,
        low,
        lang=article.lang,
        masked=[(p.start, p.end) for p in periods] + [(a, b) for _, a, b in hits["mask"]],
        word_numbers=[(w, a) for w, a, b in hits["wordnum"] if not YEAR_AFTER.match(low, b)],
    )
    cues = [Cue(a, b, cue_concepts(m, low[a:b], name)) for name, a, b in hits["cue"]]
    mentions = unit_mentions(sentence, low, hits)
    # digits that are part of a place name ("xã Sơn Kim 1", "Phường 3"), and "một" ("một hồ sơ chậm …
    # gây phiền hà"), which is the article "a" far more often than the count 1
    named = [(x.start, x.end) for x in mentions if x.name]
    numbers = [
        n
        for n in numbers
        if not (n.word and n.value == 1) and not any(a <= n.start and n.end <= b for a, b in named)
    ]
    # goals, targets ("tối thiểu") and rates per day come from the one scan, checked for each number;
    # (positional: a sentence is made for every one read, and keywords cost more)
    return Sentence(
        article, ctx, m, load_vocabulary(), low, orig, quote, hits, periods, numbers, cues, mentions,
        plan_start_from(hits["plan"], len(low)),  # plan_pos
        [(a, b) for _, a, b in hits["target"]],  # targets
        [(a, b) for _, a, b in hits["per_time"]],  # per_time
        BREAKDOWN_HINT.search(low) is not None,  # any_breakdown: most sentences have none
    )


def _read_number(s: Sentence, i: int, number: Number) -> None:
    """Emit the figures of one number, or skip it; either way, update what the next number leans on."""
    at = _locate(s, i, number)
    if counts_units(s, at):
        s.prev = None
        note_unit_count(s, at)
        return
    if at.kind == "co_quan":
        at.kind = "count"
    if (
        is_year(at)
        or is_threshold_of_units(s, at)
        or is_change(s, at)
        or is_cause_share(s, at)
        or is_goal(s, at)
        or is_target(s, at)
        or is_per_time(s, at)
    ):
        s.prev = None
        return
    at.place = unit_for(s.mentions, number.start, s.ctx, s.article.default)
    at.period = period_for(s.periods, number.start, s.ctx, s.text)
    _read_phrase(s, at)
    if read_as_index(s, at):
        return
    picked = PICKERS.get(at.kind, pick_near)(s, at)
    if picked is None:
        s.prev = None
        return
    concept, keys = picked
    extra = s.m.breakdown.get(concept)
    breakdown = tuple(sorted({**dict(at.breakdown), **({extra[0]: extra[1]} if extra else {})}.items()))
    figure = None
    if at.kind == "ho_so" and number.denominator is not None and concept in _SETTLED_OF_TOTAL:
        figure = s.emit("hs_da_giai_quyet", number.value, "ho_so", number=number,
                        period=at.period, place=at.place, breakdown=breakdown)
        s.emit("hs_can_giai_quyet", number.denominator, "ho_so", number=number,
               period=at.period, place=at.place, breakdown=breakdown)
        concept = "giai_quyet"
    else:
        fraction = at.kind == "ho_so" and number.denominator is not None
        for key in keys:
            unit = "ho_so" if fraction else unit_of(key, at.kind, s.vocab)
            figure = s.emit(key, number.value, unit, number=number,
                            period=at.period, place=at.place, breakdown=breakdown)
    s.prev_prev, s.prev = s.prev, Taken(number, concept, keys, figure)


def _locate(s: Sentence, i: int, number: Number) -> NumberAt:
    """The number with its kind and the words before and after it that are its own."""
    numbers, text = s.numbers, s.text
    prev_end = numbers[i - 1].end if i else 0
    seg_start = segment_start(text, number.start)
    # the previous number's own noun phrase ("1.105 HS trực tuyến") says nothing about this one
    left_start = max(prev_end, seg_start, min(s.prev_phrase_end, number.start))
    next_start = numbers[i + 1].start if i + 1 < len(numbers) else len(text)
    kind = number_kind(text, number, text[max(0, number.start - 40) : number.start], s.article.lang)
    return NumberAt(i, number, kind, seg_start, left_start, text[left_start : number.start], next_start,
                    prev_end, text[number.end : number.end + 30])


def _read_phrase(s: Sentence, at: NumberAt) -> None:
    """The number's own phrase: where it ends, the breakdown it names, the cues on either side."""
    number, cues = at.number, s.cues
    at.short_end = s.prev_phrase_end = short_right(s.text, number.end, at.next_start)
    if s.any_breakdown:
        at.breakdown = breakdown_for(s.text, at.seg_start, number.start, at.short_end)
    at.left_cues = [c for c in cues if at.left_start <= c.start and c.end <= number.start]
    at.right_cues = [c for c in cues if number.end <= c.start and c.end <= at.short_end]


def _zeros(s: Sentence) -> None:
    """ "không có hồ sơ trễ hạn": no late dossiers is a count of zero."""
    for _, pos, zero_end in s.hits["zero"]:
        place = s.place_at(pos)
        period = s.period_at(pos)
        if stated_as_goal(s, pos, period):
            continue
        breakdown = breakdown_for(s.text, segment_start(s.text, pos), pos, zero_end)
        s.emit("hs_tre_han", 0, "ho_so", period=period, place=place, breakdown=breakdown)


def _carry_context(s: Sentence) -> None:
    """What the next sentences assume: the period, index and place this one stated last."""
    ctx = s.ctx
    if stated := [p for p in s.periods if p.kind != COMPARED_KIND]:
        ctx.period = stated[-1]
    index = index_concept(s.cues, len(s.text))
    if index:
        ctx.index = index
    if s.figures:
        last = s.figures[-1]
        ctx.unit = Unit(last.level, last.unit_name, last.tier)


_COMBINED_ON_TIME = re.compile(
    r"(?:đúng|trước|sớm)(?:\s+thời)?\s+(?:hạn|hẹn)\s*(?:,|và|hoặc|/|-)\s*(?:đúng|trước|sớm)"
    r"|(?:đúng|trước|sớm)\s+(?:và|,)\s+(?:đúng|trước|sớm)"
)


def split_on_time(figures: list[Figure], text: str, cues: list[Cue]) -> list[Figure]:
    """ "đúng hạn" counted next to a separate "trước hạn" figure is the exactly-on-time part only."""
    has_early = {
        (f.period, f.unit_name, f.tier, f.breakdown)
        for f in figures
        if f.indicator in ("hs_truoc_han", "ty_le_truoc_han")
    }
    if not has_early:
        return figures
    out = []
    for f in figures:
        if (
            f.indicator in ("hs_dung_han", "ty_le_dung_han")
            and (f.period, f.unit_name, f.tier, f.breakdown) in has_early
            and not _COMBINED_ON_TIME.search(f.quote)
        ):
            f = replace(f, indicator=f.indicator.replace("dung_han", "dung_han_rieng"))
        out.append(f)
    return out
