"""The site model: plain, frozen data built once per build and never mutated by templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .markup import TocEntry


@dataclass(frozen=True)
class Article:
    """An article (or standalone page) after markup, tagging and extraction."""

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
    html: str
    toc: tuple[TocEntry, ...]
    words: int
    reading_minutes: int
    draft: bool
    blocks: tuple[str, ...]
    content_hash: str
    places: Any = None              # places.PlaceTags, or None when tagging is off
    figures: tuple[Any, ...] = ()   # indicators.Figure
    extra: dict[str, Any] = field(default_factory=dict)

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
    """One HTML page to render: where it goes, with which template and what data."""

    url: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class File:
    """A non-HTML output (feed, sitemap, data export) already serialised."""

    url: str
    data: bytes
