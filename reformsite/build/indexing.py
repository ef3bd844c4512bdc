"""The search bundle of a large site, made by a process of its own while the rest of the build goes on.

The process is forked as soon as the articles have their URLs and places (before the indicator index,
which the search does not read), writes out the shards' jobs from the model it shares with the build,
then replaces itself with the indexer (reformsite.search.indexer).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reformsite.core import frozen_heap, single_threaded
from reformsite.figures import load_vocabulary
from reformsite.output import make_search_folder, remove_made_folder
from reformsite.search import Facets, PagefindError, SearchIndex, SearchIndexError, shard_jobs
from reformsite.search import indexer as searchindex
from reformsite.site import Article, Site, main_chain

# The site the forked search process plans its index from: set just before forking, as for the
# render processes (see render.pool), so that the child inherits it instead of unpickling it.
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
    """In the forked process: write out the shards' jobs (the record inputs of those that changed
    since the *previous* output), then become a fresh indexer (reformsite.search.indexer)."""
    try:
        assert _SEARCH_JOB is not None
        searchindex.write_job(folder, shard_jobs(_SEARCH_JOB, search_facets(_SEARCH_JOB), previous))
        searchindex.exec_indexer(folder, previous)
    except BaseException as error:  # anything: the build must be told why, not only that
        searchindex.write_error(folder, error)
        os._exit(1)


def _search_here(site: Site, previous: Path | None) -> SearchOutput:
    index = SearchIndex(previous)
    try:
        for file in index.files(shard_jobs(site, search_facets(site), previous)):
            yield file.url, file.data
    except RuntimeError as error:   # Pagefind's, or a kept shard's bundle gone (see search.SearchIndex)
        raise index_error(f"{type(error).__name__}: {error}") from error
    yield from index.ledger().rest()


def index_error(why: str) -> SearchIndexError:
    """The build's error for what stopped the search index, given as "ErrorName: message" (the
    names of the search's own errors, whose messages say enough, left out)."""
    for known in (PagefindError, SearchIndexError):
        if why.startswith(prefix := f"{known.__name__}: "):
            return SearchIndexError(f"search index: {why.removeprefix(prefix)}",
                                    pagefind=known is PagefindError)
    return SearchIndexError(f"search index: {why}")


@contextlib.contextmanager
def search_alongside(site: Site, output_dir: Path, previous: Path | None = None, processes: int = 2
                     ) -> Iterator[SearchJob]:
    """The search bundle of a large site, made in another process while the build goes on.

    Pagefind indexes a shard on one core (it has no incremental mode): made in place, the bundle
    would keep the other cores idle.  Started as soon as the articles are placed (see SiteSearch),
    it runs beside the indicator index, page contexts, digests, rendering and writing instead.  A
    small site gains nothing from a process, and makes its bundle in place when it is asked for.
    The process is forked, writes out the shards' jobs from the model it shares with the build (see
    search.shard_jobs: the record inputs of the shards that changed, the digests of all), and then
    replaces itself with a fresh interpreter that indexes the changed shards one at a time (see
    reformsite.search.indexer); its files wait in a folder beside the output.  A plain Process, not
    an executor: an executor's manager thread would make the render pool fork from a multi-threaded
    process.  *previous* is the output folder whose unchanged search shards are kept (see
    search.SearchIndex).  With *processes* below 2, or while this process runs other threads (see
    core.single_threaded), the bundle is made in place too.  While the process runs, the render
    forks one process fewer (see render.pool.render_pages)."""
    global _SEARCH_JOB
    if len(site.articles) < SEARCH_PROCESS_THRESHOLD or processes < 2 or not single_threaded():
        yield SearchJob(lambda: _search_here(site, previous), lambda: False)
        return
    folder = make_search_folder(output_dir)
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
            raise index_error(why)
        return searchindex.results(folder)

    try:
        yield SearchJob(bundle, child.is_alive)
    finally:
        if not waited:          # the build failed first: stop indexing (Pagefind's stdin then closes)
            child.terminate()
            child.join()
        remove_made_folder(output_dir, folder)


class SiteSearch:
    """The search bundle of the site as last modelled (see search_alongside): made again, its
    process stopped, when the site is modelled again; stopped when the block ends unless waited
    for."""

    def __init__(self, output_dir: Path, previous: Path | None = None, processes: int = 2) -> None:
        self._where = (output_dir, previous, processes)
        self._stack = contextlib.ExitStack()
        self._job: SearchJob | None = None

    def start(self, site: Site) -> None:
        self._stack.close()
        self._job = self._stack.enter_context(search_alongside(site, *self._where))

    @property
    def job(self) -> SearchJob:
        """The bundle being made for the site last given to `start`."""
        if self._job is None:
            raise RuntimeError("the search bundle was asked for before the site was modelled")
        return self._job

    def __enter__(self) -> SiteSearch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()


def search_facets(site: Site) -> Facets:
    """The search filters of an article: province, district, indicators reported, year."""
    # The bundled vocabulary, as the site's indicator index has it: the search starts before the
    # index is made (see build.pipeline.model_site).
    vocabulary = load_vocabulary()
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
