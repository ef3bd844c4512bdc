"""Cost of place tagging per article, against the tagger of another revision on the same articles.

    python benchmarks/tag_speed.py [--articles 10000] [--against 104dd1e] [--rounds 3]

The articles are the benchmark corpus's (see corpus.py), read once here into (title, body, source
URL, date).  The peer is the project at --against (by default the revision issue #24 was filed
at, whose tagging cost is that issue's budget), unpacked with `git archive` into a temporary folder.
Each side tags every article in a process of its own, after one warm-up pass; the sides alternate
for --rounds rounds and each reports its best round, which keeps other processes on a shared
machine out of the figure.  CPU time is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import pickle
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISSUE_24_FILED_AT = "104dd1e"


def tagging_inputs(count: int) -> list[tuple[str, str, str | None, dt.date]]:
    """Every generated article as what the tagger reads: title, body, source URL, date."""
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    import corpus

    from reformsite.content.drafts import build_draft

    inputs = []
    for article in corpus.generate(count):
        draft, _ = build_draft(article.path, article.text.encode("utf-8"), kind="article")
        if draft is not None:
            inputs.append((draft.title, draft.body, draft.source_url, draft.date.date()))
    return inputs


def tag_all(project: Path, inputs_file: Path) -> float:
    """CPU seconds for one pass of the tagger of *project* over the inputs, after a warm-up pass."""
    sys.path.insert(0, str(project))
    try:
        from reformsite.places import load_gazetteer, tag_places
    except ImportError:         # the layout before the places package had its public face
        from reformsite.gazetteer import load_gazetteer

        from reformsite.places import tag_places
    inputs = pickle.loads(inputs_file.read_bytes())
    gazetteer = load_gazetteer()

    def one_pass() -> None:
        for title, body, source_url, published in inputs:
            tag_places(title, body, source_url=source_url, published=published, gazetteer=gazetteer)

    one_pass()
    start = time.process_time()
    one_pass()
    return time.process_time() - start


def timed_in_process(project: Path, inputs_file: Path) -> float:
    result = subprocess.run([sys.executable, __file__, "--worker", str(project), str(inputs_file)],
                            check=True, capture_output=True, text=True, cwd=project)
    return float(result.stdout)


def unpack(revision: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--against", default=ISSUE_24_FILED_AT, help="the peer revision")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", nargs=2, metavar=("PROJECT", "INPUTS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(tag_all(Path(args.worker[0]), Path(args.worker[1])))
        return 0

    inputs = tagging_inputs(args.articles)
    with tempfile.TemporaryDirectory(prefix="tag-speed-") as tmp:
        inputs_file = Path(tmp) / "inputs.pickle"
        inputs_file.write_bytes(pickle.dumps(inputs))
        peer = unpack(args.against, Path(tmp) / "peer")
        best = {"this": float("inf"), args.against: float("inf")}
        for _ in range(args.rounds):
            best["this"] = min(best["this"], timed_in_process(ROOT, inputs_file))
            best[args.against] = min(best[args.against], timed_in_process(peer, inputs_file))
    n = len(inputs)
    print(f"{n} articles, best of {args.rounds} rounds, CPU time")
    for name, seconds in best.items():
        print(f"{name:>10}: {seconds:.2f} s, {seconds / n * 1000:.3f} ms/article")
    print(f"this / {args.against}: {best['this'] / best[args.against]:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
