"""The site model: plain, frozen data built once per build and never mutated by templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reformsite.content import TocEntry
from reformsite.core import quick_pickle, unpack_text


@quick_pickle
@dataclass(frozen=True, slots=True)
class Article:
    """An article (or standalone page) after markup, tagging and extraction.

    Slotted, like the figures and place mentions it holds: articles arrive pickled (from the cache or
    a worker), and unpickling gave every instance a dict of its own, 30% of the model's memory."""

    path: str                       # relative to content/
    kind: str                       # "article" or "page"
    slug: str
    permalink: str | None           # editor's explicit URL, overriding the permalink pattern
    url: str                        # site-relative, e.g. "/bai-viet/tan-thanh-binh/"
    title: str
    label: str | None
    label_text: str | None
    date: dt.datetime
    updated: dt.datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    author: str | None
    source: str | None
    source_url: str | None
    image: str | None
    summary: str
    packed_html: bytes              # the rendered text, compressed (core.pack_text): see `html`
    toc: tuple[TocEntry, ...]
    words: int
    reading_minutes: int
    draft: bool
    blocks: Sequence[str]           # the text's blocks, for the search (core.PackedTexts: read once)
    content_hash: str
    places: Any = None              # places.PlaceTags, or None when tagging is off
    figures: tuple[Any, ...] = ()   # indicators.Figure
    extra: dict[str, Any] = field(default_factory=dict)
    lang: str | None = None         # the front matter's `lang:`, when it says
    picture: Any = None             # images.Picture: the lead image as the site serves it, when made
    # Its links by reference ({% link %}, ref): their targets as written until the model places every
    # document (content.resolve_references), then the URLs they found.
    references: tuple[str, ...] = ()

    @property
    def html(self) -> str:
        """The rendered text, unpacked (read it once: each read unpacks it)."""
        return unpack_text(self.packed_html)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        return (self.date, self.url)


@dataclass(frozen=True)
class Term:
    """One value of a taxonomy (a tag, a category, a year) and its articles, newest first."""

    name: str
    slug: str
    url: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Page:
    """One HTML page to render: where it goes, with which template and what data.

    A context that is costly to make (a place's figure tables and charts) may be given as a function
    that makes it, with *inputs*, everything the function reads: a rebuild compares the digest of
    the inputs with the last build's and makes the context only for pages that changed."""

    url: str
    template: str
    context: dict[str, Any] | Callable[[], dict[str, Any]]
    inputs: dict[str, Any] | None = None

    def values(self) -> dict[str, Any]:
        """The context, made now if it was given as a function."""
        return self.context() if callable(self.context) else self.context

    @property
    def digested(self) -> dict[str, Any]:
        """What the page's digest is taken over: its inputs, else its context."""
        if self.inputs is not None:
            return self.inputs
        assert not callable(self.context), f"{self.url}: a lazily made context needs its inputs"
        return self.context
