"""Article drafts: a file's bytes → a Draft (front matter validated) or diagnostics, and every
Markdown file under content/ read so.

Every problem is reported with the file, and the line and column where the format gives them; one
bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reformsite.core import Diagnostic, display_path, slugify

from .body import MAX_NESTING, nesting_depth, take_source_lines
from .fields import KNOWN_FIELDS, Fields
from .files import decode_text, iter_content_files
from .front_matter import ContentError, SplitFile, parse_front_matter, split_front_matter


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


def _front_matter(path: str, text: str, problems: list[Diagnostic]
                  ) -> tuple[SplitFile, dict[str, Any], dict[str, tuple[int, int]]] | None:
    """The split file, its fields and their positions, or None (and the problem) when the front
    matter is missing or cannot be read."""
    try:
        split = split_front_matter(text)
        meta, positions = parse_front_matter(split)
    except ContentError as exc:
        d = exc.diagnostic
        problems.append(Diagnostic(path, d.line, d.col, d.message, d.hint, d.severity))
        return None
    if split.format == "none":
        problems.append(Diagnostic(path, 1, 1, "the article has no front matter",
                                   "start the file with a '---' line, then 'title: …' and 'date: …', "
                                   "then another '---' line"))
        return None
    return split, meta, positions


def _too_deep(path: str, split: SplitFile) -> Diagnostic | None:
    depth, depth_line = nesting_depth(split.body)
    if depth <= MAX_NESTING:
        return None
    return Diagnostic(path, split.body_line + depth_line, 1,
                      f"the Markdown is nested {depth} levels deep (at most {MAX_NESTING})",
                      "flatten the nested quotes or lists")


def build_draft(path: str, raw: bytes, *, kind: str) -> tuple[Draft | None, list[Diagnostic]]:
    """Turn one file's bytes into a Draft, or diagnostics saying exactly what to fix."""
    problems: list[Diagnostic] = []
    text = _text(path, raw, problems)
    read = _front_matter(path, text, problems) if text is not None else None
    if read is None:
        return None, problems
    split, meta, positions = read
    fields = Fields(path, meta, positions, split.fm_line, problems)
    fields.warn_unknown()
    title, label, label_text = fields.title()
    date, updated = fields.dates(kind)
    lists = fields.name_lists()
    flags = fields.flags()
    texts = fields.texts()
    lang = fields.language(texts["lang"])
    source_url = fields.link("source_url", texts["source_url"])
    image = fields.link("image", texts["image"])
    slug = fields.slug(texts["slug"])
    permalink = fields.permalink(texts["permalink"])
    places = fields.places()
    if any(p.is_error for p in problems):
        return None, problems
    assert title is not None
    if (too_deep := _too_deep(path, split)) is not None:
        return None, [*problems, too_deep]
    body, link_url, lead_image, _alt, removed = take_source_lines(split.body)
    draft = Draft(
        path=path, kind=kind, title=title, label=label, label_text=label_text, date=date, updated=updated,
        slug=slug or slugify(title) or slugify(Path(path).stem) or "bai-viet",
        permalink=permalink,
        categories=tuple(dict.fromkeys(lists["categories"] + lists["category"])),
        tags=lists["tags"],
        draft=flags["draft"] or not flags["published"],
        author=texts["author"], source=texts["source"],
        source_url=source_url or link_url,
        image=image or lead_image,
        summary=texts["summary"], places=places, figures=meta.get("figures"), extract=flags["extract"],
        body=body, body_line=split.body_line + removed,
        content_hash=hashlib.sha256(raw).hexdigest(),
        extra={k: v for k, v in meta.items() if k not in KNOWN_FIELDS},
        field_lines={key: line for key, (line, _col) in positions.items()},
        lang=lang,
    )
    return draft, problems


def read_drafts(content_dir: Path, site_root: Path) -> tuple[list[Draft], list[Diagnostic]]:
    """Read every Markdown file under *content_dir*; files under content/pages/ are standalone pages."""
    drafts: list[Draft] = []
    problems: list[Diagnostic] = []
    for file in iter_content_files(content_dir):
        rel = file.relative_to(content_dir).as_posix()
        shown = display_path(file, site_root)
        kind = "page" if rel.startswith("pages/") else "article"
        try:
            raw = file.read_bytes()
        except OSError as exc:
            problems.append(Diagnostic(shown, None, None, f"cannot read the file: {exc.strerror}",
                                       "check the file's permissions"))
            continue
        draft, found = build_draft(rel, raw, kind=kind)
        problems.extend(Diagnostic(shown, d.line, d.col, d.message, d.hint, d.severity) for d in found)
        if draft is not None:
            drafts.append(draft)
    return drafts, problems
