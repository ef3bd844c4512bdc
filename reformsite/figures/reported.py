"""Figures as the site shows them: tied to a place, anchored to their sentence, labelled for readers.

The extractor (`indicators`) reads numbers out of sentences; this module places each figure in the
article's HTML (an anchor per quote) and on the map (the unit of government it belongs to), and says
how values and periods read in Vietnamese and English.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
import re
from dataclasses import dataclass, field, replace

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from reformsite.content import Layout, QuoteMark, mark_quotes
from reformsite.core import name_key, quick_pickle
from reformsite.places import PlaceTags

from .figure import Figure
from .labels import grade_label, unit_after

_QUALIFIERS = {"vi": {"over": "hơn ", "approx": "khoảng ", "under": "dưới "},
               "en": {"over": "over ", "approx": "about ", "under": "under "}}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")


@quick_pickle(interned=("anchor",))
@dataclass(frozen=True, slots=True)
class Reported:
    """A figure of one article, with where readers find its sentence and which place it belongs to."""

    figure: Figure
    anchor: str | None          # id of the marked quote in the article page
    place_id: str | None        # the unit of government the figure belongs to, when known
    # A digest of the fields above, made once with the article and cached with it: the page digests
    # of a rebuild meet every figure of the site, see digest.Digester.
    key: bytes = field(default=b"", compare=False, repr=False)

    @classmethod
    def of(cls, figure: Figure, anchor: str | None, place_id: str | None) -> Reported:
        key = hashlib.blake2b(repr((figure, anchor, place_id)).encode(), digest_size=16).digest()
        return cls(figure, anchor, place_id, key)


def _figure_place(figure: Figure, tags: PlaceTags | None) -> tuple[str | None, Figure]:
    """The place a figure belongs to (the unit named with it, else the article's main place), and the
    figure with that unit's name as the gazetteer bounds it.

    The extractor reads a unit's name as up to three capitalised words, which runs on into a person's
    name when the press writes "Phó chủ tịch UBND xã Phú Phụng Nguyễn Hoàng Phúc".  The place tagger
    knows where the gazetteer's name ends: when its name begins the figure's, the rest is not the
    unit's (a longer name the gazetteer knew, "huyện Châu Thành A", would have been tagged itself)."""
    if tags is None:
        return None, figure
    place_id, unit_name = _named_place(figure, tags)
    if place_id is not None and figure.level not in ("national", "ministry"):
        elsewhere = _subject_elsewhere(figure, tags, place_id)
        if elsewhere is not None:
            # The tier and level were read against the article's unit, not the one named.
            place_id, unit_name = elsewhere
            return place_id, replace(figure, unit_name=unit_name, tier=None,
                                     level=place_level(place_id) or figure.level)
    if unit_name != figure.unit_name:
        figure = replace(figure, unit_name=unit_name)
    return place_id, figure


_PLACE_LEVELS = {"p": "province", "d": "district", "c": "commune"}
# Names after these words are what the figure is compared with, not what it is about: "đứng thứ 2,
# sau tỉnh Đăk Lăk", "behind Quang Ninh".
_COMPARED_WITH = re.compile(r"(?:sau|trước|so với|hơn|after|behind|than|ahead of)\s+"
                            r"(?:(?:ubnd|tỉnh|thành phố|tp\.?|province|city)\s+)*$")
_TYPE_WORD = re.compile(r"^(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+")


def place_level(place_id: str | None) -> str | None:
    """"province", "district" or "commune", as the gazetteer's id says ("old-d-838")."""
    parts = (place_id or "").split("-")
    return _PLACE_LEVELS.get(parts[1]) if len(parts) == 3 else None


def ranked_level(figure: Figure) -> str | None:
    """The level of the units a rank is among: "xếp thứ 8/63 tỉnh, thành phố" ranks provinces."""
    if figure.unit != "rank":
        return None
    group = name_key(figure.rank_group or "")
    for word, level in (("tỉnh", "province"), ("huyện", "district"), ("xã", "commune")):
        if group.startswith(word):
            return level
    return "province" if figure.rank_of in (63, 34) else None


def _said_in(key: str, quote: str) -> int:
    """Where the name *key* stands in *quote* as whole words, or -1."""
    if key not in quote:        # most names are not in a given sentence: no pattern to make
        return -1
    m = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", quote)
    return m.start() if m else -1


def _subject_elsewhere(figure: Figure, tags: PlaceTags,
                       place_id: str) -> tuple[str | None, str | None] | None:
    """Whom the figure is about when its sentence names other units of its level and not its own:
    "Ở cấp tỉnh, Hải Phòng là địa phương dẫn đầu cả nước" read in a Hà Tĩnh paper is Hải Phòng's
    rank, and a league table of several provinces is none of the outlet's province's.  The one
    place named (its id and name), (None, None) when several are, None when the figure stays."""
    quote = name_key(figure.quote)
    own = _TYPE_WORD.sub("", name_key(figure.unit_name or ""))
    if own and _said_in(own, quote) >= 0:
        return None
    level = ranked_level(figure) or place_level(place_id)
    others: dict[str, str] = {}
    for mention in tags.mentions:
        if not mention.place_id or (at := _said_in(name_key(mention.text), quote)) < 0:
            continue
        if mention.place_id == place_id:
            return None
        if place_level(mention.place_id) == level and not _COMPARED_WITH.search(quote, 0, at):
            others.setdefault(mention.place_id, mention.text)
    if len(others) == 1:
        return next(iter(others.items()))
    return (None, None) if others else None


def _named_place(figure: Figure, tags: PlaceTags) -> tuple[str | None, str | None]:
    """The place the figure's unit names, else the article's main place (none for the nation or a
    ministry), and the unit's name as the gazetteer bounds it."""
    if figure.unit_name:
        wanted = name_key(figure.unit_name)
        for mention in tags.mentions:
            if mention.place_id and name_key(mention.text) == wanted:
                return mention.place_id, figure.unit_name
        for mention in tags.mentions:   # "Bộ phận Một cửa huyện Châu Thành" names the district in it
            if mention.place_id and (key := name_key(mention.text)) in wanted:
                if wanted.startswith(key + " ") and len(words := key.split()) > 1:
                    return mention.place_id, " ".join(figure.unit_name.split()[:len(words)])
                return mention.place_id, figure.unit_name
    if figure.level in ("national", "ministry"):
        return None, figure.unit_name
    return tags.main, figure.unit_name


def attach_figures(html: str, figures: list[Figure], tags: PlaceTags | None,
                   layout: Layout | None = None) -> tuple[str, tuple[Reported, ...]]:
    """Mark every quoted sentence in *html* (whose blocks and spans are *layout*, when known) and
    tie each figure to its anchor and place."""
    anchors: dict[tuple[int, int, int], str] = {}
    marks: list[QuoteMark] = []
    reported: list[Reported] = []
    for figure in figures:
        anchor = None
        if figure.block >= 0:
            key = (figure.block, figure.start, figure.end)
            if key not in anchors:
                anchors[key] = f"so-lieu-{len(anchors) + 1}"
                marks.append(QuoteMark(*key, anchors[key]))
            anchor = anchors[key]
        elif figure.block == -1:
            anchor = "tieu-de"      # figures read from the headline point at the title
        place_id, figure = _figure_place(figure, tags)
        reported.append(Reported.of(figure, anchor, place_id))
    return mark_quotes(html, marks, layout), tuple(reported)


# Patterns of the form "#,##0" or "#,##0.##": grouped by thousands, at most so many decimals.
_GROUPED = re.compile(r"#,##0(?:\.(#+))?")


@functools.cache
def _separators(locale: str) -> tuple[str, str]:
    return get_group_symbol(locale), get_decimal_symbol(locale)


@functools.lru_cache(maxsize=1 << 14)   # pages repeat the same values
def formatted_decimal(value: int | float, pattern: str, locale: str) -> str:
    """Babel's format_decimal, memoised (for the templates' number filter too).

    The grouped patterns the site uses are formatted here as Babel formats them (the value's str()
    as a Decimal, rounded half-even, grouped by threes with the locale's symbols from Babel), because
    every figure of the site is formatted on several pages and Babel's general path is slow for
    that.  tests/test_numbers.py holds the two to the same output."""
    grouped = _GROUPED.fullmatch(pattern)
    exact = decimal.Decimal(str(value))
    # The value's whole digits and 28 more: the default context's 28 in all cannot round an editor's
    # 30-digit count (nor can Babel, which rounds in the current context).
    with decimal.localcontext(prec=max(0, exact.adjusted()) + 29):
        if grouped is None:
            return format_decimal(value, format=pattern, locale=locale)
        rounded = abs(exact).quantize(decimal.Decimal(1).scaleb(-len(grouped.group(1) or "")))
    whole, _, fraction = f"{rounded:,f}".partition(".")
    fraction = fraction.rstrip("0")
    group, point = _separators(locale)
    text = whole.replace(",", group) + (point + fraction if fraction else "")
    return "-" + text if exact.is_signed() else text


def value_label(figure: Figure, lang: str = "vi") -> str:
    """How a value reads: "96,4%", "4.572 hồ sơ", "9/20", "88,72 điểm", "Tốt", "70–80%"."""
    return _value_label(figure.value, figure.unit, figure.value_max, figure.rank_of, figure.qualifier, lang)


@functools.lru_cache(maxsize=1 << 14)   # every figure is shown on several pages, and values repeat
def _value_label(value: float | str, unit: str, value_max: float | None, rank_of: int | None,
                 qualifier: str, lang: str) -> str:
    if unit == "category" or isinstance(value, str):
        return grade_label(str(value), lang)

    def number(value: float) -> str:
        return formatted_decimal(int(value) if float(value).is_integer() else value, "#,##0.###", lang)

    if unit == "rank":
        text = number(value) + (f"/{rank_of}" if rank_of else "")
    else:
        text = number(value)
        if value_max is not None:
            text += "–" + number(value_max)
        text += unit_after(unit, lang)
    return _QUALIFIERS.get(lang, {}).get(qualifier, "") + text


def _month_label(year: str, month: str, lang: str) -> str:
    return f"{int(month):02d}/{year}" if lang == "vi" else f"{int(month)}/{year}"


def _date_label(value: str, lang: str) -> str:
    if m := _DAY.match(value):
        y, mo, d = m.groups()
        return f"{d}/{mo}/{y}" if lang == "vi" else f"{int(d)}/{int(mo)}/{y}"
    if m := _MONTH.match(value):
        return _month_label(*m.groups(), lang)
    return value


@functools.lru_cache(maxsize=1 << 12)   # a site has a few hundred distinct periods, shown on many pages
def period_label(period: str | None, lang: str = "vi") -> str:
    """How a period reads: "2024-Q1" → "quý I/2024"; "2024-01..2024-10" → "10 tháng năm 2024"."""
    if not period:
        return ""
    vi = lang == "vi"
    if period.isdigit():
        return f"năm {period}" if vi else period
    if m := _QUARTER.match(period):
        return f"quý {_ROMAN[int(m.group(2))]}/{m.group(1)}" if vi else f"Q{m.group(2)} {m.group(1)}"
    if m := _HALF.match(period):
        if m.group(2) == "1":
            return f"6 tháng đầu năm {m.group(1)}" if vi else f"first half of {m.group(1)}"
        return f"6 tháng cuối năm {m.group(1)}" if vi else f"second half of {m.group(1)}"
    if period.startswith("as_of "):
        return ("đến " if vi else "as of ") + _date_label(period[6:], lang)
    if ".." in period:
        start, end = period.split("..", 1)
        a, b = _MONTH.match(start), _MONTH.match(end)
        if a and b and a.group(1) == b.group(1) and a.group(2) == "01":
            months = int(b.group(2))
            return f"{months} tháng năm {a.group(1)}" if vi else f"first {months} months of {a.group(1)}"
        return f"{_date_label(start, lang)}–{_date_label(end, lang)}"
    if _MONTH.match(period) or _DAY.match(period):
        return ("tháng " if vi and _MONTH.match(period) else "") + _date_label(period, lang)
    return period


@functools.lru_cache(maxsize=1 << 12)   # sort keys of every figure listing; periods repeat
def period_end(period: str | None) -> dt.date | None:
    """The last day a period covers, for ordering figures in time (None when it cannot be told)."""
    if not period:
        return None
    if period.startswith("as_of "):
        period = period[6:]
    if ".." in period:
        period = period.split("..", 1)[1]
    try:
        if period.isdigit():
            return dt.date(int(period), 12, 31)
        if m := _QUARTER.match(period):
            year, quarter = int(m.group(1)), int(m.group(2))
            return _last_day(year, quarter * 3)
        if m := _HALF.match(period):
            return _last_day(int(m.group(1)), 6 if m.group(2) == "1" else 12)
        if m := _MONTH.match(period):
            return _last_day(int(m.group(1)), int(m.group(2)))
        if m := _DAY.match(period):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def _last_day(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)



@functools.lru_cache(maxsize=1 << 12)   # every figure of the open data; periods repeat
def period_start(period: str | None) -> dt.date | None:
    """The first day a period covers (None when it cannot be told, or for a snapshot "as_of")."""
    if not period or period.startswith("as_of "):
        return None
    period = period.split("..", 1)[0]
    try:
        if period.isdigit():
            return dt.date(int(period), 1, 1)
        if m := _QUARTER.match(period):
            return dt.date(int(m.group(1)), int(m.group(2)) * 3 - 2, 1)
        if m := _HALF.match(period):
            return dt.date(int(m.group(1)), 1 if m.group(2) == "1" else 7, 1)
        if m := _MONTH.match(period):
            return dt.date(int(m.group(1)), int(m.group(2)), 1)
        if m := _DAY.match(period):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None
