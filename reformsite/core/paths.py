"""Where a file of the site really is: names that are not UTF-8, and symbolic links that lead nowhere
or out of the site folder (a link in content/, static/ or templates/ may not publish what lies
outside the site)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

LINK_HINT = "replace the link with a copy of the file inside the site folder, or delete it"


def file_hash(path: str, algorithm: str) -> str | None:
    """The hex digest of the file at *path* by *algorithm* ("sha256", "blake2b"); None when it
    cannot be read (gone, a folder, no permission)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, algorithm).hexdigest()
    except OSError:
        return None


def undecodable(name: str) -> bool:
    """Whether *name* (as os.scandir gives it) holds bytes that are not UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown_name(name: str) -> str:
    """*name* printable, whatever its bytes: those that are not UTF-8 as \\xff."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def inside(path: str | Path, roots: Iterable[str | Path]) -> bool:
    """Whether *path*, its links followed, lies inside one of *roots* (their links followed too)."""
    real = os.path.realpath(path)
    for root in roots:
        base = os.path.realpath(root)
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False


def link_problem(path: str | Path, roots: Iterable[str | Path]) -> str | None:
    """Why the symbolic link *path* may not be followed: it leads nowhere, or outside *roots*; None
    when it is not a link or leads inside."""
    if not os.path.islink(path):
        return None
    if not os.path.exists(path):
        return f"is a symbolic link to {os.readlink(path)!r}, which does not exist"
    if not inside(path, roots):
        return "is a symbolic link to a place outside the site folder: refused"
    return None


def outward_links(folder: str | Path, roots: Iterable[str | Path]) -> list[tuple[str, str]]:
    """(path relative to *folder*, problem) of every link under *folder* that leads nowhere or outside
    *roots*; linked folders are not entered."""
    found: list[tuple[str, str]] = []
    roots = list(roots)
    if os.path.islink(folder) and (problem := link_problem(folder, roots)):
        return [("", problem)]
    pending = [(str(folder), "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + shown_name(entry.name)
            if entry.is_symlink():
                if (problem := link_problem(entry.path, roots)) is not None:
                    found.append((rel, problem))
            elif entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, rel + "/"))
    return sorted(found)
