"""Machine-readable outputs: Atom feeds, sitemap, robots.txt and the open-data files.

All of them are deterministic: dates come from the articles, never from the clock.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .config import Config
from .model import Article, File

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000
FIGURE_COLUMNS = ("article_url", "article_title", "article_date", "indicator", "value", "value_max", "unit",
                  "qualifier", "period", "level", "unit_name", "place_code", "place_era", "rank_of",
                  "flags", "quote_url", "quote")


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def atom_feed(config: Config, *, url: str, title: str, page_url: str,
              articles: Sequence[Article]) -> File:
    """An Atom feed of the newest articles; <updated> is the newest article's date."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": config.language})
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = config.absolute(url)
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "self", "href": config.absolute(url),
                                               "type": "application/atom+xml"})
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": config.absolute(page_url),
                                               "type": "text/html"})
    items = list(articles[: config.feed_items])
    newest = max((a.updated or a.date for a in items), default=None)
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = (
        newest.isoformat() if newest else "1970-01-01T00:00:00+00:00")
    if config.author:
        author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
        ET.SubElement(author, f"{{{ATOM_NS}}}name").text = config.author
    for article in items:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = config.absolute(article.url)
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = article.title
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": config.absolute(article.url)})
        ET.SubElement(entry, f"{{{ATOM_NS}}}published").text = article.date.isoformat()
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = (article.updated or article.date).isoformat()
        if article.author:
            author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
            ET.SubElement(author, f"{{{ATOM_NS}}}name").text = article.author
        for category in article.categories + article.tags:
            ET.SubElement(entry, f"{{{ATOM_NS}}}category", {"term": category})
        ET.SubElement(entry, f"{{{ATOM_NS}}}summary").text = article.summary
    return File(url, _xml(feed))


def sitemap_files(config: Config, entries: Iterable[tuple[str, str | None]]) -> list[File]:
    """sitemap.xml for (url, lastmod) pairs; past 50,000 URLs a sitemap index and numbered parts."""
    ET.register_namespace("", SITEMAP_NS)
    rows = sorted(set(entries))
    chunks = [rows[i:i + SITEMAP_LIMIT] for i in range(0, len(rows), SITEMAP_LIMIT)] or [[]]

    def urlset(chunk: list[tuple[str, str | None]]) -> bytes:
        root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
        for url, lastmod in chunk:
            node = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(node, f"{{{SITEMAP_NS}}}loc").text = config.absolute(url)
            if lastmod:
                ET.SubElement(node, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
        return _xml(root)

    if len(chunks) == 1:
        return [File("/sitemap.xml", urlset(chunks[0]))]
    files = [File(f"/sitemap-{n}.xml", urlset(chunk)) for n, chunk in enumerate(chunks, start=1)]
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for file in files:
        node = ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(node, f"{{{SITEMAP_NS}}}loc").text = config.absolute(file.url)
    return [*files, File("/sitemap.xml", _xml(index))]


def robots_txt(config: Config) -> File:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute('/sitemap.xml')}\n"
    return File("/robots.txt", text.encode())


def open_data(config: Config, articles: Sequence[Article],
              describe: Callable[[Article], dict[str, Any]]) -> tuple[File, File]:
    """/data/articles.json (DESIGN §8) and /data/figures.csv, in one pass over *articles* (in the order
    given: by date, then URL).  *describe* adds an article's places and its "figures"; each figure's
    dict serves both files, so it is made once.

    articles.json holds one article per line: readable and diff-friendly, and each line is written by
    json's C encoder as soon as its article is described (an indented dump of all of them at once
    goes through the pure-Python encoder and holds every row in memory).  figures.csv has one row per
    figure, the columns of FIGURE_COLUMNS, and a BOM so that spreadsheet programs open the Vietnamese
    text as UTF-8.  Both are kept as UTF-8 bytes while they grow, half the memory of the text."""
    json_parts = [b'{"articles":[']
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(FIGURE_COLUMNS)
    csv_parts = [b"\xef\xbb\xbf"]
    figure_fields = FIGURE_COLUMNS[3:]
    for index, article in enumerate(articles):
        url, date = config.absolute(article.url), article.date.isoformat()
        row = {"url": url, "title": article.title, "date": date,
               "label": article.label, "source_url": article.source_url, **describe(article)}
        json_parts.append((",\n" if index else "\n").encode())
        json_parts.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
        # csv writes None as an empty field.
        writer.writerows([url, article.title, date, *map(figure.get, figure_fields)]
                         for figure in row.get("figures", ()))
        if rows.tell() > 1 << 20:
            csv_parts.append(rows.getvalue().encode())
            rows.seek(0)
            rows.truncate()
    json_parts.append(b"\n]}\n" if articles else b"]}\n")
    csv_parts.append(rows.getvalue().encode())
    return File("/data/articles.json", b"".join(json_parts)), File("/data/figures.csv", b"".join(csv_parts))
