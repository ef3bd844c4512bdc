"""Search bundle size, and what a browser downloads for one query, at 1k and 10k articles.

    python benchmarks/search_size.py [--articles 1000 --articles 10000] [--query "ho so truc tuyen"]

For each size: generate the benchmark corpus (cached under benchmarks/work/, shared with run.py),
build the site model, index it with reformsite.search, then serve only what the search page needs
(the page, /static/ and /pagefind/) on 127.0.0.1 and run the query in Debian's chromium.  The bytes
per query are counted by the server, so the fetches the Pagefind worker makes are counted too.  Sizes
are as served, without HTTP compression; the "gzip" column estimates what a host that compresses
text and wasm would send (Pagefind's own data files are already gzipped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.server
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from run import prepare_corpus

from reformsite.build.pipeline import BuildOptions, build
from reformsite.core.dates import VIETNAM
from reformsite.pages.kinds import shared_context
from reformsite.pages.search import search_page
from reformsite.render.renderer import load_strings, make_renderer, theme_root
from reformsite.search.shards import search_files
from reformsite.site.assemble import Site
from reformsite.site.model import Article

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
NOW = dt.datetime(2027, 1, 1, tzinfo=VIETNAM)      # after the corpus's last date, so nothing is hidden


def facets_for(site: Site):
    """Year, plus province and district when the places stage is there (it is being added now)."""
    try:
        from reformsite.site.places import main_chain
    except ImportError:
        main_chain = None

    def facets(article: Article) -> dict[str, list[str]]:
        out = {"nam": [str(article.year)]}
        if main_chain is not None and getattr(site, "places", None) is not None:
            chain = main_chain(site.places, article)
            out["tinh"] = [e.name for e in chain if e.place.level == "province"]
            out["huyen"] = [e.name for e in chain if e.place.level == "district"]
        return out

    return facets


def kind_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/" not in path:
        return "page"
    for suffix, kind in ((".pf_fragment", "fragments"), (".pf_index", "index chunks"),
                         (".pf_filter", "filters"), (".pf_meta", "meta"), (".pagefind", "wasm")):
        if name.endswith(suffix):
            return kind
    return "pagefind js" if name.endswith(".js") else "other"


@dataclass
class Served:
    """What the server sent: (path, bytes) in order."""

    sent: list[tuple[str, bytes]] = field(default_factory=list)


def serve(folder: Path, log: Served) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def copyfile(self, source, outputfile):
            data = source.read()
            log.sent.append((self.path.split("?", 1)[0], data))
            outputfile.write(data)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def write_search_site(site: Site, bundle, folder: Path) -> None:
    """Only what the search page loads: the page, the theme's static files and the bundle."""
    renderer = make_renderer(site.config)
    page = search_page(site)
    html = renderer.render(page, shared_context(site, load_strings(site.config)))
    (folder / page.url.strip("/")).mkdir(parents=True)
    (folder / page.url.strip("/") / "index.html").write_text(html, encoding="utf-8")
    shutil.copytree(theme_root(site.config) / "static", folder / "static")
    for file in bundle:
        path = folder / file.url.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.data)


def query_bytes(folder: Path, page_url: str, queries: list[str]) -> list[tuple[Served, int]]:
    """For each query, in a fresh browser context (empty cache): what the server sent, and the hits."""
    from playwright.sync_api import sync_playwright

    out = []
    log = Served()
    server = serve(folder, log)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=CHROMIUM_ARGS)
            port = server.server_address[1]
            for query in queries:
                log.sent.clear()
                context = browser.new_context()
                tab = context.new_page()
                tab.goto(f"http://127.0.0.1:{port}{page_url}?q={query.replace(' ', '+')}")
                tab.wait_for_selector("#search[data-status=done]", state="attached", timeout=120_000)
                words = tab.inner_text("#search-status").split()
                hits = int(words[2].replace(".", "")) if words[:2] == ["Tìm", "thấy"] else 0
                context.close()
                out.append((Served(list(log.sent)), hits))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def measure(articles: int, seed: int, queries: list[str]) -> list[dict]:
    folder = prepare_corpus(articles, seed)
    print(f"{articles:,}: building the site model …", file=sys.stderr)
    result = build(BuildOptions(config_path=folder / "config.yaml", content_dir=folder / "content",
                                write=False, now=NOW))
    site = result.site
    assert site is not None, [d.format() for d in result.errors[:5]]
    started = time.perf_counter()
    bundle = search_files(site, facets_for(site))
    seconds = time.perf_counter() - started
    totals: dict[str, int] = defaultdict(int)
    for file in bundle:
        totals[kind_of(file.url)] += len(file.data)
    with tempfile.TemporaryDirectory() as tmp:
        write_search_site(site, bundle, Path(tmp))
        runs = query_bytes(Path(tmp), site.config.permalinks["search"], queries)
    rows = []
    for query, (log, results) in zip(queries, runs, strict=True):
        fetched: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])    # files, bytes, gzip bytes
        for path, data in log.sent:
            entry = fetched[kind_of(path)]
            entry[0] += 1
            entry[1] += len(data)
            entry[2] += len(data) if ".pf_" in path else len(gzip.compress(data))   # pf_* are gzipped already
        rows.append({"articles": len(site.articles), "files": len(bundle), "bundle": sum(totals.values()),
                     "by_kind": dict(totals), "seconds": seconds, "query": query, "results": results,
                     "fetched": dict(fetched)})
    return rows


def report(rows: list[dict]) -> str:
    kinds = ["pagefind js", "wasm", "meta", "index chunks", "filters", "fragments"]
    lines = ["Bundle (bytes as written):", ""]
    lines.append(f"{'articles':>8}  {'index s':>7}  {'files':>6}  {'bundle KB':>9}  "
                 + "  ".join(f"{k:>12}" for k in kinds))
    for row in {r["articles"]: r for r in rows}.values():
        lines.append(f"{row['articles']:>8,}  {row['seconds']:>7.1f}  {row['files']:>6,}  "
                     f"{row['bundle'] / 1024:>9,.0f}  "
                     + "  ".join(f"{row['by_kind'].get(k, 0) / 1024:>9,.0f} KB" for k in kinds))
    lines += ["", "One query on a fresh page (files × KB fetched; gzip: estimated with HTTP compression):",
              "",
              f"{'articles':>8}  {'query':<18}  {'results':>7}  " + "  ".join(f"{k:>15}" for k in kinds)
              + f"  {'search total':>15}  {'gzip':>8}  {'+ page, css, js':>15}"]
    for row in rows:
        fetched = row["fetched"]
        counts = [fetched.get(k, [0, 0, 0]) for k in kinds]
        cells = [f"{n:>3} × {size / 1024:>6,.1f} KB" for n, size, _ in counts]
        search = sum(v[1] for k, v in fetched.items() if k != "page")
        search_gz = sum(v[2] for k, v in fetched.items() if k != "page")
        page = fetched.get("page", [0, 0, 0])[1]
        lines.append(f"{row['articles']:>8,}  {row['query']:<18}  {row['results']:>7,}  "
                     + "  ".join(f"{c:>15}" for c in cells)
                     + f"  {search / 1024:>12,.1f} KB  {search_gz / 1024:>5,.0f} KB"
                     + f"  {page / 1024:>12,.1f} KB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, action="append", help="corpus sizes (default 1000 and 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--query", action="append",
                        help='queries to measure (default "ho so truc tuyen", common, and "tan hung", rare)')
    args = parser.parse_args(argv)
    if not Path("/usr/bin/chromium").is_file():
        print("needs Debian's chromium at /usr/bin/chromium", file=sys.stderr)
        return 2
    queries = args.query or ["ho so truc tuyen", "tan hung"]
    rows = [row for n in args.articles or [1000, 10000] for row in measure(n, args.seed, queries)]
    print(report(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
