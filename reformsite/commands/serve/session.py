"""The preview session: the builder, kept warm in this process, and what the last build went wrong on.

Every rebuild runs in this process, so imports and caches stay warm between saves.  Before a full
rebuild, the pages of edited articles can be rendered into the last build's site (see `preview`)
and served from memory until that rebuild ends.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from reformsite.build import BuildOptions, BuildResult, Settings, build
from reformsite.config import ConfigError, ThemeError, load_config, theme_root
from reformsite.core import VIETNAM, Diagnostic
from reformsite.site import Site

from ..check import problem_from_exception
from ..progress import ProgressBar, summary_line
from .overlay import without_paths
from .preview import PreviewContext, edited_pages
from .routes import mount_of


class PreviewSession:
    """The builder, called in this process for every rebuild, and what the last build went wrong on."""

    def __init__(self, options: BuildOptions, out: TextIO = sys.stderr) -> None:
        self.options = options
        self.out = out
        self.root = options.config_path.parent.resolve()
        self.output_dir = (options.output_dir or self.root / "output").resolve()
        self.mount = mount_of(options.base_url)
        self.errors: tuple[Diagnostic, ...] = ()
        self.language = "vi"        # the site's, for what the preview itself shows in the browser
        self.builds = 0
        # URL → (preview number, page) rendered by `preview`, until a build that started after it ends.
        self.fresh: dict[str, tuple[int, bytes]] = {}
        self._previews = 0
        self._fresh_lock = threading.Lock()    # previews run on the server's loop, builds in a thread
        self._told: set[Diagnostic] = set()
        self._preview: PreviewContext | None = None

    def rebuild(self, changed: Iterable[str] = (), *,
                progress: ProgressBar | None = None) -> BuildResult | None:
        """Build once; never raises for a problem in the site, so the server keeps running."""
        self.builds += 1
        verb = "built" if self.builds == 1 else "rebuilt"
        covers = self._previews               # this build reads every file saved before it starts
        if changed:
            shown = ", ".join(sorted({os.path.relpath(p, self.root) for p in changed}))
            print(f"changed: {shown}", file=self.out)
        started = time.perf_counter()
        try:
            result = build(replace(self.options, progress=progress))
        except Exception as exc:          # a template or output problem: show it, keep serving
            self.language = self._language(None)
            self.errors = self._shown((problem_from_exception(exc, self.root),))
            self._forget_previews(covers)
            print(self.errors[0].format(), file=self.out)
            print(f"{verb}: failed after {time.perf_counter() - started:.2f} s", file=self.out)
            return None
        finally:
            if progress is not None:
                progress.close()
        self.language = self._language(result.site)
        self.errors = self._shown(result.errors)
        self._forget_previews(covers)
        self._preview = None                  # the last build's site is gone until the new one is warm
        self._preview = self._preview_context(result.site)
        self._report(result, verb)
        return result

    def _language(self, site: Site | None) -> str:
        """The site's language: its config's, or the last known while config.yaml cannot be read."""
        if site is not None:
            return site.config.language
        try:
            return load_config(self.options.config_path).language
        except (ConfigError, OSError):
            return self.language

    def _shown(self, errors: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        """*errors* as the served pages show them: with no absolute path (see overlay.hide_paths)."""
        return tuple(without_paths(d, self.root, self.hidden_folders()) for d in errors)

    def hidden_folders(self) -> tuple[Path, ...]:
        """Folders of the site that may lie outside its folder, for hide_paths."""
        content = self.options.content_dir or self.root / "content"
        return (self.output_dir, self.output_dir.parent, content)

    @staticmethod
    def _preview_context(site: Site | None) -> PreviewContext | None:
        """What `preview` renders into, made now so that the first save is as quick as the next."""
        if site is None:
            return None
        try:
            return PreviewContext(site, Settings.from_config(site.config)).warm()
        except Exception:              # a template error: the next save rebuilds in full instead
            return None

    def _report(self, result: BuildResult, verb: str) -> None:
        # Errors every time; a warning only the first time, or a big site buries each edit's news.
        for diagnostic in result.diagnostics:
            if diagnostic.is_error or diagnostic not in self._told:
                print(diagnostic.format(), file=self.out)
        self._told = set(result.diagnostics)
        stats = result.stats
        print(summary_line(verb, articles=result.articles, pages=result.pages, files=result.files,
                           warnings=len(result.warnings), errors=len(result.errors), seconds=result.seconds,
                           written=stats.written if stats else None,
                           unchanged=stats.unchanged if stats else None), file=self.out, flush=True)

    def preview(self, changed: Iterable[str]) -> bool:
        """Render the pages of the edited articles in *changed* into `fresh`, before the full rebuild.

        False when the change needs the full build first (see .preview)."""
        context = self._preview
        if context is None:
            return False
        started = time.perf_counter()
        content = (self.options.content_dir or self.root / "content")
        try:
            pages = edited_pages(context, content, changed, self.options.now or dt.datetime.now(VIETNAM))
        except Exception:                  # whatever went wrong, the full build reports it properly
            return False
        if pages is None:
            return False
        with self._fresh_lock:
            self._previews += 1
            self.fresh.update((url, (self._previews, page)) for url, page in pages.items())
        print(f"preview: {', '.join(pages)} in {time.perf_counter() - started:.2f} s; rebuilding the rest",
              file=self.out, flush=True)
        return True

    def fresh_page(self, path: str) -> bytes | None:
        """The page `preview` rendered for the request *path*, until a build replaces it on disk."""
        if self.fresh and path.startswith(self.mount):
            entry = self.fresh.get("/" + path[len(self.mount):])
            if entry is not None:
                return entry[1]
        return None

    def _forget_previews(self, covers: int) -> None:
        with self._fresh_lock:
            self.fresh = {url: entry for url, entry in self.fresh.items() if entry[0] > covers}

    def watch_paths(self) -> list[Path]:
        """content/, config.yaml, and beside it templates/, static/, strings/, plus the theme in use."""
        content = (self.options.content_dir or self.root / "content").resolve()
        paths = [content, self.options.config_path.resolve(), self.root / "templates", self.root / "static",
                 self.root / "strings"]
        try:
            paths.append(theme_root(load_config(self.options.config_path)))
        except (ConfigError, ThemeError):
            paths.append(self.root / "themes")    # config broken: watch where themes usually are
        return list(dict.fromkeys(p.resolve() for p in paths))
