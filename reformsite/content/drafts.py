"""Article drafts: a file's bytes → a Draft (front matter validated) or diagnostics, and every
Markdown file under content/ read so.

Every problem is reported with the file, and the line and column where the format gives them; one
bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reformsite.config import DEFAULT_LABELS, Origin, detect_origin
from reformsite.core import (
    DateError,
    Diagnostic,
    Severity,
    display_path,
    invalid_character,
    parse_date,
    slugify,
    url_problem,
    without_invalid,
)

from .body import MAX_NESTING, markup_excess, nesting_depth, take_source_lines
from .conventions import (
    EXPIRES,
    JEKYLL_STYLES,
    REDIRECT_FROM,
    FileFacts,
    adapt_fields,
    expand,
    expiry,
    file_facts,
    old_url,
    redirects_from,
    url_path,
    url_values,
)
from .fields import KNOWN_FIELDS, Fields, check_url_path
from .files import content_sources, decode_text
from .front_matter import ContentError, SplitFile, parse_front_matter, split_front_matter
from .templating import expand_templates


@dataclass(frozen=True)
class Draft:
    """An article or page as read from disk, before Markdown, tagging and extraction."""

    path: str                       # relative to content/, POSIX: "2024/tan-thanh-binh.md"
    kind: str                       # "article" or "page" (content/pages/)
    title: str
    label: str | None               # "tot" from " [Tot] …"
    label_text: str | None          # "Tot" as written
    date: dt.datetime | None        # None only for undated pages and drafts (see build.articles.date_undated)
    updated: dt.datetime | None
    slug: str
    permalink: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    draft: bool
    author: str | None
    source: str | None
    source_url: str | None
    image: str | None
    summary: str | None
    places: tuple[str, ...] | None  # editor override
    figures: Any                    # editor's raw figure list, validated by the indicators stage
    extract: bool
    body: str                       # Markdown, NFC, LF line ends, source-link and lead-image lines removed
    body_line: int                  # line in the file where `body` starts (1-based), for locating problems
    content_hash: str               # of the file's bytes: the cache key of all per-article work
    extra: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)   # front matter key → line in the file
    lang: str | None = None         # "vi" or "en" when the front matter says; else the site's language


def _text(path: str, raw: bytes, problems: list[Diagnostic]) -> str | None:
    """The file's text, or None (and the problem) when it is binary, not UTF-8, or empty."""
    if b"\x00" in raw[:8192]:
        problems.append(Diagnostic(path, None, None, "this is a binary file, not a Markdown article",
                                   "move it out of content/, or rename it if it is not an article"))
        return None
    try:
        text = decode_text(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Diagnostic(path, line, col,
                                   f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                                   "save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)"))
        return None
    if not text.strip():
        problems.append(Diagnostic(path, None, None, "the file is empty",
                                   "add front matter with at least a title and a date"))
        return None
    return text


def _front_matter(path: str, text: str, problems: list[Diagnostic], *, optional: bool = False
                  ) -> tuple[SplitFile, dict[str, Any], dict[str, tuple[int, int]]] | None:
    """The split file, its fields and their positions, or None (and the problem) when the front
    matter is missing (unless *optional*: a Jekyll post or Hugo page may have none) or unreadable."""
    try:
        split = split_front_matter(text)
        split = replace(split, front_matter=_valid_text(path, split.front_matter, split.fm_line, problems))
        meta, positions = parse_front_matter(split)
    except ContentError as exc:
        d = exc.diagnostic
        problems.append(Diagnostic(path, d.line, d.col, d.message, d.hint, d.severity))
        return None
    if split.format == "none" and not optional:
        problems.append(Diagnostic(path, 1, 1, "the article has no front matter",
                                   "start the file with a '---' line, then 'title: …' and 'date: …', "
                                   "then another '---' line"))
        return None
    return split, meta, positions


def _not_read(path: str, kind: str, facts: FileFacts) -> Diagnostic | None:
    """Why a file of a Jekyll or Hugo site is not made a page, or None when it is."""
    if kind == "headless":
        return Diagnostic(path, None, None,
                          "not published: its Hugo bundle is headless (build.render: never)",
                          "its text is used where a page includes it, not as a page of its own",
                          Severity.WARNING)
    if kind == "other":
        return Diagnostic(path, None, None, "skipped: only Markdown posts and pages are converted",
                          "convert it to Markdown (.md) to publish it", Severity.WARNING)
    if facts.at_root and facts.generator != "reformsite":
        return Diagnostic(path, None, None, "the old site's home page is not converted: the home page "
                          "lists the newest articles", "move any text you need into a page of its own",
                          Severity.WARNING)
    return None


def _clean_body(path: str, split: SplitFile, problems: list[Diagnostic]) -> SplitFile:
    """*split* with a body free of the characters that are not valid text (see _valid_text)."""
    return replace(split, body=_valid_text(path, split.body, split.body_line, problems))


def _valid_text(path: str, text: str, first_line: int, problems: list[Diagnostic]) -> str:
    """*text* (of the file at *path*, from its line *first_line*) free of the characters that are
    not valid text (control characters but tab and line ends), the policy of the front matter's
    values (see Fields.clean_invalid_text): a warning at the first line holding one, and the
    characters left out.  Raw in the front matter, they would stop its parser, which can only say
    where in the whole front matter it stopped."""
    if invalid_character(text) is None:
        return text
    lines = text.split("\n")
    holding = [number for number, line in enumerate(lines) if invalid_character(line) is not None]
    first = lines[holding[0]]
    column = next(i for i, c in enumerate(first, start=1) if invalid_character(c) is not None)
    others = f" (and on {len(holding) - 1} more lines)" if len(holding) > 1 else ""
    problems.append(Diagnostic(
        path, first_line + holding[0], column,
        f"the text holds a character that is not valid text ({invalid_character(first)}){others}: "
        "it is left out", "delete the character; write the text with ordinary letters", Severity.WARNING))
    return without_invalid(text)


def _too_deep(path: str, split: SplitFile) -> Diagnostic | None:
    """Why the body asks more of the converter than an article may (see body.markup_excess)."""
    depth, depth_line = nesting_depth(split.body)
    if depth > MAX_NESTING:
        return Diagnostic(path, split.body_line + depth_line, 1,
                          f"the Markdown is nested {depth} levels deep (at most {MAX_NESTING})",
                          "flatten the nested quotes or lists")
    if (excess := markup_excess(split.body)) is not None:
        return Diagnostic(path, split.body_line + excess[1], None,
                          f"the article has too much markup: {excess[0]}",
                          "split the article, or write it as plain Markdown")
    return None


def _kind(kind: str, facts: FileFacts, meta: dict[str, Any]) -> str:
    """A Hugo page is an article when it is dated, else a standalone page (documentation, a
    section's page); a Jekyll page is a page, a post an article."""
    if facts.generator == "hugo":
        dated = not facts.section_page and meta.get("date") not in (None, "")
        return "article" if dated else "page"
    if facts.generator == "jekyll":
        return "article" if facts.post else "page"
    return kind


def _urls(fields: Fields, origin: Origin, facts: FileFacts, kind: str, found: dict[str, Any]
          ) -> tuple[str, str | None, tuple[str, ...]]:
    """(slug, permalink, old URLs to redirect): a Jekyll or Hugo file keeps its old URL when it is
    a page or the site's permalinks come from the generator's config; else the old one redirects."""
    written_slug = found["slug"]
    if written_slug and origin.foreign:     # Hugo and Jekyll lower-case and escape what is written
        written_slug = url_path(written_slug).strip("/") or None
    slug = fields.slug(written_slug)
    title, date = found["title"] or "", found["date"]
    if slug is None:
        named = slugify(facts.name_slug) if origin.foreign or facts.name_date else ""
        slug = named or slugify(title) or slugify(facts.name_slug) or "bai-viet"
    values = url_values(facts, date, slug, title, found["categories"])
    written = found["permalink"]
    if written and (":" in written or written.strip("/") in JEKYLL_STYLES):
        written = expand(written.strip("/") if written.strip("/") in JEKYLL_STYLES else written, values)
    permalink = fields.permalink(written)
    redirects = redirects_from(fields.meta)
    if origin.foreign:
        old = old_url(facts, origin, values)
        if check_url_path(old) is not None or old == "/":
            return slug, permalink, redirects       # no address of the old site to keep
        if kind == "page" or origin.keep_urls:
            permalink = permalink or old
        elif old != permalink:
            redirects = (old, *redirects)
    return slug, permalink, redirects


def _body(path: str, split: SplitFile, origin: Origin, title: str, problems: list[Diagnostic]
          ) -> tuple[str, str | None, str | None, int]:
    """(body, source link, lead image, lines removed): Liquid and shortcodes rendered or removed
    (each removal a warning at its line), the aggregated post's first lines lifted out.  The lifted
    addresses pass the check the front matter's do (an unsafe one is an error at its line)."""
    expanded, notes = expand_templates(split.body, generator=origin.generator, title=title)
    hint = "write it as Markdown, or delete it"
    problems.extend(Diagnostic(path, split.body_line + line, None, message, hint, Severity.WARNING)
                    for line, message in notes)
    body, link_url, lead_image, _alt, removed = take_source_lines(expanded)
    lines = expanded.split("\n")
    for what, url in (("the source link", link_url), ("the lead image", lead_image)):
        if url is not None and (reason := url_problem(url)) is not None:
            index = next((i for i, line in enumerate(lines[:removed]) if url in line), 0)
            problems.append(Diagnostic(path, split.body_line + index, None,
                                       f"{what} of the first lines {reason}",
                                       "use an https:// address or a path inside the site"))
    return body, link_url, lead_image, removed


def _expires(fields: Fields) -> dt.datetime | None:
    if (value := expiry(fields.meta)) is None:
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        fields.fail("expiryDate", f"'expiryDate': {exc}", DateError.hint)
        return None


def build_draft(path: str, raw: bytes, *, kind: str, origin: Origin | None = None,
                labels: tuple[str, ...] = DEFAULT_LABELS) -> tuple[Draft | None, list[Diagnostic]]:
    """Turn one file's bytes into a Draft, or diagnostics saying exactly what to fix; *origin* says
    whose conventions the file follows, *labels* which title prefixes are assessments."""
    origin = origin or Origin()
    facts = file_facts(path, origin)
    if (skipped := _not_read(path, kind, facts)) is not None:
        return None, [skipped]
    problems: list[Diagnostic] = []
    text = _text(path, raw, problems)
    read = _front_matter(path, text, problems, optional=origin.foreign) if text is not None else None
    if read is None:
        return None, problems
    split, meta, positions = read
    meta = adapt_fields(meta, positions, facts)
    kind = _kind(kind, facts, meta)
    fields = Fields(path, meta, positions, split.fm_line, problems)
    fields.clean_invalid_text()
    fields.warn_unknown()
    title, label, label_text = fields.title(labels)
    date, updated = fields.dates(kind)
    lists = fields.name_lists()
    # A Jekyll post's folders above _posts/ are categories too, before those it names.
    categories = tuple(dict.fromkeys((facts.folders if facts.post else ()) + lists["categories"]
                                     + lists["category"]))
    flags = fields.flags()
    texts = fields.texts()
    lang = fields.language(texts["lang"])
    source_url = fields.link("source_url", texts["source_url"])
    image = fields.link("image", texts["image"])
    slug, permalink, redirects = _urls(fields, origin, facts, kind, {
        "slug": texts["slug"], "title": title, "date": date, "categories": categories,
        "permalink": texts["permalink"]})
    places = fields.places()
    expires = _expires(fields)
    split = _clean_body(path, split, problems)
    if (too_deep := _too_deep(path, split)) is not None:
        return None, [*problems, too_deep]
    body, link_url, lead_image, removed = _body(path, split, origin, title or "", problems)
    if any(p.is_error for p in problems):
        return None, problems
    assert title is not None
    extra = {k: v for k, v in meta.items() if k not in KNOWN_FIELDS}
    extra.update({REDIRECT_FROM: redirects} if redirects else {})
    extra.update({EXPIRES: expires} if expires else {})
    draft = Draft(
        path=path, kind=kind, title=title, label=label, label_text=label_text, date=date, updated=updated,
        slug=slug, permalink=permalink, categories=categories, tags=lists["tags"],
        draft=flags["draft"] or not flags["published"],
        author=texts["author"], source=texts["source"],
        source_url=source_url or link_url,
        image=image or lead_image,
        summary=texts["summary"], places=places, figures=meta.get("figures"), extract=flags["extract"],
        body=body, body_line=split.body_line + removed,
        content_hash=hashlib.sha256(raw).hexdigest(),
        extra=extra,
        field_lines={key: line for key, (line, _col) in positions.items()},
        lang=lang,
    )
    return draft, problems


def read_drafts(content_dir: Path, site_root: Path) -> tuple[list[Draft], list[Diagnostic]]:
    """Read every content file under *content_dir* (see files.content_sources) with the site's
    default labels; files under content/pages/ are standalone pages."""
    drafts: list[Draft] = []
    problems: list[Diagnostic] = []
    origin = detect_origin(content_dir)
    refused: list[Diagnostic] = []
    sources = content_sources(content_dir, origin, refused=refused, site_root=site_root)
    shown_dir = display_path(content_dir, site_root)
    problems.extend(replace(d, path=f"{shown_dir}/{d.path}") for d in refused)
    for rel, _entry, kind in sources:
        file = content_dir / rel
        shown = display_path(file, site_root)
        try:
            raw = file.read_bytes()
        except OSError as exc:
            problems.append(Diagnostic(shown, None, None, f"cannot read the file: {exc.strerror}",
                                       "check the file's permissions"))
            continue
        draft, found = build_draft(rel, raw, kind=kind, origin=origin)
        problems.extend(Diagnostic(shown, d.line, d.col, d.message, d.hint, d.severity) for d in found)
        if draft is not None:
            drafts.append(draft)
    return drafts, problems
