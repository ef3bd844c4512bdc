"""Related articles for an article page: about the same place, reporting the same indicators, close in time.

A reader of a district's article wants that district's other news first, then what other places
reported on the same indicators around the same time.  Scoring every pair of articles would cost
n² on a large site, so candidates come from two small pools: the articles nearest in date about the
article's own place (or its district, or its province), and the articles nearest in date reporting
each indicator it reports.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Sequence

from .model import Article
from .placeindex import PlaceIndex, main_chain

RELATED_COUNT = 4
_NEIGHBOURS = 8                      # candidates taken on each side in date order, per pool
_LEVEL_WEIGHT = {"commune": 5.0, "district": 4.0, "province": 1.5}
_INDICATOR_WEIGHT = 1.5              # per shared indicator, up to three
_TAG_WEIGHT = 0.5                    # per shared tag, up to two
_DAYS_WEIGHT = 180.0                 # in ranking, a year's distance costs two points
_MINIMUM = 2.5                       # relevance below this is not related: one shared indicator alone


class _Pool:
    """Articles sorted by date, to find those nearest in date to a given one."""

    def __init__(self, articles: Sequence[Article], when: dict[str, float]) -> None:
        self.when = when
        self.articles = sorted(articles, key=self._key)
        self.keys = [self._key(a) for a in self.articles]

    def _key(self, article: Article) -> tuple[float, str]:
        return self.when[article.url], article.url

    def near(self, article: Article) -> Sequence[Article]:
        at = bisect.bisect_left(self.keys, self._key(article))
        return self.articles[max(0, at - _NEIGHBOURS):at + _NEIGHBOURS + 1]


def related_finder(articles: Sequence[Article],
                   places: PlaceIndex | None) -> Callable[[Article], list[Article]]:
    """A function giving each article its related articles, best first (at most RELATED_COUNT)."""
    # datetime.timestamp() is slow: once an article (place entries list the same articles)
    when = {a.url: a.date.timestamp() for a in articles}
    place_pools: dict[str, _Pool] = {}
    if places is not None:
        place_pools = {entry.id: _Pool(entry.articles, when) for entry in places.entries.values()}
    indicators = {a.url: frozenset(r.figure.indicator for r in a.figures) for a in articles}
    by_indicator: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for key in indicators[article.url]:
            by_indicator[key].append(article)
    indicator_pools = {key: _Pool(group, when) for key, group in by_indicator.items()}
    chains = {a.url: {e.place.level: e.id for e in main_chain(places, a)} for a in articles}

    def relevance(article: Article, other: Article) -> float:
        mine, theirs = chains[article.url], chains[other.url]
        place = max((w for level, w in _LEVEL_WEIGHT.items()
                     if level in mine and mine[level] == theirs.get(level)), default=0.0)
        shared = len(indicators[article.url] & indicators[other.url])
        tags = len(set(article.tags) & set(other.tags))
        return place + _INDICATOR_WEIGHT * min(shared, 3) + _TAG_WEIGHT * min(tags, 2)

    def related(article: Article) -> list[Article]:
        candidates: dict[str, Article] = {}
        for level in ("commune", "district", "province"):
            place_id = chains[article.url].get(level)
            if place_id in place_pools:
                candidates.update((a.url, a) for a in place_pools[place_id].near(article))
        for key in sorted(indicators[article.url]):
            candidates.update((a.url, a) for a in indicator_pools[key].near(article))
        candidates.pop(article.url, None)
        ranked = []
        mine = when[article.url]
        for other in candidates.values():
            points = relevance(article, other)
            if points >= _MINIMUM:
                days = abs(mine - when[other.url]) / 86400
                ranked.append((points - days / _DAYS_WEIGHT, other))
        ranked.sort(key=lambda pair: (-pair[0], -when[pair[1].url], pair[1].url))
        return [other for _, other in ranked[:RELATED_COUNT]]

    return related
