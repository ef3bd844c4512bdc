"""What a build left in its output folder: every file's stat and the hash of its bytes.

The stats tell at a glance whether the folder is as the build left it.  When they do not match but
the bytes may (a CI runner restores the previous output from its cache: every file has a new inode
and modification time), the hashes decide, file by file, reading only files whose stat changed.
Recording them reads only the files whose stat changed since the last record: the ones this build
wrote.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from stat import S_ISDIR

from reformsite.core import all_in_halves, file_hash, in_two_processes
from reformsite.output import files_under

Stat = tuple[int, int, int]                 # size, modification time (ns), inode
Left = dict[str, tuple[Stat, str]]          # file under the output → (stat, hash of its bytes)


def output_stats(output_dir: Path) -> dict[str, Stat] | None:
    """Every file under *output_dir* (a/b.html) with its stat; None when the folder cannot be read."""
    walked = output_walk(output_dir, folders=False)
    return walked and walked[0]


def output_walk(output_dir: Path, *, folders: bool = True) -> tuple[dict[str, Stat], dict[str, Stat]] | None:
    """Every file under *output_dir* (a/b.html) with its stat, and every folder (a/, and "" for
    *output_dir* itself); None when the folder cannot be read.

    The entries two levels down (each article's folder, each province's) are shared out between
    this process and a forked child (see core.in_two_processes): listing and stating tens of
    thousands of folders and files is a system call each, which one Python thread makes at a time."""
    root = os.fspath(output_dir)
    try:
        files: dict[str, Stat] = {}
        below: dict[str, Stat] = {"": _stat(os.stat(root))} if folders else {}
        near: list[str] = []
        for key, entry in _entries(root, ""):
            (below if key.endswith("/") else files)[key] = _stat(entry.stat(follow_symlinks=False))
            if key.endswith("/"):
                near.extend(deeper for deeper, _ in _entries(entry.path, key))
        # Every other entry to each process: a province's folder holds far more than an article's.
        found = in_two_processes(partial(_walk_from, root, folders), near[0::2] + near[1::2])
    except OSError:
        return None
    if None in found:           # a folder could not be read
        return None
    for key, stat in found:
        (below if key.endswith("/") else files)[key] = stat
    return files, below if folders else {}


def _entries(folder: str, prefix: str) -> list[tuple[str, os.DirEntry]]:
    """The entries of *folder* as (prefix + name, entry), a folder's name ending in "/"."""
    with os.scandir(folder) as entries:
        return [(prefix + entry.name + ("/" if entry.is_dir(follow_symlinks=False) else ""), entry)
                for entry in entries]


def _walk_from(root: str, folders: bool, near: Sequence[str]) -> list[tuple[str, Stat] | None]:
    """The stats of the entries *near* (a/b.html, or a/b/ for a folder) under *root* and, below each
    folder, of every file and, with *folders*, every folder; a None among them when one could not
    be read."""
    found: list[tuple[str, Stat] | None] = []
    try:
        for key in near:
            path = os.path.join(root, key)
            if key.endswith("/"):
                if folders:
                    found.append((key, _stat(os.stat(path, follow_symlinks=False))))
                found.extend((below, _stat(entry.stat(follow_symlinks=False)))
                             for below, entry in files_under(path, folders=folders, prefix=key))
            else:
                found.append((key, _stat(os.stat(path, follow_symlinks=False))))
    except OSError:
        found.append(None)
    return found


def _stat(stat: os.stat_result) -> Stat:
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def dump_listing(files: dict[str, Stat], folders: dict[str, Stat]) -> bytes:
    """The output's files and folders with their stats, for `still_as_listed`."""
    return marshal.dumps((sorted(files.items()), sorted(folders.items())))


def load_listing(data: bytes) -> tuple[list[tuple[str, Stat]], list[tuple[str, Stat]]] | None:
    try:
        files, folders = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return files, folders


def still_as_listed(output_dir: Path, files: list[tuple[str, Stat]], folders: list[tuple[str, Stat]]) -> bool:
    """Whether *output_dir* holds just the *files* and *folders* listed, with the same stats.

    A stat of each, without listing a folder: a file added, deleted or renamed changes its folder's
    modification time, and a file edited or replaced its own stat."""
    try:
        root = os.open(output_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        return all_in_halves(partial(_as_listed, root), [*folders, *files])
    finally:
        os.close(root)


def _as_listed(root: int, entries: Sequence[tuple[str, Stat]]) -> bool:
    """Whether each of *entries* (a/b.html or a/b/, below the folder open as *root*) has its stat."""
    try:
        for key, known in entries:
            stat = os.stat(key or ".", dir_fd=root, follow_symlinks=False)
            if not key or key.endswith("/"):        # a folder's size says nothing of its files
                if not S_ISDIR(stat.st_mode) or (stat.st_mtime_ns, stat.st_ino) != known[1:]:
                    return False
            elif _stat(stat) != known:
                return False
    except OSError:
        return False
    return True


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
    digest = file_hash(path, "blake2b")
    return digest[:32] if digest is not None else None


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
