"""axe-core on every kind of page a reader can reach, in the light and the dark colour scheme."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from readers import has_page_kind, open_search, search_for

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright",
                               reason="accessibility tests need `pip install axe-playwright-python`")

BLOCKING = {"serious", "critical"}


def _first_link_under(page, prefix: str) -> str:
    """The first link in <main> to a page below *prefix* (a place or indicator page)."""
    hrefs = page.locator("main a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    deeper = [h for h in hrefs if h.startswith(prefix) and h.rstrip("/") != prefix.rstrip("/")]
    assert deeper, f"no link below {prefix} on {page.url}"
    return deeper[0]


def _search(page, served) -> None:
    open_search(page, served.url("/tim-kiem/"))
    search_for(page, "ho so truc tuyen")
    page.locator(".search-facet").evaluate_all("els => els.forEach(e => e.open = true)")


def _goto(path_of: Callable) -> Callable:
    return lambda page, served: page.goto(served.url(path_of(served.root.site)))


def _below(index: str) -> Callable:
    def visit(page, served):
        page.goto(served.url(index))
        page.goto(served.url(_first_link_under(page, index)))
    return visit


# One page of each template a reader can reach (the three term indexes share terms.html).
PAGES: dict[str, Callable] = {
    "home": _goto(lambda site: "/"),
    "article": _goto(lambda site: next((a.url for a in site.articles if "<table" in a.html),
                                       site.articles[0].url)),
    "tag": _goto(lambda site: site.tags[0].url),
    "category": _goto(lambda site: site.categories[0].url),
    "year": _goto(lambda site: site.years[0].url),
    "terms-index": _goto(lambda site: "/chu-de/"),
    "search": _search,
    "404": _goto(lambda site: "/khong-co-trang-nay/"),
}
if has_page_kind("place"):
    PAGES["places-index"] = _goto(lambda site: "/dia-phuong/")
    PAGES["place"] = _below("/dia-phuong/")
if has_page_kind("indicator"):
    PAGES["indicators-index"] = _goto(lambda site: "/chi-so/")
    PAGES["indicator"] = _below("/chi-so/")


@pytest.fixture(scope="module")
def axe_source() -> str:
    return axe_sync.Axe().axe_script      # the axe-core build that ships with axe-playwright-python


def run_axe(page, source: str, options: dict) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


def _describe(violation: dict) -> str:
    nodes = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                      for n in violation["nodes"][:4])
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} — {nodes}"


@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_accessibility_violations(served, page, axe_source, kind):
    PAGES[kind](page, served)
    violations = run_axe(page, axe_source, {"resultTypes": ["violations"]})
    # The dark scheme changes only colours: check their contrast again there.
    page.emulate_media(color_scheme="dark")
    violations += [{**v, "id": v["id"] + " (dark)"}
                   for v in run_axe(page, axe_source, {"runOnly": ["color-contrast"], "resultTypes": ["violations"]})]
    blocking = [_describe(v) for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{kind} at {page.url}:\n" + "\n".join(blocking)
