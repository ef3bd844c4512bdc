"""Writing the site: a staging folder swapped in atomically, so a build that dies leaves output/ whole.

Files whose bytes did not change are hard-linked from the previous output instead of rewritten, so
their modification times (and rsync/CI uploads) see no change.  A lock file keeps two builds from
writing the same output at once.

The swap leaves the previous output in the staging folder.  Instead of being deleted, it is kept
beside the output as the *spare* (`.output.spare`), with a record of the files in which it differs
from the new output.  The next build stages into the spare, changing only those files and its own
changes, rather than linking every file of the site into a new folder and deleting the old one,
which would be most of the time of a one-article rebuild of a large site.  The record names
the output it belongs to (its marker file's inode) and is deleted before the spare is touched, so a
spare whose state is not known for certain is never used: it is deleted and the staging folder built
whole, as the first time.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reformsite.core import inside

from .made import MadeFolders

MARKER = ".reformsite-output"   # written into every output we make; `clean` deletes only such folders
_RENAME_EXCHANGE = 2


class OutputError(Exception):
    pass


@dataclass(frozen=True)
class WriteStats:
    written: int                 # files whose bytes are new or changed
    unchanged: int               # files linked from the previous output
    removed: int                 # files of the previous output that are gone
    replayed: bool = False       # nothing changed: the previous output was kept as it was


def url_to_relpath(url: str) -> str:
    """"/" → index.html, "/a/b/" → a/b/index.html, "/feed.xml" → feed.xml; refuses paths leaving the site.

    Plain string checks: a build asks this for every file of the site, and a PurePosixPath each
    cost more than writing most of them."""
    if "\x00" in url or "\\" in url:
        raise OutputError(f"refusing to write URL {url!r}: it contains a NUL or a backslash")
    path = url.lstrip("/")
    if not path or url.endswith("/"):
        path += "index.html"
    parts = path.split("/")
    if ".." in parts:
        raise OutputError(f"refusing to write URL {url!r}: it leaves the output folder")
    if "" in parts or "." in parts:     # "a//b", "a/./b" name a/b, as a path would
        parts = [part for part in parts if part not in ("", ".")]
    return "/".join(parts)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False when the system cannot."""
    import ctypes.util  # here: a build with nothing to do never swaps, nor loads ctypes

    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd = -100
    result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


@contextmanager
def build_lock(output_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock beside *output_dir* for the whole build; fail at once if another holds it."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output_dir.parent / f".{output_dir.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another build is writing {output_dir} (lock {lock_path}); "
                              "wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def make_search_folder(output_dir: Path) -> Path:
    """A new folder for this build's search indexer to leave its files in until they are written
    (beside the output, on the same disk: a temporary folder may be memory); recorded as made."""
    folder = MadeFolders(output_dir).new(f".{output_dir.name}.search-{os.getpid()}")
    folder.mkdir()
    return folder


def remove_made_folder(output_dir: Path, folder: Path) -> None:
    """Delete *folder*, made beside *output_dir* by this build, and strike it off the record."""
    shutil.rmtree(folder, ignore_errors=True)
    if not folder.exists():
        MadeFolders(output_dir).drop(folder)


def _spare(output_dir: Path) -> tuple[Path, Path]:
    """The previous output kept for the next build to stage into, and its record."""
    return (output_dir.parent / f".{output_dir.name}.spare",
            output_dir.parent / f".{output_dir.name}.spare.json")


def _marker_id(output_dir: Path) -> list[int]:
    stat = (output_dir / MARKER).stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


# Folders are deleted by `rm` in a process of its own, beside the build: deleting a large site's files
# is mostly waiting on the disk, and a thread of the build would wait for the interpreter lock after
# every file.
DELETE_COMMAND: tuple[str, ...] = ("rm", "-rf", "--")


class Deletions:
    """Folders moved aside (a rename, at once) and deleted in the background; `wait` before returning.

    Only folders reformsite made are given: the output, and folders recorded beside it (see .made),
    whose records move with them to the aside name."""

    def __init__(self, output_dir: Path) -> None:
        self._trash = f".{output_dir.name}.trash-{os.getpid()}"
        self.made = MadeFolders(output_dir)
        self._moved = 0
        self._running: list[tuple[subprocess.Popen[bytes] | None, Path]] = []

    def delete(self, folder: Path) -> None:
        if not os.path.lexists(folder):
            self.made.drop(folder)
            return
        self._moved += 1
        aside = self.made.new(f"{self._trash}-{self._moved}")
        try:
            folder.rename(aside)
        except OSError:
            self.made.drop(aside)
            shutil.rmtree(folder, ignore_errors=True)
            if not os.path.lexists(folder):
                self.made.drop(folder)
            return
        self.made.drop(folder)
        try:
            process = subprocess.Popen([*DELETE_COMMAND, os.fspath(aside)], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:         # no `rm` here: delete it now
            shutil.rmtree(aside, ignore_errors=True)
            process = None
        self._running.append((process, aside))

    def wait(self) -> None:
        """Whatever a deletion could not remove stays recorded: a leftover the next build deletes."""
        for process, aside in self._running:
            if process is not None:
                process.wait()
            if not os.path.lexists(aside):
                self.made.drop(aside)
        self._running.clear()


def _spare_is_ours(output_dir: Path, made: MadeFolders) -> bool:
    """Whether the spare's folder is one a build kept: recorded as made, or (kept by a version that
    recorded nothing) vouched for by its record file."""
    spare, record_path = _spare(output_dir)
    return made.owns(spare) or (spare.is_dir() and not spare.is_symlink() and record_path.is_file())


def _drop_spare(output_dir: Path, deletions: Deletions) -> None:
    spare, record_path = _spare(output_dir)
    ours = _spare_is_ours(output_dir, deletions.made)
    record_path.unlink(missing_ok=True)
    if ours:
        deletions.delete(spare)


def _take_spare(output_dir: Path, staging: Path, deletions: Deletions) -> set[str] | None:
    """Move the spare to *staging* and give the files in which it differs from *output_dir*; None
    (and no spare left) when there is none or its record does not vouch for it."""
    spare, record_path = _spare(output_dir)
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        usable = _spare_is_ours(output_dir, deletions.made) and record.get("output") == _marker_id(output_dir)
    except (OSError, ValueError, AttributeError):
        usable = False
    if not usable:
        _drop_spare(output_dir, deletions)
        return None
    deletions.made.add(spare)      # (recorded by a version that kept no manifest: recorded now)
    record_path.unlink(missing_ok=True)       # from here on the spare's state is this build's to know
    spare.rename(staging)
    deletions.made.drop(spare)
    return set(record["differs"])


def _keep_spare(output_dir: Path, previous: Path, differs: set[str], deletions: Deletions) -> None:
    """Keep *previous* (the output just replaced) as the spare, differing from the output in *differs*;
    delete it instead when a folder of the user's own has the spare's name."""
    spare, record_path = _spare(output_dir)
    if os.path.lexists(spare):
        deletions.delete(previous)
        return
    deletions.made.add(spare)
    previous.rename(spare)
    deletions.made.drop(previous)
    temporary = record_path.with_name(record_path.name + ".tmp")
    temporary.write_text(json.dumps({"output": _marker_id(output_dir), "differs": sorted(differs)}),
                         encoding="utf-8")
    os.replace(temporary, record_path)


def _clear(target: str) -> None:
    """Make way for a file at *target* in a staging folder: its file there may be a hard link to the
    live output's, which writing in place would change too."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(target)


def _prune(staging_dir: str, stale: Iterable[str]) -> None:
    """Delete the *stale* files of a staging folder, and the folders they leave empty."""
    folders = set()
    for key in stale:
        os.unlink(os.path.join(staging_dir, key))
        folders.add(os.path.dirname(key))
    for folder in sorted(folders, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(os.path.join(staging_dir, folder))
            except OSError:     # not empty
                break
            folder = os.path.dirname(folder)


def _leftovers(output_dir: Path, made: MadeFolders) -> list[Path]:
    """What killed builds left beside *output_dir*: the folders recorded as made by builds no longer
    running, but the spare (see .made)."""
    spare, _ = _spare(output_dir)
    return [folder for folder in made.leftovers() if folder != spare]


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def files_under(root: str, *, folders: bool = False, prefix: str = "") -> Iterator[tuple[str, os.DirEntry]]:
    """Every file below *root* as ("a/b/index.html", its entry), links not followed; with
    *folders*, every folder below it too ("a/b/", its entry).  Each key starts with *prefix*.

    os.scandir with the relative prefix carried along, which is much quicker than os.walk and a
    relpath per folder; an entry carries its stat where the system gives it with the listing."""
    below = [(root, prefix)]
    while below:
        folder, prefix = below.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    key = prefix + entry.name + "/"
                    below.append((entry.path, key))
                    if folders:
                        yield key, entry
                else:
                    yield prefix + entry.name, entry


def _files_under(root: str) -> set[str]:
    return {key for key, _ in files_under(root)}


def write_site(output_dir: Path, files: Iterable[tuple[str, bytes | None]],
               static: Iterable[tuple[Path, str]] = ()) -> WriteStats:
    """Write *files* (url, bytes) and *static* trees (folder, url prefix) to a staging folder, then swap.

    A file given as (url, None) keeps the previous output's file (hard-linked, not read).

    Must be called under `build_lock`.  The previous output stays complete until the swap.  What
    is to be deleted (a spare that cannot be used, what killed builds left) is moved aside and
    deleted by another process while the files are written; it is gone when this returns.
    """
    if output_dir.exists() and not output_dir.is_dir():
        raise OutputError(f"{output_dir} exists and is not a folder")
    if output_dir.is_dir() and any(output_dir.iterdir()) and not (output_dir / MARKER).exists():
        raise OutputError(f"{output_dir} is not empty and was not made by reformsite; "
                          "choose another --output or empty it yourself")
    deletions = Deletions(output_dir)
    try:
        return _write_site(output_dir, files, static, deletions)
    finally:
        deletions.wait()
        deletions.made.compact()


def _write_site(output_dir: Path, files: Iterable[tuple[str, bytes | None]],
                static: Iterable[tuple[Path, str]], deletions: Deletions) -> WriteStats:
    for leftover in _leftovers(output_dir, deletions.made):       # from a build that was killed
        deletions.delete(leftover)
    staging = deletions.made.new(f".{output_dir.name}.staging-{os.getpid()}")
    # Staged into the spare, only the files where it differs from the previous output or from this
    # build are touched; into a new folder, every file is.
    if output_dir.is_dir():
        differs = _take_spare(output_dir, staging, deletions)
    else:       # the output was deleted: a spare of it is nobody's, and may hold a whole old site
        _drop_spare(output_dir, deletions)
        differs = None
    if differs is None:
        staging.mkdir(parents=True)
    stage = _Stage(staging, output_dir, differs, deletions)
    try:
        for url, data in files:
            stage.put(url_to_relpath(url), data)
        stage.put_static(static)
        return stage.swap_in()
    except BaseException:
        remove_made_folder(output_dir, stage.folder)
        raise


class _Stage:
    """The staging folder of one write_site, filled file by file and then swapped in.

    *differs* are the files in which the staging folder (the spare) differs from the previous output,
    or None when it started empty.  Plain strings and os calls: a site has tens of thousands of
    files, and pathlib's objects and a mkdir for every one of them cost more than the writing."""

    def __init__(self, folder: Path, output_dir: Path, differs: set[str] | None,
                 deletions: Deletions) -> None:
        self.folder = folder            # after the swap: the previous output, until kept as the spare
        self.output_dir = output_dir
        self.deletions = deletions
        self.differs = differs
        self.staging_dir, self.previous_dir = os.fspath(folder), os.fspath(output_dir)
        self.written = self.unchanged = 0
        self.seen: set[str] = set()
        self.changed: set[str] = set()      # keys whose bytes this build changes
        self.made: set[str] = set()         # folders known to exist

    def _folder_for(self, target: str) -> None:
        folder = os.path.dirname(target)
        if folder not in self.made:
            try:
                os.makedirs(folder, exist_ok=True)
            except (FileExistsError, NotADirectoryError):     # a file of the spare is in the way
                parent = folder
                while not os.path.isdir(parent):
                    if os.path.lexists(parent):
                        os.unlink(parent)
                        break
                    parent = os.path.dirname(parent)
                os.makedirs(folder, exist_ok=True)
            self.made.add(folder)

    def _keep(self, key: str, target: str, previous: str) -> None:
        """The previous output's file is right: link it, unless the spare already has its bytes."""
        if self.differs is not None:
            if key not in self.differs and os.path.isfile(target):
                return
            _clear(target)
        self._folder_for(target)
        os.link(previous, target)

    def put(self, key: str, data: bytes | None) -> None:
        """The file *key* ("a/index.html") with *data*, or kept from the previous output when None."""
        if key in self.seen:
            raise OutputError(f"two outputs write the same file {key}")
        self.seen.add(key)
        target = os.path.join(self.staging_dir, key)
        previous = os.path.join(self.previous_dir, key)
        if data is None:        # kept: the previous build's file is still right
            self._keep(key, target, previous)
            self.unchanged += 1
            return
        if _same_bytes(previous, data):
            try:
                self._keep(key, target, previous)
                self.unchanged += 1
                return
            except OSError:
                pass
        if self.differs is not None:
            _clear(target)
        self._folder_for(target)
        with open(target, "wb") as handle:
            handle.write(data)
        self.written += 1
        self.changed.add(key)

    def put_static(self, static: Iterable[tuple[Path, str]]) -> None:
        """The files of the *static* trees (folder, url prefix); a link is followed only inside the
        folder holding the tree (the site's, the theme's), so nothing outside it is published."""
        for folder, prefix in static:
            for source in sorted(p for p in folder.rglob("*") if p.is_file() and inside(p, [folder.parent])):
                rel = PurePosixPath(prefix.strip("/")) / source.relative_to(folder).as_posix()
                self.put(rel.as_posix(), source.read_bytes())

    def swap_in(self) -> WriteStats:
        """Clear what is stale, mark the folder as ours and swap it with the output; the previous
        output becomes the spare."""
        output_dir, seen = self.output_dir, self.seen
        seen.add(MARKER)
        previous_files = _files_under(self.previous_dir) if output_dir.is_dir() else set()
        if self.differs is not None:
            # The spare holds the previous output's files but for those it differs in, so no other
            # file can be stale there (a walk of the spare would list every file of the site).
            stale = (previous_files | self.differs) - seen
            staging_dir = self.staging_dir
            _prune(staging_dir, [key for key in stale if os.path.isfile(os.path.join(staging_dir, key))])
            _clear(os.path.join(self.staging_dir, MARKER))     # a new inode: the spare's record names it
        (self.folder / MARKER).write_text("made by reformsite; `python build.py clean` removes this folder\n")
        removed = previous_files - seen
        if output_dir.is_dir():
            made = self.deletions.made
            if not _exchange(self.folder, output_dir):
                old = made.new(f".{output_dir.name}.old-{os.getpid()}")
                output_dir.rename(old)
                self.folder.rename(output_dir)
                made.drop(self.folder)
                self.folder = old
            # What the previous output (now in the staging folder) and the new one differ in.
            differs = self.changed | removed | (seen - previous_files)
            _keep_spare(output_dir, self.folder, differs, self.deletions)
        else:
            self.folder.rename(output_dir)
            self.deletions.made.drop(self.folder)
        return WriteStats(self.written, self.unchanged, len(removed))


def clean_output(output_dir: Path) -> bool:
    """Delete *output_dir* only if reformsite made it, and what builds left beside it (only what
    they recorded, see .made); True when something was deleted.

    The output is first moved aside in one rename, recorded: a `clean` killed at any moment leaves
    either the whole output or none, and a recorded folder that the next build deletes."""
    made = MadeFolders(output_dir)
    if not output_dir.exists() and not made.entries():
        return False
    if output_dir.exists() and not (output_dir / MARKER).exists():
        raise OutputError(f"{output_dir} was not made by reformsite (no {MARKER}); not deleting it")
    with build_lock(output_dir):
        deletions = Deletions(output_dir)
        try:
            for leftover in _leftovers(output_dir, made):     # before the spare is moved among them
                deletions.delete(leftover)
            _drop_spare(output_dir, deletions)
            if output_dir.exists():
                deletions.delete(output_dir)
        finally:
            deletions.wait()
        if os.path.lexists(output_dir):
            raise OutputError(f"could not delete all of {output_dir}")
        made.compact()
    return True
