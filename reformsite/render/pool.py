"""Pages rendered to HTML, many of them in forked processes that each render one slice and exit.

A forked process shares the site model with the build until it writes to it, and in CPython
reading an object writes to it (its reference count): each page of memory a process reads an
object from becomes a private copy, so a long-lived worker that renders half of a large site ends
up holding a copy of most of the model.  A process that renders a slice of a few hundred pages
and exits copies only what that slice reads, and gives it back when it exits.  The renderer, its
compiled templates and the shared context (which reads every article) are made here before
forking, so a process starts rendering at once and none of them copies the articles to make them.

multiprocessing.Pool(maxtasksperchild=1) would recycle its workers too, but it forks the new ones
from a helper thread, and fork() in a multi-threaded process can leave the child deadlocked on a
lock another thread held; here every fork happens in the thread that runs the build.

A process writes its pages to a spool file as it renders them, and the build reads them back one at
a time: sent through a pipe as one message, a slice of heavy pages would be held whole by the
process, again as the pickled message, and twice by the build while it arrived.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import struct
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

import jinja2

from reformsite.core import frozen_heap, single_threaded
from reformsite.pages import shared_context
from reformsite.site import Page, Site

from .renderer import Renderer, load_strings, make_renderer

# Fewer pages than this render in the build's own process: starting processes would cost more.
POOL_THRESHOLD = 400
# Pages per process.  Smaller slices copy less of the model each but fork more often (each fork and
# exit of the build has its cost).
SLICE = 1000

@dataclass(frozen=True)
class RenderJob:
    """Everything a page is rendered with besides its own context."""

    renderer: Renderer
    shared: dict[str, Any]
    pages: list[Page]

    @classmethod
    def of(cls, site: Site, pages: list[Page], shared: dict[str, Any] | None = None,
           compiled: Path | None = None) -> RenderJob:
        """The job of rendering *pages*; *shared* is the site's shared_context when made already,
        *compiled* the folder that keeps compiled templates between builds (see make_renderer)."""
        renderer = make_renderer(site.config, compiled)
        if shared is None:
            shared = shared_context(site, load_strings(site.config))
        return cls(renderer, shared, pages)

    def compile_templates(self) -> None:
        """Compile the theme's templates now, before forking, rather than in every process (a
        compile takes tens of milliseconds).  One that does not compile is left for the render that
        needs it to report."""
        env = self.renderer.env
        for name in env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml"))):
            with contextlib.suppress(jinja2.TemplateError):
                env.get_template(name)

    def render(self, page: Page) -> bytes:
        return self.renderer.render(page, self.shared).encode()


# Set just before forking; the processes inherit it instead of unpickling a site.
_JOB: RenderJob | None = None
# In a spool file, each page is its URL's and its HTML's lengths, then the two.
_PAGE_HEAD = struct.Struct("<II")


def _render_into(bounds: tuple[int, int], spool: IO[bytes], sender: Connection) -> None:
    """In a forked process: render one slice into *spool*, then say it is done, or what went wrong."""
    assert _JOB is not None
    try:
        for page in _JOB.pages[bounds[0]:bounds[1]]:
            url, data = page.url.encode(), _JOB.render(page)
            spool.write(_PAGE_HEAD.pack(len(url), len(data)))
            spool.write(url)
            spool.write(data)
        spool.flush()
        outcome: tuple[bool, Exception | None] = (True, None)
    except Exception as error:  # sent to the build, which raises it as its own
        outcome = (False, error)
    try:
        sender.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError) as error:     # an exception that does not pickle
        sender.send((False, RuntimeError(f"while rendering pages: {outcome[1]!r} ({error})")))
    sender.close()


def _spooled_pages(spool: IO[bytes]) -> Iterator[tuple[str, bytes]]:
    spool.seek(0)
    while head := spool.read(_PAGE_HEAD.size):
        url_length, data_length = _PAGE_HEAD.unpack(head)
        yield spool.read(url_length).decode(), spool.read(data_length)


def _never() -> bool:
    return False


def render_pages(site: Site, pages: list[Page], workers: int = 1, spool_dir: Path | None = None,
                 shared: dict[str, Any] | None = None, core_taken: Callable[[], bool] = _never,
                 compiled: Path | None = None) -> Iterator[tuple[str, bytes]]:
    """HTML pages as (url, bytes), in the order given, one at a time as they are ready.

    Many pages render in up to *workers* processes at once, a process per slice of SLICE pages;
    the caller writes the pages of one slice while the next slices render.  Their spool files
    (unnamed, gone when closed) are made in *spool_dir*, else in the system's temporary folder,
    which may be held in memory.  *shared* is the site's shared_context, if the caller has it;
    *compiled* the folder that keeps compiled templates between builds (see make_renderer).

    While *core_taken* says another process of the build is at work (the search indexer), one
    process fewer is forked, and when that leaves only one, slices render in this process instead:
    with one core to render on, a forked process would gain nothing but a copy of what it reads
    (see benchmarks/README.md).  While this process runs other threads, every slice renders here
    (see core.single_threaded)."""
    job = RenderJob.of(site, pages, shared, compiled)
    if len(pages) < POOL_THRESHOLD or workers < 2:
        for page in pages:
            yield page.url, job.render(page)
        return
    job.compile_templates()
    yield from _render_in_processes(_Slices(job, workers, spool_dir, core_taken))


def _render_in_processes(slices: _Slices) -> Iterator[tuple[str, bytes]]:
    global _JOB
    _JOB = slices.job
    try:
        # The processes share the model with this one until they write to it: with every object
        # out of the collector's reach, their collections do not touch (and so copy) its pages.
        with frozen_heap():
            while slices.left():
                slices.start_more()
                if slices.running:
                    yield from slices.first_done()
                else:               # one core to render on: render here
                    yield from slices.render_next_here()
    finally:
        _JOB = None
        slices.stop()


class _Slices:
    """The slices of a RenderJob's pages, and the processes rendering them (forked, each with a pipe
    to say how it went and a spool file its pages wait in)."""

    def __init__(self, job: RenderJob, workers: int, spool_dir: Path | None,
                 core_taken: Callable[[], bool]) -> None:
        count = len(job.pages)
        self.job = job
        self.workers = workers
        self.spool_dir = spool_dir
        self.core_taken = core_taken
        self.bounds = [(start, min(start + SLICE, count)) for start in range(0, count, SLICE)]
        self.next = 0               # the first slice not started
        self.context = multiprocessing.get_context("fork")
        self.running: deque[tuple[multiprocessing.process.BaseProcess, Connection, IO[bytes]]] = deque()

    def left(self) -> bool:
        return self.next < len(self.bounds) or bool(self.running)

    def start_more(self) -> None:
        """Fork processes for the next slices, as many as may work at once (none while this process
        runs other threads)."""
        processes = self.workers - (1 if self.core_taken() else 0) if single_threaded() else 0
        while self.next < len(self.bounds) and len(self.running) < (processes if processes > 1 else 0):
            receiver, sender = self.context.Pipe(duplex=False)
            # Closed once its pages are read, or when the render stops early (see stop).
            spool = tempfile.TemporaryFile(dir=self.spool_dir)  # noqa: SIM115
            process = self.context.Process(target=_render_into, args=(self.bounds[self.next], spool, sender),
                                           daemon=True)
            process.start()
            sender.close()
            self.running.append((process, receiver, spool))
            self.next += 1

    def render_next_here(self) -> Iterator[tuple[str, bytes]]:
        first, end = self.bounds[self.next]
        self.next += 1
        for page in self.job.pages[first:end]:
            yield page.url, self.job.render(page)

    def first_done(self) -> Iterator[tuple[str, bytes]]:
        """The pages of the oldest running slice, once its process is done."""
        process, receiver, spool = self.running[0]
        try:
            ok, error = receiver.recv()
        except EOFError:
            process.join()
            raise RuntimeError("a page-rendering process stopped without its pages "
                               f"(exit status {process.exitcode}); if it ran out of memory, "
                               "build with fewer --jobs") from None
        self.running.popleft()
        receiver.close()
        process.join()
        self.start_more()           # before this slice is written, so the cores stay busy meanwhile
        with spool:
            if not ok:
                raise error
            yield from _spooled_pages(spool)

    def stop(self) -> None:
        """Stop the processes still running: the render stopped early, and their pages are not needed."""
        for process, receiver, spool in self.running:
            process.terminate()
            process.join()
            receiver.close()
            spool.close()
