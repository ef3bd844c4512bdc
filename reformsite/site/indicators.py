"""The indicators taxonomy of the site: every reported figure by indicator and by place."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from reformsite.core import assemble, quick_pickle
from reformsite.figures import (
    Figure,
    Indicator,
    Reported,
    Vocabulary,
    period_end,
    place_level,
    ranked_level,
)
from reformsite.figures.ranks import REGIONS

from .model import Article

# Indicators where a smaller value is better: tables list them smallest first.
_SMALLER_IS_BETTER = frozenset({"ty_le_tre_han", "hs_tre_han", "hs_dang_giai_quyet_qua_han",
                                "hs_cham_tiep_nhan", "so_ngay_qua_han_tb", "ty_trong_qua_han"})


# The tiers that are the whole of a unit: a province's "toàn tỉnh" figure is the province's own, and
# so is a district's "cấp huyện, xã" (the district and all its communes).
_WHOLE_TIERS = {"province": ("toan_tinh",), "district": ("toan_huyen", "cap_huyen_xa"),
                "commune": ("cap_xa",)}
# Levels whose figures belong to a body inside a place (or above it), never to the place itself.
_NOT_A_PLACE = frozenset({"agency", "ministry", "national"})
_REGIONAL = re.compile(rf"(?:{REGIONS}|region)", re.IGNORECASE)
# Kinds of period, in the order the comparison tables list them.
PERIOD_KINDS = ("year", "half", "quarter", "month", "other", "none")
_SPAN = {"year": 3, "half": 2, "quarter": 1, "month": 0, "other": 0, "none": 0}


def period_kind(period: str | None) -> str:
    """"year", "half", "quarter", "month", "other" (ranges, "as of" dates, days) or "none"."""
    if not period:
        return "none"
    if period.isdigit():
        return "year"
    if len(period) == 7 and period[4:6] == "-H":
        return "half"
    if len(period) == 7 and period[4:6] == "-Q":
        return "quarter"
    if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
        return "month"
    return "other"


def own_figure(figure: Figure, place_id: str | None) -> bool:
    """Whether *figure* is the place's own, not an agency's, a tier's or an unnamed sub-unit's in it."""
    if place_id is None or figure.level in _NOT_A_PLACE:
        return False
    level = place_level(place_id)
    if figure.tier and figure.tier not in _WHOLE_TIERS.get(level or "", ()):
        return False
    # A named unit was resolved to this place by its name; an unnamed one ("UBND huyện" in a
    # province's article) is some unit of its level inside the place, unless the figure ranks
    # units of the place's level ("của huyện, Ia Drăng xếp thứ 2/20 xã").
    return figure.unit_name is not None or figure.level in (None, level) or ranked_level(figure) == level


def _scope(figure: Figure) -> tuple[int | None, bool] | None:
    """What a rank is out of: 8/63 compares with 16/63, not with 1/6 nor with first in a region."""
    if figure.unit != "rank":
        return None
    return figure.rank_of, bool(figure.rank_group and _REGIONAL.match(figure.rank_group))


@quick_pickle
@dataclass(frozen=True, slots=True)
class Report:
    """One figure as seen from a place or indicator page: what, where from, which place.

    The figure, its date and its sort keys are plain fields set once: every listing of figures sorts
    and reads them, and a cached_property's lookup costs more than the sorting itself.  Made by
    `Report.of`."""

    article: Article
    reported: Reported
    figure: Figure = field(repr=False, compare=False)
    when: dt.date = field(repr=False, compare=False)        # its period's end, else the article's date
    newest_key: tuple = field(repr=False, compare=False)    # sort key, newest last
    own: bool = field(repr=False, compare=False)            # the place's own figure, see own_figure
    # Its period's end and kind, longer periods after shorter ones ending the same day; None when
    # the figure has no period it can be placed by.
    period_key: tuple | None = field(repr=False, compare=False)
    # What makes two figures comparable over time: indicator, whose (None: the place's own; else
    # the unit's name and tier), breakdown, unit of measure and, for ranks, what they are out of.
    series: tuple = field(repr=False, compare=False)

    @classmethod
    def of(cls, article: Article, reported: Reported) -> Report:
        # Assembled from the values, not through the frozen __init__, which calls
        # object.__setattr__ for every field of every report.
        figure = reported.figure
        end = period_end(figure.period)
        when = end or article.date.date()
        # Period end, article date and URL, anchor, indicator.
        key = (when, article.date, article.url, reported.anchor or "", figure.indicator)
        own = own_figure(figure, reported.place_id)
        period_key = (end, _SPAN[period_kind(figure.period)]) if end else None
        whose = None if own else (figure.unit_name if figure.level in _NOT_A_PLACE else None, figure.tier)
        series = (figure.indicator, whose, figure.breakdown, figure.unit, _scope(figure))
        return assemble(cls, article, reported, figure, when, key, own, period_key, series)

    @property
    def place_id(self) -> str | None:
        return self.reported.place_id

    @property
    def link(self) -> str:
        anchor = self.reported.anchor
        return self.article.url + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class Comparison:
    """The places' latest values of one kind of period and one unit of measure, best first."""

    kind: str                                    # see PERIOD_KINDS
    rows: tuple[Latest, ...]


@dataclass(frozen=True)
class IndicatorEntry:
    indicator: Indicator
    url: str
    reports: tuple[Report, ...]                  # newest first
    comparisons: tuple[Comparison, ...]          # each place's own latest value, by kind of period

    @property
    def key(self) -> str:
        return self.indicator.key

    def largest_comparisons(self, count: int) -> tuple[tuple[Comparison, ...], int]:
        """The *count* comparisons with the most places, in their order, and how many are left out
        (ranks make one comparison per number of units ranked, which a large site has dozens of)."""
        if len(self.comparisons) <= count:
            return self.comparisons, 0
        order = sorted(range(len(self.comparisons)), key=lambda i: (-len(self.comparisons[i].rows), i))
        return tuple(self.comparisons[i] for i in sorted(order[:count])), len(self.comparisons) - count


@dataclass(frozen=True)
class IndicatorIndex:
    vocabulary: Vocabulary
    entries: dict[str, IndicatorEntry]           # in vocabulary order, only indicators with figures
    by_place: dict[str, tuple[Report, ...]]      # place id → its figures, newest first

    def url(self, key: str) -> str | None:
        entry = self.entries.get(key)
        return entry.url if entry else None


def _newest_first(reports: Sequence[Report]) -> tuple[Report, ...]:
    return tuple(sorted(reports, key=_NEWEST_KEY, reverse=True))


_NEWEST_KEY = operator.attrgetter("newest_key")


@quick_pickle
@dataclass(frozen=True, slots=True)
class Latest:
    """The value of a series for its latest period; when articles give that period different
    values, each of them (newest article first), for readers to see the contradiction.  A large
    site has one for every place, indicator and unit: made by `assemble`, not the frozen __init__."""

    reports: tuple[Report, ...]
    older: bool = False                          # on a comparison: older than its group's latest

    @property
    def report(self) -> Report:
        return self.reports[0]

    @property
    def contradicted(self) -> bool:
        return len(self.reports) > 1


def _distinct_values(reports: Sequence[Report]) -> tuple[Report, ...]:
    """One report per value, newest article first: a value said again is not a contradiction."""
    seen: dict[tuple, Report] = {}
    for report in _newest_first(reports):
        figure = report.figure
        seen.setdefault((figure.value, figure.value_max, figure.rank_of), report)
    return tuple(seen.values())


def _latest(reports: Sequence[Report]) -> Latest:
    """The reports of the latest period; a figure without a period only when none has one."""
    return assemble(Latest, _latest_reports(reports), False)


def _latest_reports(reports: Sequence[Report]) -> tuple[Report, ...]:
    if len(reports) == 1:           # most places report a series once
        return tuple(reports)
    dated = [r for r in reports if r.period_key is not None]
    if not dated:
        return (_newest_first(reports)[0],)
    last = max(r.period_key for r in dated)
    period = max((r for r in dated if r.period_key == last), key=_NEWEST_KEY).figure.period
    return _distinct_values([r for r in dated if r.figure.period == period])


def _by_series(reports: Sequence[Report]) -> dict[tuple, list[Report]]:
    grouped: dict[tuple, list[Report]] = defaultdict(list)
    for report in reports:
        grouped[report.series].append(report)
    return grouped


def latest_per_series(reports: Sequence[Report]) -> list[Latest]:
    """The latest value of each series (see Report.series), in vocabulary-independent order."""
    return [_latest(group) for group in _by_series(reports).values()]


def history(reports: Sequence[Report]) -> dict[tuple, list[Latest]]:
    """Each series' values, one per distinct period in period order: figures without a period are
    no point of a history."""
    series: dict[tuple, list[Latest]] = {}
    for key, group in _by_series(reports).items():
        by_period: dict[str, list[Report]] = defaultdict(list)
        for report in group:
            if report.period_key is not None:
                by_period[report.figure.period].append(report)
        points = [Latest(_distinct_values(items)) for items in by_period.values()]
        series[key] = sorted(points, key=lambda p: p.report.period_key)
    return series


def _numeric(report: Report) -> float:
    value = report.figure.value
    return float(value) if isinstance(value, int | float) else 0.0


def _comparisons(reports: Sequence[Report], ascending: bool) -> tuple[Comparison, ...]:
    """Each place's own latest value, in one table per kind of period, unit of measure and rank
    scope: a year's rate is not compared with a month's, nor a rate with a score.  Values older
    than the latest of their table are marked so."""
    per_place: dict[tuple, list[Report]] = defaultdict(list)
    for report in reports:
        series = report.series          # (indicator, whose, breakdown, unit, scope)
        if report.own and not series[2]:
            per_place[(report.reported.place_id, series[3], series[4])].append(report)
    # Each place's latest reports, in tables (see Latest; made once they are marked older or not).
    tables: dict[tuple, list[tuple[Report, ...]]] = defaultdict(list)
    for (_, unit, scope), items in per_place.items():
        latest = _latest_reports(items)
        tables[(period_kind(latest[0].figure.period), unit, scope)].append(latest)
    comparisons = []
    for (kind, _, _), rows in sorted(tables.items(), key=lambda item: (PERIOD_KINDS.index(item[0][0]),
                                                                        -len(item[1]))):
        newest = max((row[0].period_key for row in rows if row[0].period_key), default=None)
        # A value without a period is not known to be older than any.
        marked = [assemble(Latest, row, row[0].period_key not in (newest, None)) for row in rows]
        marked.sort(key=lambda row: (row.older, _numeric(row.report) if ascending else -_numeric(row.report),
                                     row.report.place_id))
        comparisons.append(Comparison(kind, tuple(marked)))
    return tuple(comparisons)


def build_indicator_index(articles: Sequence[Article], vocabulary: Vocabulary,
                          prefix: str) -> IndicatorIndex:
    # One sort of every report; the lists per indicator and per place are taken from it in order,
    # so each is newest first without a sort of its own.
    everything = _newest_first([Report.of(article, reported) for article in articles
                                for reported in article.figures])
    by_key: dict[str, list[Report]] = defaultdict(list)
    by_place: dict[str, list[Report]] = defaultdict(list)
    for report in everything:
        by_key[report.figure.indicator].append(report)
        if report.place_id:
            by_place[report.place_id].append(report)
    entries: dict[str, IndicatorEntry] = {}
    for key, indicator in vocabulary.items():
        reports = by_key.get(key)
        if not reports:
            continue
        ascending = key in _SMALLER_IS_BETTER or indicator.unit == "rank"
        entries[key] = IndicatorEntry(indicator, f"{prefix}{key}/", tuple(reports),
                                      _comparisons(reports, ascending))
    return IndicatorIndex(vocabulary, entries,
                          {place: tuple(items) for place, items in sorted(by_place.items())})
