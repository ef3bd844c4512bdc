"""The site's data files, in the order a build writes them: the site's feed and robots.txt, the
open data, the places' feeds, the search bundle and the sitemap."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator

from reformsite.core import File
from reformsite.site import Article, Site

from . import files as exports
from . import opendata


def data_files(site: Site, search: Callable[[], Iterable[tuple[str, bytes | None]]],
               kept_feeds: Collection[str] = ()) -> Iterator[tuple[str, bytes | None]]:
    """Feeds, open data, the search bundle, sitemap and robots.txt as (url, bytes), one file at a
    time.  *search* gives the search bundle's files (see reformsite.build.indexing).  The open
    data is as prepare_open_data made it for *site* (made now if it was not): the files of the
    years it kept are given as (url, None), kept from the previous output, and so are the places'
    feeds of *kept_feeds* (their URLs)."""
    config = site.config

    def pairs(files: Iterable[File]) -> Iterator[tuple[str, bytes]]:
        return ((file.url, file.data) for file in files)

    feed_entries: dict[str, str] = {}
    yield from pairs([exports.atom_feed(config, url="/feed.xml", title=config.title, page_url="/",
                                        articles=site.articles, entries=feed_entries),
                      exports.robots_txt(config)])
    made = opendata.open_data(site)
    yield from ((file.url, file.data) for file in made.files)
    yield opendata.INDEX_URL, made.index
    if site.places is not None:
        for entry in site.places.entries.values():
            if (url := entry.url + "feed.xml") in kept_feeds:
                yield url, None
                continue
            yield from pairs([exports.atom_feed(config, url=url,
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
