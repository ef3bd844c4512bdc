"""Reading content/: files → article drafts with validated front matter; Markdown → HTML."""

from .drafts import Draft, build_draft, read_drafts
from .files import content_files, decode_text
from .front_matter import ContentError, split_front_matter
from .markdown import Layout, QuoteMark, TocEntry, mark_quotes, reading_minutes, render_markdown, summarize

__all__ = [
    "ContentError", "Draft", "Layout", "QuoteMark", "TocEntry", "build_draft", "content_files",
    "decode_text", "mark_quotes", "read_drafts", "reading_minutes", "render_markdown",
    "split_front_matter", "summarize",
]
