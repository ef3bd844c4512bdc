"""Every article of content/, read and processed: from the cache when unchanged, else in a process pool.

Per-article work (front matter, Markdown, place tagging, figure extraction) depends only on the
file's bytes and the settings, so it is cached by content hash and spread over all cores.  Results
come back in path order whatever the pool does, so the output does not depend on scheduling.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from reformsite.content import Draft, build_draft, content_sources
from reformsite.core import VIETNAM, Diagnostic, single_threaded
from reformsite.figures import prepare_extractor
from reformsite.site import Article

from .cache import RACY_NS, BuildCache, FileStat
from .process import Settings, process_draft

UNDATED_PAGE = dt.datetime(1970, 1, 1, tzinfo=VIETNAM)
# Below this many articles to process, starting worker processes costs more than it saves.
POOL_THRESHOLD = 40

Result = tuple[Article | None, list[Diagnostic]]


@dataclass(frozen=True)
class SourceFile:
    rel: str            # relative to content/, POSIX
    kind: str           # "article" or "page"
    stat: FileStat


def date_undated(draft: Draft, now: dt.datetime) -> Draft:
    """Undated pages get a fixed date (output stays deterministic); undated drafts preview as newest."""
    if draft.date is not None:
        return draft
    return replace(draft, date=UNDATED_PAGE if draft.kind == "page" else now)


def process_file(item: tuple[str, str, bytes], *, settings: Settings, now: dt.datetime) -> Result:
    """One file's bytes → its Article (or None) and diagnostics, with paths relative to content/."""
    rel, kind, raw = item
    try:
        draft, problems = build_draft(rel, raw, kind=kind, origin=settings.origin, labels=settings.labels)
        if draft is None:
            return None, problems
        article, found = process_draft(date_undated(draft, now), settings)
    except (RecursionError, MemoryError) as exc:
        # Pathological input (Markdown nested thousands deep) must cost one article, not the build.
        message = f"the article is too deeply nested to process ({exc.__class__.__name__})"
        return None, [Diagnostic(rel, None, None, message,
                                 "simplify the nesting of lists and quotes in the Markdown")]
    except Exception as exc:  # a bug of ours on odd input: report it against the file and go on
        return None, [Diagnostic(rel, None, None, f"internal error while processing this article: {exc!r}",
                                 "please report this file to the developers; the other articles were built")]
    if draft.date is None and kind == "article":
        article = replace(article, extra={**article.extra, UNDATED: True})
    return article, problems + found


UNDATED = "_undated"


def _cacheable(result: Result) -> bool:
    # An undated draft is dated "now" for previews; caching it would freeze that date.
    return result[0] is None or not result[0].extra.get(UNDATED)


def list_sources(content_dir: Path, refused: list[Diagnostic] | None = None,
                 site_root: Path | None = None) -> list[SourceFile]:
    """The content files, each with its size and time; those not read are added to *refused*."""
    sources = []
    if not content_dir.is_dir():
        return sources
    for rel, entry, kind in content_sources(content_dir, refused=refused, site_root=site_root):
        stat = entry.stat()
        sources.append(SourceFile(rel, kind, FileStat(stat.st_size, stat.st_mtime_ns)))
    return sources


def _run(items: list[tuple[str, str, bytes]], settings: Settings, now: dt.datetime,
         progress: Callable[[str, int, int], None], workers: int) -> list[Result]:
    work = partial(process_file, settings=settings, now=now)
    if len(items) < POOL_THRESHOLD or workers < 2 or not single_threaded():
        results = []
        for done, item in enumerate(items, start=1):
            results.append(work(item))
            progress("articles", done, len(items))
        return results
    # Load the gazetteer and compile the extractor before forking, so that every worker inherits them
    # instead of reading and compiling them again.
    settings.gazetteer()
    prepare_extractor()
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(64, len(items) // (workers * 8)))
    results = []
    # A worker collects garbage as usual, whether or not the build's process does (see core.heap).
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.enable) as pool:
        for done, result in enumerate(pool.map(work, items, chunksize=chunk), start=1):
            results.append(result)
            progress("articles", done, len(items))
    return results


def load_articles(content_dir: Path, shown_dir: str, settings: Settings, now: dt.datetime, *,
                  cache: BuildCache | None, progress: Callable[[str, int, int], None],
                  workers: int = 1, site_root: Path | None = None) -> tuple[list[Article], list[Diagnostic]]:
    """Read and process every article; unchanged ones come from *cache* without being read, the
    others in *workers* processes.  Links in content/ may lead inside *site_root* only."""
    listed = time.time_ns()
    refused: list[Diagnostic] = []
    sources = list_sources(content_dir, refused, site_root)
    known = cache.known_hashes() if cache else {}
    hashes: dict[str, str] = {}
    raw: dict[str, bytes] = {}
    for source in sources:
        previous = known.get(source.rel)
        if previous and previous[0] == source.stat:
            hashes[source.rel] = previous[1]
            continue
        try:
            data = (content_dir / source.rel).read_bytes()
        except OSError as exc:
            raw[source.rel] = b""
            hashes[source.rel] = f"unreadable:{exc.strerror}"
            continue
        raw[source.rel] = data
        hashes[source.rel] = hashlib.sha256(data).hexdigest()
    keys = {s.rel: cache.key(s.rel, hashes[s.rel]) for s in sources} if cache else {}
    cached = cache.get_many(keys.values()) if cache else {}
    missing = [s for s in sources if keys.get(s.rel) not in cached]
    for source in missing:              # listed as unchanged, but the cache lost its entry
        if source.rel not in raw:
            raw[source.rel] = (content_dir / source.rel).read_bytes()
            if hashlib.sha256(raw[source.rel]).hexdigest() != hashes[source.rel]:   # edited meanwhile
                del hashes[source.rel]
    fresh = _run([(s.rel, s.kind, raw[s.rel]) for s in missing], settings, now, progress, workers)
    if cache:
        # What was read under a key that no longer names its bytes is not kept, and the stats of
        # files modified too recently to vouch for their bytes (see cache.RACY_NS) are not recorded.
        cache.put_many((keys[s.rel], result) for s, result in zip(missing, fresh, strict=True)
                       if _cacheable(result) and s.rel in hashes)
        cache.remember_files((s.rel, s.stat, hashes[s.rel]) for s in sources
                             if s.rel in hashes and s.stat.mtime_ns < listed - RACY_NS)
    by_rel = dict(zip((s.rel for s in missing), fresh, strict=True))
    documents: list[Article] = []
    problems = [replace(d, path=f"{shown_dir}/{d.path}") for d in refused]
    for source in sources:
        article, found = by_rel[source.rel] if source.rel in by_rel else cached[keys[source.rel]]
        if article is not None:
            documents.append(article)
        problems.extend(replace(d, path=f"{shown_dir}/{d.path}") for d in found)
    return documents, problems
