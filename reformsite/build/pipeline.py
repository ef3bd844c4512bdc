"""The build, as a short list of steps: config → content → per-article work → site → pages → output."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reformsite.config import ConfigError, adopt_origin, load_config, static_trees, template_dirs
from reformsite.core import VIETNAM, Diagnostic, display_path, sort_diagnostics
from reformsite.exports import OPEN_DATA_URLS
from reformsite.exports import files as exports
from reformsite.figures import Reported
from reformsite.output import build_lock, search_folder, url_to_relpath, write_site
from reformsite.pages import all_pages, shared_context
from reformsite.render import frozen_heap, load_strings, render_pages
from reformsite.search import Facets, index_shards, plan_search
from reformsite.search import indexer as searchindex
from reformsite.site import (
    Article,
    File,
    Page,
    RelatedTable,
    Site,
    article_places_json,
    build_site,
    main_chain,
    related_inputs,
    related_table,
)

from .articles import load_articles
from .cache import BuildCache, code_fingerprint, forget_page_digests
from .digest import Digester, has_own_article, page_digest
from .options import BuildOptions, BuildResult, resolve_dirs
from .process import Settings
from .state import forget, remember, replay_build

# Likewise for the process that makes the search bundle while the rest of the build goes on.
_SEARCH_JOB: Site | None = None
SEARCH_PROCESS_THRESHOLD = 200      # articles

# The output files of the search index: (url, bytes), or (url, None) for a file kept from the
# previous output (see output.write_site).
SearchOutput = Iterable[tuple[str, bytes | None]]


@dataclass(frozen=True)
class SearchJob:
    """The search bundle being made: *files* waits for it and gives its files; *running* says
    whether a process is making it now (and so takes a core the render would otherwise use)."""

    files: Callable[[], SearchOutput]
    running: Callable[[], bool]


def _search_child(folder: Path, previous: Path | None) -> None:
    """In the forked process: plan the index, then become a fresh indexer (reformsite.search.indexer)."""
    try:
        assert _SEARCH_JOB is not None
        searchindex.write_job(folder, plan_search(_SEARCH_JOB, search_facets(_SEARCH_JOB), previous))
        searchindex.exec_indexer(folder)
    except BaseException as error:  # anything: the build must be told why, not only that
        searchindex.write_error(folder, error)
        os._exit(1)


def _search_here(site: Site, previous: Path | None) -> SearchOutput:
    plan = plan_search(site, search_facets(site), previous)
    return plan.output((file.url, file.data) for file in index_shards(plan.to_index))


@contextlib.contextmanager
def search_alongside(site: Site, output_dir: Path, previous: Path | None = None, processes: int = 2
                     ) -> Iterator[SearchJob]:
    """The search bundle of a large site, made in another process while the build goes on.

    Pagefind indexes a shard on one core (it has no incremental mode), and the build used to wait
    for it with the other cores idle.  Started as soon as the site model exists, it runs beside the
    page contexts, digests, rendering and writing instead.  A small site gains nothing from a
    process, and makes its bundle in place when it is asked for.  The process is forked, plans the
    index from the model it shares with the build, and then replaces itself with a fresh interpreter
    that holds only the records to index (see reformsite.search.indexer); its files wait in a folder
    beside the output.  A plain Process, not an executor: an executor's manager thread would make
    the render pool fork from a multi-threaded process.  *previous* is the output folder whose
    unchanged search shards are kept (see search.plan_search).  With *processes* below 2, the
    bundle is made in place too.  While the process runs, the render forks one process fewer
    (see renderpool.render_pages)."""
    global _SEARCH_JOB
    if len(site.articles) < SEARCH_PROCESS_THRESHOLD or processes < 2:
        yield SearchJob(lambda: _search_here(site, previous), lambda: False)
        return
    folder = search_folder(output_dir)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = multiprocessing.get_context("fork")
    _SEARCH_JOB = site
    try:
        with frozen_heap():     # as for the render workers: the child's collector must not copy the site
            child = context.Process(target=_search_child, args=(folder, previous), daemon=True)
            child.start()
    finally:
        _SEARCH_JOB = None

    waited = False

    def bundle() -> SearchOutput:
        nonlocal waited
        child.join()
        waited = True
        if child.exitcode != 0:
            why = searchindex.error_of(folder) or f"the indexer stopped (exit status {child.exitcode})"
            raise RuntimeError(f"search index: {why}")
        return searchindex.results(folder)

    try:
        yield SearchJob(bundle, child.is_alive)
    finally:
        if not waited:          # the build failed first: stop indexing (Pagefind's stdin then closes)
            child.terminate()
            child.join()
        shutil.rmtree(folder, ignore_errors=True)


def render_site(site: Site, workers: int = 1) -> Iterator[tuple[str, bytes | None]]:
    """Every output file of the site as (url, bytes), pages first, in a deterministic order."""
    yield from render_pages(site, list(all_pages(site)), workers)
    yield from data_files(site)


# Where page_digests keeps the site's face (see site_face) among the page digests: not a URL.
SITE_FACE = "site-face"


def page_digests(site: Site, pages: list[Page], shared_values: dict[str, Any],
                 previous: Mapping[str, str] | None = None) -> dict[str, str]:
    """A digest per page of everything it is rendered from (see reformsite.build.digest), one of the
    open-data files under each of OPEN_DATA_URLS, and the site's face under SITE_FACE;
    *shared_values* is the site's shared_context.

    With the *previous* build's digests: when its face is this one's, no page can have changed but
    the own pages of articles (whose text only they show), and only theirs are digested again: at
    10,000 articles, 2.5 s instead of 6.4, for an edit that changes no title, summary, place or
    figure."""
    digester = Digester()
    config = site.config
    templates = sorted((p.relative_to(folder).as_posix(), p.read_bytes()) for folder in template_dirs(config)
                       for p in folder.rglob("*") if p.is_file())
    everywhere = {
        "code": code_fingerprint(), "config": config, "strings": load_strings(config), "templates": templates,
        "nav": shared_values["nav"], "term_urls": shared_values["term_urls"],
        "index_urls": shared_values["index_urls"],
        "place_pages": [(e.id, e.url, e.name) for e in site.places.entries.values()] if site.places else [],
        "indicator_pages": sorted(site.indicators.entries) if site.indicators else [],
    }
    shared = digester.of(everywhere)
    face = site_face(site, shared, digester)
    known = previous or {}
    if known.get(SITE_FACE) == face and known.keys() == {SITE_FACE, *OPEN_DATA_URLS, *(p.url for p in pages)}:
        digests = {page.url: page_digest(digester, shared, page.template, page.digested)
                   if has_own_article(page.digested) else known[page.url] for page in pages}
        return {**digests, **{url: known[url] for url in OPEN_DATA_URLS}, SITE_FACE: face}
    digests = {page.url: page_digest(digester, shared, page.template, page.digested) for page in pages}
    data = open_data_digest(site, shared)
    return {**digests, **dict.fromkeys(OPEN_DATA_URLS, data), SITE_FACE: face}


def site_face(site: Site, shared: bytes, digester: Digester) -> str:
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
        _digest_places_and_figures(digest, article)
    return digest.hexdigest()


def _digest_places_and_figures(digest: Any, article: Article) -> None:
    """An article's places as named and resolved (not where in the text), and its figures' keys."""
    tags = article.places
    places = (tags.main, [(m.text, m.place_id, m.candidates) for m in tags.mentions]) if tags else None
    digest.update(repr(places).encode())
    for reported in article.figures:
        digest.update(reported.key or repr(reported).encode())


def open_data_digest(site: Site, shared: bytes) -> str:
    """What the open-data files are made from: per article, the fields they show, its places as
    named and resolved (not where in the text), and its figures' keys; with *shared*, the code,
    config and which places have pages.  An edit that changes none of these (a corrected sentence)
    keeps the files, which take seconds to write at 10,000 articles."""
    digest = hashlib.blake2b(shared, digest_size=16)
    for article in site.articles:      # their order follows from the set, so needs no sort of its own
        digest.update(repr((article.url, article.title, article.date.isoformat(), article.label,
                            article.source_url)).encode())
        _digest_places_and_figures(digest, article)
    return digest.hexdigest()


def figure_json(site: Site, article: Article, reported: Reported) -> dict:
    """One figure in the open data (DESIGN §8): as stated, with its quote and a link to it."""
    figure = reported.figure
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


def search_facets(site: Site) -> Facets:
    """The search filters of an article: province, district, indicators reported, year."""
    vocabulary = site.indicators.vocabulary if site.indicators else {}
    vi = site.config.language == "vi"

    def facets(article: Article) -> dict[str, list[str]]:
        chain = main_chain(site.places, article)
        provinces = [e.name for e in chain if e.place.level == "province"]
        # District names repeat across provinces (Châu Thành): name the province too.
        districts = [f"{e.name} ({provinces[0]})" if provinces else e.name
                     for e in chain if e.place.level == "district"]
        indicators = sorted({(vocabulary[r.figure.indicator].label_vi if vi else
                              vocabulary[r.figure.indicator].label_en)
                             for r in article.figures if r.figure.indicator in vocabulary})
        return {"tinh": provinces, "huyen": districts, "chi_so": indicators, "nam": [str(article.year)]}

    return facets


def data_files(site: Site, search: Callable[[], SearchOutput] | None = None,
               open_data: bool = True) -> Iterator[tuple[str, bytes | None]]:
    """Feeds, open data, the search bundle, sitemap and robots.txt as (url, bytes), one file at a
    time: each is written before the next is made, so the large exports are never all in memory
    together.  *search* gives the search bundle when it is made elsewhere (see search_alongside);
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
    yield from (search() if search else _search_here(site, None))
    place_entries = site.places.entries.values() if site.places else ()
    sitemap_entries = [("/", site.articles[0].date.date().isoformat() if site.articles else None)]
    sitemap_entries += [(a.url, (a.updated or a.date).date().isoformat()) for a in site.articles]
    sitemap_entries += [(p.url, p.updated.date().isoformat() if p.updated else None) for p in site.pages]
    for terms in (site.tags, site.categories, site.years):
        sitemap_entries += [(t.url, t.articles[0].date.date().isoformat()) for t in terms]
    for entry in place_entries:
        newest = (entry.articles + entry.mentioned)[0] if entry.articles or entry.mentioned else None
        sitemap_entries.append((entry.url, newest.date.date().isoformat() if newest else None))
    yield from pairs(exports.sitemap_files(config, sitemap_entries))


def related_articles(site: Site, cache: BuildCache | None) -> RelatedTable:
    """Each article's related articles; the last build's when nothing they are found from changed
    (finding them takes seconds at 10,000 articles, and an edited sentence changes none)."""
    inputs = related_inputs(site.articles, site.places)
    if cache is not None and (table := cache.memo("related", inputs)) is not None:
        return table
    table = related_table(site.articles, site.places)
    if cache is not None:
        cache.remember_memo("related", inputs, table)
    return table


def fingerprint(settings: Settings) -> str:
    """What every cached article result depends on besides the article itself."""
    return hashlib.sha256(f"{code_fingerprint()}\0{settings!r}".encode()).hexdigest()


def build(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult(strict=options.strict)
    try:
        config = load_config(options.config_path).with_overrides(base_url=options.base_url)
    except ConfigError as exc:
        result.diagnostics = exc.diagnostics
        return result
    if unchanged := replay_build(options):
        unchanged.seconds = time.perf_counter() - started
        return unchanged
    content_dir, output_dir = resolve_dirs(options, config)
    try:
        config = adopt_origin(config, content_dir)      # a Jekyll or Hugo site given as it is
    except ConfigError as exc:
        result.diagnostics = exc.diagnostics
        return result
    now = options.now or dt.datetime.now(VIETNAM)
    config_bytes = options.config_path.read_bytes() if options.config_path.is_file() else b""
    if not content_dir.is_dir():
        result.diagnostics.append(Diagnostic(str(content_dir), None, None,
                                             "the content folder does not exist",
                                             "create it, or pass --content DIR"))
        return result

    settings = Settings.from_config(config)
    report = options.progress or (lambda stage, done, total: None)
    shown_dir = display_path(content_dir, config.root)
    with contextlib.ExitStack() as stack:
        cache = (stack.enter_context(BuildCache(config.root / config.cache_dir, fingerprint(settings)))
                 if options.use_cache else None)
        documents, problems = load_articles(content_dir, shown_dir, settings, now, cache=cache,
                                            progress=report, workers=options.processes)
        if cache is not None:
            cache.prune()
        # The articles out of the collector's reach while the site model is made of them (its
        # hundreds of thousands of new objects set off collections that walked every article),
        # then the model too.
        stack.enter_context(frozen_heap())
        site, found = build_site(documents, config, now=now, drafts=options.drafts, future=options.future,
                                 gazetteer=settings.gazetteer())
        problems.extend(found)
        stack.enter_context(frozen_heap())
        result.site = site
        result.articles = len(site.articles)
        # Unchanged search shards are reused from the previous output, unless asked for a cold build.
        search = stack.enter_context(search_alongside(
            site, output_dir, output_dir if cache is not None and options.write else None, options.processes))

        pages = list(all_pages(site, related_articles(site, cache)))
        # Made once for the digests and the render: it reads every article (a second at 10,000).
        shared = shared_context(site, load_strings(config))
        digests: dict[str, str] = {}
        previous: dict[str, str] = {}
        kept: list[str] = []
        keep_open_data = False
        if cache is not None and options.write:
            # Pages whose inputs are unchanged keep their previous file, unread and unrendered.
            previous = cache.page_digests(output_dir)
            digests = page_digests(site, pages, shared, previous)
            unchanged = [url for url, digest in digests.items()
                         if url != SITE_FACE and previous.get(url) == digest
                         and os.path.isfile(os.path.join(output_dir, url_to_relpath(url)))]
            keep_open_data = set(OPEN_DATA_URLS) <= set(unchanged)
            kept = [url for url in unchanged if url not in OPEN_DATA_URLS]
        keep = set(kept)
        todo = [p for p in pages if p.url not in keep]
        result.pages = len(pages)

        def outputs() -> Iterator[tuple[str, bytes | None]]:
            # A generator, so that each page is written as soon as it is rendered: a large site's
            # HTML is never all in memory at once.
            # Rendered pages wait on the output's disk, not in memory (see renderpool).
            spool = output_dir.parent if options.write else None
            rendered = render_pages(site, todo, options.processes, spool, shared, search.running)
            for done, (url, data) in enumerate(rendered, start=1):
                report("pages", done, len(todo))
                yield url, data
            yield from ((url, None) for url in kept)
            result.files = len(pages)
            for url, data in data_files(site, search.files, open_data=not keep_open_data):
                result.files += 1
                yield url, data

        if not options.write:
            result.outputs = [(url, data) for url, data in outputs() if data is not None]
        else:
            with build_lock(output_dir):
                forget(config, output_dir)
                # The digests of pages that change no longer vouch for their files until the new
                # output is in place; the others do throughout.
                changed = {url: digest for url, digest in digests.items() if previous.get(url) != digest}
                if cache is not None:
                    cache.forget_pages(output_dir, [url for url in previous
                                                    if url not in digests or url in changed])
                else:
                    forget_page_digests(config.root / config.cache_dir, output_dir)
                result.stats = write_site(output_dir, outputs(), static_trees(config))
                if cache is not None:
                    cache.remember_pages(output_dir, changed)
                    upcoming = [a.date for a in documents if a.date > now and not a.draft]
                    result.diagnostics = sort_diagnostics(problems)
                    remember(options, config, content_dir, output_dir, config_bytes, result,
                             min(upcoming) if upcoming and not options.future else None)
    result.diagnostics = sort_diagnostics(problems)
    result.seconds = time.perf_counter() - started
    return result
