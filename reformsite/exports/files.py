"""Machine-readable outputs: Atom feeds, sitemap and robots.txt (the open data is in .opendata).

All of them are deterministic: dates come from the articles, never from the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from reformsite.config import Config
from reformsite.core import File
from reformsite.site import Article

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000

# Feeds and sitemaps are written as text, because ElementTree's pure-Python serialiser is slow for the
# thousands of place feeds of a large site.  The markup is ElementTree's own (two-space indent,
# "<tag />" when empty, the same escapes), and characters XML 1.0 forbids are dropped rather than
# written into a file no feed reader would parse.
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    value = _NOT_XML.sub("", value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _attribute(value: str) -> str:
    return (_text(value).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
            .replace("\t", "&#09;"))


def _element(tag: str, text: str | None = None, attributes: dict[str, str] | None = None) -> str:
    """One element without children, on one line."""
    attrs = "".join(f' {name}="{_attribute(value)}"' for name, value in (attributes or {}).items())
    return f"<{tag}{attrs}>{_text(text)}</{tag}>" if text else f"<{tag}{attrs} />"


def _document(root: str, namespace: str, attributes: str, lines: list[str]) -> bytes:
    """The root element around *lines* (already indented below it), after the XML declaration."""
    if not lines:
        return f'{_DECLARATION}<{root} xmlns="{namespace}"{attributes} />\n'.encode()
    body = "\n".join(lines)
    return f'{_DECLARATION}<{root} xmlns="{namespace}"{attributes}>\n{body}\n</{root}>\n'.encode()


def atom_feed(config: Config, *, url: str, title: str, page_url: str,
              articles: Sequence[Article], entries: dict[str, str] | None = None) -> File:
    """An Atom feed of the newest articles; <updated> is the newest article's date.

    *entries* keeps each article's <entry> between the feeds of one build: an article is in the
    site's feed and in those of its commune, district and province."""
    items = list(articles[: config.feed_items])
    newest = max((a.updated or a.date for a in items), default=None)
    lines = [
        "  " + _element("id", config.absolute(url)),
        "  " + _element("title", title),
        "  " + _element("link", attributes={"rel": "self", "href": config.absolute(url),
                                            "type": "application/atom+xml"}),
        "  " + _element("link", attributes={"rel": "alternate", "href": config.absolute(page_url),
                                            "type": "text/html"}),
        "  " + _element("updated", newest.isoformat() if newest else "1970-01-01T00:00:00+00:00"),
    ]
    if config.author:
        lines += ["  <author>", "    " + _element("name", config.author), "  </author>"]
    made = {} if entries is None else entries
    for article in items:
        entry = made.get(article.url)
        if entry is None:
            entry = made[article.url] = _feed_entry(config, article)
        lines.append(entry)
    language = f' xml:lang="{_attribute(config.language)}"'
    return File(url, _document("feed", ATOM_NS, language, lines))


def _feed_entry(config: Config, article: Article) -> str:
    lines = ["  <entry>",
             "    " + _element("id", config.absolute(article.url)),
             "    " + _element("title", article.title),
             "    " + _element("link", attributes={"rel": "alternate", "href": config.absolute(article.url)}),
             "    " + _element("published", article.date.isoformat()),
             "    " + _element("updated", (article.updated or article.date).isoformat())]
    if article.author:
        lines += ["    <author>", "      " + _element("name", article.author), "    </author>"]
    lines += ["    " + _element("category", attributes={"term": category})
              for category in article.categories + article.tags]
    lines.append("    " + _element("summary", article.summary))
    lines.append("  </entry>")
    return "\n".join(lines)


def sitemap_files(config: Config, entries: Iterable[tuple[str, str | None]]) -> list[File]:
    """sitemap.xml for (url, lastmod) pairs; past 50,000 URLs a sitemap index and numbered parts."""
    rows = sorted(set(entries))
    chunks = [rows[i:i + SITEMAP_LIMIT] for i in range(0, len(rows), SITEMAP_LIMIT)] or [[]]

    def urlset(chunk: list[tuple[str, str | None]]) -> bytes:
        lines = []
        for url, lastmod in chunk:
            lines += ["  <url>", "    " + _element("loc", config.absolute(url))]
            if lastmod:
                lines.append("    " + _element("lastmod", lastmod))
            lines.append("  </url>")
        return _document("urlset", SITEMAP_NS, "", lines)

    if len(chunks) == 1:
        return [File("/sitemap.xml", urlset(chunks[0]))]
    files = [File(f"/sitemap-{n}.xml", urlset(chunk)) for n, chunk in enumerate(chunks, start=1)]
    lines = [line for file in files
             for line in ("  <sitemap>", "    " + _element("loc", config.absolute(file.url)), "  </sitemap>")]
    return [*files, File("/sitemap.xml", _document("sitemapindex", SITEMAP_NS, "", lines))]


def robots_txt(config: Config) -> File:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute('/sitemap.xml')}\n"
    return File("/robots.txt", text.encode())
