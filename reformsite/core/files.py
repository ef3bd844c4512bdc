"""An output file made in memory: the one type that the stages making files (exports, search) and
the writer share, kept here so that the search indexer's process need not import the site model."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class File:
    """A non-HTML output (feed, sitemap, data export, search bundle) already serialised."""

    url: str
    data: bytes
