"""What the extractor knows while it reads: the article, what a paragraph has said so far, the
sentence at hand with its one scan, and the number being read.  Every figure read from text is made
by :meth:`Sentence.emit`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .figure import Figure
from .matcher import Cue, Matcher
from .mentions import Mention, Unit, resolve_unit
from .numbers import Number
from .periods import Period
from .vocabulary import Vocabulary
from .wording import COMPARED_KIND

Breakdown = tuple[tuple[str, str], ...]
Quote = tuple[str, int, int, int]  # the quoted text, its block, and its offsets in that block


@dataclass
class Context:
    """What a paragraph has said so far: used for sentences that leave the period, place or index implicit."""

    period: Period | None = None
    unit: Unit | None = None
    index: str | None = None


@dataclass
class Article:
    published: date
    lang: str
    default: Unit | None
    title_index: str | None = None
    figures: list[Figure] = field(default_factory=list)


@dataclass(slots=True)
class Taken:
    """A number read as a figure: a share or a part that follows it may be of it."""

    number: Number
    concept: str
    keys: tuple[str, ...]
    figure: Figure | None  # the last figure made of it (None when its concept gave no key)


@dataclass(slots=True)
class Sentence:
    """One sentence as scanned, and what the walk over its numbers has seen so far."""

    article: Article
    ctx: Context
    m: Matcher
    vocab: Vocabulary
    text: str  # lower-cased: every pattern reads this
    orig: str  # as written (tones new-style, same length): rank groups are cut from it
    quote: Quote
    hits: Mapping[str, list[tuple[str, int, int]]]  # the Lexicon scan of *text*
    periods: list[Period]
    numbers: list[Number]
    cues: list[Cue]
    mentions: list[Mention]
    plan_pos: int  # where the sentence's goals start (its length when it states none)
    targets: list[tuple[int, int]]
    per_time: list[tuple[int, int]]
    any_breakdown: bool
    figures: list[Figure] = field(default_factory=list)
    prev: Taken | None = None  # the number read last, unless a number was skipped since
    prev_prev: Taken | None = None  # the one read before *prev*
    prev_phrase_end: int = 0  # where the last figure's own phrase ends
    unit_count_end: int = 0  # where the last count of units ("5/9 xã") ends
    unit_fraction: bool = False  # whether that count was a fraction

    def period_at(self, pos: int) -> Period | None:
        return period_for(self.periods, pos, self.ctx, self.text)

    def place_at(self, pos: int) -> Unit | None:
        return unit_for(self.mentions, pos, self.ctx, self.article.default)

    def emit(
        self,
        key: str,
        value: float | int | str,
        unit: str,
        *,
        number: Number | None = None,
        period: Period | None,
        place: Unit | None,
        breakdown: Breakdown = (),
        rank_of: int | None = None,
        rank_group: str | None = None,
        qualifier: str | None = None,
    ) -> Figure:
        """A figure of this sentence, added to its figures."""
        text, block, start, end = self.quote
        value_max = None
        if number is not None and number.value_max is not None:
            value_max = float(number.value_max)
        figure = Figure(
            indicator=key,
            value=value,
            unit=unit,
            qualifier=qualifier or (number.qualifier if number else "exact"),
            quote=text,
            block=block,
            start=start,
            end=end,
            period=period.value if period else None,
            period_range=period.period_range if period else None,
            level=place.level if place else None,
            unit_name=place.name if place else None,
            tier=place.tier if place else None,
            value_max=value_max,
            rank_of=rank_of,
            rank_group=rank_group,
            breakdown=breakdown,
        )
        self.figures.append(figure)
        return figure


@dataclass(slots=True)
class NumberAt:
    """One number of a sentence and the stretch of text that speaks of it."""

    i: int  # its index among the sentence's numbers
    number: Number
    kind: str  # percent, ho_so, tthc, rank, diem, bare, … (see wording.number_kind)
    seg_start: int  # start of its ';' or ':' segment
    left_start: int  # start of the words before it that are its own
    left: str
    next_start: int  # where the next number starts
    prev_end: int  # where the previous number ends
    after: str  # the 30 characters after it
    place: Unit | None = None
    period: Period | None = None
    short_end: int = 0  # end of its own phrase
    breakdown: Breakdown = ()
    left_cues: Sequence[Cue] = ()
    right_cues: Sequence[Cue] = ()


_OPENING = 16   # "so với năm 2023" opens a sentence when its year starts this near the beginning
_CLAUSE_BREAK = re.compile(r"[,;:]")


def period_for(periods: Sequence[Period], pos: int, ctx: Context, text: str = "") -> Period | None:
    # The year compared with ("tăng 8 bậc so với năm 2020, đứng thứ 8 cả nước") is not the period of
    # what follows it in the next clause, unless the sentence opens with it ("So với năm 2023, khi
    # tỉnh đạt 78,66%"); a value right after it is its own ("so với năm 2022 (80,08%)").
    before = [p for p in periods if p.end <= pos and not (
        p.kind == COMPARED_KIND and p.start > _OPENING and text and _CLAUSE_BREAK.search(text, p.end, pos))]
    if before:
        return before[-1]
    after = [p for p in periods if p.start >= pos and p.kind != COMPARED_KIND]
    if after:
        return after[0]
    return ctx.period


def unit_for(mentions: Sequence[Mention], pos: int, ctx: Context, default: Unit | None) -> Unit | None:
    before = [x for x in mentions if x.end <= pos]
    if before:
        last = before[-1]
        if last.name is None and last.tier is None and last.level is not None:
            # A bare "xã" refers back to the unit of that level named last ("Theo UBND xã Duy Sơn, … xã tiếp
            # nhận …"), in this sentence or the ones before; the article's own unit only when none was.
            for earlier in reversed(before[:-1]):
                if earlier.level == last.level and earlier.name is not None:
                    return Unit(earlier.level, earlier.name)
            if ctx.unit is not None and ctx.unit.level == last.level and ctx.unit.name is not None:
                return ctx.unit
        return resolve_unit(last, default)
    return ctx.unit or default


def unit_of(key: str, kind: str, vocab: Vocabulary) -> str:
    """The unit of a figure of *key* read from a number of *kind*."""
    indicator = vocab[key]
    if kind in indicator.accepted_units and kind != "bare":
        return kind
    return indicator.unit
