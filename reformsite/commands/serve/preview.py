"""The live preview's fast path: an edited article's page, rendered into the previous build's site.

A full rebuild of a large site takes long (listings, place and indicator pages, the search index),
but an editor who saves an article wants to see that article.  So the preview first
processes only the saved files and renders their own pages with everything else (navigation,
neighbours, related articles) taken from the last build; the server shows those pages at once, and the
full rebuild that follows replaces them.  Anything else — a new, deleted or broken file, the config,
a template — goes straight to the full rebuild, which reports the errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reformsite.build import Settings, process_file
from reformsite.pages import article_page, shared_context
from reformsite.render import Renderer, load_strings, make_renderer
from reformsite.site import Article, Site, as_shown, related_finder

_WARM_UP = ("---\ntitle: Khởi động\ndate: 2024-01-01\n---\n"
            "UBND xã Tân Hòa, huyện Tân Thạnh tiếp nhận 1.032 hồ sơ, tỷ lệ đúng hạn đạt 99,5%.\n").encode()


@dataclass
class PreviewContext:
    """What rendering one article page into *site* needs, made once per full build (lazily)."""

    site: Site
    settings: Settings
    _renderer: Renderer | None = None
    _shared: dict[str, Any] | None = None
    _related: Callable[[Article], list[Article]] | None = None
    _positions: dict[str, int] = field(default_factory=dict)

    def warm(self) -> PreviewContext:
        """Make everything now (after a build), so that the first save is as quick as the next."""
        self.renderer()
        if self.site.articles:
            self.related(self.site.articles[0])
        self.position("")
        # The build processed the articles in worker processes: run the per-article stages once here,
        # so their patterns and tables are compiled before the editor's first save, not during it.
        process_file(("_warm-up.md", "article", _WARM_UP), settings=self.settings,
                     now=dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
        return self

    def renderer(self) -> tuple[Renderer, dict[str, Any]]:
        if self._renderer is None or self._shared is None:
            self._renderer = make_renderer(self.site.config)
            self._shared = shared_context(self.site, load_strings(self.site.config))
        return self._renderer, self._shared

    def related(self, article: Article) -> list[Article]:
        if self._related is None:
            self._related = related_finder(self.site.articles, self.site.places)
        return self._related(article)

    def position(self, rel: str) -> int | None:
        """Index in site.articles of the article read from *rel* (relative to content/)."""
        if not self._positions:
            self._positions = {a.path: i for i, a in enumerate(self.site.articles)}
        return self._positions.get(rel)


def edited_pages(context: PreviewContext, content_dir: Path, changed: Iterable[str],
                 now: dt.datetime) -> dict[str, bytes] | None:
    """URL → HTML of each changed article's page, or None when the change needs a full build first."""
    content_dir = content_dir.resolve()
    pages: dict[str, bytes] = {}
    for name in changed:
        path = Path(name).resolve()
        if not path.is_relative_to(content_dir) or not path.is_file():
            return None                     # outside content/ (config, theme), or deleted
        rel = path.relative_to(content_dir).as_posix()
        index = context.position(rel)
        if index is None:
            return None                     # a new article, a page, or one the last build left out
        previous = context.site.articles[index]
        article, problems = process_file((rel, "article", path.read_bytes()),
                                         settings=context.settings, now=now)
        if article is None or any(p.is_error for p in problems) or article.draft != previous.draft:
            return None
        if article.references:
            return None                     # links by reference: resolved against the whole site

        # The URL may change with the title; until the full build says so, the page stays where it is.
        # The lead image keeps its picture while it is the same (the full build makes a new one).
        pictures = {rel: previous.picture} if previous.picture and article.image == previous.image else None
        edited = as_shown(replace(article, url=previous.url, slug=previous.slug), context.site.config,
                          pictures)
        renderer, shared = context.renderer()
        page = article_page(context.site, index, edited, _keep(context.related(previous), edited))
        pages[previous.url] = renderer.render(page, shared).encode()
    return pages or None


def _keep(related: Sequence[Article], edited: Article) -> list[Article]:
    return [a for a in related if a.path != edited.path]
