"""The Markdown files under content/: which they are, in which order, and their bytes as text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from reformsite.core import nfc

MARKDOWN_SUFFIXES = (".md", ".markdown")


def content_files(content_dir: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """(POSIX path relative to content/, directory entry) of every Markdown file under content/, in
    the order of sorted paths; hidden folders and files ("." or "_" first) are skipped, unvisited.

    os.scandir rather than pathlib's rglob and relative_to, which are slow on a large tree; and the
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
