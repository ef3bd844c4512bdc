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
from collections.abc import Callable, Mapping, Sequence

from .model import Article
from .places import PlaceIndex, main_chain

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
        self.keys = sorted((when[a.url], a.url) for a in articles)
        by_url = {a.url: a for a in articles}
        self.urls = [url for _, url in self.keys]
        self.articles = [by_url[url] for url in self.urls]

    def near(self, key: tuple[float, str]) -> zip[tuple[str, Article]]:
        """(url, article) of the articles nearest in date to the one whose sort key is *key*."""
        at = bisect.bisect_left(self.keys, key)
        start, end = max(0, at - _NEIGHBOURS), at + _NEIGHBOURS + 1
        return zip(self.urls[start:end], self.articles[start:end], strict=True)


class _Pools(dict):
    """Pools by key, each sorted when first asked for: a rebuild finds the related articles of a
    few dozen articles, which look in a few dozen of the site's thousands of pools."""

    def __init__(self, members: Mapping[str, Sequence[Article]], when: dict[str, float]) -> None:
        super().__init__()
        self.members, self.when = members, when

    def __missing__(self, key: object) -> _Pool | None:
        group = self.members.get(key) if isinstance(key, str) else None    # not an absent level
        pool = self[key] = _Pool(group, self.when) if group is not None else None
        return pool


class _Chains(dict):
    """(commune, district, province) ids of each article's main place by URL, made when first asked
    for; an absent level is an object of its own, so that two articles never share a level neither
    has."""

    def __init__(self, articles: Sequence[Article], places: PlaceIndex | None) -> None:
        super().__init__()
        self.by_url, self.places = {a.url: a for a in articles}, places

    def __missing__(self, url: str) -> tuple[object, ...]:
        ids = {e.place.level: e.id for e in main_chain(self.places, self.by_url[url])}
        chain = self[url] = tuple(ids.get(level) or object() for level in _LEVEL_WEIGHT)
        return chain


def related_finder(articles: Sequence[Article],
                   places: PlaceIndex | None) -> Callable[[Article], list[Article]]:
    """A function giving each article its related articles, best first (at most RELATED_COUNT)."""
    # datetime.timestamp() is slow: once an article (place entries list the same articles)
    when = {a.url: a.date.timestamp() for a in articles}
    place_members = {entry.id: entry.articles for entry in places.entries.values()} if places else {}
    place_pools = _Pools(place_members, when)
    indicators = {a.url: frozenset(r.figure.indicator for r in a.figures) for a in articles}
    by_indicator: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for key in indicators[article.url]:
            by_indicator[key].append(article)
    indicator_pools = _Pools(by_indicator, when)
    chains = _Chains(articles, places)
    commune_weight, district_weight, province_weight = _LEVEL_WEIGHT.values()
    tag_sets = {a.url: frozenset(a.tags) for a in articles}

    def related(article: Article) -> list[Article]:
        url = article.url
        chain = chains[url]
        mine = when[url]
        candidates: dict[str, Article] = {}
        for place_id in chain:
            if (pool := place_pools[place_id]) is not None:
                candidates.update(pool.near((mine, url)))
        mine_indicators, mine_tags = indicators[url], tag_sets[url]
        for key in sorted(mine_indicators):
            candidates.update(indicator_pools[key].near((mine, url)))
        candidates.pop(url, None)
        commune, district, province = chain
        ranked = []
        # The scoring loop runs ~60 times an article: kept inline, on precomputed sets and tuples.
        for other_url, other in candidates.items():
            their_commune, their_district, their_province = chains[other_url]
            # The weights fall from commune to province, so the first shared level scores.
            place = (commune_weight if commune == their_commune else
                     district_weight if district == their_district else
                     province_weight if province == their_province else 0.0)
            shared = len(mine_indicators & indicators[other_url])
            tags = len(mine_tags & tag_sets[other_url]) if mine_tags else 0
            points = place + _INDICATOR_WEIGHT * min(shared, 3) + _TAG_WEIGHT * min(tags, 2)
            if points >= _MINIMUM:
                days = abs(mine - when[other_url]) / 86400
                ranked.append((points - days / _DAYS_WEIGHT, other))
        ranked.sort(key=lambda pair: (-pair[0], -when[pair[1].url], pair[1].url))
        return [other for _, other in ranked[:RELATED_COUNT]]

    return related


RelatedTable = dict[str, tuple[str, ...]]      # article URL → its related articles' URLs, best first
# Per article URL, everything related_finder reads of it: its date, main place's chain, tags,
# indicators and the places whose pages list it (its pools).
RelatedInputs = dict[str, tuple]


def related_table(articles: Sequence[Article], places: PlaceIndex | None) -> RelatedTable:
    related = related_finder(articles, places)
    return {article.url: tuple(other.url for other in related(article)) for article in articles}


def related_inputs(articles: Sequence[Article], places: PlaceIndex | None) -> RelatedInputs:
    """Everything related_finder reads, per article (see RelatedInputs).  Most edits change none
    of it (a corrected sentence), and the table of the last build can be used again."""
    listed: dict[str, list[str]] = defaultdict(list)
    if places is not None:
        for entry in places.entries.values():
            for article in entry.articles:
                listed[article.url].append(entry.id)
    return {a.url: (a.date.timestamp(), tuple(e.id for e in main_chain(places, a)), tuple(sorted(a.tags)),
                    tuple(sorted({r.figure.indicator for r in a.figures})), tuple(listed[a.url]))
            for a in articles}


def updated_related_table(articles: Sequence[Article], places: PlaceIndex | None, inputs: RelatedInputs,
                          before: tuple[RelatedInputs, RelatedTable]) -> RelatedTable:
    """The related table of *articles*, from the table of an earlier build of the inputs *before*:
    found again for the articles whose inputs changed (added, removed or edited) and for those
    near them in date in a pool they are or were in, whose candidates they are; the others'
    related articles cannot have changed."""
    old_inputs, old_table = before
    changed = {url for url in inputs.keys() | old_inputs.keys() if inputs.get(url) != old_inputs.get(url)}
    again = {url for url in changed if url in inputs}
    for known in (old_inputs, inputs):
        again |= _near_in_pools(known, changed) & inputs.keys()
    related = related_finder(articles, places)
    by_url = {a.url: a for a in articles}
    found = {url: tuple(other.url for other in related(by_url[url])) for url in again}
    return {a.url: found[a.url] if a.url in found else old_table[a.url] for a in articles}


def _near_in_pools(inputs: RelatedInputs, urls: set[str]) -> set[str]:
    """By *inputs*, the articles that may find one of *urls* among their candidates: those that
    look in a pool it is in, near it in date (see related_finder's _Pool.near).  Only the pools
    *urls* are in are gathered."""
    found = urls & inputs.keys()
    places = {i for url in found for i in inputs[url][4]}
    kinds = {i for url in found for i in inputs[url][3]}
    members: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    lookers: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for url, (when, chain, _, indicators, listed) in inputs.items():
        entry = (when, url)
        for i in listed:
            if i in places:
                members["p", i].append(entry)
        for i in chain:
            if i in places:
                lookers["p", i].append(entry)
        for i in indicators:
            if i in kinds:
                members["i", i].append(entry)
                lookers["i", i].append(entry)
    for pools in (members, lookers):
        for pool in pools.values():
            pool.sort()
    near: set[str] = set()
    for url in found:
        when, _, _, indicators, listed = inputs[url]
        for key in (*(("p", i) for i in listed), *(("i", i) for i in indicators)):
            pool, looking = members[key], lookers[key]
            at = bisect.bisect_left(pool, (when, url))
            # The window of an article that looks in the pool holds the one at *at* when it sits
            # within _NEIGHBOURS places of it, one more each side for the article itself.
            low, high = pool[max(0, at - _NEIGHBOURS - 1)], pool[min(len(pool) - 1, at + _NEIGHBOURS + 1)]
            start, end = bisect.bisect_left(looking, low), bisect.bisect_right(looking, high)
            near.update(u for _, u in looking[start:end])
    return near
