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
