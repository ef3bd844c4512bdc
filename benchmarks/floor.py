"""The least CPU a cold build can take, from two parts no build of this site can leave out.

    python benchmarks/floor.py [--articles 1000] [--results benchmarks/results.json]

Every cold build converts each article's Markdown with Python-Markdown (the design card's library,
and Pelican's) and indexes each article for search with Pagefind (the real search index readers
use).  This script measures the two on the benchmark corpus, in this process and in Pagefind's:

* Python-Markdown with no extension at all, the cheapest conversion there is (best of 3 per article);
* Pagefind indexing the site's own search records (its process's CPU, from one bundle per 1,000
  records, as builds make them).

It then scales both to 10,000 articles and sets them against the cold-build target of
benchmarks/run.py: a third of Pelican's cold wall time at 10,000 articles, taken from --results (the
last run.py report).  On C cores a build cannot finish sooner than its CPU seconds divided by C,
however well it spreads its work, so the floor below counts nothing but these two parts: reading,
extraction, places, rendering and writing all come on top of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work"
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import corpus  # noqa: E402  (benchmarks/corpus.py, the deterministic corpus generator)
import markdown  # noqa: E402
from search_size import facets_for  # noqa: E402

from reformsite.builder import BuildOptions, build  # noqa: E402
from reformsite.content import build_draft  # noqa: E402
from reformsite.dates import VIETNAM  # noqa: E402
from reformsite.search import SHARD_LIMIT, bundle_files, search_records  # noqa: E402

SCALE = 10_000
NOW = dt.datetime(2027, 1, 1, tzinfo=VIETNAM)      # after the corpus's last date, so nothing is hidden


@dataclass(frozen=True)
class Floor:
    markdown_ms: float          # CPU per article
    pagefind_ms: float          # CPU per article
    cores: int
    pelican_s: float | None     # Pelican's cold wall time at SCALE articles, when known

    @property
    def cpu_s(self) -> float:
        return (self.markdown_ms + self.pagefind_ms) * SCALE / 1000

    @property
    def wall_s(self) -> float:
        return self.cpu_s / self.cores

    @property
    def target_s(self) -> float | None:
        return None if self.pelican_s is None else self.pelican_s / 3


def report(floor: Floor) -> str:
    lines = [
        f"Python-Markdown, no extensions: {floor.markdown_ms:.2f} ms CPU an article",
        f"Pagefind indexing:              {floor.pagefind_ms:.2f} ms CPU an article",
        f"at {SCALE:,} articles: {floor.cpu_s:.1f} s CPU, so at least {floor.wall_s:.1f} s wall "
        f"on {floor.cores} cores before anything else a build does",
    ]
    if floor.target_s is not None:
        verdict = "within" if floor.wall_s <= floor.target_s else "above"
        lines.append(f"cold target, a third of Pelican's {floor.pelican_s:.2f} s: {floor.target_s:.1f} s "
                     f"wall; the floor is {verdict} it ({floor.wall_s / floor.target_s:.2f}x)")
    return "\n".join(lines)


def pelican_seconds(results: Path) -> float | None:
    """Pelican's cold wall time at SCALE articles in a run.py report, if it has one."""
    if not results.is_file():
        return None
    for size in json.loads(results.read_text(encoding="utf-8")).get("sizes", []):
        if size.get("articles") != SCALE:
            continue
        for row in size.get("results", []):
            if row.get("tool") == "pelican" and row.get("scenario") == "cold":
                return float(row["wall_s"])
    return None


def markdown_ms(bodies: Sequence[str]) -> float:
    converter = markdown.Markdown()
    total = 0.0
    for body in bodies:
        best = float("inf")
        for _ in range(3):
            converter.reset()
            start = time.process_time()
            converter.convert(body)
            best = min(best, time.process_time() - start)
        total += best
    return total / len(bodies) * 1000


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
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args(argv)

    folder = WORK / f"corpus-{args.articles}-s{args.seed}"
    if not corpus.is_complete(folder, args.articles, args.seed):
        corpus.write_corpus(folder, args.articles, args.seed)
    bodies = []
    for path in sorted((folder / "content").rglob("*.md")):
        draft, _ = build_draft(str(path.relative_to(folder)), path.read_bytes(), kind="article")
        if draft is not None:
            bodies.append(draft.body)
    floor = Floor(markdown_ms(bodies), pagefind_ms(folder), len(os.sched_getaffinity(0)),
                  pelican_seconds(args.results))
    print(f"{len(bodies):,} articles of the benchmark corpus (seed {args.seed})")
    print(report(floor))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
