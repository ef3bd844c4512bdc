"""Machine-readable outputs: Atom feeds, sitemap, robots.txt and the open-data files.

All of them are deterministic: dates come from the articles, never from the clock.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson

from reformsite.config import Config
from reformsite.site import Article, File

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000
OPEN_DATA_URLS = ("/data/articles.json", "/data/figures.csv")
# New columns go at the end: readers of earlier files find theirs where they were.
FIGURE_COLUMNS = ("article_url", "article_title", "article_date", "indicator", "value", "value_max", "unit",
                  "qualifier", "period", "level", "unit_name", "place_code", "place_era", "rank_of",
                  "flags", "quote_url", "quote", "tier", "breakdown", "period_start", "period_end")
# What a spreadsheet program runs as a formula when a cell begins with it (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A figure's field as a cell of figures.csv: text that would start a formula gets a leading
    single quote, which spreadsheets read as "this is text" (numbers are written as they are); a
    breakdown reads "key=value" pairs joined by ";" ("co_che=mot_cua;muc_do=3,4")."""
    if isinstance(value, dict):
        value = ";".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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


def _json_line(row: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(row)
    except TypeError:           # orjson stops at 64-bit integers; an article's number can be longer
        return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()


def open_data(config: Config, articles: Sequence[Article],
              describe: Callable[[Article], dict[str, Any]]) -> tuple[File, File]:
    """/data/articles.json (DESIGN §8) and /data/figures.csv, in one pass over *articles* (in the order
    given: by date, then URL).  *describe* adds an article's places and its "figures"; each figure's
    dict serves both files, so it is made once.

    articles.json holds one article per line: readable and diff-friendly, and each line is written
    as soon as its article is described (a dump of all of them at once holds every row in memory).
    orjson writes a line as json.dumps(ensure_ascii=False, separators=(",", ":")) would (but for
    floats below 1e-4, written without an exponent), several times faster.  figures.csv has one row per
    figure, the columns of FIGURE_COLUMNS, and a BOM so that spreadsheet programs open the Vietnamese
    text as UTF-8; its text cells never start a formula (see csv_cell), where articles.json keeps the
    text exact.  Both grow as UTF-8 bytes, half the memory of the text."""
    # BytesIO hands over its buffer without a copy, where joining a list of parts needs twice the size.
    json_out, csv_out = io.BytesIO(), io.BytesIO()
    json_out.write(b'{"articles":[')
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(FIGURE_COLUMNS)
    csv_out.write(b"\xef\xbb\xbf")
    figure_fields = FIGURE_COLUMNS[3:]
    for index, article in enumerate(articles):
        url, date = config.absolute(article.url), article.date.isoformat()
        row = {"url": url, "title": article.title, "date": date,
               "label": article.label, "source_url": article.source_url, **describe(article)}
        json_out.write(b",\n" if index else b"\n")
        json_out.write(_json_line(row))
        # csv writes None as an empty field.
        title = csv_cell(article.title)
        writer.writerows([url, title, date, *(csv_cell(figure.get(name)) for name in figure_fields)]
                         for figure in row.get("figures", ()))
        if rows.tell() > 1 << 20:
            csv_out.write(rows.getvalue().encode())
            rows.seek(0)
            rows.truncate()
    json_out.write(b"\n]}\n" if articles else b"]}\n")
    csv_out.write(rows.getvalue().encode())
    json_url, csv_url = OPEN_DATA_URLS
    return File(json_url, json_out.getvalue()), File(csv_url, csv_out.getvalue())
