"""Take the README's screenshots of the bundled site in Debian's chromium.

    .venv/bin/python docs/screenshots/take.py

Builds content/ into a temporary folder, serves it on 127.0.0.1 and writes, next to this file, each
page a reader sees first at 1280 px (a desktop) and 375 px (a phone): home-*.png, article-*.png,
district-*.png (a district with its figures), indicator-*.png (places compared on one indicator) and
search-*.png (a search typed without diacritics).  Needs the test dependencies (`./scripts/test`
installs them) and /usr/bin/chromium.
"""

from __future__ import annotations

import functools
import http.server
import socket
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright

from reformsite.build.pipeline import BuildOptions, build

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {
    "home": "/",
    "article": "/bai-viet/tan-thanh-binh-100-ho-so-thu-tuc-hanh-chinh-duoc-tra-dung-hen/",
    "district": "/dia-phuong/tay-ninh-cu/tay-ninh/",
    "indicator": "/chi-so/ty_le_dung_han/",
    "search": "/tim-kiem/?q=mo+cay+bac",
}
WIDTHS = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        result = build(BuildOptions(config_path=REPO / "config.yaml", output_dir=Path(tmp) / "site",
                                    base_url=base + "/", use_cache=False))
        if result.errors:
            print("\n".join(d.format() for d in result.errors), file=sys.stderr)
            return 1
        handler = functools.partial(_Quiet, directory=str(Path(tmp) / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for width, viewport in WIDTHS.items():
                    page = browser.new_page(viewport=viewport, device_scale_factor=1)
                    for name, url in PAGES.items():
                        page.goto(base + url)
                        if name == "search":
                            page.wait_for_selector("#search[data-status=done]", state="attached")
                        page.screenshot(path=HERE / f"{name}-{width}.png", full_page=False)
                    page.close()
                browser.close()
        finally:
            server.shutdown()
    print(f"wrote {', '.join(p.name for p in sorted(HERE.glob('*.png')))} in {HERE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
