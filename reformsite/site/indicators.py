"""The indicators taxonomy of the site: every reported figure by indicator and by place."""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from reformsite.core import assemble, quick_pickle
from reformsite.figures import Figure, Indicator, Reported, Vocabulary, period_end

from .model import Article

# Indicators where a smaller value is better: tables list them smallest first.
_SMALLER_IS_BETTER = frozenset({"ty_le_tre_han", "hs_tre_han", "hs_dang_giai_quyet_qua_han",
                                "hs_cham_tiep_nhan", "so_ngay_qua_han_tb", "ty_trong_qua_han"})


@quick_pickle
@dataclass(frozen=True, slots=True)
class Report:
    """One figure as seen from a place or indicator page: what, where from, which place.

    The figure, its date and its sort key are plain fields set once: every listing of figures sorts
    and reads them, and a cached_property's lookup costs more than the sorting itself.  Made by
    `Report.of`."""

    article: Article
    reported: Reported
    figure: Figure = field(repr=False, compare=False)
    when: dt.date = field(repr=False, compare=False)        # its period's end, else the article's date
    newest_key: tuple = field(repr=False, compare=False)    # sort key, newest last

    @classmethod
    def of(cls, article: Article, reported: Reported) -> Report:
        # Assembled from the values, not through the frozen __init__, which calls
        # object.__setattr__ for every field of every report.
        figure = reported.figure
        when = period_end(figure.period) or article.date.date()
        # Period end, article date and URL, anchor, indicator.
        key = (when, article.date, article.url, reported.anchor or "", figure.indicator)
        return assemble(cls, article, reported, figure, when, key)

    @property
    def place_id(self) -> str | None:
        return self.reported.place_id

    @property
    def series(self) -> tuple[str, str | None, tuple[tuple[str, str], ...]]:
        """What makes two figures comparable over time: indicator, tier and breakdown."""
        return (self.figure.indicator, self.figure.tier, self.figure.breakdown)

    @property
    def link(self) -> str:
        anchor = self.reported.anchor
        return self.article.url + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class IndicatorEntry:
    indicator: Indicator
    url: str
    reports: tuple[Report, ...]                  # newest first
    latest_by_place: tuple[Report, ...]          # one per place, best first

    @property
    def key(self) -> str:
        return self.indicator.key


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


def latest_per_series(reports: Sequence[Report]) -> list[Report]:
    """The newest report of each series (indicator, tier, breakdown), in vocabulary-independent order."""
    seen: dict[tuple, Report] = {}
    for report in _newest_first(reports):
        seen.setdefault(report.series, report)
    return list(seen.values())


def history(reports: Sequence[Report]) -> dict[tuple, list[Report]]:
    """Reports per series, oldest first, one per period (the newest article wins a repeated period)."""
    grouped: dict[tuple, dict[object, Report]] = defaultdict(dict)
    for report in _newest_first(reports):
        grouped[report.series].setdefault(report.figure.period or report.when, report)
    return {series: sorted(by_period.values(), key=lambda r: r.when) for series, by_period in grouped.items()}


def _numeric(report: Report) -> float:
    value = report.figure.value
    return float(value) if isinstance(value, int | float) else 0.0


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
        latest: dict[str, Report] = {}
        for report in reports:
            if report.place_id and not report.figure.tier and not report.figure.breakdown:
                latest.setdefault(report.place_id, report)
        ascending = key in _SMALLER_IS_BETTER or indicator.unit == "rank"
        ranked = sorted(latest.values(),
                        key=lambda r: (_numeric(r) if ascending else -_numeric(r), r.place_id))
        entries[key] = IndicatorEntry(indicator, f"{prefix}{key}/", tuple(reports), tuple(ranked))
    return IndicatorIndex(vocabulary, entries,
                          {place: tuple(items) for place, items in sorted(by_place.items())})
