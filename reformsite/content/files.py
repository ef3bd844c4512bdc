"""The Markdown files under content/: which they are, in which order, and their bytes as text."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reformsite.config import Origin, detect_origin
from reformsite.core import Diagnostic, Severity, nfc
from reformsite.core.paths import LINK_HINT, link_problem, shown_name, undecodable

from .front_matter import ContentError, parse_front_matter, split_front_matter

# Every extension Jekyll's markdown_ext and Hugo know for Markdown.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkdn", ".mkd", ".mdown", ".mkdown")
JEKYLL_POSTS = ("_posts", "_drafts")
_NEVER = re.compile(rb"never")


def _never(build: Any) -> bool:
    return isinstance(build, dict) and build.get("render") == "never"


def _bundle(folder: str) -> tuple[bool, bool]:
    """(the bundle's own page is not published, nor are the pages under it): Hugo's `headless: true`
    and `build: {render: never}` in a folder's _index.md or index.md, and the same under `cascade`."""
    for name in ("_index.md", "index.md"):
        try:
            with open(os.path.join(folder, name), "rb") as file:
                raw = file.read()
        except OSError:
            continue
        if not _NEVER.search(raw) and b"headless" not in raw:
            return False, False
        try:
            meta, _ = parse_front_matter(split_front_matter(decode_text(raw)))
        except (ContentError, UnicodeDecodeError):
            return False, False
        cascade = meta.get("cascade")
        cascades = cascade if isinstance(cascade, list) else [cascade]
        below = any(isinstance(c, dict) and (_never(c.get("build")) or c.get("headless") is True)
                    for c in cascades)
        itself = meta.get("headless") is True or _never(meta.get("build"))
        return itself or below, below or (itself and name == "index.md")
    return False, False


def _has_front_matter(path: str) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(4) in (b"---\n", b"---\r")
    except OSError:
        return False


def _kind(parts: tuple[str, ...], path: str, origin: Origin, headless: bool) -> str | None:
    """What the file at *parts* is: "article", "page", "headless" (in an unpublished Hugo bundle),
    "other" (a Jekyll post or page not in Markdown, reported and skipped), or None: not content."""
    markdown = os.path.splitext(parts[-1])[1].lower() in MARKDOWN_SUFFIXES
    if origin.generator == "reformsite":
        return None if not markdown else "page" if parts[0] == "pages" else "article"
    if origin.generator == "hugo":
        return None if not markdown else "headless" if headless else "article"
    if any(p in JEKYLL_POSTS for p in parts[:-1]):
        return "article" if markdown else "other"
    if markdown or parts[-1].endswith(".html"):
        # As Jekyll: a page has front matter; a file without is copied as it is (not content).
        return ("page" if markdown else "other") if _has_front_matter(path) else None
    return None


def _enter(name: str, parts: tuple[str, ...], origin: Origin) -> bool:
    """Whether to look into the folder *name* under *parts*: hidden ("." or "_") folders are not
    entered, but Jekyll's _posts and _drafts."""
    if name.startswith("."):
        return False
    if name.startswith("_") and origin.generator != "hugo":     # Hugo reads every folder
        return origin.generator == "jekyll" and name in JEKYLL_POSTS
    return not (origin.generator == "jekyll" and not parts and name in ("node_modules", "vendor"))


def _refusal(entry: os.DirEntry[str], rel: str, markdown: bool, roots: tuple[Path, ...]) -> Diagnostic | None:
    """Why the file or folder *entry* is not read: a name that is not UTF-8, a link to nothing or to
    outside the site folder (a link inside it is followed).  A dangling link is a warning: editors
    leave such lock files (".#post.md -> user@host.1234") beside the file being edited."""
    if undecodable(entry.name):
        if not (markdown or entry.is_dir(follow_symlinks=False)):
            return None
        return Diagnostic(rel, None, None, "the file name is not valid UTF-8: the file is not read",
                          "rename the file using letters, digits and hyphens")
    if not entry.is_symlink():
        return None
    problem = link_problem(entry.path, roots)
    if problem is None:
        return None
    if "does not exist" in problem:
        return Diagnostic(rel, None, None, f"skipped: it {problem}",
                          "delete the link if it is an editor's leftover", Severity.WARNING)
    return Diagnostic(rel, None, None, f"the file {problem}", LINK_HINT)


def content_sources(content_dir: Path, origin: Origin | None = None, *,
                    refused: list[Diagnostic] | None = None, site_root: Path | None = None
                    ) -> list[tuple[str, os.DirEntry[str], str]]:
    """(POSIX path relative to content/, directory entry, kind) of every content file under
    *content_dir*, in the order of sorted paths; see _kind.  A Jekyll or Hugo site root is read as
    its generator does (posts under any _posts/, Hugo's content folder only).  Files and folders not
    read (see _refusal) are added to *refused*; links may lead anywhere inside *site_root* (by
    default the folder holding *content_dir*) or *content_dir*.

    os.scandir rather than pathlib's rglob and relative_to, which are slow on a large tree; and the
    entry gives the file's size and time without another system call on most file systems."""
    origin = origin or detect_origin(content_dir)
    roots = (content_dir, site_root if site_root is not None else content_dir.resolve().parent)
    refused = [] if refused is None else refused
    found: list[tuple[tuple[str, ...], str, os.DirEntry[str], str]] = []
    start = tuple(p for p in origin.content_root.split("/") if p)
    folders: list[tuple[tuple[str, ...], bool]] = [(start, False)]
    while folders:
        parts, headless = folders.pop()
        folder = os.path.join(content_dir, *parts)
        itself, below = _bundle(folder) if origin.generator == "hugo" else (False, False)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            markdown = os.path.splitext(entry.name)[1].lower() in MARKDOWN_SUFFIXES
            if (refusal := _refusal(entry, "/".join((*parts, shown_name(entry.name))), markdown, roots)):
                refused.append(refusal)
                continue
            if entry.is_dir(follow_symlinks=False):     # as rglob: linked folders are not entered
                if _enter(entry.name, parts, origin):
                    folders.append(((*parts, entry.name), headless or below))
                continue
            section_page = origin.generator == "hugo" and entry.name == "_index.md"
            if entry.name.startswith(".") or (entry.name.startswith("_") and not section_page):
                continue
            own = entry.name in ("_index.md", "index.md")
            kind = _kind((*parts, entry.name), entry.path, origin, headless or (itself if own else below))
            if kind is not None and entry.is_file():
                found.append(((*parts, entry.name), "/".join((*parts, entry.name)), entry, kind))
    found.sort(key=lambda item: item[0])       # as sorted Paths compare: part by part
    refused.sort(key=lambda d: d.path)
    return [(rel, entry, kind) for _, rel, entry, kind in found]


def content_files(content_dir: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """(POSIX path relative to content/, directory entry) of every content file (see content_sources)."""
    return [(rel, entry) for rel, entry, _ in content_sources(content_dir)]


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
