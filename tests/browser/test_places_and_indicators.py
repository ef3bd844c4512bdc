"""Browsing by place and by indicator; these turn on when the engine renders those page kinds.

Expected markup (DESIGN §7): the places index at /dia-phuong/ links each province; a province page
links its districts; an indicator page at /chi-so/<key>/ has `table.figures-table` rows with the
value in `td.num` and a link to the sentence it was read from, `/bai-viet/<slug>/#<anchor>`, where
the anchor is the id of that block in the article.
"""

from __future__ import annotations

import re

import pytest
from readers import fits_width, has_page_kind, wider_than_viewport

places = pytest.mark.skipif(not has_page_kind("place"),
                            reason="place pages (/dia-phuong/…) are not rendered yet: no place page kind in "
                                   "reformsite.pages.kinds.PAGE_KINDS")
indicators = pytest.mark.skipif(not has_page_kind("indicator"),
                                reason="indicator pages (/chi-so/…) are not rendered yet: no indicator page kind "
                                       "in reformsite.pages.kinds.PAGE_KINDS")


def _links_below(page, prefix: str) -> list[str]:
    hrefs = page.locator("main a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [h for h in dict.fromkeys(hrefs) if h.startswith(prefix) and h.rstrip("/") != prefix.rstrip("/")]


@places
def test_navigate_from_home_to_a_district_and_its_article(served, page):
    page.goto(served.url("/"))
    page.locator(".site-nav a", has_text="Địa phương").click()
    page.wait_for_url(served.url("/dia-phuong/"))
    # A province with district pages: its URL has one segment, theirs two.
    district = None
    for province in _links_below(page, "/dia-phuong/"):
        page.goto(served.url(province))
        deeper = [h for h in _links_below(page, province) if h.count("/") == 4]
        if deeper:
            district = deeper[0]
            break
        page.goto(served.url("/dia-phuong/"))
    if district is None:
        pytest.skip("the bundled content has no district page yet")
    page.locator(f'main a[href="{district}"]').first.click()
    page.wait_for_url(served.url(district))
    heading = page.locator("h1").inner_text()
    assert heading.strip()
    card = page.locator(".card-title a").first
    title = card.inner_text().strip()
    card.click()
    assert page.locator("h1").inner_text().strip() == title


@places
def test_place_pages_fit_a_phone(served, phone):
    phone.goto(served.url("/dia-phuong/"))
    assert fits_width(phone), wider_than_viewport(phone)
    phone.goto(served.url(_links_below(phone, "/dia-phuong/")[0]))
    assert fits_width(phone), wider_than_viewport(phone)


@indicators
def test_indicator_pages_list_figures(served, page):
    page.goto(served.url("/chi-so/"))
    links = _links_below(page, "/chi-so/")
    assert links, "the indicators index links no indicator"
    page.goto(served.url(links[0]))
    assert page.locator("h1").inner_text().strip()
    assert fits_width(page)


@indicators
def test_follow_a_figure_to_its_quote(served, page):
    """On an indicator page each row of a figures table links to the sentence the figure was read from."""
    page.goto(served.url("/chi-so/"))
    rows = None
    for indicator in _links_below(page, "/chi-so/"):
        page.goto(served.url(indicator))
        candidates = page.locator("table.figures-table tbody tr").filter(
            has=page.locator("a[href*='/bai-viet/'][href*='#']"))
        if candidates.count():
            rows = candidates
            break
    if rows is None:
        pytest.fail("no indicator page has a figure whose source link points at its quote (…/bai-viet/x/#id)")
    row = rows.first
    value = row.locator("td.num").inner_text()
    row.locator("a[href*='/bai-viet/'][href*='#']").last.click()
    page.wait_for_load_state()
    fragment = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert fragment and page.url.split("#")[0].startswith(served.url("/bai-viet/"))
    target = page.locator(f"[id='{fragment}']")
    assert target.count() == 1 and target.is_visible()
    assert target.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")   # scrolled to
    # The quoted sentence holds the figure's number as the press wrote it.
    digits = max(re.findall(r"\d+", value), key=len, default="")
    assert digits and digits in target.inner_text().replace(" ", ""), (value, target.inner_text())
