"""Every HTML page of the site as (url, template, context): one function per page kind."""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reformsite.content import REDIRECT_FROM
from reformsite.core import name_key, slugify
from reformsite.figures import breakdowns_label, period_label, tier_label, value_label
from reformsite.site import (
    Article,
    Latest,
    Page,
    PlaceEntry,
    RelatedTable,
    Report,
    Site,
    Term,
    history,
    latest_per_series,
    main_chain,
    related_table,
)

from .charts import Bar, bar_chart
from .front import front_page
from .open_data import open_data_pages
from .search import search_page


@dataclass(frozen=True)
class Pager:
    """One page of a paginated list, newest items first.

    Pages are numbered from the oldest, so that a page keeps its URL and its items when newer ones
    are added: only the first page (the list's own URL) and, once in every *per_page* additions, a
    new page next to it change.  The first page holds the newest items: between one and two
    pages' worth.  *number* is the page's number in its URL; the first page has the number its
    list would give it, one more than the newest numbered page."""

    number: int
    items: tuple[Any, ...]
    url: str
    previous_url: str | None        # the next newer page
    next_url: str | None            # the next older page

    @property
    def first(self) -> bool:
        return self.previous_url is None

    @property
    def alone(self) -> bool:
        return self.previous_url is None and self.next_url is None


def paginate(items: Sequence[Any], per_page: int, first_url: str) -> list[Pager]:
    """Split *items* (newest first) into pages: first_url with the newest, then
    first_url + "trang/N/", N counted from the oldest page (see Pager)."""
    count = max(1, len(items) // per_page)
    newest = len(items) - (count - 1) * per_page
    chunks = [tuple(items[:newest])] + [tuple(items[i:i + per_page])
                                         for i in range(newest, len(items), per_page)]
    numbers = range(count, 0, -1)
    urls = [first_url] + [f"{first_url}trang/{n}/" for n in numbers[1:]]
    return [Pager(number, chunk, urls[i], urls[i - 1] if i else None,
                  urls[i + 1] if i + 1 < len(urls) else None)
            for i, (number, chunk) in enumerate(zip(numbers, chunks, strict=True))]


def home_pages(site: Site) -> Iterator[Page]:
    """The front page, then the list of every article, newest first, from /trang/2/ on."""
    for pager in paginate(site.articles, site.config.paginate, "/"):
        front = front_page(site, pager.items) if pager.first else None
        yield Page(pager.url, "index.html", {"pager": pager, "kind": "home", "front": front})


def news_article_json_ld(site: Site, article: Article) -> dict[str, Any]:
    """schema.org NewsArticle for search engines and social networks."""
    config = site.config
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "url": config.absolute(article.url),
        "mainEntityOfPage": config.absolute(article.url),
        "datePublished": article.date.isoformat(),
        "dateModified": (article.updated or article.date).isoformat(),
        "inLanguage": config.language,
        "publisher": {"@type": "Organization", "name": config.title,
                      "logo": {"@type": "ImageObject", "url": config.absolute(config.logo)}},
        "wordCount": article.words,
    }
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    else:
        data["author"] = {"@type": "Organization", "name": article.source or config.title}
    image = article.picture.largest if article.picture else article.image or config.social_image
    data["image"] = [image if "://" in image else config.absolute(image)]
    if article.source_url:
        data["isBasedOn"] = article.source_url
    if article.tags:
        data["keywords"] = ", ".join(article.tags)
    return data


def article_pages(site: Site, related: RelatedTable | None = None) -> Iterator[Page]:
    """*related* gives each article's related articles when they are known already (see
    related.related_inputs); otherwise they are found here."""
    if related is None:
        related = related_table(site.articles, site.places)
    by_url = {article.url: article for article in site.articles}
    for index, article in enumerate(site.articles):
        yield article_page(site, index, article, [by_url[url] for url in related[article.url]])


def article_page(site: Site, index: int, article: Article, related: Sequence[Article]) -> Page:
    """The page of the article at *index* of site.articles; *article* may be a newer version of it
    (the live preview renders an edited article into the site of the previous build)."""
    articles = site.articles
    newer = articles[index - 1] if index > 0 else None
    older = articles[index + 1] if index + 1 < len(articles) else None
    year_url = next((term.url for term in site.years if term.name == str(article.year)), "/")
    return Page(article.url, "article.html", {
        "article": article, "newer": newer, "older": older, "kind": "article",
        "year_url": year_url, "json_ld": news_article_json_ld(site, article), "related": list(related),
    })


def standalone_pages(site: Site) -> Iterator[Page]:
    for page in site.pages:
        yield Page(page.url, "page.html", {"article": page, "kind": "page"})


def _term_pages(site: Site, terms: Sequence[Term], kind: str) -> Iterator[Page]:
    for term in terms:
        # Pages after the first see the term without its article list (their own articles are the
        # pager's): a new article then leaves them, and what they are made from, unchanged.
        heading = replace(term, articles=())
        for pager in paginate(term.articles, site.config.paginate, term.url):
            yield Page(pager.url, "term.html", {"term": term if pager.first else heading, "pager": pager,
                                                "kind": kind})


def _index_url(pattern: str) -> str:
    """The listing of all terms of a taxonomy: "/chu-de/{slug}/" → "/chu-de/"."""
    return pattern.split("{", 1)[0]


def taxonomy_pages(site: Site) -> Iterator[Page]:
    permalinks = site.config.permalinks
    for kind, terms, pattern in (("tag", site.tags, permalinks["tag"]),
                                 ("category", site.categories, permalinks["category"]),
                                 ("year", site.years, permalinks["year"])):
        yield from _term_pages(site, terms, kind)
        index_url = _index_url(pattern)
        if terms and index_url != "/":
            yield Page(index_url, "terms.html", {"terms": terms, "kind": kind})


def places_pages(site: Site) -> Iterator[Page]:
    """The places index, grouped by region, and one paginated page per place with articles."""
    index = site.places
    if index is None or not index.entries:
        return
    yield Page(site.config.permalinks["places"], "places.html", {"kind": "places", "eras":
                                                                   index.provinces_by_era()})
    by_place = site.indicators.by_place if site.indicators else {}
    headings: dict[str, PlaceEntry] = {}        # a province heads the chains of all its units

    def heading_of(entry: PlaceEntry) -> PlaceEntry:
        if (made := headings.get(entry.id)) is None:
            made = headings[entry.id] = _place_heading(entry)
        return made

    for entry in index.entries.values():
        # The figure tables and charts are made only for a page that is rendered, and not kept
        # after it (pages render in the build's process too): a rebuild digests the place's
        # reports instead, which say everything they are made from.
        figures = functools.partial(place_figures, site, entry.id)
        reports = by_place.get(entry.id, ())
        # Pages after the first see the place without its article lists and sub-units (with their
        # counts), which only the first shows: a new article leaves them as they were.
        # The breadcrumbs' parents are named only.
        heading = heading_of(entry)
        chain = [*map(heading_of, index.chain(entry.id)[:-1]), entry]
        for pager in paginate(entry.articles, site.config.paginate, entry.url):
            first = pager.first
            context = {
                "kind": "place", "entry": entry if first else heading, "pager": pager,
                "chain": chain if first else [*chain[:-1], heading],
                "children": [index.entry(c) for c in entry.children] if first else [],
                "now": [(index.label(p), index.url(p.id)) for p in entry.now],
                "formed_from": [(index.label(p), index.url(p.id)) for p in entry.formed_from],
            }
            yield Page(pager.url, "place.html",
                       functools.partial(_with_figures, context, figures if first else None),
                       inputs={**context, "reports": reports if first else ()})


def _place_heading(entry: PlaceEntry) -> PlaceEntry:
    """The place as a page names it, without its articles and sub-units."""
    return replace(entry, articles=(), mentioned=(), children=())


_NO_FIGURES: dict[str, Any] = {"rows": [], "others": [], "charts": []}


def _with_figures(context: dict[str, Any], figures: Callable[[], dict[str, Any]] | None) -> dict[str, Any]:
    return {**context, "figures": figures() if figures else _NO_FIGURES}


def _series_name(site: Site, report: Report) -> str:
    """"Tỷ lệ đúng hạn", "Hồ sơ trực tuyến (mức độ 3)"; the tier or body a figure is of is said
    beside it (see _unit_of)."""
    lang = site.config.language
    indicator = site.indicators.vocabulary[report.figure.indicator] if site.indicators else None
    name = report.figure.indicator
    if indicator:
        name = indicator.label_vi if lang == "vi" else indicator.label_en
    if report.figure.breakdown:
        name += " (" + breakdowns_label(report.figure.breakdown, lang, report.figure.quote) + ")"
    scope = report.series[-1]
    if scope and scope[1]:      # a rank within a region: "Xếp hạng chỉ số CCHC (khu vực Bắc Trung Bộ)"
        name += f" ({report.figure.rank_group})"
    return name


def _unit_of(report: Report, lang: str) -> str:
    """Whose figure a place shows that is not the place's own: "Trung tâm Phục vụ hành chính công",
    "cấp xã"."""
    figure = report.figure
    if figure.unit_name and figure.level in ("agency", "ministry"):
        return figure.unit_name
    return tier_label(figure.tier, lang) or figure.unit_name or ""


def place_figures(site: Site, place_id: str) -> dict[str, Any]:
    """The place's own figures (latest value per series) with charts of those reported for more
    than one period, and the latest figures of its agencies and tiers, labelled with their names."""
    index = site.indicators
    reports = index.by_place.get(place_id, ()) if index else ()
    if not reports:
        return _NO_FIGURES
    order = {key: i for i, key in enumerate(index.vocabulary)}
    lang = site.config.language

    def ordered(latest: Latest) -> tuple:
        figure = latest.report.figure
        return (order.get(figure.indicator, 999), figure.unit_name or "", figure.tier or "", figure.breakdown,
                figure.unit)

    own = sorted(latest_per_series([r for r in reports if r.own]), key=ordered)
    # A figure of an unnamed unit inside the place ("UBND huyện" in a province's article) has no
    # name to show it under; it stays on its indicator's page.
    named = [r for r in reports if not r.own and (r.figure.tier or r.figure.unit_name)]
    others = sorted(latest_per_series(named),
                    key=lambda latest: (_unit_of(latest.report, lang), ordered(latest)))
    return {"rows": [(_series_name(site, latest.report), latest) for latest in own],
            "others": [(_unit_of(latest.report, lang), _series_name(site, latest.report), latest)
                       for latest in others],
            "charts": _place_charts(site, own, history([r for r in reports if r.own]))}


def _place_charts(site: Site, rows: Sequence[Latest],
                  series_history: dict[tuple, list[Latest]]) -> list[dict[str, Any]]:
    """A chart per series with values for two periods or more: one unit, one scope, one point per
    period in period order, ranks drawn so that the better rank is the taller bar."""
    lang = site.config.language
    charts = []
    for row in rows:
        points = series_history[row.report.series]
        if len(points) < 2 or not all(isinstance(p.report.figure.value, int | float) for p in points):
            continue
        name = _series_name(site, row.report)
        # A long history drawn whole leaves each bar a few pixels and its labels on top of each other:
        # the chart shows the latest periods, the table under it every one.
        drawn = points[-CHART_BARS:]
        bars = [Bar(period_label(p.report.figure.period, lang),
                    None if p.contradicted else float(p.report.figure.value),
                    " / ".join(value_label(r.figure, lang) for r in p.reports)) for p in drawn]
        ranks = row.report.figure.unit == "rank"
        description = "; ".join(f"{b.label}: {b.text}" for b in bars)
        chart_id = f"bieu-do-{len(charts) + 1}"
        svg = bar_chart(bars, title=name, description=description, chart_id=chart_id,
                        ranked_of=(row.report.figure.rank_of or 0) if ranks else None)
        charts.append({"name": name, "svg": svg, "points": points, "id": chart_id, "drawn": len(drawn),
                       "ranks": ranks})
    return charts


HISTORY_PER_PAGE = 100
CHART_BARS = 12             # periods drawn in a place's chart; its table lists them all


def indicator_pages(site: Site) -> Iterator[Page]:
    """/chi-so/ lists indicators with counts; /chi-so/<key>/ compares places and gives the history."""
    index = site.indicators
    if index is None or not index.entries:
        return
    entries = list(index.entries.values())
    # Digested as what they show (each indicator's name and number of figures), not as every report.
    shown = [(entry.url, entry.indicator, len(entry.reports)) for entry in entries]
    yield Page(site.config.permalinks["indicators"], "indicators.html",
               {"kind": "indicators", "entries": entries}, inputs={"kind": "indicators", "entries": shown})
    for entry in entries:
        # The history lists the newest reports as they were published: on a large site one
        # indicator has thousands, a page of them all would weigh megabytes and pages of them as
        # much; the older ones are in the open data, which the page links.
        newest = newest_published(entry.reports, HISTORY_PER_PAGE)
        for pager in paginate(newest, HISTORY_PER_PAGE, entry.url):
            context = {"kind": "indicator", "entry": entry, "pager": pager}
            # The page shows the entry's comparisons, the reports of its pager and how many there are.
            inputs = {**context, "entry": (entry.url, entry.indicator, entry.comparisons, len(entry.reports))}
            yield Page(pager.url, "indicator.html", context, inputs=inputs)


# A report's newest_key is (its period's end, its article's date and URL, its anchor, its indicator):
# what follows the period's end is the order in which it was published.
_PUBLISHED = operator.itemgetter(slice(1, None))
_ARTICLE_DATE = operator.attrgetter("article.date")


def newest_published(reports: Sequence[Report], count: int) -> list[Report]:
    """The *count* reports whose articles were published last, newest first (then by URL and place
    in the text), reports of equal keys in their order in *reports*: sorted(reports, key=published,
    reverse=True)[:count].  An indicator has tens of thousands of reports: only those published on
    or after the count-th newest date are sorted, and the others are passed over by map and
    compress, not by a Python loop."""
    dates = list(map(_ARTICLE_DATE, reports))
    chosen: Iterable[int] = range(len(reports))
    if 0 < count < len(reports):
        earliest = sorted(dates, reverse=True)[count - 1]
        chosen = itertools.compress(chosen, map(earliest.__le__, dates))
    ranked = sorted(((_PUBLISHED(reports[i].newest_key), -i, reports[i]) for i in chosen), reverse=True)
    return [report for _, _, report in ranked[:count]]


def search_pages(site: Site) -> Iterator[Page]:
    yield search_page(site)


def not_found_page(site: Site) -> Iterator[Page]:
    yield Page("/404.html", "404.html", {"kind": "404", "recent": site.articles[:5]})


def redirect_pages(site: Site, taken: set[str]) -> Iterator[Page]:
    """A small page at each old address of an article or page (its URL on the Jekyll or Hugo site it
    came from, its aliases and redirect_from) sending readers and search engines to its URL.
    Listed nowhere else: not in the sitemap, feeds, search or lists.  An address another page
    has is left to that page."""
    for document in site.all_documents:
        for old in document.extra.get(REDIRECT_FROM, ()):
            if old not in taken:
                taken.add(old)
                yield Page(old, "redirect.html", {"kind": "redirect", "target": document.url,
                                                  "title": document.title})


PAGE_KINDS = (home_pages, article_pages, standalone_pages, taxonomy_pages, places_pages, indicator_pages,
              search_pages, open_data_pages, not_found_page)


PageKind = Callable[[Site], Iterator[Page]]
OwnPages = dict[PageKind, list[Page]]
# The kinds of pages the site makes of its own, but the open-data page, which lists the open data's
# files: made for made_urls before them.
_OWN_KINDS = tuple(kind for kind in PAGE_KINDS
                   if kind not in (article_pages, standalone_pages, open_data_pages))


def all_pages(site: Site, related: RelatedTable | None = None, own: OwnPages | None = None) -> Iterator[Page]:
    """Every page of *site*; those of *own* (see own_pages) as they were made for it."""
    taken: set[str] = set()
    for kind in PAGE_KINDS:
        if kind is article_pages:
            pages: Iterable[Page] = article_pages(site, related)
        else:
            pages = own[kind] if own is not None and kind in own else kind(site)
        for page in pages:
            taken.add(page.url)
            yield page
    yield from redirect_pages(site, taken)


def own_pages(site: Site) -> OwnPages:
    """The pages the site makes of its own (home, lists, tags, years, places, indicators, search,
    404), by kind: made once, for made_urls and then for all_pages."""
    return {kind: list(kind(site)) for kind in _OWN_KINDS}


def made_urls(site: Site, own: OwnPages | None = None) -> set[str]:
    """The URLs of the pages the site makes of its own (see own_pages) and of the open data's page:
    no article or page may be written over one of them."""
    own = own_pages(site) if own is None else own
    return {page.url for pages in own.values() for page in pages} | {site.config.permalinks["data"]}


# The string naming each taxonomy's index page, by taxonomy kind.
INDEX_TITLES = {"tag": "tags_index", "category": "categories_index", "year": "years_index"}


def shared_context(site: Site, strings: dict[str, str]) -> dict[str, Any]:
    """Values every template may use: the navigation and where each taxonomy term lives."""
    permalinks = site.config.permalinks
    index_urls = {"tag": _index_url(permalinks["tag"]), "category": _index_url(permalinks["category"]),
                  "year": _index_url(permalinks["year"])}
    nav: list[dict[str, str]] = []
    for key, url, present in (("places", permalinks["places"], site.places and site.places.entries),
                              ("indicators", permalinks["indicators"],
                               site.indicators and site.indicators.entries),
                              ("categories", index_urls["category"], site.categories),
                              ("archives", index_urls["year"], site.years)):
        if present and url != "/":
            nav.append({"title": strings.get(key, key), "url": url})
    nav += [{"title": page.title, "url": page.url} for page in site.pages]
    nav += [{"title": item.title, "url": item.url} for item in site.config.menu]
    term_urls = {
        "tag": {name: term.url for term in site.tags for name in _names(term, "tags")},
        "category": {name: term.url for term in site.categories
                     for name in _names(term, "categories")},
    }
    return {"site": site, "nav": nav, "term_urls": term_urls, "index_urls": index_urls,
            "has_place_pages": bool(site.places and site.places.entries),
            "index_titles": INDEX_TITLES,
            "place_chain": lambda article: main_chain(site.places, article),
            "place_label": site.places.label if site.places else str,
            "indicator_url": site.indicators.url if site.indicators else (lambda key: None),
            "place_url": site.places.url if site.places else (lambda place_id: None),
            "indicator_names": indicator_names(site),
            "place_name": (lambda place_id: site.places.entries[place_id].name
                           if site.places and place_id in site.places.entries else None)}


def _names(term: Term, field: str) -> set[str]:
    """Every spelling used for *term* (names that differ in case or tone placement share one page)."""
    return {name for a in term.articles for name in getattr(a, field) if _term_slug(name) == term.slug}


@functools.lru_cache(maxsize=4096)
def _term_slug(name: str) -> str:
    # A site has few tag and category names and uses each thousands of times.
    return slugify(name_key(name))


def indicator_names(site: Site) -> dict[str, str]:
    if site.indicators is None:
        return {}
    vi = site.config.language == "vi"
    return {key: i.label_vi if vi else i.label_en for key, i in site.indicators.vocabulary.items()}

