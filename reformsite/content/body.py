"""The Markdown body as read: the source link and lead image of aggregated posts, and its nesting."""

from __future__ import annotations

import re

MAX_NESTING = 32
_LINK_LINE = re.compile(r"^\[(?P<text>[^\]\n]+)\]\((?P<url>https?://[^)\s]+)\)\s*$")
_IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]\n]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)\s*$")
_QUOTE_MARKS = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]")


def take_source_lines(body: str) -> tuple[str, str | None, str | None, str | None, int]:
    """Aggregated posts start with a link to the original and its lead image; lift both out.

    Returns (body, source_url, image, image_alt, lines_removed).
    """
    lines = body.split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    source_url = image = image_alt = None
    if index < len(lines) and (link := _LINK_LINE.match(lines[index].strip())):
        source_url = link.group("url")
        index += 1
        while index < len(lines) and not lines[index].strip():
            index += 1
        if index < len(lines) and (img := _IMAGE_LINE.match(lines[index].strip())):
            image, image_alt = img.group("url"), img.group("alt")
            index += 1
    if source_url is None:
        return body, None, None, None, 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    return "\n".join(lines[index:]), source_url, image, image_alt, index


def nesting_depth(body: str) -> tuple[int, int]:
    """The deepest block nesting (quotes, list levels) in Markdown and the 0-based line it is on.

    Python-Markdown's time grows steeply with nesting; no article needs more than a few levels, so
    absurd depth is refused before conversion rather than allowed to stall the build.
    """
    deepest, where = 0, 0
    for index, line in enumerate(body.split("\n")):
        depth = 0
        if quotes := _QUOTE_MARKS.match(line):
            depth = quotes.group(1).count(">")
        elif item := _LIST_ITEM.match(line):
            depth = len(item.group(1).expandtabs(4)) // 2 + 1
        if depth > deepest:
            deepest, where = depth, index
    return deepest, where


# What one article's Markdown may ask of the converter, whose time grows faster than the text with
# each of these: raw HTML tags, their nesting, nested brackets (links in links) and footnote
# references.  Far beyond what any article needs; a file past one is refused, not converted.
MAX_TAGS = 8000
MAX_TAG_NESTING = 64
MAX_BRACKET_NESTING = 32
MAX_FOOTNOTE_REFERENCES = 500
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_BRACKET = re.compile(r"\\.|[\[\]]|\n[ \t]*\n")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\n]+\](?!:)")


def _tag_load(body: str) -> tuple[int, int, int]:
    """(raw HTML tags, their deepest nesting, offset where it is)."""
    count = depth = deepest = where = 0
    for match in _TAG.finditer(body):
        count += 1
        if match.group(1):
            depth = max(0, depth - 1)
        elif not match.group(3) and match.group(2).lower() not in _VOID:
            depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
    return count, deepest, where


def _bracket_depth(body: str) -> tuple[int, int]:
    """The deepest nesting of [ ] within a paragraph, and the offset where it is."""
    depth = deepest = where = 0
    for match in _BRACKET.finditer(body):
        token = match.group()
        if token == "[":
            depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
        elif token == "]":
            depth = max(0, depth - 1)
        elif token[0] == "\n":
            depth = 0
    return deepest, where


def markup_excess(body: str) -> tuple[str, int] | None:
    """(what is past its limit, 0-based line) when *body* asks too much of the converter, else None."""
    tags, tag_depth, tag_at = _tag_load(body)
    brackets, bracket_at = _bracket_depth(body)
    footnotes = list(_FOOTNOTE_REFERENCE.finditer(body))
    for excess, limit, offset, what in (
            (tags, MAX_TAGS, 0, f"{tags} raw HTML tags"),
            (tag_depth, MAX_TAG_NESTING, tag_at, f"raw HTML nested {tag_depth} levels deep"),
            (brackets, MAX_BRACKET_NESTING, bracket_at, f"brackets nested {brackets} levels deep"),
            (len(footnotes), MAX_FOOTNOTE_REFERENCES, footnotes[-1].start() if footnotes else 0,
             f"{len(footnotes)} footnote references")):
        if excess > limit:
            return f"{what} (at most {limit})", body.count("\n", 0, offset)
    return None
