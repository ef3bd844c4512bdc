"""Turn scraped news pages (raw text or saved HTML) into Markdown articles with front matter.

The line-by-line judgement of what is article and what is page noise lives in
``importer_text``; this module adds what a page's HTML knows (metadata), names the outlet, writes
the front matter and, in ``import_files`` only, touches the disk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from reformsite.core import VIETNAM, nfc, slugify, url_problem
from reformsite.images import FetchError, ImageError, fetch_image, image_format
from reformsite.places import outlet_for_code, outlet_for_url

from .dates import meta_date, parse_iso
from .lines import split_lines
from .text import clean_scraped_text, unescape_markdown

NO_DATE = "no publication date found: left as a draft"
NO_TITLE = "no headline found: the title is the start of the first paragraph"
NO_TEXT = "no article text found"
UNDATED_FOLDER = "nhap"  # "nháp", a draft


@dataclass(frozen=True)
class ImportedArticle:
    title: str
    published: datetime | None  # found in the text or metadata; tz Asia/Ho_Chi_Minh
    source_url: str | None
    source: str | None  # outlet name from the URL, or from a lead code "BTNO - ", or the host
    author: str | None  # byline
    summary: str | None  # lead paragraph when there is a clear one
    body: str  # clean Markdown, paragraphs separated by blank lines
    warnings: tuple[str, ...]
    image: str | None = None  # the lead image's address (or, once fetched, its file beside the article)


@dataclass(frozen=True)
class ImportResult:
    source: Path
    written: Path | None  # None when the file could not be imported
    warnings: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def import_text(raw: str, *, source_url: str | None = None) -> ImportedArticle:
    """Clean raw scraped text.  An optional first line "source: <url>" gives the address; an
    explicit *source_url* wins over it."""
    cleaned = clean_scraped_text(raw)
    warnings: list[str] = []
    if source_url and cleaned.source_url and source_url != cleaned.source_url:
        warnings.append(f"the text names {cleaned.source_url} as its source; kept {source_url}")
    return _assemble(
        title=cleaned.title, paragraphs=cleaned.paragraphs, published=cleaned.published,
        source_url=source_url or cleaned.source_url, lead_code=cleaned.lead_code,
        author=cleaned.author, summary=cleaned.summary, warnings=warnings, image=cleaned.image,
    )


def import_html(html: str, *, source_url: str | None = None) -> ImportedArticle:
    """Clean a saved HTML page: trafilatura finds the main text and the metadata (title, date,
    author); the text then goes through the same cleaning as scraped text."""
    import trafilatura  # heavy; only the importer needs it

    html = nfc(html)
    doc = trafilatura.bare_extraction(
        html, url=source_url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False,
        # Only structured dates: guessing from the page's text finds copyright years and "Hôm nay".
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    warnings: list[str] = []
    text = (doc.text if doc is not None else None) or ""
    if not text.strip():
        text = trafilatura.html2txt(html) or ""
        warnings.append("trafilatura found no main text: used the whole page's text")
    meta_title = _clean_title(doc.title) if doc is not None and doc.title else None
    cleaned = clean_scraped_text(text, title=meta_title)
    # Metadata with a time of day first, then a dateline: in the main text or, since trafilatura
    # often leaves it out, anywhere on the page; htmldate's day-only guess last.
    published = _html_date(html) or cleaned.published or _dateline_in(_page_text(html))
    if published is None and doc is not None and doc.date:
        published = parse_iso(doc.date)
    summary = cleaned.summary
    if summary is None and doc is not None and doc.description and cleaned.paragraphs \
            and _same_start(doc.description, cleaned.paragraphs[0]):
        summary = unescape_markdown(cleaned.paragraphs[0])  # the page's own description is its lead
    url = source_url or (doc.url if doc is not None and doc.url and doc.url.startswith("http") else None)
    author = cleaned.author or (_clean_author(doc.author) if doc is not None and doc.author else None)
    image = _meta_image(html, url) or cleaned.image
    return _assemble(
        title=cleaned.title, paragraphs=cleaned.paragraphs, published=published, source_url=url,
        lead_code=cleaned.lead_code, author=author, summary=summary, warnings=warnings, image=image,
    )


def _assemble(*, title: str | None, paragraphs: tuple[str, ...], published: datetime | None,
              source_url: str | None, lead_code: str | None, author: str | None,
              summary: str | None, warnings: list[str], image: str | None = None) -> ImportedArticle:
    if not paragraphs:
        warnings.append(NO_TEXT)
    if not title:
        title = _title_from(paragraphs)
        warnings.append(NO_TITLE)
    if published is None:
        warnings.append(NO_DATE)
    if source_url is not None and (reason := url_problem(source_url)) is not None:
        warnings.append(f"the source address {source_url!r} {reason}: left out")
        source_url = None
    if image is not None and url_problem(image) is not None:
        image = None
    return ImportedArticle(
        title=nfc(title), published=published, source_url=source_url,
        source=_source_name(source_url, lead_code), author=nfc(author) if author else None,
        summary=nfc(summary) if summary else None, body=nfc("\n\n".join(paragraphs)),
        warnings=tuple(warnings), image=image,
    )


def _title_from(paragraphs: tuple[str, ...]) -> str:
    if not paragraphs:
        return "Bài viết chưa có tiêu đề"  # "untitled article"
    words = unescape_markdown(paragraphs[0].removeprefix("## ").removeprefix("- ")).split()
    return " ".join(words[:12]).rstrip(",;:.") + ("…" if len(words) > 12 else "")


def _source_name(source_url: str | None, lead_code: str | None) -> str | None:
    if outlet := outlet_for_url(source_url):
        return outlet.name
    if lead_code and (outlet := outlet_for_code(lead_code)):
        return outlet.name
    if source_url and (host := urlsplit(source_url).hostname):
        return host.removeprefix("www.")
    return None


def _clean_title(title: str) -> str:
    # <title> often carries the site's name: "Tân Hoà đẩy mạnh … - Báo Tây Ninh Online".
    title = " ".join(title.split())
    parts = re.split(r"\s+[|–—-]\s+", title)
    site = parts[-1]
    if len(parts) > 1 and len(site.split()) <= 5 and re.search(r"(?i)báo|\.vn|\.com|online|cổng", site):
        title = title[: title.rfind(site)].rstrip(" |–—-")
    return title


def _clean_author(author: str) -> str | None:
    # trafilatura joins several meta authors with "; " and sometimes returns the outlet itself.
    author = author.replace(";", ",").strip()
    return None if re.search(r"(?i)báo|\.vn|admin|ban biên tập", author) else author


_DATE_META = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publishdate|publish-date|dc\.date\.issued|dc\.date|date)["'][^>]*>""",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_IMAGE_META = re.compile(
    r"""<meta[^>]+(?:property|name)\s*=\s*["'](?:og:image(?::url|:secure_url)?|twitter:image(?::src)?)["'][^>]*>""",
    re.IGNORECASE)


def _meta_image(html: str, page_url: str | None) -> str | None:
    """The page's lead image as its metadata names it (Open Graph, Twitter), as an http(s) address."""
    for tag in _IMAGE_META.finditer(html):
        if content := _CONTENT.search(tag.group(0)):
            address = urljoin(page_url or "", unescape(content.group(1).strip()))
            if address.startswith(("http://", "https://")):
                return address
    return None
_JSON_LD = re.compile(r"""<script[^>]+application/ld\+json[^>]*>(.*?)</script>""", re.IGNORECASE | re.DOTALL)


def _html_date(html: str) -> datetime | None:
    """The publication time from the page's metadata, with its time of day (htmldate, through
    trafilatura, keeps only the day)."""
    for tag in _DATE_META.finditer(html):
        if (content := _CONTENT.search(tag.group(0))) and (when := parse_iso(content.group(1))):
            return when
    for block in _JSON_LD.finditer(html):
        try:
            data = json.loads(block.group(1))
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str) \
                    and (when := parse_iso(item["datePublished"])):
                return when
    return None


_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th",
           "header", "footer", "section", "article", "aside", "nav", "figure", "figcaption", "table",
           "main", "blockquote"}


def _page_text(html: str) -> str:
    """The whole page's visible text, one line per block, for finding a dateline."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, etree.ParserError):
        return ""
    for element in tree.iter("script", "style", "noscript", "template"):
        element.text = ""
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return tree.text_content()


def _same_start(description: str, paragraph: str) -> bool:
    a, b = (re.findall(r"\w+", t.lower())[:12] for t in (description, paragraph))
    return len(a) >= 6 and a == b[: len(a)]


def _dateline_in(text: str) -> datetime | None:
    for line in split_lines(text):
        found = meta_date(line.text)
        if found and found[0] is not None:
            return found[0]
    return None


def to_markdown_file(article: ImportedArticle) -> str:
    """The article as a Markdown file with YAML front matter; undated articles are drafts."""
    fields: dict[str, object] = {"title": article.title}
    if article.published is not None:
        fields["date"] = article.published.astimezone(VIETNAM).isoformat()
    else:
        fields["draft"] = True
    for key in ("source", "source_url", "image", "author", "summary"):
        if (value := getattr(article, key)) is not None:
            fields[key] = value
    fields["imported"] = True
    # A wide line keeps each field on one line, so editors can read and diff the header.
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1 << 16)
    return f"---\n{front}---\n\n{article.body.strip()}\n"


def target_path(article: ImportedArticle, into: Path) -> Path:
    """into/YYYY/MM/<slug>.md, undated into/nhap/<slug>.md; never a file that already exists."""
    folder = into / UNDATED_FOLDER if article.published is None else (
        into / f"{article.published.year:04d}" / f"{article.published.month:02d}")
    slug = slugify(article.title) or "bai-viet"
    candidate = folder / f"{slug}.md"
    number = 2
    while candidate.exists():
        candidate = folder / f"{slug}-{number}.md"
        number += 1
    return candidate


def import_files(paths: Sequence[Path], *, source_url: str | None, into: Path, fetch_images: bool = False,
                 fetch: Callable[[str], bytes] = fetch_image) -> list[ImportResult]:
    """Import each file (.html/.htm as HTML, anything else as scraped text) and write it under
    *into*; with *fetch_images*, its lead image too, beside it (see _fetched_image).  A file that
    cannot be read or written is reported and the others go on."""
    results = []
    for path in paths:
        try:
            article = _read_article(Path(path), source_url)
        except (OSError, UnicodeDecodeError) as exc:
            results.append(ImportResult(Path(path), None, (), _describe(exc)))
            continue
        picture = None
        if fetch_images and article.image:
            picture, article = _fetched_image(article, fetch)
        try:
            written = _write_new(article, into, picture)
        except OSError as exc:
            results.append(ImportResult(Path(path), None, article.warnings, _describe(exc)))
            continue
        results.append(ImportResult(Path(path), written, article.warnings))
    return results


def _read_article(path: Path, source_url: str | None) -> ImportedArticle:
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm"):
        return import_html(_decode_html(data), source_url=source_url)
    return import_text(data.decode("utf-8-sig"), source_url=source_url)


def _decode_html(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Vietnamese sites still declare windows-1258 and the like in a meta tag.
        declared = re.search(rb"""charset\s*=\s*["']?([\w-]+)""", data[:4096], re.IGNORECASE)
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise


def _fetched_image(article: ImportedArticle, fetch: Callable[[str], bytes]
                   ) -> tuple[tuple[bytes, str] | None, ImportedArticle]:
    """(the lead image's bytes and file-name extension, the article), once the image is downloaded
    and checked (an image of a kind the site shows, not too large); when that fails, the article
    keeps the image's address, with a warning."""
    assert article.image is not None
    try:
        data = fetch(article.image)
        return (data, image_format(data)), article
    except (FetchError, ImageError) as exc:
        warning = f"the lead image {article.image} was not fetched ({exc}): image: keeps its address"
        return None, replace(article, warnings=(*article.warnings, warning))


def _write_new(article: ImportedArticle, into: Path, picture: tuple[bytes, str] | None = None) -> Path:
    while True:
        target = target_path(article, into)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            # "x": another import may have taken the name since target_path looked.
            handle = target.open("x", encoding="utf-8", newline="\n")
        except FileExistsError:
            continue
        with handle:
            if picture is not None:
                article = replace(article, image=_write_beside(target, *picture))
            handle.write(to_markdown_file(article))
        return target


def _write_beside(article_file: Path, data: bytes, extension: str) -> str:
    """Write the lead image beside *article_file*, named after it ("<slug>.jpg"), never over a file
    that exists; its name, which is the article's `image:` (relative to the article's folder)."""
    stem, number = article_file.stem, 1
    while True:
        name = f"{stem}.{extension}" if number == 1 else f"{stem}-{number}.{extension}"
        image = article_file.with_name(name)
        try:
            with image.open("xb") as handle:
                handle.write(data)
        except FileExistsError:
            number += 1
            continue
        return image.name


def _describe(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return (f"not UTF-8 text (bad byte at offset {exc.start}): save the file as UTF-8 "
                f"and import it again")
    if isinstance(exc, OSError):
        return f"cannot read or write: {exc.strerror or exc}"
    return str(exc)
