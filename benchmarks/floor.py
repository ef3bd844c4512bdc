"""The least CPU a cold build can take, from two parts no build of this site can leave out.

    python benchmarks/floor.py [--articles 1000] [--skip-pelican]

Every cold build converts each article's Markdown with Python-Markdown (the design card's library,
and Pelican's) and indexes each article for search with Pagefind (the real search index readers
use).  This script measures the two on the benchmark corpus, in this process and in Pagefind's:

* Python-Markdown with no extension at all, the cheapest conversion there is (best of 3 per article);
* Pagefind indexing the site's own search records (its process's CPU, from one bundle per 1,000
  records, as builds make them).

and, in the same command, the peer's cold build of the same articles (Pelican, then the Pagefind CLI
on its output, as benchmarks/run.py runs it), since the cold-build target is a share of the peer's
wall time (targets.COLD_RATIO_MAX) and this machine's speed moves between runs.  On C cores a build
cannot finish sooner than its CPU seconds divided by C, however well it spreads its work, so the
floor counts nothing but these two parts: reading, extraction, places, rendering and writing all
come on top of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import markdown
import pelican_site
from extract_speed import best_of
from run import WORK, prepare_corpus
from search_size import facets_for
from targets import COLD_RATIO_MAX

from reformsite.build.pipeline import BuildOptions, build
from reformsite.content.drafts import build_draft
from reformsite.core.dates import VIETNAM
from reformsite.search.pagefind import bundle_files
from reformsite.search.records import search_records
from reformsite.search.shards import SHARD_LIMIT

SCALE = 10_000      # the size the performance issue sets its targets at
NOW = dt.datetime(2027, 1, 1, tzinfo=VIETNAM)      # after the corpus's last date, so nothing is hidden


@dataclass(frozen=True)
class Floor:
    articles: int
    markdown_ms: float          # CPU per article
    pagefind_ms: float          # CPU per article
    cores: int
    peer_s: float | None        # Pelican + Pagefind's cold wall time on the same articles, when measured

    def cpu_s(self, articles: int) -> float:
        return (self.markdown_ms + self.pagefind_ms) * articles / 1000

    def wall_s(self, articles: int) -> float:
        return self.cpu_s(articles) / self.cores

    @property
    def target_s(self) -> float | None:
        return None if self.peer_s is None else self.peer_s * COLD_RATIO_MAX


def report(floor: Floor) -> str:
    n = floor.articles
    lines = [
        f"Python-Markdown, no extensions: {floor.markdown_ms:.2f} ms CPU an article",
        f"Pagefind indexing:              {floor.pagefind_ms:.2f} ms CPU an article",
        f"at {n:,} articles: {floor.cpu_s(n):.1f} s CPU, so at least {floor.wall_s(n):.1f} s wall "
        f"on {floor.cores} cores before anything else a build does",
    ]
    if n != SCALE:
        lines.append(f"at {SCALE:,} articles: {floor.cpu_s(SCALE):.1f} s CPU, at least "
                     f"{floor.wall_s(SCALE):.1f} s wall")
    if floor.target_s is not None:
        verdict = "within" if floor.wall_s(n) <= floor.target_s else "above"
        lines.append(f"cold target, {COLD_RATIO_MAX:g}× Pelican + Pagefind's {floor.peer_s:.2f} s on the "
                     f"same articles: {floor.target_s:.2f} s wall; the floor is {verdict} it "
                     f"({floor.wall_s(n) / floor.target_s:.2f}x)")
    return "\n".join(lines)


def wall_seconds(command: Sequence[str]) -> float:
    """Wall time of *command* run to completion (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peer_seconds(folder: Path, articles: int, seed: int) -> float:
    """The peer's cold build of the corpus in *folder* (Pelican, then the Pagefind CLI on its output),
    set up and run as benchmarks/run.py does."""
    output = WORK / f"out-{articles}-s{seed}" / "pelican-floor"
    build_command = pelican_site.prepare_site(folder, WORK / f"pelican-{articles}-s{seed}", output,
                                              WORK / "pelican-venv")
    command = pelican_site.with_pagefind(build_command, output, sys.executable)
    shutil.rmtree(output, ignore_errors=True)
    try:
        return wall_seconds(command)
    finally:
        shutil.rmtree(output, ignore_errors=True)


def markdown_ms(bodies: Sequence[str]) -> float:
    converter = markdown.Markdown()

    def convert(body: str) -> None:
        converter.reset()
        converter.convert(body)

    return sum(best_of(3, partial(convert, body)) for body in bodies) / len(bodies) * 1000


def pagefind_ms(folder: Path) -> float:
    result = build(BuildOptions(config_path=folder / "config.yaml", content_dir=folder / "content",
                                write=False, now=NOW))
    site = result.site
    assert site is not None, [d.format() for d in result.errors[:5]]
    records = search_records(site, facets_for(site))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for start in range(0, len(records), SHARD_LIMIT):
        bundle_files(records[start:start + SHARD_LIMIT])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return child_s / len(records) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-pelican", action="store_true", help="measure the floor only, not the peer")
    args = parser.parse_args(argv)

    folder = prepare_corpus(args.articles, args.seed)
    bodies = []
    for path in sorted((folder / "content").rglob("*.md")):
        draft, _ = build_draft(str(path.relative_to(folder)), path.read_bytes(), kind="article")
        if draft is not None:
            bodies.append(draft.body)
    peer = None if args.skip_pelican else peer_seconds(folder, args.articles, args.seed)
    cores = len(os.sched_getaffinity(0))
    floor = Floor(len(bodies), markdown_ms(bodies), pagefind_ms(folder), cores, peer)
    print(f"{len(bodies):,} articles of the benchmark corpus (seed {args.seed})")
    print(report(floor))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
