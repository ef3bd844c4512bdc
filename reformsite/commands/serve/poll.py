"""Polling for changes where inotify is not available: the sources' stat signatures, scan to scan.

A file's modification time comes from the kernel's coarse clock (and, on some file systems, whole
seconds), so a save made just after a scan can keep the time the scan saw.  Like git's "racily
clean" entries, a file modified close to a scan is also compared by content at the next one, and a
baseline is taken when polling starts, so the first save is judged against what was there before.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from reformsite.core import file_hash

RACY_NS = 2_000_000_000      # a file modified this close to a scan is compared by content next time


class Signature(NamedTuple):
    mtime_ns: int
    size: int
    inode: int


def _files(root: str, ignore: Callable[[str], bool]) -> Iterator[tuple[str, os.stat_result]]:
    """Every file under *root* (or *root* itself) with its stat; hidden folders and *ignore*d names
    are skipped, as inotify skips them."""
    try:
        if not os.path.isdir(root):
            yield root, os.stat(root)
            return
        entries = list(os.scandir(root))
    except OSError:
        return                                # absent, or gone meanwhile: nothing to compare
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    yield from _files(entry.path, ignore)
            elif not ignore(entry.path):
                yield entry.path, entry.stat()
        except OSError:
            continue


class SourcePoller:
    """The files under some roots, and which of them were added, modified or removed since the last
    `changes`."""

    def __init__(self, roots: Iterable[str], ignore: Callable[[str], bool]) -> None:
        self.ignore = ignore
        self.roots: list[str] = []
        self._seen: dict[str, Signature] = {}
        self._digests: dict[str, str | None] = {}        # files modified close to the last scan
        self.follow(roots)

    def follow(self, roots: Iterable[str]) -> None:
        """Also watch *roots*; their files as they are now are the baseline, not changes."""
        new = [root for root in roots if root not in self.roots]
        if new:
            self.roots.extend(new)
            self._seen.update(self._scan(new, self._digests))

    def changes(self) -> list[str]:
        """Paths added, modified or removed since the last call, sorted."""
        digests: dict[str, str | None] = {}
        now = self._scan(self.roots, digests)
        changed = set(now.keys() ^ self._seen.keys())
        for path, signature in now.items():
            before = self._seen.get(path)
            if before is not None and (before != signature or self._content_changed(path, digests)):
                changed.add(path)
        self._seen, self._digests = now, digests
        return sorted(changed)

    def _content_changed(self, path: str, digests: dict[str, str | None]) -> bool:
        if path not in self._digests:
            return False
        if path not in digests:
            digests[path] = file_hash(path, "blake2b")
        return digests[path] != self._digests[path]

    def _scan(self, roots: Iterable[str], digests: dict[str, str | None]) -> dict[str, Signature]:
        racy_since = time.time_ns() - RACY_NS
        found: dict[str, Signature] = {}
        for root in roots:
            for path, stat in _files(root, self.ignore):
                found[path] = Signature(stat.st_mtime_ns, stat.st_size, stat.st_ino)
                if stat.st_mtime_ns >= racy_since:
                    digests[path] = file_hash(path, "blake2b")
        return found
