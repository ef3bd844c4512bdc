"""Take the README's screenshots of the bundled site in Debian's chromium.

    .venv/bin/python docs/screenshots/take.py

Builds content/ into a temporary folder, serves it on 127.0.0.1 and writes, next to this file:
district.png (a district page with its figures table), search.png (a search typed without
diacritics, with its filters) and phone.png (an article at a 390 px phone width).  Needs the test
dependencies (`./scripts/test` installs them) and /usr/bin/chromium.
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
DISTRICT = "/dia-phuong/tay-ninh-cu/tay-ninh/"
SEARCH = "/tim-kiem/?q=mo+cay+bac"
ARTICLE_FOR_PHONE = "/bai-viet/tan-thanh-binh-100-ho-so-thu-tuc-hanh-chinh-duoc-tra-dung-hen/"


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
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(base + DISTRICT)
                page.screenshot(path=HERE / "district.png", full_page=False)
                page.goto(base + SEARCH)
                page.wait_for_selector("#search[data-status=done]", state="attached")
                page.locator('.search-facet[data-facet="tinh"] summary').click()
                page.screenshot(path=HERE / "search.png", full_page=False)
                phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
                phone.goto(base + ARTICLE_FOR_PHONE)
                phone.screenshot(path=HERE / "phone.png", full_page=False)
                browser.close()
        finally:
            server.shutdown()
    print(f"wrote {', '.join(p.name for p in sorted(HERE.glob('*.png')))} in {HERE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
