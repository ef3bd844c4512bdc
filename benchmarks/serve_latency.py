"""Edit-to-page latency of `python build.py serve`: from saving one article to the served page showing it.

    python benchmarks/serve_latency.py                      # the bundled site (a copy of it)
    python benchmarks/serve_latency.py --articles 1000      # also a generated corpus (benchmarks/corpus.py)

The server runs in this process exactly as `serve` runs it (PreviewSession + PreviewServer on a free
loopback port); the clock starts when the edited file is closed and stops when a GET of the
article's page returns the new text.  The figure includes noticing the save (inotify, or the polling
period serve.POLL_SECONDS with --poll), rendering the article's page into the last build's site
(reformsite.commands.serve.preview) and the request; the full rebuild runs in the background, and
the time until it has written the last edit to output/ is reported too.  Sites are copied or generated into a
temporary folder, so the repository's content/ is never touched.

    python benchmarks/serve_latency.py --no-bundled --site benchmarks/work/corpus-10000-s1
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reformsite.build.pipeline import BuildOptions
from reformsite.commands.serve import POLL_SECONDS, PreviewServer, PreviewSession

CORPUS = REPO / "benchmarks" / "corpus.py"
SITE_PARTS = ("config.yaml", "content", "templates", "static", "strings", "themes")


@dataclass
class Measurement:
    site: str
    articles: int
    cold_build_s: float
    edits: int
    median_s: float
    min_s: float
    max_s: float
    settled_s: float                 # from the last save until the full rebuild had written it to output/
    watcher: str
    latencies_s: list[float]         # each save in order (the later ones overlap the background rebuild)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_bundled_site(into: Path) -> Path:
    into.mkdir(parents=True)
    for name in SITE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.is_file():
            shutil.copy2(source, into / name)
    return into


def generate_corpus(articles: int, into: Path) -> Path:
    subprocess.run([sys.executable, str(CORPUS), "--articles", str(articles), "--out", str(into)],
                   check=True, cwd=REPO)
    return into


def served(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=600) as response:
        return response.read()


def measure(site: Path, label: str, edits: int, use_inotify: bool = True) -> Measurement:
    port = free_port()
    session = PreviewSession(BuildOptions(config_path=site / "config.yaml", base_url=f"http://127.0.0.1:{port}/"),
                             out=io.StringIO())
    started = time.perf_counter()
    result = session.rebuild()
    cold = time.perf_counter() - started
    if result is None or result.site is None or not result.site.articles:
        raise SystemExit(f"{label}: the site did not build:\n{session.out.getvalue()}")   # type: ignore[attr-defined]
    target = result.site.articles[0]                     # the newest: also on the home page
    source = (site / "content" / target.path)
    original = source.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}{target.url}"
    server = PreviewServer(session, port=port, use_inotify=use_inotify)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    server.ready.wait(30)
    latencies = []
    built_page = session.output_dir / target.url.strip("/") / "index.html"
    try:
        for edit in range(edits):
            marker = f"Đo độ trễ lần {edit + 1}: {time.time_ns()}"
            source.write_text(f"{original.rstrip()}\n\n{marker}\n", encoding="utf-8")
            saved = time.perf_counter()
            while marker.encode() not in served(url):
                time.sleep(0.01)
            latencies.append(time.perf_counter() - saved)
            time.sleep(POLL_SECONDS * 2)                 # let the watcher settle between edits
        # The page is shown from the preview at once; the rest of the site follows in the background.
        while marker.encode() not in built_page.read_bytes():
            time.sleep(0.05)
        settled = time.perf_counter() - saved
        mode = server.watcher.mode if server.watcher else "?"
    finally:
        server.stop()
        thread.join(600)
        source.write_text(original, encoding="utf-8")
    return Measurement(label, result.articles, round(cold, 3), edits, round(statistics.median(latencies), 3),
                       round(min(latencies), 3), round(max(latencies), 3),
                       round(settled, 3), mode, [round(x, 3) for x in latencies])


def describe(m: Measurement) -> str:
    return (f"serve latency, {m.site} ({m.articles} articles): median {m.median_s:.2f} s "
            f"(min {m.min_s:.2f}, max {m.max_s:.2f}) over {m.edits} edits; "
            f"whole site rebuilt {m.settled_s:.2f} s after the last save; watcher: {m.watcher}; "
            f"first build {m.cold_build_s:.2f} s; each save: "
            + ", ".join(f"{x:.2f}" for x in m.latencies_s) + " s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[],
                        help="also measure generated corpora of these sizes (needs benchmarks/corpus.py)")
    parser.add_argument("--edits", type=int, default=5, help="edits per site (default 5)")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled site")
    parser.add_argument("--site", type=Path, action="append", default=[],
                        help="also measure a copy of this site folder (its build cache included)")
    parser.add_argument("--poll", action="store_true", help="poll the sources instead of using inotify")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.articles and not CORPUS.exists():
        parser.error("benchmarks/corpus.py is missing: cannot generate a corpus")
    results = []
    with tempfile.TemporaryDirectory(prefix="serve-latency-") as tmp:
        if not args.no_bundled:
            site = copy_bundled_site(Path(tmp) / "bundled")
            results.append(measure(site, "bundled site", args.edits, not args.poll))
            print(describe(results[-1]), flush=True)
        for given in args.site:
            site = Path(tmp) / given.name
            shutil.copytree(given, site, symlinks=True)
            results.append(measure(site, str(given), args.edits, not args.poll))
            print(describe(results[-1]), flush=True)
        for count in args.articles:
            site = generate_corpus(count, Path(tmp) / f"corpus-{count}")
            results.append(measure(site, f"generated corpus {count}", args.edits, not args.poll))
            print(describe(results[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
