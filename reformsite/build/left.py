"""What a build left in its output folder: every file's stat and the hash of its bytes.

The stats tell at a glance whether the folder is as the build left it.  When they do not match but
the bytes may (a CI runner restores the previous output from its cache: every file has a new inode
and modification time), the hashes decide, file by file, reading only files whose stat changed.
Recording them reads only the files whose stat changed since the last record: the ones this build
wrote.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from reformsite.output import files_under

Stat = tuple[int, int, int]                 # size, modification time (ns), inode
Left = dict[str, tuple[Stat, str]]          # file under the output → (stat, hash of its bytes)


def output_stats(output_dir: Path) -> dict[str, Stat] | None:
    """Every file under *output_dir* (a/b.html) with its stat; None when the folder cannot be read."""
    try:
        stats: dict[str, Stat] = {}
        for key, entry in files_under(os.fspath(output_dir)):
            stat = entry.stat(follow_symlinks=False)
            stats[key] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    except OSError:
        return None
    return stats


def stats_digest(stats: dict[str, Stat] | None) -> str:
    """A digest of the files' paths and stats; "" when there are none to trust."""
    if stats is None:
        return ""
    digest = hashlib.sha256()
    for key in sorted(stats):
        size, mtime, inode = stats[key]
        digest.update(f"{key}\0{size}\0{mtime}\0{inode}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _hash(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "blake2b").hexdigest()[:32]
    except OSError:
        return None


def what_was_left(output_dir: Path, stats: dict[str, Stat], before: Left) -> Left:
    """The record of *output_dir* as it is now: the hashes of *before* for files whose stat is
    unchanged, the others read."""
    left: Left = {}
    for key, stat in stats.items():
        known = before.get(key)
        digest = known[1] if known is not None and known[0] == stat else _hash(os.path.join(output_dir, key))
        if digest is not None:
            left[key] = (stat, digest)
    return left


def as_left(output_dir: Path, stats: dict[str, Stat], left: Left) -> bool:
    """Whether the files under *output_dir* (with *stats*) are those *left* there, byte for byte."""
    if stats.keys() != left.keys():
        return False
    return all(stat == left[key][0] or _hash(os.path.join(output_dir, key)) == left[key][1]
               for key, stat in stats.items())


def dump_left(left: Left) -> str:
    """One line a file: hash, size, mtime, inode, path (which may hold any character but a newline)."""
    return "".join(f"{digest}\t{size}\t{mtime}\t{inode}\t{key}\n"
                   for key, ((size, mtime, inode), digest) in sorted(left.items()))


def load_left(text: str) -> Left:
    left: Left = {}
    for line in text.splitlines():
        digest, size, mtime, inode, key = line.split("\t", 4)
        left[key] = ((int(size), int(mtime), int(inode)), digest)
    return left
