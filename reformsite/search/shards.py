"""The search index in shards: which articles go in which bundle, what must be indexed again, and the
files of a build's index.

Pagefind indexes a whole bundle at once and has no incremental mode, and its time and memory grow
with the bundle.  So the index is split by period into shards of at most SHARD_LIMIT articles:
consecutive years, or the months of a year that alone holds more.  A build indexes again only the
shards whose records changed and keeps the others from the previous output; the search page queries
every shard.  Shards cover disjoint periods and the manifest lists them newest first, so results
sorted by date within each shard are sorted overall when joined in manifest order (Pagefind's own
mergeIndex sorts merged results by score, which would lose the newest-first order).  The newest
shard, which every new article joins, is itself in pieces, so that a new article indexes again a
few dozen articles, not a thousand (see recent_pieces).  Each shard is a complete bundle but for
the search engine (wasm) they share, so what a shard adds to a reader's first search is its two
scripts.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reformsite.core import File, PackedTexts
from reformsite.output import files_under

from .pagefind import BUNDLE_URL, bundle_files
from .records import Facets, RecordInputs, SearchRecord, article_inputs, record_from

if TYPE_CHECKING:       # the indexer's process runs without the site model's modules
    from reformsite.site import Article, Site

# The most articles in a shard.  Editing one article indexes its whole shard again, and Pagefind's
# memory while it writes a bundle grows with the shard; fewer, larger shards mean fewer scripts for a
# reader's first search.  (The measurements behind the value are in benchmarks/README.md.)
SHARD_LIMIT = 1000
MANIFEST_URL = BUNDLE_URL + "shards.json"
# What a shard's bundle depends on besides its records' inputs (see shard_digest).
_VERSIONS = "\0".join(metadata.version(name) for name in ("pagefind", "cbor2"))
_SOURCES = ("records.py", "pagefind.py", "shards.py")     # the code that makes records and bundles


def _read_source_hash() -> str:
    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update(f"{name}\0".encode() + Path(__file__).with_name(name).read_bytes() + b"\0")
    return digest.hexdigest()


_SOURCE_HASH = _read_source_hash()


def _periods(articles: Sequence[Article]) -> list[tuple[int, int]]:
    """(year, month) of each article in a year of more than SHARD_LIMIT articles, else (year, 0)."""
    per_year = Counter(article.year for article in articles)
    return [(a.year, a.date.month if per_year[a.year] > SHARD_LIMIT else 0) for a in articles]


def shard_names(articles: Sequence[Article]) -> dict[tuple[int, int], str]:
    """(year, month or 0) → the shard of the articles of that period, named after its oldest period
    ("2019", "2024-05").  Periods are grouped oldest first, so an edit or a new article changes the
    grouping of the newest shards only."""
    per_period = Counter(_periods(articles))
    names: dict[tuple[int, int], str] = {}
    name, size = "", 0
    for period, count in sorted(per_period.items()):
        if not name or size + count > SHARD_LIMIT:
            name, size = (f"{period[0]}-{period[1]:02d}" if period[1] else str(period[0])), 0
        names[period] = name
        size += count
    return names


def _shard_articles(site: Site) -> list[tuple[str, list[Article]]]:
    """The articles grouped into shards, newest shard first, each newest article first; the newest
    shard in pieces (see recent_pieces)."""
    names = shard_names(site.articles)
    shards: dict[str, list[Article]] = {}
    # Newest first, and a shard's periods are consecutive: each shard's articles stay newest first.
    for period, article in zip(_periods(site.articles), site.articles, strict=True):
        shards.setdefault(names[period], []).append(article)
    grouped = list(shards.items())
    return [*recent_pieces(*grouped[0]), *grouped[1:]] if grouped else []


# The fewest articles in a piece of the newest shard but its newest one.
PIECE = 64


def recent_pieces(name: str, articles: list[Article]) -> list[tuple[str, list[Article]]]:
    """The newest shard, where new articles arrive, in pieces that a new article mostly leaves as
    they are: counted from its oldest article, pieces of PIECE times a power of two, largest first
    (the binary digits of its count of whole PIECEs), then the fewer than PIECE newest articles.

    A new article indexes again the last piece only, but when the count of whole PIECEs carries,
    which joins the pieces it carries over into one.  A piece is named after the shard and its
    first article's place in it, oldest first ("2026-08_512"); the first keeps the shard's name.
    Newest piece first, each newest article first, as shards are."""
    oldest_first = articles[::-1]
    sizes = [PIECE << bit for bit in reversed(range((len(articles) // PIECE).bit_length()))
             if (len(articles) // PIECE) >> bit & 1]
    sizes.append(len(articles) % PIECE)
    pieces, start = [], 0
    for size in filter(None, sizes):
        piece = oldest_first[start:start + size]
        pieces.append((f"{name}_{start}" if start else name, piece[::-1]))
        start += size
    return pieces[::-1]


def shard_digest(inputs: Sequence[RecordInputs]) -> str:
    """What a shard's bundle is made from: its records' inputs, the versions of Pagefind and cbor2,
    and the code that makes records and bundles.

    Taken over the inputs, not the records, so that a build makes the records (and their đ-folded
    words) of the shards it indexes only; and over the text blocks as kept packed (see
    core.PackedTexts.packed), so that it unpacks the text of none."""
    digest = hashlib.sha256(f"{_VERSIONS}\0{_SOURCE_HASH}\0".encode())
    for one in inputs:
        blocks = one.blocks if isinstance(one.blocks, PackedTexts) else PackedTexts(one.blocks)
        fields = one._replace(date=one.date.isoformat(), blocks=len(blocks))     # every field, in order
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
        digest.update(b"%d\0" % len(blocks.packed) + blocks.packed)
    return digest.hexdigest()


class SearchIndexError(RuntimeError):
    """The search index could not be made (Pagefind failed, or a previous bundle went missing):
    the build stops and says why, and what to do when Pagefind is the cause (*hint*)."""

    def __init__(self, message: str, *, pagefind: bool = False) -> None:
        super().__init__(message)
        self.hint = PAGEFIND_HINT if pagefind else None


PAGEFIND_HINT = ("Pagefind makes the search index: install the project again (./scripts/build installs "
                 "pagefind[bin]), or set PAGEFIND_BINARY_PATH to a working pagefind binary")


def _previous_shards(output: Path | None) -> dict[str, str]:
    """url → digest of the shards in a previous build's manifest; {} when there is none to trust."""
    if output is None:
        return {}
    try:
        manifest = json.loads((output / MANIFEST_URL.lstrip("/")).read_bytes())
        return {shard["url"]: shard["digest"] for shard in manifest["shards"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _shard_folder(output: Path, prefix: str) -> str | None:
    """The folder of a previous build's bundle under *prefix*, or None when it is gone."""
    folder = os.path.join(output, prefix.lstrip("/"))
    return folder if os.path.isfile(os.path.join(folder, "pagefind-entry.json")) else None


def _previous_files(output: Path, prefix: str) -> list[str]:
    """The URLs of a previous build's bundle under *prefix*: a listing of its folder, without a
    stat of each of its thousand files."""
    folder = _shard_folder(output, prefix)
    if folder is None:      # deleted since shard_jobs found it: the next build indexes it again
        raise SearchIndexError(f"the previous output's search shard {prefix} was deleted during the build; "
                               "build again")
    return sorted(prefix + key for key, _ in files_under(folder))


class ShardJob(NamedTuple):
    """One shard of the index: its URL prefix, its digest (see shard_digest), how many articles it
    holds and their record inputs, None when the previous output holds its bundle as it is."""

    prefix: str
    digest: str
    articles: int
    inputs: list[RecordInputs] | None


def shard_jobs(site: Site, facets: Facets, previous: Path | None = None) -> Iterator[ShardJob]:
    """Each shard of *site*'s index, newest shard first; *facets* gives each article's filter
    values.  With *previous*, the output folder of the last build, a shard whose digest is the one
    its manifest lists, and whose bundle is still there, is to be kept: its job carries no inputs,
    which is all that a large site's indexer process is sent of its unchanged shards."""
    known = _previous_shards(previous)
    for key, articles in _shard_articles(site):
        prefix = f"{BUNDLE_URL}{key}/"
        inputs = [article_inputs(article, facets) for article in articles]
        digest = shard_digest(inputs)
        kept = (previous is not None and known.get(prefix) == digest
                and _shard_folder(previous, prefix) is not None)
        yield ShardJob(prefix, digest, len(inputs), None if kept else inputs)


@dataclass(frozen=True)
class ShardLedger:
    """What an index is besides the files made now: the files of unchanged shards, kept from the
    previous output, and the manifest listing every shard."""

    kept: list[str]
    manifest: File

    def rest(self) -> Iterator[tuple[str, bytes | None]]:
        """The kept files as (url, None), as output.write_site takes them, then the manifest."""
        yield from ((url, None) for url in self.kept)
        yield self.manifest.url, self.manifest.data


@dataclass
class SearchIndex:
    """An index made shard after shard from ShardJobs (see shard_jobs).

    A job without inputs keeps its shard's files in *previous*, the output folder of the last build;
    the others are indexed.  Only one shard's records are made at a time, and only for the shards
    indexed."""

    previous: Path | None = None
    _kept: list[str] = field(default_factory=list, init=False)
    _shards: list[dict[str, Any]] = field(default_factory=list, init=False)     # the manifest's
    _indexed: int = field(default=0, init=False)

    def files(self, jobs: Iterable[ShardJob]) -> Iterator[File]:
        """The bundle files of the shards that changed (see index_shards)."""
        return index_shards(self._to_index(jobs))

    def _to_index(self, jobs: Iterable[ShardJob]) -> Iterator[tuple[str, list[SearchRecord]]]:
        for job in jobs:
            self._shards.append({"url": job.prefix, "digest": job.digest, "articles": job.articles})
            if job.inputs is None:
                if self.previous is None:
                    raise ValueError(f"search shard {job.prefix} is to be kept, but from no previous output")
                self._kept += _previous_files(self.previous, job.prefix)
            else:
                self._indexed += 1
                yield job.prefix, [record_from(one) for one in job.inputs]

    def ledger(self) -> ShardLedger:
        """The kept files and the manifest, once `files` has gone through every shard."""
        kept = list(self._kept)
        if not self._indexed and self.previous is not None:
            kept += _previous_shared(self.previous)     # else the shards indexed now give it
        data = json.dumps({"shards": self._shards}, ensure_ascii=False, indent=1).encode() + b"\n"
        return ShardLedger(kept, File(MANIFEST_URL, data))


# Pagefind's scripts fetch its search engine (wasm) from beside themselves, which would make a
# reader's first search fetch the same engine once per shard.  Each shard's scripts are rewritten to
# fetch it from the folder above the shards, where one copy serves them all.  Should a Pagefind
# release word its scripts otherwise, each shard keeps its own copy: heavier, but it works.
_OWN_WASM = b"`${this.basePath}wasm.${language}.pagefind`"
_SHARED_WASM = b"`${this.basePath}../wasm.${language}.pagefind`"
_SCRIPTS = ("pagefind.js", "pagefind-worker.js")
_WASM = re.compile(r"wasm\.[\w-]+\.pagefind")


def shard_files(records: Sequence[SearchRecord], prefix: str) -> list[File]:
    """The Pagefind bundle of a shard under *prefix*, its wasm moved to the folder above, sorted by URL."""
    files = bundle_files(records, prefix)
    scripts = [f for f in files if f.url.removeprefix(prefix) in _SCRIPTS]
    if len(scripts) != len(_SCRIPTS) or any(f.data.count(_OWN_WASM) != 1 for f in scripts):
        return files
    parent = prefix.rstrip("/").rsplit("/", 1)[0] + "/"
    moved = []
    for file in files:
        name = file.url.removeprefix(prefix)
        if name in _SCRIPTS:
            file = File(file.url, file.data.replace(_OWN_WASM, _SHARED_WASM))
        elif _WASM.fullmatch(name):
            file = File(parent + name, file.data)
        moved.append(file)
    return sorted(moved, key=lambda f: f.url)


def index_shards(shards: Iterable[tuple[str, Sequence[SearchRecord]]]) -> Iterator[File]:
    """The bundle files of each shard, one shard at a time, and the wasm they share once."""
    shared: dict[str, bytes] = {}
    for prefix, records in shards:
        files = shard_files(records, prefix)
        # The Pagefind service and its event loop leave reference cycles that hold the shard's
        # requests and replies until a full collection, which would let them pile up shard after
        # shard.
        gc.collect()
        for file in files:
            if not file.url.startswith(prefix):     # the engine the shards share
                if file.url in shared:
                    if shared[file.url] != file.data:
                        raise RuntimeError(f"search index: the shards' copies of {file.url} differ")
                    continue
                shared[file.url] = file.data
            yield file


def _previous_shared(output: Path) -> list[str]:
    """The URLs of the files a previous build's shards share (their wasm)."""
    folder = output / BUNDLE_URL.lstrip("/")
    return sorted(BUNDLE_URL + path.name for path in folder.glob("wasm.*.pagefind") if path.is_file())


def search_files(site: Site, facets: Facets) -> list[File]:
    """Every file of the search index for *site*, made from scratch: a bundle per shard and the
    manifest listing them."""
    index = SearchIndex()
    files = list(index.files(shard_jobs(site, facets)))
    return [*files, index.ledger().manifest]
