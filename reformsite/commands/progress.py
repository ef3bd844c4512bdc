"""What a build tells the person waiting for it: a progress bar when it is slow, one summary line always.

The bar is drawn with tqdm (small, no dependencies of its own, handles unknown totals and narrow
terminals) and only on a terminal: CI logs and pipes get the summary line alone, so they stay
grep-able and free of carriage returns.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm


@functools.cache
def _bar_class() -> type[tqdm]:
    """tqdm without its monitor thread: the build forks its pools while a bar is open, and a process
    must not fork while it runs another thread (see core.single_threaded).  The monitor only
    redraws a bar whose updates stall; ours are redrawn at least every *redraw_every*.  Imported
    when the first bar is drawn: a build with nothing to do answers without it."""
    from tqdm import tqdm

    return type("_Bar", (tqdm,), {"monitor_interval": 0})


SHOW_AFTER = 1.0      # seconds: quick builds finish before a bar would be worth drawing
_STAGE_UNITS = {"articles": " articles", "pages": " files"}


def is_ci(environ: Mapping[str, str]) -> bool:
    """CI services set CI (true, 1, yes…); an explicit "false" or "0" means a person is watching."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def wants_bar(stream: TextIO, environ: Mapping[str, str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not is_ci(environ) and environ.get("TERM") != "dumb"


class ProgressBar:
    """A BuildOptions.progress callback: one bar per stage, drawn once the build has run SHOW_AFTER s."""

    def __init__(self, stream: TextIO, *, show_after: float = SHOW_AFTER, redraw_every: float = 0.1) -> None:
        self._stream = stream
        self._redraw_every = redraw_every
        self._started = time.monotonic()
        self._show_after = show_after
        self._stage: str | None = None
        self._bar: tqdm | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._bar is None or stage != self._stage:
            if time.monotonic() - self._started < self._show_after:
                return
            self.close()
            self._stage = stage
            # total 0 means "not known in advance" (pages are counted as they are rendered).
            self._bar = _bar_class()(total=total or None, desc=stage, unit=_STAGE_UNITS.get(stage, "it"),
                                     file=self._stream, leave=False, dynamic_ncols=True,
                                     mininterval=self._redraw_every)
        if total and self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)
        if total and done >= total:
            self._bar.refresh()          # tqdm throttles redraws; a stage's end must not show 93 %

    def close(self) -> None:
        # leave=False clears the line, so the summary that follows starts on a clean line.
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_for(stream: TextIO, environ: Mapping[str, str] | None = None) -> ProgressBar | None:
    """A bar for *stream* when a person is watching it, else None (no callback at all)."""
    return ProgressBar(stream) if wants_bar(stream, os.environ if environ is None else environ) else None


def summary_line(verb: str, *, articles: int, pages: int, files: int, warnings: int, errors: int,
                 seconds: float, written: int | None = None, unchanged: int | None = None) -> str:
    """The one line every build, check and rebuild ends with; scripts parse it, so keep its shape."""
    line = (f"{verb}: {articles} articles, {pages} pages, {files} files, "
            f"{warnings} warnings, {errors} errors, {seconds:.2f} s")
    if written is not None and unchanged is not None:
        line += f" ({written} written, {unchanged} unchanged)"
    return line
