"""Links between documents written as Jekyll's {% post_url %} and {% link %} or Hugo's {{< ref >}}:
templating.py leaves a reference in the HTML, replaced here by the URL the document got."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from reformsite.core import Diagnostic, Severity, pack_text

from .templating import REFERENCE_PREFIX

_REFERENCE = re.compile(re.escape(REFERENCE_PREFIX) + r"(post|path)/([^\"'#?\s)<>]*)")
_MARKUP = (".md", ".markdown", ".mkdn", ".mkd", ".mdown", ".mkdown", ".html")


def _plain(target: str) -> str:
    """A referred path without "./", leading or trailing "/", Markdown extension, nor "_index"/"index"."""
    target = target.strip().strip("\"'").strip("/")
    while target.startswith("./"):
        target = target[2:]
    path = PurePosixPath(target)
    if path.suffix.lower() in _MARKUP:
        path = path.with_suffix("")
    if path.name in ("_index", "index"):
        path = path.parent
    return path.as_posix().lower()


def _keys(path: str, content_root: str) -> set[str]:
    """Every way a document at *path* (relative to --content) may be referred to."""
    inside = path[len(content_root) + 1:] if content_root and path.startswith(content_root + "/") else path
    plain = _plain(inside)
    keys = {"path/" + plain, "path/" + _plain(path)}
    parts = PurePosixPath(inside).parts
    if "_posts" in parts or "_drafts" in parts:
        keys.add("post/" + PurePosixPath(inside).stem.lower())
        after = parts[max(i for i, p in enumerate(parts) if p in ("_posts", "_drafts")) + 1:]
        keys.add("post/" + _plain("/".join(after)))
    return keys


def _table(documents: Iterable[Any], content_root: str) -> dict[str, str]:
    """Reference → URL; a file name that several documents share refers to none of them."""
    table: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for document in documents:
        for key in _keys(document.path, content_root):
            table.setdefault(key, document.url)
        names.setdefault("path/" + _plain(PurePosixPath(document.path).name), []).append(document.url)
    for key, urls in names.items():
        if len(set(urls)) == 1:
            table.setdefault(key, urls[0])
    return table


def references_in(html: str) -> tuple[str, ...]:
    """The targets of the links by reference in *html*, as written ("path/2024/b.md")."""
    return tuple(f"{match.group(1)}/{match.group(2)}" for match in _REFERENCE.finditer(html))


def resolve_references(documents: list[Any], content_root: str = "") -> tuple[list[Any], list[Diagnostic]]:
    """*documents* with every reference in their HTML replaced by the URL of the document it names,
    and their `references` by those URLs; one that names none links nowhere ("#") and is reported.
    Only documents whose `references` (see references_in) name targets are read."""
    if not any(d.references for d in documents):
        return documents, []
    table = _table(documents, content_root)
    problems: list[Diagnostic] = []
    resolved = []
    for document in documents:
        if not document.references:
            resolved.append(document)
            continue

        found: list[str] = []

        def url(match: re.Match[str], document: Any = document, found: list[str] = found) -> str:
            key = f"{match.group(1)}/{_plain(match.group(2))}"
            if key in table:
                found.append(table[key])
                return table[key]
            problems.append(Diagnostic(document.path, None, None,
                                       f"link to '{match.group(2)}' finds no document of the site",
                                       "check the file name it refers to", Severity.WARNING))
            found.append("#")
            return "#"

        html = _REFERENCE.sub(url, document.html)
        # Kept beside the HTML: the page's digest reads them, not the HTML (see build.digest).
        resolved.append(replace(document, packed_html=pack_text(html), references=tuple(found)))
    return resolved, problems
