"""Markdown → HTML, plus what pages need from it: text blocks, summary, table of contents, reading time.

Text blocks are the leaf block elements of the HTML (paragraphs, list items without paragraphs,
headings, table cells) in document order.  The indicators stage extracts figures from their text and
refers back to them by index, which is how a figure on a place page links to its sentence here.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

import markdown
import nh3

from .text import slugify

_BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "figcaption"})
_WORD = re.compile(r"\w+")
_SKIPPED_LINKS = frozenset({"heading-anchor", "footnote-ref", "footnote-backref"})

# Tags and attributes allowed through from content when raw HTML is not trusted (DESIGN: untrusted
# scraped text).  Everything Python-Markdown itself produces is in here.
_ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
}


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    title: str


@dataclass(frozen=True)
class Rendered:
    html: str
    blocks: tuple[str, ...]
    toc: tuple[TocEntry, ...]
    words: int


def _toc_slug(value: str, separator: str) -> str:
    # Python-Markdown's default keeps only ASCII, which turns Vietnamese headings into "_1", "_2".
    return slugify(value).replace("-", separator) or "muc"


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "footnotes", "toc", "fenced_code", "sane_lists", "attr_list"],
        extension_configs={
            "toc": {"slugify": _toc_slug, "permalink": "#", "permalink_class": "heading-anchor",
                    "permalink_title": "", "toc_depth": "2-4"},
            "footnotes": {"BACKLINK_TITLE": "", "SUPERSCRIPT_TEXT": "{}"},
        },
        output_format="html",
    )


def sanitize(fragment: str) -> str:
    """Remove scripts, event handlers, javascript: URLs, iframes and styles from untrusted HTML."""
    return nh3.clean(
        fragment,
        tags=set(_ALLOWED_TAGS),
        attributes={k: set(v) for k, v in _ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


class _BlockCollector(HTMLParser):
    """Collects the text of leaf block elements, in order.

    For the blocks listed in *track*, it also records where each character of the block's
    (whitespace-normalised) text stands in the HTML, so a quote can be marked in place.
    """

    def __init__(self, source: str = "", track: frozenset[int] = frozenset()) -> None:
        super().__init__(convert_charrefs=not track)
        self.blocks: list[str] = []
        self.positions: dict[int, list[tuple[int, int]]] = {}   # block → [(html start, html end)] per char
        self._stack: list[list[str]] = []
        self._spans: list[list[tuple[str, int, int]]] = []
        self._skip = 0
        self._track = track
        self._source = source
        self._line_starts = [0]
        if track:
            for index, char in enumerate(source):
                if char == "\n":
                    self._line_starts.append(index + 1)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Heading permalinks and footnote markers are not part of the sentence a figure is quoted from.
        if tag == "a" and _SKIPPED_LINKS & set((dict(attrs).get("class") or "").split()):
            self._skip += 1
        if tag in _BLOCK_TAGS:
            if self._stack and tag == "p":
                # A paragraph inside a list item: the paragraph is the block, not the item.
                self._stack[-1].append("\x00")
            self._stack.append([])
            self._spans.append([])
        elif tag == "br" and self._stack:
            self._stack[-1].append(" ")
            if self._track:
                self._spans[-1].append((" ", self._offset(), self._offset()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS and self._stack:
            parts = self._stack.pop()
            spans = self._spans.pop()
            if "\x00" in parts:
                return
            text = " ".join("".join(parts).split())
            if text:
                if len(self.blocks) in self._track:
                    self.positions[len(self.blocks)] = _normalised_positions(spans)
                self.blocks.append(text)

    def handle_data(self, data: str) -> None:
        if self._stack and not self._skip:
            self._stack[-1].append(data)
            if self._track:
                start = self._offset()
                self._spans[-1].append((data, start, start + len(data)))

    def _reference(self, raw: str, text: str) -> None:
        if self._stack and not self._skip:
            self._stack[-1].append(text)
            if self._track:
                start = self._offset()
                self._spans[-1].append((text, start, start + len(raw)))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};", html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};", html.unescape(f"&#{name};"))


def _normalised_positions(spans: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """HTML (start, end) of each character of the block text after whitespace is collapsed."""
    chars: list[tuple[str, int, int]] = []
    for text, start, end in spans:
        if len(text) == end - start:
            chars.extend((ch, start + i, start + i + 1) for i, ch in enumerate(text))
        else:  # an entity or character reference: one character for the whole reference
            chars.extend((ch, start, end) for ch in text)
    positions: list[tuple[int, int]] = []
    pending_space = False
    for ch, start, end in chars:
        if ch.isspace():
            pending_space = bool(positions)
            continue
        if pending_space:
            positions.append((start, start))
            pending_space = False
        positions.append((start, end))
    return positions


def html_blocks(fragment: str) -> tuple[str, ...]:
    collector = _BlockCollector()
    collector.feed(fragment)
    collector.close()
    return tuple(collector.blocks)


@dataclass(frozen=True)
class QuoteMark:
    block: int
    start: int
    end: int
    anchor: str                     # the id readers land on from a figure table


def mark_quotes(fragment: str, marks: list[QuoteMark]) -> str:
    """Mark each quoted sentence in the HTML: <mark id=…> around it when it lies in one text run,
    else an empty anchor at its start (a <mark> across inline tags would nest wrongly)."""
    if not marks:
        return fragment
    collector = _BlockCollector(fragment, frozenset(m.block for m in marks))
    collector.feed(fragment)
    collector.close()
    inserts: list[tuple[int, int, str]] = []        # (html offset, order, text)
    for mark in sorted(marks, key=lambda m: (m.block, m.start)):
        positions = collector.positions.get(mark.block)
        if not positions or mark.end > len(positions) or mark.start >= mark.end:
            continue
        start, end = positions[mark.start][0], positions[mark.end - 1][1]
        anchor = html.escape(mark.anchor, quote=True)
        if "<" not in fragment[start:end]:
            inserts.append((start, 1, f'<mark class="quote" id="{anchor}">'))
            inserts.append((end, 0, "</mark>"))
        else:
            inserts.append((start, 1, f'<span class="quote-anchor" id="{anchor}"></span>'))
    pieces: list[str] = []
    last = 0
    for offset, _, text in sorted(inserts):
        pieces.append(fragment[last:offset])
        pieces.append(text)
        last = offset
    pieces.append(fragment[last:])
    return "".join(pieces)


def render_markdown(source: str, *, trusted_html: bool = False) -> Rendered:
    """Convert an article body; untrusted raw HTML in it is sanitised."""
    converter = _converter()
    converter.reset()
    body = converter.convert(source)
    if not trusted_html:
        body = sanitize(body)
    toc = tuple(_flatten_toc(getattr(converter, "toc_tokens", [])))
    blocks = html_blocks(body)
    words = sum(len(_WORD.findall(b)) for b in blocks)
    return Rendered(body, blocks, toc, words)


def _flatten_toc(tokens: list[dict]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for token in tokens:
        entries.append(TocEntry(token["level"], token["id"], html.unescape(token["name"])))
        entries.extend(_flatten_toc(token.get("children", [])))
    return entries


def summarize(blocks: tuple[str, ...], words: int) -> str:
    """The first paragraph's text, cut to *words* words on a word boundary."""
    for block in blocks:
        tokens = block.split()
        if len(tokens) < 6:   # captions and short labels are not a lead
            continue
        if len(tokens) <= words:
            return block
        return " ".join(tokens[:words]).rstrip(",;:") + "…"
    return blocks[0] if blocks else ""


def reading_minutes(words: int, per_minute: int) -> int:
    return max(1, math.ceil(words / per_minute))
