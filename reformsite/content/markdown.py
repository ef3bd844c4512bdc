"""Markdown → HTML, plus what pages need from it: text blocks, summary, table of contents, reading time.

Text blocks are the leaf block elements of the HTML (paragraphs, list items without paragraphs,
headings, table cells) in document order.  The indicators stage extracts figures from their text and
refers back to them by index, which is how a figure on a place page links to its sentence here.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from html.parser import HTMLParser

import markdown
import nh3

from reformsite.core import quick_pickle, slugify, without_invalid

_BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "figcaption"})
_WORD = re.compile(r"\w+")
_NEWLINE = re.compile("\n")
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
    "a": {"href", "name"},           # <a name="x">: the anchors of older pages' tables of contents
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
}


@quick_pickle
@dataclass(frozen=True, slots=True)
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
    spans: tuple[tuple[int, int], ...] = ()     # where each block's content lies in html


# The text of an HTML fragment's blocks and where each lies in it: (blocks, spans).
Layout = tuple[Sequence[str], Sequence[tuple[int, int]]]


def _toc_slug(value: str, separator: str) -> str:
    # Python-Markdown's default keeps only ASCII, which turns Vietnamese headings into "_1", "_2".
    return slugify(value).replace("-", separator) or "muc"


@cache
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        # SuperFences: fenced code with attributes (```html {file="x"}) and inside list items, as
        # Jekyll's and Hugo's Markdown allow; highlighting is left to the theme (no Pygments).
        extensions=["tables", "footnotes", "toc", "pymdownx.highlight", "pymdownx.superfences", "sane_lists",
                    "attr_list"],
        extension_configs={
            "pymdownx.highlight": {"use_pygments": False},
            "toc": {"slugify": _toc_slug, "permalink": "#", "permalink_class": "heading-anchor",
                    "permalink_title": "", "toc_depth": "2-4"},
            "footnotes": {"BACKLINK_TITLE": "", "SUPERSCRIPT_TEXT": "{}"},
        },
        output_format="html",
    )


def sanitize(fragment: str) -> str:
    """Remove scripts, event handlers, javascript: URLs, iframes and styles from untrusted HTML, and
    the control characters that character references (&#7;, &#x1b;) name: the sanitiser writes a
    reference as its character, and the page may hold no more of them than the text (see
    content.drafts._clean_body)."""
    return without_invalid(nh3.clean(
        fragment,
        tags=set(_ALLOWED_TAGS),
        attributes={k: set(v) for k, v in _ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    ))


class _BlockCollector(HTMLParser):
    """Collects the text of leaf block elements, in order.

    With *source* given, it also records where each block's content starts and ends in the HTML,
    so a quote can be found and marked in place.
    """

    def __init__(self, source: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.spans: list[tuple[int, int]] = []           # HTML (start, end) of each block's content
        self._stack: list[list[str]] = []
        self._starts: list[int] = []
        self._skip = 0
        self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(source))] if source else []

    def _offset(self) -> int:
        if not self._line_starts:
            return 0
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
            self._starts.append(self._offset() + len(self.get_starttag_text() or ""))
        elif tag == "br" and self._stack:
            self._stack[-1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS and self._stack:
            parts = self._stack.pop()
            start = self._starts.pop()
            if "\x00" in parts:
                return
            text = " ".join("".join(parts).split())
            if text:
                self.blocks.append(text)
                self.spans.append((start, self._offset()))

    def handle_data(self, data: str) -> None:
        if self._stack and not self._skip:
            self._stack[-1].append(data)


@dataclass(frozen=True)
class QuoteMark:
    block: int
    start: int
    end: int
    anchor: str                     # the id readers land on from a figure table


_TAGS = r"(?:<[^>]*>)*"
_GAP = r"(?:\s|<[^>]*>)+"
# A whole tag, its quoted attribute values included (an alt or title may hold ">" unescaped).
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _escaped(word: str) -> str:
    return re.escape(html.escape(word, quote=False))


def _tag_spans(fragment: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TAG.finditer(fragment, start, end)]


def _in_tag(tags: list[tuple[int, int]], at: int) -> bool:
    """Whether offset *at* lies inside one of *tags* (between its "<" and ">"): no mark goes there,
    where it would land in an attribute ("alt", "title") that holds the quoted sentence."""
    i = bisect.bisect_right(tags, (at, at)) - 1
    return i >= 0 and tags[i][0] < at < tags[i][1]


def _find_quote(fragment: str, quote: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """Where *quote* stands in the text of fragment[start:end] (never inside a tag): (start, end,
    spans inline tags).

    Most quotes are one run of text, differing from the HTML only in whitespace, which a short
    pattern finds fast.  Otherwise only the first words are located, tolerating tags anywhere, to
    place an anchor at the start of the sentence.
    """
    tags = _tag_spans(fragment, start, end) if fragment.find("<", start, end) >= 0 else []
    escaped = html.escape(quote, quote=False)
    at = fragment.find(escaped, start, end)       # the usual case, without compiling a pattern per quote
    while at >= 0 and _in_tag(tags, at):
        at = fragment.find(escaped, at + 1, end)
    if at >= 0:
        return at, at + len(escaped), False
    words = quote.split()
    plain = re.compile(r"\s+".join(_escaped(w) for w in words))
    for found in plain.finditer(fragment, start, end):
        if not _in_tag(tags, found.start()):
            return found.start(), found.end(), False
    head = re.compile(_GAP.join(_TAGS.join(_escaped(c) for c in w) for w in words[:4]))
    for found in head.finditer(fragment, start, end):
        if not _in_tag(tags, found.start()) and not _in_tag(tags, found.end()):
            return found.start(), found.end(), True
    return None


def _layout(fragment: str) -> Layout:
    collector = _BlockCollector(fragment)
    collector.feed(fragment)
    collector.close()
    return collector.blocks, collector.spans


def mark_quotes(fragment: str, marks: list[QuoteMark], layout: Layout | None = None) -> str:
    """Mark each quoted sentence in the HTML: <span class="figure-quote" id=…> around it when it lies
    in one text run, else an empty anchor at its start (a span across inline tags would nest wrongly).  The
    theme shows the sentence plainly and highlights it when a figure's link targets it; marks go
    into text only, never into a tag.

    *layout* is the fragment's blocks and spans as render_markdown found them; without it the
    fragment is parsed again."""
    if not marks:
        return fragment
    blocks, spans = layout or _layout(fragment)
    inserts: list[tuple[int, int, str]] = []        # (html offset, order, text)
    for mark in sorted(marks, key=lambda m: (m.block, m.start)):
        if mark.block >= len(blocks) or mark.start >= mark.end:
            continue
        quote = blocks[mark.block][mark.start:mark.end]
        block_start, block_end = spans[mark.block]
        found = _find_quote(fragment, quote, block_start, block_end)
        anchor = html.escape(mark.anchor, quote=True)
        if found is None:
            # E.g. a footnote marker inside the sentence: point at the paragraph rather than lose it.
            inserts.append((block_start, 1, f'<span class="quote-anchor" id="{anchor}"></span>'))
        elif not found[2]:
            inserts.append((found[0], 1, f'<span class="figure-quote" id="{anchor}">'))
            inserts.append((found[1], 0, "</span>"))
        else:
            inserts.append((found[0], 1, f'<span class="quote-anchor" id="{anchor}"></span>'))
    pieces: list[str] = []
    last = 0
    for offset, _, text in sorted(inserts):
        pieces.append(fragment[last:offset])
        pieces.append(text)
        last = offset
    pieces.append(fragment[last:])
    return "".join(pieces)


# Ids the theme's pages give their own elements around an article ("main", the title, the figure box)
# and the anchors of figure quotes and charts: an id of the content that is one of them is renamed
# (CONTENT_ID_PREFIX + id), so that a link to it never lands elsewhere on the page.
# tests/content/test_content_ids.py keeps this list in step with the default theme's templates.
THEME_IDS = frozenset({
    "main", "tieu-de", "so-lieu-trong-bai", "bai-lien-quan", "bai-viet", "nhac-den", "site-search-q",
    "so-lieu", "don-vi", "tat-ca", "dia-phuong-cong-bo", "bang-ma", "search", "search-form", "search-q",
    "search-hint", "search-sort", "search-status", "search-strings", "search-filters-title",
    "hom-nay", "theo-vung", "theo-tinh", "so-lieu-moi", "chi-so-nhieu", "tin-moi", "so-lieu-don-vi",
    "tep-du-lieu",
})
_THEME_ID_PATTERN = re.compile(
    r"(?:so-lieu|bieu-do|so-sanh)-\d+|vung-(?:\w+-)?\d+|thoi-ky-\w+|ma-[\w-]+|truong-[\w-]+")
CONTENT_ID_PREFIX = "noi-dung-"
_ID_ATTRIBUTE = re.compile(r"""(<[a-zA-Z][^<>]*?\sid\s*=\s*)(["']?)([^"'\s<>]*)\2""")
_FRAGMENT_LINK = re.compile(r"""(\shref\s*=\s*["']?#)([^"'\s<>]+)""")


def theme_id(value: str) -> bool:
    """Whether *value* is an id the theme's pages use (THEME_IDS, or a figure's or chart's anchor)."""
    return value in THEME_IDS or _THEME_ID_PATTERN.fullmatch(value) is not None


def _own_ids(body: str, toc: list[TocEntry]) -> tuple[str, list[TocEntry]]:
    """*body* and *toc* with every content id the theme also uses renamed, and the content's own
    links to those ids ("#main") following them."""
    ids = [m.group(3) for m in _ID_ATTRIBUTE.finditer(body)]
    clashing = {value for value in ids if theme_id(value)}
    if not clashing:
        return body, toc
    taken = set(ids)
    renamed: dict[str, str] = {}
    for value in sorted(clashing):
        new, n = CONTENT_ID_PREFIX + value, 2
        while new in taken:
            new, n = f"{CONTENT_ID_PREFIX}{value}-{n}", n + 1
        renamed[value] = new
        taken.add(new)

    def rename(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2) + renamed.get(m.group(3), m.group(3)) + m.group(2)

    body = _ID_ATTRIBUTE.sub(rename, body)
    body = _FRAGMENT_LINK.sub(lambda m: m.group(1) + renamed.get(m.group(2), m.group(2)), body)
    return body, [replace(entry, id=renamed.get(entry.id, entry.id)) for entry in toc]


def render_markdown(source: str, *, trusted_html: bool = False) -> Rendered:
    """Convert an article body; untrusted raw HTML in it is sanitised."""
    converter = _converter()
    converter.reset()
    body = converter.convert(source)
    if not trusted_html:
        body = sanitize(body)
    body, toc_entries = _own_ids(body, _flatten_toc(getattr(converter, "toc_tokens", [])))
    toc = tuple(toc_entries)
    # One parse gives the blocks and where they lie, for the figures' quotes to be marked without
    # parsing the HTML again (each parse is a twentieth of an article's processing).
    blocks, spans = _layout(body)
    words = sum(len(_WORD.findall(b)) for b in blocks)
    return Rendered(body, tuple(blocks), toc, words, tuple(spans))


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
