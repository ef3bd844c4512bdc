"""Cost of figure extraction per article, against Python-Markdown on the same articles.

    python benchmarks/extract_speed.py [--articles 500] [--repeat 5] [--dev-set]

The articles are the benchmark corpus's (about 5 KB each, generated in memory; see corpus.py) or,
with --dev-set, the bundled sample articles in content/.  For each article the script times, in this
process, (a) Python-Markdown converting its body, the peer every build pays anyway, and (b)
`extract_figures` over the paragraphs that conversion gives.  Each is the best of --repeat runs per
article, which keeps other processes on a shared machine out of the figure; CPU time is reported.
The budget is 1.5 ms of extraction per 5 KB article on the 2-core build machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import corpus

from reformsite.content.drafts import build_draft
from reformsite.content.markdown import render_markdown
from reformsite.figures.extract import extract_figures


def best_of(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def articles(count: int, dev_set: bool) -> list[tuple[str, bytes]]:
    if dev_set:
        paths = sorted((ROOT / "content").glob("20*/**/*.md"))
        return [(str(p.relative_to(ROOT / "content")), p.read_bytes()) for p in paths]
    return [(a.path, a.text.encode("utf-8")) for a in corpus.generate(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dev-set", action="store_true", help="the sample articles in content/ instead")
    args = parser.parse_args(argv)

    extract_figures(["khởi động 1 hồ sơ"], title="", published=__import__("datetime").date(2024, 1, 1))
    markdown_s = extract_s = 0.0
    size = figures = 0
    items = articles(args.articles, args.dev_set)
    for rel, data in items:
        draft, _ = build_draft(rel, data, kind="article")
        if draft is None:
            continue
        body, title, published = draft.body, draft.title, draft.date.date()
        blocks = render_markdown(body).blocks
        markdown_s += best_of(args.repeat, partial(render_markdown, body))
        extract = partial(extract_figures, blocks, title=title, published=published)
        extract_s += best_of(args.repeat, extract)
        figures += len(extract())
        size += len(data)
    n = len(items)
    per_5kb = 5000 / (size / n)

    def line(name: str, seconds: float) -> str:
        per = seconds / n * 1000
        return f"{name:16} {per:.2f} ms/article, {per * per_5kb:.2f} ms per 5 KB"

    print(f"{n} articles, {size / n / 1000:.1f} KB each on average, {figures / n:.1f} figures per article")
    print(line("markdown (peer):", markdown_s))
    print(line("extraction:", extract_s))
    print(f"extraction / markdown: {extract_s / markdown_s:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
