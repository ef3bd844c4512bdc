"""Turning scraped news pages (raw text or saved HTML) into Markdown articles."""

from .article import import_files

__all__ = ["import_files"]
