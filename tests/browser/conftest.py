"""Browser tests: sites built once per session, served over HTTP on 127.0.0.1, driven in chromium.

Three builds share one server:
  /          the bundled site (content/ and config.yaml of the repo)
  /portal/   the same site built with a sub-path base URL, as on a host that serves it under a folder
  /thu/      a small inline site whose articles and facets exercise search (diacritics, filters)
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

import pytest
from sitekit import NOW, REPO, article, write_site

from reformsite.build import indexing
from reformsite.build import pipeline as builder
from reformsite.build.pipeline import BuildOptions, BuildResult
from reformsite.search import Facets
from reformsite.search import shards as search
from reformsite.site.model import Article

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps dialling out, and on a closed network those
# refused connections stall page loads.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium); "
                "Playwright's own browser download is not used", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="browser tests need `pip install playwright`")


def build_with_search(options: BuildOptions, facets: Facets | None = None,
                      shard_limit: int | None = None) -> BuildResult:
    """Build, with *facets* in place of the site's own search filters when a test brings its own,
    and with search shards of at most *shard_limit* articles when given."""
    with pytest.MonkeyPatch.context() as patch:
        if facets is not None:
            patch.setattr(indexing, "search_facets", lambda site: facets)
        if shard_limit is not None:
            patch.setattr(search, "SHARD_LIMIT", shard_limit)
        return builder.build(options)


# ---------------------------------------------------------------- the small search site

SEARCH_SITE = {
    "content/2024/tan-hung.md": article(
        "Cải cách hành chính ở huyện Tân Hưng: người dân hài lòng", "2024-06-10T08:00:00+07:00",
        "Huyện Tân Hưng tiếp nhận 12.345 hồ sơ, tỷ lệ đúng hạn đạt 99,2%.\n\n"
        "Bộ phận một cửa hướng dẫn người dân nộp hồ sơ trực tuyến.", tags="một cửa"),
    "content/2023/dong-khoi.md": article(
        "Xã Đồng Khởi đẩy mạnh chuyển đổi số", "2023-07-14T08:30:00+07:00",
        "Xã Đồng Khởi đưa dịch vụ công trực tuyến về từng ấp.", tags="chuyển đổi số"),
    "content/2022/duong-day-nong.md": article(
        "Đường dây nóng tiếp nhận phản ánh thủ tục", "2022-03-01T09:00:00+07:00",
        "Người dân gọi đường dây nóng khi hồ sơ trễ hạn."),
    "content/2024/ky-tu.md": article(
        "Ký tự đặc biệt trong bài", "2024-02-01T09:00:00+07:00",
        "Mẫu đơn ghi `<img src=x onerror=alert(1)>` & `<b>đậm</b>` trong ô ghi chú kiểm thử."),
}
SEARCH_FACETS = {
    "2024/tan-hung.md": {"tinh": ["Long An"], "huyen": ["Tân Hưng"], "chi_so": ["Hồ sơ tiếp nhận"]},
    "2023/dong-khoi.md": {"tinh": ["Bến Tre"], "huyen": ["Châu Thành"]},
    "2022/duong-day-nong.md": {"tinh": ["Long An"]},
}


def search_site_facets(article: Article) -> dict[str, list[str]]:
    return {"nam": [str(article.year)], **SEARCH_FACETS.get(article.path, {})}


# ---------------------------------------------------------------- serving

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves several output folders by URL prefix and answers a missing path with that site's
    /404.html and status 404, as static hosts (GitHub Pages, Netlify, nginx try_files) do."""

    roots: ClassVar[dict[str, Path]] = {}

    def _root_for(self, path: str) -> tuple[str, Path]:
        for prefix in sorted(self.roots, key=len, reverse=True):
            if path.startswith(prefix):
                return prefix, self.roots[prefix]
        raise LookupError(path)

    def translate_path(self, path: str) -> str:
        prefix, root = self._root_for(path)
        saved, self.directory = self.directory, str(root)
        try:
            return super().translate_path("/" + path[len(prefix):])
        finally:
            self.directory = saved

    def list_directory(self, path):
        self.send_error(404)     # static hosts do not list folders
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        _, root = self._root_for(self.path)
        body = (root / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:   # keep test output quiet
        pass


@dataclass(frozen=True)
class Served:
    base: str                       # "http://127.0.0.1:PORT"
    root: BuildResult               # the bundled site at /
    portal: BuildResult             # the bundled site at /portal/
    small: BuildResult              # the inline search site at /thu/
    dirs: dict[str, Path]

    def url(self, path: str) -> str:
        return self.base + path

    def exists(self, prefix: str, url: str) -> bool:
        rel = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
        return (self.dirs[prefix] / rel).is_file()


def _free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("browser")
    probe = _free_socket()
    port = probe.getsockname()[1]
    probe.close()
    base = f"http://127.0.0.1:{port}"

    config = REPO / "config.yaml"
    dirs = {"/": tmp / "root", "/portal/": tmp / "portal", "/thu/": tmp / "thu"}
    root = build_with_search(BuildOptions(config_path=config, content_dir=REPO / "content",
                                          output_dir=dirs["/"], now=NOW))
    portal = build_with_search(BuildOptions(config_path=config, content_dir=REPO / "content",
                                            output_dir=dirs["/portal/"], now=NOW,
                                            base_url=f"{base}/portal/"))
    small_src = tmp / "small-src"
    small_src.mkdir()
    write_site(small_src, SEARCH_SITE, "title: Thử tìm kiếm\nbase_url: https://example.org/\npaginate: 3\n")
    # One article a shard at most (2022, 2023, and 2024 by month): every search there goes through
    # several Pagefind bundles, as on a large portal.
    small = build_with_search(BuildOptions(config_path=small_src / "config.yaml", output_dir=dirs["/thu/"],
                                           now=NOW, base_url=f"{base}/thu/"), search_site_facets, shard_limit=1)
    assert len(json.loads((dirs["/thu/"] / "pagefind" / "shards.json").read_text())["shards"]) == 4
    for result in (root, portal, small):
        assert result.site is not None and result.site.articles, [d.format() for d in result.diagnostics]

    handler = type("Handler", (_Handler,), {"roots": dirs})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(tmp)))
    server.daemon_threads = True      # keep-alive connections must not hold up the shutdown
    server.block_on_close = False
    # In a process of its own: a server thread alive for the rest of the session would make every
    # later test's build fork from a multi-threaded process (see core.single_threaded).  Forked
    # by hand, not by multiprocessing, whose list of children the pool tests check.
    serving = os.fork()
    if serving == 0:
        try:
            server.serve_forever()
        finally:
            os._exit(0)
    server.server_close()           # the process serves on its own copy of the socket
    try:
        yield Served(base, root, portal, small, dirs)
    finally:
        os.kill(serving, signal.SIGTERM)
        os.waitpid(serving, 0)
        for folder in dirs.values():
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[playwright_api.Browser]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def desktop(browser: playwright_api.Browser) -> Iterator[playwright_api.BrowserContext]:
    # One context for the session and a fresh tab per test: a new context costs far more than a tab,
    # and a static site keeps no state worth isolating.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture(scope="session")
def handset(browser: playwright_api.Browser) -> Iterator[playwright_api.BrowserContext]:
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="vi-VN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def _tab(context: playwright_api.BrowserContext) -> Iterator[playwright_api.Page]:
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
        assert not errors, f"JavaScript errors on the page: {errors}"
    finally:
        with contextlib.suppress(Exception):
            tab.close()


@pytest.fixture
def page(desktop: playwright_api.BrowserContext) -> Iterator[playwright_api.Page]:
    yield from _tab(desktop)


@pytest.fixture
def phone(handset: playwright_api.BrowserContext) -> Iterator[playwright_api.Page]:
    """A 375 px wide phone screen."""
    yield from _tab(handset)
