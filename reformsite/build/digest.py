"""What a page was rendered from, as a short digest: equal digests mean equal pages.

A page's bytes follow from its template (and the templates it includes), the values every template
can reach (config, strings, navigation, which indicators have pages, and which places have: see
place_pages) and its own context.  Listings show an article as a card, so an article digests as its
card fields and which of its figures' places have pages; the page of the article itself adds its
content hash and the URLs its links by reference resolved to (its HTML is a function of those and of
the code, which the build cache's fingerprint covers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import operator
import re
import zlib
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from reformsite.config import template_dirs
from reformsite.exports import open_data_parts
from reformsite.figures import Figure, Reported
from reformsite.render import load_strings
from reformsite.site import Article, Latest, Page, PlaceIndex, Report, Site

from .cache import code_fingerprint

_PLAIN = frozenset({type(None), bool, int, float, str})


class Digester:
    """Digests of context values, memoised by identity for the life of one build (values are shared
    between pages: a province's article list appears on each of its pages).  With the site's
    *places*, an article also digests as which of the places its figures name have pages."""

    def __init__(self, places: PlaceIndex | None = None) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}
        self.places = places

    def of(self, value: Any) -> bytes:
        kind = type(value)
        if kind in _PLAIN:
            return repr(value).encode()
        if kind is Report:
            # A large site has hundreds of thousands, each in two or three pages' contexts: spelt out
            # from its article's digest and its figure's own key, neither hashed nor memoised.
            reported, article = value.reported, value.article
            known = self._memo.get(id(article))
            return b"P" + (known[1] if known is not None and known[0] is article else self.of(article)) + (
                reported.key or self.of(reported))
        if kind is Latest:
            # A row of a table of values, each in one page's context: spelt out from its reports.
            reports = value.reports
            return b"T%d%c" % (len(reports), 49 if value.older else 48) + b"".join(map(self.of, reports))
        key = id(value)
        if (hit := self._memo.get(key)) is not None and hit[0] is value:
            return hit[1]
        digest = hashlib.blake2b(self._parts(value), digest_size=16).digest()
        self._memo[key] = (value, digest)     # keep the value alive so its id is not reused
        return digest

    def _parts(self, value: Any) -> bytes:
        kind = type(value)
        how = _HOW.get(kind)
        if how is None:
            how = _HOW[kind] = _how_to_digest(kind)
        return how(self, value)


def _figure_parts(digester: Digester, value: Figure) -> bytes:
    # Only numbers, strings and tuples of them, and a figure's repr shows every field: the tens of
    # thousands of figures on place and indicator pages digest several times faster.
    return repr(value).encode()


def _reported_parts(digester: Digester, value: Reported) -> bytes:
    return value.key or b"R" + digester.of(value.figure) + repr((value.anchor, value.place_id)).encode()


def _article_parts(digester: Digester, value: Article) -> bytes:
    # As listings show it (a card); the article's own page adds its content, see page_digest.  A
    # figure's place is named and linked on the pages that show the figure only if it has a page
    # (the card's places always have theirs).
    main = value.places.main if value.places is not None else None
    index = digester.places
    linked = [index.url(place) for place in sorted({r.place_id for r in value.figures if r.place_id})
              ] if index is not None else None
    return "\0".join(map(str, ("A", value.url, value.title, value.summary, value.date.isoformat(),
                                value.label, value.label_text, value.source, value.image, main,
                                value.draft, value.picture, linked))).encode()


def _repr_parts(digester: Digester, value: Any) -> bytes:
    return repr(value).encode()


def _mapping_parts(digester: Digester, value: Mapping) -> bytes:
    of = digester.of
    try:
        items = sorted(value.items())       # keys differ: only they are compared
    except TypeError:                       # keys of kinds that do not compare
        items = sorted(value.items(), key=lambda kv: repr(kv[0]))
    return b"M" + b"".join([(_name(k) if type(k) is str else of(k)) + b"=" + of(v) for k, v in items])


def _name(key: str) -> bytes:
    """A mapping's key spelt out: the few names of context keys are spelt once."""
    known = _KEYS.get(key)
    if known is None:
        known = repr(key).encode()
        if len(_KEYS) < 4096:
            _KEYS[key] = known
    return known


_KEYS: dict[str, bytes] = {}


def _sequence_parts(digester: Digester, value: list | tuple) -> bytes:
    return b"L" + b"".join(map(digester.of, value))


def _set_parts(digester: Digester, value: set | frozenset) -> bytes:
    return b"S" + b"".join(sorted(map(digester.of, value)))


def _object_parts(digester: Digester, value: Any) -> bytes:
    if hasattr(value, "__dict__") and not callable(value):
        return b"O" + type(value).__name__.encode() + digester.of(vars(value))
    raise TypeError(f"cannot digest a {type(value).__name__} in a page context")


def _dataclass_parts(kind: type) -> Any:
    names = [f.name for f in dataclasses.fields(kind)]
    name, getter = b"D" + kind.__name__.encode(), operator.attrgetter(*names)
    if len(names) == 1:
        return lambda digester, value: name + digester.of(getter(value))
    return lambda digester, value: name + b"".join(map(digester.of, getter(value)))


def _how_to_digest(kind: type) -> Any:
    """How a value of *kind* is spelt out for its digest: decided once per class."""
    if kind is Figure:
        return _figure_parts
    if kind is Reported:
        return _reported_parts
    if issubclass(kind, Article):
        return _article_parts
    if issubclass(kind, str | int | float | dt.datetime | dt.date | enum.Enum | PurePath | bytes):
        return _repr_parts        # (subclasses of the plain types, such as Markup, come here)
    if issubclass(kind, Mapping):
        return _mapping_parts
    if issubclass(kind, list | tuple):
        return _sequence_parts
    if issubclass(kind, set | frozenset):
        return _set_parts
    if dataclasses.is_dataclass(kind) and dataclasses.fields(kind):
        return _dataclass_parts(kind)
    if dataclasses.is_dataclass(kind):
        return lambda digester, value: b"D" + kind.__name__.encode()
    return _object_parts


_HOW: dict[type, Any] = {}


def has_own_article(context: Mapping[str, Any]) -> bool:
    """Whether the page shows an article's text: the article's (or a static page's) own page."""
    return isinstance(context.get("article"), Article)


def page_digest(digester: Digester, shared: bytes, template: str, context: Mapping[str, Any]) -> str:
    own = context.get("article")
    # Its text is its file's (the content hash) with the links by reference resolved: the URLs they
    # found follow the pages they name, which may move while the file stays as it was.
    body = (f"{own.content_hash}\0{own.updated}\0{own.references}".encode() if has_own_article(context)
            else b"")
    digest = hashlib.blake2b(shared + template.encode() + body + digester.of(context), digest_size=16)
    return digest.hexdigest()


# Where page_digests keeps the site's face (see site_face) among the page digests: not a URL.
SITE_FACE = "site-face"


def page_digests(site: Site, pages: list[Page], shared_values: dict[str, Any],
                 previous: Mapping[str, str] | None = None,
                 facts: ArticleFacts | None = None) -> dict[str, str]:
    """A digest per page of everything it is rendered from (see reformsite.build.digest), and the
    site's face under SITE_FACE; *shared_values* is the site's shared_context, *facts* the
    articles' places and figures as spelt out for open_data_digests, if it has run.

    With the *previous* build's digests: when its face is this one's, no page can have changed but
    the own pages of articles (whose text only they show), and only theirs are digested again (an
    edit that changes no title, summary, place or figure)."""
    digester = Digester(site.places)
    config = site.config
    templates = sorted((p.relative_to(folder).as_posix(), p.read_bytes()) for folder in template_dirs(config)
                       for p in folder.rglob("*") if p.is_file())
    everywhere = {
        "code": code_fingerprint(), "config": config, "strings": load_strings(config), "templates": templates,
        "nav": shared_values["nav"], "term_urls": shared_values["term_urls"],
        "index_urls": shared_values["index_urls"], "place_pages": place_pages(site, templates),
        "indicator_pages": sorted(site.indicators.entries) if site.indicators else [],
    }
    shared = digester.of(everywhere)
    face = site_face(site, shared, digester, facts or ArticleFacts(site.places))
    known = {url: digest for url, digest in (previous or {}).items()
             if not url.startswith((OPEN_DATA_YEAR, PLACE_FEED))}
    if known.get(SITE_FACE) == face and known.keys() == {SITE_FACE, *(p.url for p in pages)}:
        digests = {page.url: page_digest(digester, shared, page.template, page.digested)
                   if has_own_article(page.digested) else known[page.url] for page in pages}
        return {**digests, SITE_FACE: face}
    digests = {page.url: page_digest(digester, shared, page.template, page.digested) for page in pages}
    return {**digests, SITE_FACE: face}


# A template that reads the place index itself (site.places, its entries): anything but the
# permalink of the places' index, config.permalinks['places'].
_READS_PLACE_INDEX = re.compile(rb"(?<!permalinks)(?:\.places\b|\[\s*['\"]places['\"]\s*\]"
                                rb"|attr\(\s*['\"]places['\"]\s*\))")


def place_pages(site: Site, templates: list[tuple[str, bytes]]) -> Any:
    """Which places have pages, as every page's digest needs to know it.  A template reaches the
    place index through the context's helpers, which ask about the places of the articles and
    figures a page shows (their digests say it, see _article_parts), and through the place pages'
    own contexts.  A template that reads the index itself (a theme listing every place in its
    footer) may show any of them on any page: then every page depends on the whole list."""
    entries = site.places.entries if site.places else {}
    if any(_READS_PLACE_INDEX.search(source) for _, source in templates):
        return [(e.id, e.url, e.name) for e in entries.values()]
    return bool(entries)


def site_face(site: Site, shared: bytes, digester: Digester, facts: ArticleFacts) -> str:
    """A digest of what the pages of the site read, but the articles' text: with *shared*, per
    article every field but those its text makes (html, blocks, toc, words, reading time, content
    hash), which only its own page shows, and whose digest adds the content hash (see
    digest.page_digest).  Another page's context holds an article as its card, its figures, its
    places, its terms and its neighbours, all of them made of these fields."""
    digest = hashlib.blake2b(shared, digest_size=16)
    for article in (*site.articles, *site.pages):
        digest.update(digester.of(article))
        digest.update(repr((article.path, article.kind, article.slug, article.permalink, article.updated,
                            article.categories, article.tags, article.author, article.extra)).encode())
        digest.update(facts.of(article))
    return digest.hexdigest()


class ArticleFacts:
    """Each article's places as named and resolved (not where in the text), which of the places
    its open data names have pages, and its figures' keys, spelt out once in a build for the two
    digests that read them all: the site's face and the open data's (memoised by identity, as
    Digester).  *places* is the site's place index."""

    def __init__(self, places: PlaceIndex | None = None) -> None:
        self._known: dict[int, tuple[Article, bytes]] = {}
        self.places = places

    def of(self, article: Article) -> bytes:
        if (known := self._known.get(id(article))) is not None and known[0] is article:
            return known[1]
        tags = article.places
        places = (tags.main, [(m.text, m.place_id, m.candidates) for m in tags.mentions]) if tags else None
        spelt = (repr(places).encode() + repr(self._linked(article)).encode()
                 + b"".join(r.key or repr(r).encode() for r in article.figures))
        self._known[id(article)] = (article, spelt)       # kept alive so that its id is not reused
        return spelt

    def _linked(self, article: Article) -> list[str | None] | None:
        """The URLs of the places the article's open data names (see site.article_places_json): its
        main place and its parents, the places and candidates it mentions, and the units each of
        them is part of today; None for one without a page."""
        index, tags = self.places, article.places
        if index is None or tags is None:
            return None
        gazetteer = index.gazetteer
        named = {m.place_id for m in tags.mentions if m.place_id}
        named.update(c for m in tags.mentions for c in m.candidates)
        if tags.main:
            main = gazetteer.get(tags.main)
            named.update((main.id, *(p.id for p in gazetteer.parents(main))))
        named.update(now.id for place in list(named) for now in gazetteer.now(gazetteer.get(place)))
        return [index.url(place) for place in sorted(named)]


# Where the open data's digests are kept among the page digests, one a year: not URLs.
OPEN_DATA_YEAR = "open-data-year:"


def open_data_digests(site: Site, facts: ArticleFacts | None = None) -> dict[str, str]:
    """What each year's open-data files are made from, under OPEN_DATA_YEAR + the year: per article
    of the year, the fields they show, its places as named and resolved (not where in the text) and
    which of those have pages, and its figures' keys; and the code and config.  An edit that changes
    none of these (a corrected sentence) keeps every year's files; another keeps the other years'
    (a new place's page, those of the years whose articles name it).
    *facts* spells out the articles' places and figures, and keeps them for page_digests."""
    facts = facts or ArticleFacts(site.places)
    digester = Digester()
    # The files of a kept year are reused as they are (see exports.make_open_data): another zlib
    # may compress them otherwise.
    shared = digester.of({"code": code_fingerprint(), "zlib": zlib.ZLIB_RUNTIME_VERSION,
                          "config": site.config})
    digests = {}
    for part in open_data_parts(site):
        digest = hashlib.blake2b(shared, digest_size=16)
        for article in part.articles:
            digest.update(repr((article.url, article.title, article.date.isoformat(), article.label,
                                article.source_url)).encode())
            digest.update(facts.of(article))
        digests[f"{OPEN_DATA_YEAR}{part.year}"] = digest.hexdigest()
    return digests


# Where the places' feeds' digests are kept among the page digests: PLACE_FEED + the feed's URL.
PLACE_FEED = "place-feed:"


def place_feed_digests(site: Site) -> dict[str, str]:
    """What each place's feed is made from, under PLACE_FEED + its URL: the code, the config, the
    place's name and URL, and the fields an entry shows of each of its newest articles (see
    exports.files.atom_feed).  A new article changes the feeds of its places only."""
    if site.places is None:
        return {}
    config = site.config
    shared = Digester().of({"code": code_fingerprint(), "config": config})
    known: dict[int, bytes] = {}

    def entry_of(article: Article) -> bytes:
        if (made := known.get(id(article))) is None:
            made = known[id(article)] = repr((
                article.url, article.title, article.date.isoformat(), article.updated, article.author,
                article.categories, article.tags, article.summary)).encode()
        return made

    digests = {}
    for entry in site.places.entries.values():
        digest = hashlib.blake2b(shared + repr((entry.url, entry.name)).encode(), digest_size=16)
        for article in (entry.articles + entry.mentioned)[:config.feed_items]:
            digest.update(entry_of(article))
        digests[f"{PLACE_FEED}{entry.url}feed.xml"] = digest.hexdigest()
    return digests
