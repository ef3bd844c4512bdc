"""Reading content/: files → article drafts (front matter validated) + diagnostics.

This is the only stage besides `output` that touches the disk.  Every problem is reported with the
file, and the line and column where the format gives them; one bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import toml
import yaml

from reformsite.config import LANGUAGES
from reformsite.core import (
    DateError,
    Diagnostic,
    Severity,
    StrictSafeLoader,
    YAMLDuplicateKeyError,
    display_path,
    load_yaml_with_lines,
    nfc,
    parse_date,
    slugify,
)

MARKDOWN_SUFFIXES = (".md", ".markdown")
KNOWN_FIELDS = frozenset({
    "title", "date", "categories", "category", "tags", "slug", "permalink", "draft", "published",
    "updated", "author", "source_url", "source", "image", "summary", "places", "figures", "extract",
    "layout", "lang", "description", "imported",
})
_LABEL = re.compile(r"^\s*\[(?P<label>[^\]\n]{1,30})\]\s*")
_LINK_LINE = re.compile(r"^\[(?P<text>[^\]\n]+)\]\((?P<url>https?://[^)\s]+)\)\s*$")
_IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]\n]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)\s*$")
_SAFE_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Draft:
    """An article or page as read from disk, before Markdown, tagging and extraction."""

    path: str                       # relative to content/, POSIX: "2024/tan-thanh-binh.md"
    kind: str                       # "article" or "page" (content/pages/)
    title: str
    label: str | None               # "tot" from " [Tot] …"
    label_text: str | None          # "Tot" as written
    date: dt.datetime | None        # None only for undated pages and drafts (see builder.date_undated)
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


@dataclass(frozen=True)
class SplitFile:
    """A file's front matter and body, with the line on which each starts."""

    format: str                     # "yaml", "toml", "json" or "none"
    front_matter: str
    fm_line: int                    # line of the opening delimiter, which is line 1 of `front_matter`
    body: str
    body_line: int


class ContentError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def content_files(content_dir: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """(POSIX path relative to content/, directory entry) of every Markdown file under content/, in
    the order of sorted paths; hidden folders and files ("." or "_" first) are skipped, unvisited.

    os.scandir, because pathlib's rglob and relative_to took seconds for 10,000 articles, and the
    entry gives the file's size and time without another system call on most file systems."""
    found: list[tuple[tuple[str, ...], str, os.DirEntry[str]]] = []
    folders: list[tuple[str, ...]] = [()]
    while folders:
        parts = folders.pop()
        try:
            entries = list(os.scandir(os.path.join(content_dir, *parts)))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            if entry.is_dir(follow_symlinks=False):     # as rglob: linked folders are not entered
                folders.append((*parts, entry.name))
            elif os.path.splitext(entry.name)[1].lower() in MARKDOWN_SUFFIXES and entry.is_file():
                found.append(((*parts, entry.name), "/".join((*parts, entry.name)), entry))
    found.sort(key=lambda item: item[0])       # as sorted Paths compare: part by part
    return [(rel, entry) for _, rel, entry in found]


def iter_content_files(content_dir: Path) -> Iterator[Path]:
    """Markdown files under content/, sorted; hidden files and folders are skipped."""
    if not content_dir.is_dir():
        return
    for rel, _ in content_files(content_dir):
        yield content_dir / rel


def decode_text(data: bytes) -> str:
    """UTF-8 with or without BOM, CRLF or LF → NFC text with LF line ends."""
    text = data.decode("utf-8-sig")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def split_front_matter(text: str) -> SplitFile:
    """Separate the front matter (YAML ---, TOML +++ or JSON {…}) from the body.

    python-frontmatter's handlers know the delimiters; we split here ourselves only to keep track of
    line numbers, which its API does not report, and to detect front matter that is never closed.
    """
    handlers = (("yaml", frontmatter.YAMLHandler()), ("toml", frontmatter.TOMLHandler()),
                ("json", frontmatter.JSONHandler()))
    for name, handler in handlers:
        if not handler.detect(text):
            continue
        delimiter = {"yaml": "---", "toml": "+++", "json": "}"}[name]
        pieces = handler.FM_BOUNDARY.split(text, 2)
        if len(pieces) < 3:
            hint = f"add a line with only {delimiter} after the last field"
            raise ContentError(Diagnostic("", 1, 1, "the front matter is never closed", hint))
        before, fm, body = pieces
        if name == "json":
            fm = "{" + fm + "}"
        # The first line of `fm` is the rest of the opening delimiter's line.
        fm_line = before.count("\n") + 1
        consumed = len(text) - len(body)
        body_line = text[:consumed].count("\n") + 1
        if body.startswith("\n"):
            body, body_line = body[1:], body_line + 1
        return SplitFile(name, fm, fm_line, body, body_line)
    return SplitFile("none", "", 1, text, 1)


def _field_position(split: SplitFile, key: str) -> tuple[int, int]:
    """Line and column of *key*'s value in TOML or JSON front matter (YAML gets them from the parser)."""
    pattern = re.compile(rf'^(\s*"?{re.escape(key)}"?\s*[:=]\s*)', re.MULTILINE)
    if match := pattern.search(split.front_matter):
        line = split.front_matter.count("\n", 0, match.start()) + split.fm_line
        return line, len(match.group(1).split("\n")[-1]) + 1
    return split.fm_line, 1


def parse_front_matter(split: SplitFile) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Parse the metadata; return it with {key: (line, col)} in file coordinates."""
    if split.format == "none":
        return {}, {}
    try:
        if split.format == "yaml":
            data, positions = load_yaml_with_lines(split.front_matter)
            positions = {k: (line + split.fm_line - 1, col) for k, (line, col) in positions.items()}
        elif split.format == "toml":
            data = toml.loads(split.front_matter)
            positions = {}
        else:
            data = json.loads(split.front_matter)
            positions = {}
    except YAMLDuplicateKeyError as exc:
        raise ContentError(Diagnostic("", exc.line + split.fm_line - 1, exc.col, str(exc),
                                      f"remove one of the two '{exc.key}' lines")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + split.fm_line if mark else split.fm_line
        col = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        hint = "quote values that contain ': ' or start with [ { * & ! | > ' \" % @ `"
        raise ContentError(Diagnostic("", line, col, f"invalid YAML front matter: {problem}", hint)) from None
    except toml.TomlDecodeError as exc:
        line = exc.lineno + split.fm_line - 1
        raise ContentError(Diagnostic("", line, exc.colno, f"invalid TOML front matter: {exc.msg}",
                                      'write one key = "value" per line')) from None
    except json.JSONDecodeError as exc:
        line = exc.lineno + split.fm_line - 1
        raise ContentError(Diagnostic("", line, exc.colno, f"invalid JSON front matter: {exc.msg}",
                                      "check commas and double quotes")) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(Diagnostic("", split.fm_line, 1, "the front matter must be a mapping of fields",
                                      "write one 'field: value' per line, e.g. 'title: …'"))
    if split.format != "yaml":
        positions = {str(k): _field_position(split, str(k)) for k in data}
    return {str(k): v for k, v in data.items()}, positions


def _string_list(value: Any, *, separator: str | None) -> tuple[str, ...] | None:
    """A list of strings, or a string split on *separator* (None: whitespace, as Jekyll does)."""
    if value is None:
        return ()
    if isinstance(value, str):
        parts = value.split(separator) if separator else value.split()
        return tuple(nfc(p.strip()) for p in parts if p.strip())
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return tuple(nfc(str(v).strip()) for v in value if str(v).strip())
    return None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def split_label(title: str) -> tuple[str, str | None, str | None]:
    """" [Tot] Tân Thành Bình …" → ("Tân Thành Bình …", "tot", "Tot")."""
    if match := _LABEL.match(title):
        label_text = match.group("label").strip()
        return title[match.end():].strip(), slugify(label_text) or None, label_text
    return title.strip(), None, None


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


MAX_NESTING = 32
_QUOTE_MARKS = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]")


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


def check_link(value: str) -> str | None:
    """Why *value* may not be used as a link or image address (href/src), or None when it is safe."""
    if any(ord(c) < 32 for c in value):
        return "contains control characters"
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return f"uses the '{scheme.group(1)}:' scheme, which is not allowed"
    if value.startswith("//") or (not scheme and ".." in value.split("/")):
        return "must be an http(s) address or a path inside the site"
    return None


def check_url_path(value: str) -> str | None:
    """Why *value* may not be used as a site path (slug or permalink), or None when it is safe."""
    if "\x00" in value:
        return "contains a NUL character"
    if "\\" in value:
        return "contains a backslash"
    parts = [p for p in value.strip("/").split("/") if p]
    if any(p in (".", "..") for p in parts):
        return "tries to leave the site with '..'"
    if any(len(p.encode()) > 200 for p in parts):
        return "has a path segment longer than 200 bytes"
    if any(not _SAFE_SEGMENT.match(p) for p in parts):
        return "may only contain lower-case ASCII letters, digits, '-', '_' and '.'"
    return None


def build_draft(path: str, raw: bytes, *, kind: str) -> tuple[Draft | None, list[Diagnostic]]:
    """Turn one file's bytes into a Draft, or diagnostics saying exactly what to fix."""
    problems: list[Diagnostic] = []

    def fail(line: int | None, col: int | None, message: str, hint: str,
             severity: Severity = Severity.ERROR) -> None:
        problems.append(Diagnostic(path, line, col, message, hint, severity))

    if b"\x00" in raw[:8192]:
        fail(None, None, "this is a binary file, not a Markdown article",
             "move it out of content/, or rename it if it is not an article")
        return None, problems
    try:
        text = decode_text(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        fail(line, col, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
             "save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)")
        return None, problems
    if not text.strip():
        fail(None, None, "the file is empty", "add front matter with at least a title and a date")
        return None, problems
    try:
        split = split_front_matter(text)
        meta, positions = parse_front_matter(split)
    except ContentError as exc:
        d = exc.diagnostic
        problems.append(Diagnostic(path, d.line, d.col, d.message, d.hint, d.severity))
        return None, problems

    def where(key: str) -> tuple[int, int]:
        return positions.get(key, (split.fm_line if split.format != "none" else 1, 1))

    if split.format == "none":
        fail(1, 1, "the article has no front matter",
             "start the file with a '---' line, then 'title: …' and 'date: …', then another '---' line")
        return None, problems
    for key in sorted(set(meta) - KNOWN_FIELDS):
        line, col = where(key)
        close = [k for k in KNOWN_FIELDS if slugify(k) == slugify(key) or key.lower() == k]
        hint = f"did you mean '{close[0]}'?" if close else "unknown fields are kept but not used"
        fail(line, col, f"unknown field '{key}'", hint, Severity.WARNING)

    raw_title = meta.get("title")
    title = label = label_text = None
    if raw_title is None:
        fail(split.fm_line, 1, "missing required field 'title'",
             "add a line such as: title: \"Tân Thành Bình thực hiện tốt công tác cải cách hành chính\"")
    elif not isinstance(raw_title, str | int | float) or isinstance(raw_title, bool):
        line, col = where("title")
        fail(line, col, f"'title' must be text, not {type(raw_title).__name__}",
             "put the whole title on one line in quotes")
    else:
        title, label, label_text = split_label(nfc(str(raw_title)))
        if not title:
            line, col = where("title")
            fail(line, col, "the title is empty", "write the article's headline after 'title:'")

    date = updated = None
    is_draft = meta.get("draft") is True or meta.get("published") is False
    if ("date" not in meta or meta["date"] in (None, "")) and kind == "page":
        pass  # standalone pages ("Giới thiệu") are not news and need no date
    elif ("date" not in meta or meta["date"] in (None, "")) and is_draft:
        # Imported articles whose date was not found are written as undated drafts.
        fail(split.fm_line, 1, "this draft has no date; it is shown only with --drafts, dated at build time",
             "add a line such as: date: 04/11/2024 08:00 before publishing it", Severity.WARNING)
    elif "date" not in meta or meta["date"] in (None, ""):
        fail(split.fm_line, 1, "missing required field 'date'",
             "add a line such as: date: 04/11/2024 08:00")
    else:
        try:
            date = parse_date(meta["date"])
        except DateError as exc:
            line, col = where("date")
            fail(line, col, str(exc), DateError.hint)
    if meta.get("updated") not in (None, ""):
        try:
            updated = parse_date(meta["updated"])
        except DateError as exc:
            line, col = where("updated")
            fail(line, col, f"'updated': {exc}", DateError.hint)

    lists: dict[str, tuple[str, ...]] = {}
    for key, separator in (("categories", None), ("category", None), ("tags", ",")):
        value = _string_list(meta.get(key), separator=separator)
        if value is None:
            line, col = where(key)
            fail(line, col, f"'{key}' must be a list of names or a text",
                 f"e.g. {key}: [Cải cách hành chính, Chuyển đổi số]")
            value = ()
        lists[key] = value
    categories = tuple(dict.fromkeys(lists["categories"] + lists["category"]))

    flags: dict[str, bool] = {}
    for key, default in (("draft", False), ("published", True), ("extract", True), ("imported", False)):
        value = meta.get(key, default)
        if _bool(value) is None:
            line, col = where(key)
            fail(line, col, f"'{key}' must be true or false, not {value!r}",
                 f"write {key}: true or {key}: false")
            value = default
        flags[key] = value

    strings: dict[str, str | None] = {}
    for key in ("slug", "permalink", "author", "source", "source_url", "image", "summary", "lang"):
        value = meta.get(key)
        if value is not None and not isinstance(value, str | int | float):
            line, col = where(key)
            fail(line, col, f"'{key}' must be text, not {type(value).__name__}", "write it on one line")
            value = None
        strings[key] = nfc(str(value)).strip() if value is not None else None

    lang = (strings["lang"] or "").lower().replace("_", "-").partition("-")[0] or None
    if lang is not None and lang not in LANGUAGES:
        line, col = where("lang")
        fail(line, col, f"unknown language {strings['lang']!r}: the site's language is used",
             "write lang: vi or lang: en (English pages read numbers as 52,761 and 99.29%)", Severity.WARNING)
        lang = None

    for key in ("source_url", "image"):
        if strings[key] and (reason := check_link(strings[key])) is not None:
            line, col = where(key)
            fail(line, col, f"'{key}' {reason}", "use an https:// address or a path inside the site")
            strings[key] = None
    slug = strings["slug"]
    if slug is not None and (reason := check_url_path(slug)) is not None:
        line, col = where("slug")
        fail(line, col, f"slug {slug!r} {reason}",
             "use letters, digits and hyphens, e.g. slug: tan-thanh-binh")
        slug = None
    permalink = strings["permalink"]
    if permalink is not None:
        reason = check_url_path(permalink)
        if reason is None and not permalink.startswith("/"):
            reason = "must start with '/'"
        if reason is not None:
            line, col = where("permalink")
            fail(line, col, f"permalink {permalink!r} {reason}", "e.g. permalink: /bai-viet/ten-bai/")
            permalink = None
        elif not permalink.endswith("/") and "." not in permalink.rsplit("/", 1)[-1]:
            permalink += "/"

    places = None
    if "places" in meta:
        places = _string_list(meta["places"], separator=";")
        if places is None:
            line, col = where("places")
            fail(line, col, "'places' must be a list of place names",
                 'e.g. places: ["xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre"]')

    if any(p.is_error for p in problems):
        return None, problems
    assert title is not None

    depth, depth_line = nesting_depth(split.body)
    if depth > MAX_NESTING:
        fail(split.body_line + depth_line, 1,
             f"the Markdown is nested {depth} levels deep (at most {MAX_NESTING})",
             "flatten the nested quotes or lists")
        return None, problems
    body, link_url, image, _alt, removed = take_source_lines(split.body)
    extra = {k: v for k, v in meta.items() if k not in KNOWN_FIELDS}
    draft = Draft(
        path=path,
        kind=kind,
        title=title,
        label=label,
        label_text=label_text,
        date=date,
        updated=updated,
        slug=slug or slugify(title) or slugify(Path(path).stem) or "bai-viet",
        permalink=permalink,
        categories=categories,
        tags=lists["tags"],
        draft=flags["draft"] or not flags["published"],
        author=strings["author"],
        source=strings["source"],
        source_url=strings["source_url"] or link_url,
        image=strings["image"] or image,
        summary=strings["summary"],
        places=places,
        figures=meta.get("figures"),
        extract=flags["extract"],
        body=body,
        body_line=split.body_line + removed,
        content_hash=hashlib.sha256(raw).hexdigest(),
        extra=extra,
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


# Re-exported for callers that parse YAML the same strict way (e.g. `new`, tests).
__all__ = ["Draft", "StrictSafeLoader", "build_draft", "read_drafts", "split_label"]
