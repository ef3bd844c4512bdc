"""The site's data files, in the order a build writes them: the site's feed and robots.txt, the
open data, the places' feeds, the search bundle and the sitemap."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from reformsite.figures import Reported, period_end, period_start
from reformsite.site import Article, File, Site, article_places_json

from . import files as exports
from .files import OPEN_DATA_URLS


def figure_json(site: Site, article: Article, reported: Reported) -> dict:
    """One figure in the open data (DESIGN §8): as stated, with its quote and a link to it.

    period_start and period_end are the first and last days the figure covers (ISO dates): the
    dates of period_range when the article gives them, else those of the nominal period."""
    figure = reported.figure
    covered = figure.period_range or figure.period
    start, end = period_start(covered), period_end(covered)
    place = site.places.gazetteer.get(reported.place_id) if site.places and reported.place_id else None
    link = article.url + (f"#{reported.anchor}" if reported.anchor else "")
    return {
        "indicator": figure.indicator,
        "value": figure.value,
        "value_max": figure.value_max,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "period": figure.period,
        "period_range": figure.period_range,
        "period_start": start.isoformat() if start else None,
        "period_end": end.isoformat() if end else None,
        "level": figure.level,
        "unit_name": figure.unit_name,
        "tier": figure.tier,
        "rank_of": figure.rank_of,
        "breakdown": dict(figure.breakdown) or None,
        "place_code": place.code if place else None,
        "place_era": place.era if place else None,
        "place_id": place.id if place else None,
        "flags": ",".join(figure.flags) or None,
        "source": figure.source,
        "quote": figure.quote,
        "quote_url": site.config.absolute(link),
    }


def data_files(site: Site, search: Callable[[], Iterable[tuple[str, bytes | None]]],
               open_data: bool = True) -> Iterator[tuple[str, bytes | None]]:
    """Feeds, open data, the search bundle, sitemap and robots.txt as (url, bytes), one file at a
    time: each is written before the next is made, so the large exports are never all in memory
    together.  *search* gives the search bundle's files (see reformsite.build.indexing);
    without *open_data*, the files of OPEN_DATA_URLS are given as (url, None), kept from the
    previous output."""
    config = site.config

    def describe(article: Article) -> dict:
        return {**article_places_json(site.places, article, config.absolute),
                "figures": [figure_json(site, article, r) for r in article.figures]}

    def pairs(files: Iterable[File]) -> Iterator[tuple[str, bytes]]:
        return ((file.url, file.data) for file in files)

    feed_entries: dict[str, str] = {}
    yield from pairs([exports.atom_feed(config, url="/feed.xml", title=config.title, page_url="/",
                                        articles=site.articles, entries=feed_entries),
                      exports.robots_txt(config)])
    if open_data:
        yield from pairs(exports.open_data(config, sorted(site.articles, key=lambda a: (a.date, a.url)),
                                           describe))
    else:
        yield from ((url, None) for url in OPEN_DATA_URLS)
    if site.places is not None:
        for entry in site.places.entries.values():
            yield from pairs([exports.atom_feed(config, url=entry.url + "feed.xml",
                                                title=f"{entry.name} – {config.title}", page_url=entry.url,
                                                articles=entry.articles + entry.mentioned,
                                                entries=feed_entries)])
    yield from search()
    yield from pairs(exports.sitemap_files(config, sitemap_entries(site)))


def _day(article: Article | None) -> str | None:
    return (article.updated or article.date).date().isoformat() if article else None


def sitemap_entries(site: Site) -> list[tuple[str, str | None]]:
    """Every page a search engine should index, with the day its newest article was last changed:
    home, articles, pages, terms and their indexes, places, indicators, search.  Paginated pages
    beyond the first, redirects and the 404 page are left out."""
    permalinks = site.config.permalinks
    newest = site.articles[0] if site.articles else None
    entries = [("/", _day(newest))]
    entries += [(a.url, _day(a)) for a in site.articles]
    entries += [(p.url, p.updated.date().isoformat() if p.updated else None) for p in site.pages]
    entries.append((permalinks["data"], _day(newest)))      # the page documenting the open data
    for kind, terms in (("tag", site.tags), ("category", site.categories), ("year", site.years)):
        entries += [(t.url, _day(t.articles[0])) for t in terms]
        if terms and (index := permalinks[kind].split("{", 1)[0]) != "/":
            entries.append((index, _day(newest)))
    if site.places is not None and site.places.entries:
        entries.append((permalinks["places"], _day(newest)))
        for entry in site.places.entries.values():
            entries.append((entry.url, _day(next(iter(entry.articles + entry.mentioned), None))))
    if site.indicators is not None and site.indicators.entries:
        entries.append((permalinks["indicators"], _day(newest)))
        entries += [(e.url, _day(e.reports[0].article)) for e in site.indicators.entries.values()]
    entries.append((permalinks["search"], None))
    return entries
