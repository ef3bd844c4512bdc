"""The build, as a short list of stages: read → model → plan → render → write.

Reading processes each article on its own (Markdown, place tags, figures; cached, and in a pool of
processes, see .articles); the model is the site made of them (reformsite.site); the plan says
which pages this build renders (see .digest); rendering makes the pages (reformsite.render) and the
data files (reformsite.exports), the search bundle beside them (see .indexing); writing swaps the
new output in (reformsite.output).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reformsite.config import Config, ConfigError, adopt_origin, load_config, static_trees, template_dirs
from reformsite.core import (
    VIETNAM,
    Diagnostic,
    collector_paused,
    display_path,
    frozen_heap,
    outward_links,
    sort_diagnostics,
)
from reformsite.exports import data_files, prepare_open_data
from reformsite.images import ImageStore, LeadPictures, lead_pictures
from reformsite.output import build_lock, url_to_relpath, write_site
from reformsite.pages import OwnPages, all_pages, made_urls, own_pages, shared_context
from reformsite.render import load_strings, render_pages
from reformsite.site import (
    Article,
    Page,
    RelatedTable,
    Site,
    build_site,
    is_visible,
    related_inputs,
    related_table,
    updated_related_table,
    with_indicator_index,
)

from .articles import load_articles
from .cache import BuildCache, cache_fingerprint, forget_page_digests
from .digest import (
    OPEN_DATA_YEAR,
    PLACE_FEED,
    ArticleFacts,
    open_data_digests,
    page_digests,
    place_feed_digests,
)
from .indexing import SearchJob, SiteSearch
from .options import BuildOptions, BuildResult, resolve_dirs
from .process import Settings
from .state import InputState, forget, input_state, output_as_left, remember, replay_build


@dataclass(frozen=True)
class Run:
    """What every stage of one build reads: the options, the config and where the build reads and writes."""

    options: BuildOptions
    config: Config
    settings: Settings
    content_dir: Path
    output_dir: Path
    now: dt.datetime
    inputs: InputState | None        # the inputs' state before they were read, when the cache is used
    cache: BuildCache | None

    @property
    def shown_dir(self) -> str:
        """The content folder as problems name it (content), from the site folder."""
        return display_path(self.content_dir, self.config.root)


@dataclass(frozen=True)
class PagePlan:
    """The site's pages, and which of them this build renders."""

    pages: list[Page]
    shared: dict[str, Any]           # the site's shared_context, for the digests and the render
    todo: list[Page]                 # the pages to render
    kept: list[str]                  # URLs of the pages whose previous file is still right
    digests: dict[str, str]          # this build's page digests (see .digest), when the cache is used
    previous: dict[str, str]         # the previous build's
    kept_feeds: frozenset[str] = frozenset()   # URLs of the places' feeds whose previous file is right


def build(options: BuildOptions) -> BuildResult:
    """Build the site: read the config and the articles, model the site, plan its pages, render them
    and the data files, and write the output (or, for `check`, keep them in the result)."""
    started = time.perf_counter()
    result = BuildResult(strict=options.strict)
    # The bytes the state records are read before the config is parsed: an edit in between is seen.
    config_bytes = options.config_path.read_bytes() if options.config_path.is_file() else b""
    config = read_config(options, result)
    if config is None:
        return result
    if unchanged := replay_build(options):
        unchanged.seconds = time.perf_counter() - started
        return unchanged
    content_dir, output_dir = resolve_dirs(options, config)
    inputs = (input_state(options, config, content_dir, config_bytes)
              if options.use_cache and options.write and content_dir.is_dir() else None)
    try:
        config = adopt_origin(config, content_dir)      # a Jekyll or Hugo site given as it is
    except ConfigError as exc:
        result.diagnostics = exc.diagnostics
        return result
    now = options.now or dt.datetime.now(VIETNAM)
    if not content_dir.is_dir():
        result.diagnostics.append(Diagnostic(str(content_dir), None, None,
                                             "the content folder does not exist",
                                             "create it, or pass --content DIR"))
        return result
    settings = Settings.from_config(config)
    with contextlib.ExitStack() as stack:
        cache = (stack.enter_context(BuildCache(config.root / config.cache_dir, cache_fingerprint(settings)))
                 if options.use_cache else None)
        run = Run(options, config, settings, content_dir, output_dir, now, inputs, cache)
        # Unchanged search shards and pages are reused from the previous output, unless asked for a
        # cold build, or the output is not as the last build left it.
        reuse = cache is not None and options.write and output_as_left(config, output_dir)
        searches = stack.enter_context(SiteSearch(output_dir, output_dir if reuse else None,
                                                  options.processes))
        # Reading and modelling make the objects that live until the build ends, and next to no
        # garbage: the collector waits (see reformsite.core.heap), then leaves them alone.
        with collector_paused():
            documents, problems = read_articles(run)
            problems.extend(outward_link_problems(config))
            pictures = make_pictures(run, documents)
            problems.extend(pictures.problems)
            stack.enter_context(frozen_heap())
            site, own = model_site(run, documents, problems, pictures, searches.start)
            # Frozen before the collector runs again: its first pass would walk the whole model.
            stack.enter_context(frozen_heap())
        result.site, result.articles = site, len(site.articles)
        with collector_paused():        # the pages live until the build ends, as the model does
            plan = plan_pages(run, site, reuse, own)
        result.pages = len(plan.pages)
        files = render_files(run, site, plan, searches.job, result, pictures.files)
        if options.write:
            write_output(run, files, plan, documents, problems, result,
                         remember_state=not pictures.incomplete)
        else:
            result.outputs = [(url, data) for url, data in files if data is not None]
    result.diagnostics = sort_diagnostics(problems)
    result.seconds = time.perf_counter() - started
    return result


def read_config(options: BuildOptions, result: BuildResult) -> Config | None:
    """The site's config with the options' overrides; None, and the problems in *result*, if it is wrong."""
    try:
        return load_config(options.config_path).with_overrides(base_url=options.base_url)
    except ConfigError as exc:
        result.diagnostics = exc.diagnostics
        return None


def read_articles(run: Run) -> tuple[list[Article], list[Diagnostic]]:
    """Every article, read and processed on its own (see .articles); unchanged ones from the cache."""
    documents, problems = load_articles(run.content_dir, run.shown_dir, run.settings, run.now,
                                        cache=run.cache, progress=_progress(run),
                                        workers=run.options.processes, site_root=run.config.root)
    if run.cache is not None:
        run.cache.prune()
    return documents, problems


def outward_link_problems(config: Config) -> list[Diagnostic]:
    """Links in static/ and the template folders that lead nowhere or outside the folder holding
    them (the site's, the theme's): they are not followed (see output.write_site, render)."""
    folders = [folder for folder, _ in static_trees(config)] + template_dirs(config)
    return [Diagnostic("/".join(filter(None, (display_path(folder, config.root), rel))), None, None,
                       f"{'the folder' if not rel else 'the file'} {problem}",
                       "replace the link with a copy of the file inside the site folder, or delete it")
            for folder in folders for rel, problem in outward_links(folder, [folder.parent])]


def make_pictures(run: Run, documents: list[Article]) -> LeadPictures:
    """The lead images of the articles the site shows, as responsive variants of the site's own
    (see reformsite.images): files beside the articles or in static/ always, images on other hosts
    with --fetch-images (from the hosts config.yaml allows)."""
    config, options = run.config, run.options
    shown = [a for a in documents
             if a.image and is_visible(a, now=run.now, drafts=options.drafts, future=options.future)]
    store = ImageStore(config.root / config.cache_dir / "images" if options.use_cache else None)
    return lead_pictures(shown, content_dir=run.content_dir, static=static_trees(config),
                         shown_dir=run.shown_dir,
                         fetch=config.shows_image if options.fetch_images else None, store=store,
                         workers=options.processes)


def model_site(run: Run, documents: list[Article], problems: list[Diagnostic], pictures: LeadPictures,
               start_search: Callable[[Site], None]) -> tuple[Site, OwnPages | None]:
    """The site made of the articles, and the pages it makes of its own (None when they are to be
    made again); what it finds wrong is added to *problems*.  A document whose URL is one of a page
    the site makes (a tag's, a year's) is placed again, off those URLs.

    The search bundle needs the articles' URLs and places, not the indicator index: it is started
    (*start_search*) before the index is made, and started again if the articles are placed again."""
    options = run.options
    model = partial(build_site, documents, run.config, now=run.now, drafts=options.drafts,
                    future=options.future, gazetteer=run.settings.gazetteer(), pictures=pictures.pictures,
                    shown_dir=run.shown_dir)
    site, found = model(indicators=False)
    start_search(site)
    site = with_indicator_index(site)
    own: OwnPages | None = own_pages(site)
    made = made_urls(site, own)
    if any(document.url in made for document in site.all_documents):
        site, found = model(reserved=made)
        start_search(site)
        own = None
    problems.extend(found)
    return site, own


def related_articles(site: Site, cache: BuildCache | None) -> RelatedTable:
    """Each article's related articles: from the last build's table, found again only for the
    articles whose inputs, or whose candidates' inputs, changed (an edited sentence changes none)."""
    if cache is None:
        return related_table(site.articles, site.places)
    inputs = related_inputs(site.articles, site.places)
    before = cache.memo("related", "")
    if before is not None and before[0] == inputs:
        return before[1]
    table = (updated_related_table(site.articles, site.places, inputs, before) if before is not None
             else related_table(site.articles, site.places))
    cache.remember_memo("related", "", (inputs, table))
    return table


def plan_pages(run: Run, site: Site, reuse: bool, own: OwnPages | None = None) -> PagePlan:
    """The site's pages; with the cache, and when the output is as the last build left it (*reuse*),
    those whose inputs are unchanged keep their previous file, unread and unrendered, and so do the
    open data's files of the years whose articles are unchanged.  *own* are the pages the site
    makes of its own, as model_site made them (None: made here)."""
    use_digests = run.cache is not None and run.options.write
    output_dir = run.output_dir
    previous = run.cache.page_digests(output_dir) if use_digests and reuse else {}
    facts = ArticleFacts(site.places)       # read by the open data's digests and the pages'
    data_digests = open_data_digests(site, facts) if use_digests else {}
    kept_years = [int(key.removeprefix(OPEN_DATA_YEAR)) for key, digest in data_digests.items()
                  if previous.get(key) == digest]
    # Before the pages: the open-data page lists the files.
    prepare_open_data(site, kept_years, partial(_previous_file, output_dir))
    pages = list(all_pages(site, related_articles(site, run.cache), own))
    # Made once for the digests and the render: it reads every article.
    shared = shared_context(site, load_strings(run.config))
    if not use_digests:
        return PagePlan(pages, shared, pages, [], {}, {})
    feeds = place_feed_digests(site)
    digests = {**page_digests(site, pages, shared, previous, facts), **data_digests, **feeds}

    def still_right(key: str, url: str) -> bool:
        return (previous.get(key) == digests[key]
                and os.path.isfile(os.path.join(output_dir, url_to_relpath(url))))

    kept = [page.url for page in pages if still_right(page.url, page.url)]
    kept_feeds = frozenset(url for key in feeds if still_right(key, url := key.removeprefix(PLACE_FEED)))
    keep = set(kept)
    todo = [p for p in pages if p.url not in keep]
    return PagePlan(pages, shared, todo, kept, digests, previous, kept_feeds)


def _previous_file(output_dir: Path, url: str) -> bytes | None:
    """A file of the previous output, for the open data's kept years; None when it is not there."""
    try:
        return (output_dir / url_to_relpath(url)).read_bytes()
    except OSError:
        return None


def render_files(run: Run, site: Site, plan: PagePlan, search: SearchJob, result: BuildResult,
                 images: dict[str, bytes]) -> Iterator[tuple[str, bytes | None]]:
    """The rendered pages as (url, bytes), the kept ones as (url, None), then the data files and
    the lead images' variants (*images*).

    A generator, so that each page is written as soon as it is rendered: a large site's HTML is
    never all in memory at once.  Rendered pages wait on the output's disk, not in memory (see
    render.pool)."""
    report = _progress(run)
    spool = run.output_dir.parent if run.options.write else None
    compiled = run.cache.folder("templates") if run.cache is not None else None
    rendered = render_pages(site, plan.todo, run.options.processes, spool, plan.shared, search.running,
                            compiled)
    for done, (url, data) in enumerate(rendered, start=1):
        report("pages", done, len(plan.todo))
        yield url, data
    yield from ((url, None) for url in plan.kept)
    result.files = len(plan.pages)
    for url, data in data_files(site, search.files, plan.kept_feeds):
        result.files += 1
        yield url, data
    result.files += len(images)
    yield from sorted(images.items())


def write_output(run: Run, files: Iterator[tuple[str, bytes | None]], plan: PagePlan,
                 documents: list[Article], problems: list[Diagnostic], result: BuildResult,
                 remember_state: bool = True) -> None:
    """Write *files* into the output folder, and remember what its pages were made from; and,
    unless *remember_state* is False (a download failed, to be tried again), the inputs' state."""
    config, output_dir, cache = run.config, run.output_dir, run.cache
    with build_lock(output_dir):
        forget(config, output_dir)
        # The digests of pages that change no longer vouch for their files until the new
        # output is in place; the others do throughout.
        changed = {url: digest for url, digest in plan.digests.items() if plan.previous.get(url) != digest}
        if cache is not None:
            cache.forget_pages(output_dir, [url for url in plan.previous
                                            if url not in plan.digests or url in changed])
        else:
            forget_page_digests(config.root / config.cache_dir, output_dir)
        result.stats = write_site(output_dir, files, static_trees(config))
        if cache is not None and run.inputs is not None:
            cache.remember_pages(output_dir, changed)
            if not remember_state:
                return
            upcoming = [a.date for a in documents if a.date > run.now and not a.draft]
            result.diagnostics = sort_diagnostics(problems)
            remember(config, output_dir, run.inputs, result,
                     min(upcoming) if upcoming and not run.options.future else None)


def _progress(run: Run) -> Callable[[str, int, int], None]:
    return run.options.progress or (lambda stage, done, total: None)
