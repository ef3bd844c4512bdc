"""Reporting periods as the press writes them, normalised to one string form.

Forms produced (INDICATORS.md §3, §5):
``YYYY`` · ``YYYY-MM`` · ``YYYY-Qn`` · ``YYYY-H1``/``YYYY-H2`` · ``YYYY-MM..YYYY-MM`` (the first n months)
· ``YYYY-MM-DD..YYYY-MM-DD`` (an explicit date range, or year-to-date ending on the publication date)
· ``as_of YYYY-MM-DD`` (a snapshot, "tính đến ...").

A nominal period followed by the dates it really covers ("quý I năm 2023 (từ 15/12/2022 đến 14/3/2023)")
keeps the nominal period and carries the dates as ``period_range``: provinces close their books on
offset days, and readers compare the nominal periods.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .vocabulary import anonymous, compile_folded, expand_leading, fold_case, fold_pattern, literal_head

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = r"\s*[./\-]\s*"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_YEAR2 = r"(?P<y2>(?:19|20)\d\d)"
_YEAR3 = r"(?P<y3>(?:19|20)\d\d)"
_YEAR_OPT = rf"(?:(?:\s*,)?\s+(?:năm\s+)?{_YEAR}|{_SEP}{_YEAR2})?"

# (the first digit comes before the look-behind, so that a pattern can start with a plain digit)
_DATE = r"(?P<{p}d>\d(?<![\d.,/]\d)\d?)[./\-](?P<{p}m>\d{{1,2}})(?:[./\-](?P<{p}y>(?:19|20)?\d\d))?"

_SOURCES: tuple[tuple[str, str], ...] = tuple(
    (name, rx)
    for name, rx in (
        (
            "range",
            rf"(?:từ\s+)?(?:ngày\s+)?{_DATE.format(p='a')}\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?"
            rf"{_DATE.format(p='b')}",
        ),
        (
            "as_of_end_month",
            rf"(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+|cuối\s+)tháng\s+(?P<m>\d{{1,2}}){_SEP}{_YEAR}",
        ),
        ("as_of_date", rf"(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+)?ngày\s+{_DATE.format(p='a')}"),
        ("as_of_month", rf"tính\s+(?:đến|tới)\s+tháng\s+(?P<m>\d{{1,2}}){_SEP}{_YEAR}"),
        ("as_of_year_end", rf"(?:tính\s+)?(?:đến|tới)\s+(?:hết|cuối)\s+năm\s+{_YEAR}"),
        (
            "ytd",
            rf"(?:từ|kể\s+từ)\s+đầu\s+năm(?:\s+{_YEAR})?(?:\s+(?:đến|tới)\s+(?:nay|hiện\s+nay|thời\s+điểm\s+này))?",
        ),
        ("as_of_now", r"(?:tính\s+)?(?:đến|tới)\s+(?:nay|thời\s+điểm\s+hiện\s+tại)|hiện\s+nay|hiện\s+tại"),
        (
            "quarter",
            rf"quý\s+(?P<q>IV|III|II|I|[1-4])(?![\w])(?:\s+năm\s+{_YEAR}|{_SEP}{_YEAR2}|\s*,\s*{_YEAR3})?",
        ),
        ("half", rf"(?P<n>6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm{_YEAR_OPT}"),
        (
            "first_months",  # digits and words apart: each then starts with something re can skip to
            rf"(?P<n>\d\d?)\s+tháng(?:\s+đầu)?(?:\s+năm)?{_YEAR_OPT}"
            r"(?!\s*(?:qua|tới|sau|trước|liên\s+tiếp|gần\s+đây))",
        ),
        (
            "first_months",
            rf"(?P<n>ba|chín)\s+tháng(?:\s+đầu)?(?:\s+năm)?{_YEAR_OPT}"
            r"(?!\s*(?:qua|tới|sau|trước|liên\s+tiếp|gần\s+đây))",
        ),
        ("month", rf"tháng\s+(?P<m>\d{{1,2}})(?:{_SEP}|\s+năm\s+){_YEAR}"),
        (
            "month_bare",
            r"tháng\s+(?P<m>1[0-2]|0?[1-9])(?![\d./\-]|\s+năm\s+\d|\s+(?:qua|tới|sau|trước|đầu|cuối))",
        ),
        ("year", rf"(?:năm|in)\s+{_YEAR}(?!\d)"),
        # "PAR Index 2023", "Chỉ số CCHC 2022", "SIPAS 2024": the year an index was assessed, not its value
        (
            "index_year",
            # (the span is the year alone, so that the index's own name stays a cue)
            r"(?:(?<=index\s)|(?<=sipas\s)|(?<=papi\s)|(?<=pci\s)|(?<=dti\s)|(?<=cchc\s)|(?<=chính\s))"
            rf"{_YEAR}(?![\d.,]\d|\s*%)",
        ),
        ("year_rel", r"(?:trong\s+)?năm\s+(?P<rel>nay|qua|trước|vừa\s+qua)"),
        ("week", r"(?:trong\s+)?tuần\s*\((?=\s*từ)"),
        (
            "en_quarter",
            rf"(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth)\s+quarter(?:\s+of)?){_YEAR_OPT}",
        ),
        ("en_half", rf"first\s+(?:six|6)\s+months(?:\s+of)?{_YEAR_OPT}"),
    )
)

# Each pattern runs on lower-cased text (see find_periods) as separate variants that each start with a
# literal ("(?:tính\s+)?(?:đến|tới)\s+nay" → "tính\s+đến…", "đến\s+nay", …): re skips ahead to a literal
# prefix in C, while a pattern that starts with an optional group is tried at every position.  Variants
# of one pattern are tried in its own order of preference, and a variant only when its literal is there.
_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (name, compile_folded(variant), literal_head(variant))
    for name, rx in _SOURCES
    for variant in expand_leading(fold_pattern(rx))
)

# A pattern is only tried when one of its words is in the text: most sentences name no period at all.
_HINTS = {
    "range": ("đến", "tới", "-", "–"),
    "as_of_end_month": ("đến", "tới"),
    "as_of_date": ("đến", "tới"),
    "as_of_month": ("tính",),
    "as_of_year_end": ("đến", "tới"),
    "ytd": ("đầu năm",),
    "as_of_now": ("nay", "hiện"),
    "quarter": ("quý",),
    "half": ("tháng",),
    "first_months": ("tháng",),
    "month": ("tháng",),
    "month_bare": ("tháng",),
    "year": ("năm", "in "),
    "index_year": ("index", "sipas", "papi", "pci", "dti", "cchc", "chính"),
    "year_rel": ("năm",),
    "week": ("tuần",),
    "en_quarter": ("quarter", "q1", "q2", "q3", "q4"),
    "en_half": ("first",),
}
# …and, for these, also one of these words ("<date>": a day and month such as "15/12" or "1.7").
_ALSO = {
    "range": ("<date>",),
    "as_of_end_month": ("hết", "cuối"),
    "as_of_date": ("<date>",),
    "as_of_month": ("tháng",),
    "as_of_year_end": ("hết", "cuối"),
    "half": ("6", "sáu"),
    "year_rel": ("nay", "qua", "trước"),
}
_DAY_MONTH = re.compile(r"\d[./\-]\d")
_ALL_HINTS = frozenset(h for hints in _HINTS.values() for h in hints)
# hint → indexes into _PATTERNS of the variants it lets through, in _PATTERNS order
_BY_HINT = {
    h: tuple(i for i, (kind, _rx, _head) in enumerate(_PATTERNS) if h in _HINTS[kind]) for h in _ALL_HINTS
}
_EN_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_WORD_MONTHS = {"ba": 3, "chín": 9}


@dataclass(frozen=True)
class Period:
    """A period mention: its normalised value, the span it came from, and its real dates if given."""

    value: str
    start: int
    end: int
    kind: str
    period_range: str | None = None


def _year(text: str | None, default: int) -> int:
    if not text:
        return default
    year = int(text)
    return year + 2000 if year < 100 else year


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _implicit_year(month: int, published: date) -> int:
    """A month named without a year is the latest such month not after publication."""
    return published.year if month <= published.month else published.year - 1


def _normalise(kind: str, m: re.Match[str], published: date) -> str | None:
    """The normalised value of a period pattern's match of *kind*; None when it names no real period."""
    g = m.groupdict()
    g["y"] = g.get("y") or g.get("y2") or g.get("y3")
    reader = _READERS.get(kind)
    return reader(g, m, published) if reader else None


Groups = dict[str, Any]  # a match's groupdict(), "y" filled from "y2" or "y3"


def _range(g: Groups, m: re.Match[str], published: date) -> str | None:
    end_year = _year(g.get("by"), published.year)
    ad, am, bd, bm = int(g["ad"]), int(g["am"]), int(g["bd"]), int(g["bm"])
    start_year = _year(g.get("ay"), end_year if (am, ad) <= (bm, bd) else end_year - 1)
    a, b = _safe_date(start_year, am, ad), _safe_date(end_year, bm, bd)
    if (
        a is None
        or b is None
        or a > b
        or (not g.get("by") and not g.get("ay") and "từ" not in m.group(0))
    ):
        return None
    return f"{a.isoformat()}..{b.isoformat()}"


def _as_of_month_end(g: Groups, m: re.Match[str], published: date) -> str | None:
    month = int(g["m"])
    return f"as_of {_month_end(int(g['y']), month).isoformat()}" if 1 <= month <= 12 else None


def _as_of_date(g: Groups, m: re.Match[str], published: date) -> str | None:
    day, month = int(g["ad"]), int(g["am"])
    d = _safe_date(_year(g.get("ay"), _implicit_year(month, published)), month, day)
    return f"as_of {d.isoformat()}" if d else None


def _as_of_year_end(g: Groups, m: re.Match[str], published: date) -> str | None:
    return f"as_of {g['y']}-12-31"


def _year_to_date(g: Groups, m: re.Match[str], published: date) -> str | None:
    year = _year(g.get("y"), published.year)
    end = published if published.year == year else date(year, 12, 31)
    return f"{year}-01-01..{end.isoformat()}"


def _as_of_now(g: Groups, m: re.Match[str], published: date) -> str | None:
    return f"as_of {published.isoformat()}"


def _quarter(g: Groups, m: re.Match[str], published: date) -> str | None:
    q = g.get("q") or ""
    quarter = _ROMAN.get(q.lower()) or (
        int(q) if q.isdigit() else _EN_QUARTER.get((g.get("qw") or "").lower())
    )
    if not quarter:
        return None
    year = _year(g.get("y"), published.year if quarter * 3 - 2 <= published.month else published.year - 1)
    return f"{year}-Q{quarter}"


def _half(g: Groups, m: re.Match[str], published: date) -> str | None:
    year = _year(g.get("y"), published.year)
    return f"{year}-H2" if (g.get("h") or "").lower() == "cuối" else f"{year}-H1"


def _first_months(g: Groups, m: re.Match[str], published: date) -> str | None:
    n_text = g["n"].lower()
    n = _WORD_MONTHS.get(n_text) or int(n_text)
    if not 2 <= n <= 12:
        return None
    year = _year(g.get("y"), published.year)
    if n == 3:
        return f"{year}-Q1"
    if n == 6:
        return f"{year}-H1"
    if n == 12:
        return str(year)
    return f"{year}-01..{year}-{n:02d}"


def _month(g: Groups, m: re.Match[str], published: date) -> str | None:
    month = int(g["m"])
    return f"{int(g['y'])}-{month:02d}" if 1 <= month <= 12 else None


def _month_bare(g: Groups, m: re.Match[str], published: date) -> str | None:
    month = int(g["m"])
    return f"{_implicit_year(month, published)}-{month:02d}"


def _year_only(g: Groups, m: re.Match[str], published: date) -> str | None:
    return g["y"]


def _year_relative(g: Groups, m: re.Match[str], published: date) -> str | None:
    rel = " ".join(g["rel"].lower().split())
    if rel == "nay":
        return str(published.year)
    if rel == "trước":
        return str(published.year - 1)
    # "năm qua" in January–March means the year just ended
    return str(published.year - 1 if published.month <= 3 else published.year)


_READERS: dict[str, Callable[[Groups, re.Match[str], date], str | None]] = {
    "range": _range,
    "as_of_end_month": _as_of_month_end,
    "as_of_date": _as_of_date,
    "as_of_month": _as_of_month_end,
    "as_of_year_end": _as_of_year_end,
    "ytd": _year_to_date,
    "as_of_now": _as_of_now,
    "quarter": _quarter,
    "en_quarter": _quarter,
    "half": _half,
    "en_half": _half,
    "first_months": _first_months,
    "month": _month,
    "month_bare": _month_bare,
    "year": _year_only,
    "index_year": _year_only,
    "year_rel": _year_relative,
}


_BARE_MONTHS_BEFORE = re.compile(
    r"(?:^|[,;:(]\s*|(?<!\w)(?:trong|qua|sau\s+khi\s+kết\s+thúc)\s+)$", re.IGNORECASE
)


def _cumulative(text: str, m: re.Match[str]) -> bool:
    """ "9 tháng" alone is the first nine months only where a period can stand ("Trong 9 tháng, ..."),
    not in "thời hạn 3 tháng" or "sau 6 tháng"."""
    words = m.group(0).lower()
    if "đầu" in words or "năm" in words:
        return True
    return bool(_BARE_MONTHS_BEFORE.search(text[max(0, m.start() - 30) : m.start()]))


def find_periods(
    text: str, *, published: date, hits: Sequence[tuple[str, int, int]] | None = None
) -> list[Period]:
    """Every period named in *text*, longest first, without overlaps, in text order.

    A date range right after a nominal period (within parentheses or a few words) becomes that period's
    ``period_range`` instead of a period of its own.

    *hits*: where a :class:`~reformsite.figures.vocabulary.Lexicon` holding :data:`PERIOD_PATTERNS` found them
    in *text* (name, start, end), when the caller scans the text for other phrases anyway (the
    extractor): only those places are then matched again, for the groups.
    """
    low = fold_case(text)
    if hits is not None:
        return _from_hits(text, low, hits, published)
    taken: list[tuple[int, int]] = []
    found: list[Period] = []
    tried = sorted({i for h in _ALL_HINTS if h in low for i in _BY_HINT[h]})
    dated: bool | None = None
    for kind, rx, head in (_PATTERNS[i] for i in tried):
        if head not in low:
            continue
        also = _ALSO.get(kind)
        if also is not None:
            if also[0] == "<date>":
                dated = bool(_DAY_MONTH.search(low)) if dated is None else dated
                if not dated:
                    continue
            elif not any(w in low for w in also):
                continue
        for m in rx.finditer(low):
            s, e = m.span()
            if any(a < e and s < b for a, b in taken):
                continue
            if kind == "week":
                taken.append((s, e))
                continue
            if kind == "first_months" and not _cumulative(text, m):
                continue
            value = _normalise(kind, m, published)
            if value is None:
                continue
            taken.append((s, e))
            found.append(Period(value, s, e, kind))
    found.sort(key=lambda p: p.start)
    return _attach_ranges(found, text)


# (name, regex) for a Lexicon: the name is the variant's index in _PATTERNS.
PERIOD_PATTERNS = tuple((str(i), anonymous(rx.pattern)) for i, (_kind, rx, _head) in enumerate(_PATTERNS))


def _from_hits(text: str, low: str, hits: Sequence[tuple[str, int, int]], published: date) -> list[Period]:
    found: list[Period] = []
    for name, start, _end in hits:
        kind, rx, _head = _PATTERNS[int(name)]
        m = rx.match(low, start)
        if m is None or kind == "week" or (kind == "first_months" and not _cumulative(text, m)):
            continue
        value = _normalise(kind, m, published)
        if value is not None:
            found.append(Period(value, m.start(), m.end(), kind))
    return _attach_ranges(found, text)


def _attach_ranges(periods: list[Period], text: str) -> list[Period]:
    out: list[Period] = []
    for p in periods:
        prev = out[-1] if out else None
        if (
            p.kind == "range"
            and prev is not None
            and prev.kind not in ("range", "ytd", "as_of_now")
            and prev.period_range is None
            and not prev.value.startswith("as_of")
            and re.fullmatch(r"[\s,(:\-–]*(?:tức\s+là\s+|tính\s+)?", text[prev.end : p.start])
        ):
            out[-1] = Period(prev.value, prev.start, p.end, prev.kind, p.value)
            continue
        out.append(p)
    return out


def parse_period(text: str, *, published: date) -> str | None:
    """The first period in *text*, normalised ("quý I.2024" → "2024-Q1"); None when there is none."""
    periods = find_periods(text, published=published)
    return periods[0].value if periods else None


_NORMALISED = re.compile(
    r"(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2])|-Q[1-4]|-H[12])?"
    r"|(?:19|20)\d\d-\d\d(?:-\d\d)?\.\.(?:19|20)\d\d-\d\d(?:-\d\d)?"
    r"|as_of (?:19|20)\d\d-\d\d-\d\d"
)


def is_normalised(value: str) -> bool:
    """True when *value* is already in one of the normalised period forms."""
    return bool(_NORMALISED.fullmatch(value))
