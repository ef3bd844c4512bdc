"""The build cache: per-article results keyed by what they depend on, so unchanged work is skipped.

One SQLite file in the cache folder (beside config.yaml, git-ignored).  An entry's key combines a
*fingerprint* of everything per-article work depends on besides the article itself (this package's
code and data files, the gazetteer package's version, the settings) with the article file's content
hash.  Changing any of those makes old entries unreachable; they are pruned at the end of a build.
A stat index (size, mtime) lets a build skip even reading files that did not change.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from reformsite.core import collector_paused

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# A file's modification time vouches for its bytes only once the clock has moved on by more than its
# step (a second or two on some file systems): a file modified within this of a look at it may be
# modified again with the same time and size.
RACY_NS = 2_000_000_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, hash TEXT);
CREATE TABLE IF NOT EXISTS memo (name TEXT PRIMARY KEY, key TEXT NOT NULL, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS page_digests (output TEXT NOT NULL, url TEXT NOT NULL, digest TEXT NOT NULL,
                                         PRIMARY KEY (output, url));
"""


@cache
def code_fingerprint() -> str:
    """Hash of this package's code and data, and of the gazetteer package's version."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".txt"):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    for package in ("vietnam-provinces", "markdown", "nh3", "sentencex"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()


def cache_fingerprint(settings: object) -> str:
    """What every cached article result depends on besides the article itself: the code and the
    *settings* that shape per-article work (build.process.Settings)."""
    return hashlib.sha256(f"{code_fingerprint()}\0{settings!r}".encode()).hexdigest()


@dataclass(frozen=True)
class FileStat:
    size: int
    mtime_ns: int


class BuildCache:
    """Article results and the file stat index; use as a context manager."""

    def __init__(self, folder: Path, fingerprint: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "build.sqlite"
        self.fingerprint = fingerprint
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            # A damaged cache is only an optimisation lost: start again.
            self.path.unlink(missing_ok=True)
            self._db = self._open()
        self._used: set[str] = set()
        self._files: dict[str, tuple[int, int, str]] | None = None     # the stat index as read

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        return db

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def folder(self, name: str) -> Path:
        """A folder of the cache for the files *name* keeps under this fingerprint; the folders of
        other fingerprints (another code version) are deleted the first time it is asked for."""
        parent = self.path.parent / name
        folder = parent / self.fingerprint[:16]
        if not folder.is_dir():
            if parent.is_dir():
                for other in parent.iterdir():
                    if other.is_dir() and not other.is_symlink():
                        shutil.rmtree(other, ignore_errors=True)
                    else:
                        other.unlink(missing_ok=True)
            folder.mkdir(parents=True, exist_ok=True)
        return folder

    def key(self, path: str, content_hash: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\0{path}\0{content_hash}".encode()).hexdigest()

    # --- file stat index --------------------------------------------------------------------------

    def known_hashes(self) -> dict[str, tuple[FileStat, str]]:
        rows = self._db.execute("SELECT path, size, mtime_ns, hash FROM files")
        self._files = {path: (size, mtime, digest) for path, size, mtime, digest in rows}
        return {path: (FileStat(size, mtime), digest) for path, (size, mtime, digest) in self._files.items()}

    def remember_files(self, stats: Iterable[tuple[str, FileStat, str]]) -> None:
        """The stat index is *stats* from now on: only the rows that differ from the index as
        known_hashes read it are written (a rebuild changes a few of a large site's)."""
        rows = {path: (stat.size, stat.mtime_ns, digest) for path, stat, digest in stats}
        known = self._files
        with self._db:
            if known is None:
                self._db.execute("DELETE FROM files")
                known = {}
            self._db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in known if p not in rows])
            self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                                 [(path, *row) for path, row in rows.items() if known.get(path) != row])
        self._files = rows

    # --- article results ---------------------------------------------------------------------------

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        wanted = list(keys)
        self._used.update(wanted)
        found: dict[str, Any] = {}
        # Unpickling makes hundreds of thousands of objects, none of them garbage: the collector's
        # passes over them while they arrive would cost a sixth of the time.
        with collector_paused():
            self._load(wanted, found)
        return found

    def _load(self, wanted: list[str], found: dict[str, Any]) -> None:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, value FROM articles WHERE key IN ({marks})"
            for key, value in self._db.execute(query, chunk):
                try:
                    found[key] = pickle.loads(value)
                except Exception:   # an entry from an incompatible version: recompute it
                    continue

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        rows = [(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for key, value in items]
        self._used.update(key for key, _ in rows)
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)", rows)

    def prune(self) -> None:
        """Drop entries this build did not use (edited, deleted, or from another code version)."""
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM used")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self._used))
            self._db.execute("DELETE FROM articles WHERE key NOT IN (SELECT key FROM used)")

    # --- results over the whole site ----------------------------------------------------------------

    # One entry per name, replaced when its inputs change: the value for the inputs of the last build.

    def memo(self, name: str, inputs: str) -> Any | None:
        row = self._db.execute("SELECT value FROM memo WHERE name = ? AND key = ?",
                               (name, self.key(name, inputs))).fetchone()
        try:
            return pickle.loads(row[0]) if row else None
        except Exception:       # written by an incompatible version
            return None

    def remember_memo(self, name: str, inputs: str, value: Any) -> None:
        row = (name, self.key(name, inputs), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)", row)

    # --- rendered pages ----------------------------------------------------------------------------

    # Per output folder: a digest only vouches for the file of the output it was written to.

    def page_digests(self, output: Path) -> dict[str, str]:
        rows = self._db.execute("SELECT url, digest FROM page_digests WHERE output = ?", (str(output),))
        return dict(rows)

    def forget_pages(self, output: Path, urls: Iterable[str]) -> None:
        with self._db:
            self._db.executemany("DELETE FROM page_digests WHERE output = ? AND url = ?",
                                 [(str(output), url) for url in urls])

    def remember_pages(self, output: Path, digests: dict[str, str]) -> None:
        """Record the digests of pages just written (the others' stay as they were)."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO page_digests VALUES (?, ?, ?)",
                                 [(str(output), url, digest) for url, digest in sorted(digests.items())])


def forget_page_digests(folder: Path, output: Path) -> None:
    """Forget every page digest of *output*: a build that does not use the cache (--no-cache) still
    replaces the output, and the digests of the build before would vouch for files it changed."""
    path = folder / "build.sqlite"
    if not path.is_file():
        return
    with contextlib.suppress(sqlite3.DatabaseError), contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM page_digests WHERE output = ?", (str(output),))
