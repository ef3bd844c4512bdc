"""Reading content/: files → article drafts with validated front matter; Markdown → HTML."""

from .conventions import EXPIRES, REDIRECT_FROM
from .drafts import Draft, build_draft, read_drafts
from .files import content_files, content_sources, decode_text
from .front_matter import ContentError, split_front_matter
from .markdown import Layout, QuoteMark, TocEntry, mark_quotes, reading_minutes, render_markdown, summarize
from .references import references_in, resolve_references

__all__ = [
    "EXPIRES", "REDIRECT_FROM", "ContentError", "Draft", "Layout", "QuoteMark", "TocEntry", "build_draft",
    "content_files", "content_sources",
    "decode_text", "mark_quotes", "read_drafts", "reading_minutes", "references_in", "render_markdown",
    "resolve_references", "split_front_matter", "summarize",
]
