"""A reader browsing the bundled site: home, an article from a card, pagination, a missing page, a phone."""

from __future__ import annotations

import pytest
from readers import (
    fits_width,
    open_search,
    search_for,
    toggle_filter,
    wider_than_viewport,
    words_broken_across_lines,
)


def test_home_card_leads_to_its_article(served, page):
    page.goto(served.url("/"))
    newest = served.root.site.articles[0]
    card = page.locator(".lead-title a")
    assert card.inner_text().strip() == newest.title
    card.click()
    page.wait_for_url(served.url(newest.url))
    assert page.locator("h1").inner_text().strip() == newest.title
    # The breadcrumb leads back to the year of the article.
    page.locator(".breadcrumbs a", has_text=str(newest.year)).click()
    page.wait_for_url(served.url(f"/luu-tru/{newest.year}/"))
    assert newest.title in page.locator(".card-title a").all_inner_texts()


def test_the_front_page_shows_todays_date_and_no_broken_picture(served, page):
    import datetime as dt

    page.goto(served.url("/"))
    page.wait_for_load_state("load")
    assert str(dt.date.today().year) in page.locator("#hom-nay").inner_text()
    assert page.locator(".lead-story .picture-placeholder").is_visible()
    # A lead image that cannot be fetched (no network here, or a paper refusing hot links) is
    # taken away, so its placeholder shows instead of a broken-image icon.
    broken = page.evaluate("[...document.querySelectorAll('.picture img')]"
                           ".filter(img => img.complete && img.naturalWidth === 0).length")
    assert broken == 0


def test_pagination_walks_every_page_of_the_home_list(served, page):
    site = served.root.site
    per_page = site.config.paginate
    page.goto(served.url("/"))
    seen: list[str] = []
    urls = ["/"]
    while True:
        titles = [t.strip() for t in page.locator(".lead-title a, .story-title a, .card-title a").all_inner_texts()]
        assert titles == [a.title for a in site.articles[len(seen):len(seen) + len(titles)]]
        # The first page holds the newest, one to two pages' worth; the others a page each.
        assert per_page <= len(titles) < 2 * per_page if len(urls) == 1 else len(titles) == per_page
        seen += titles
        older = page.locator(".pagination a[rel=next]")
        if not older.count():
            break
        urls.append(older.get_attribute("href"))
        older.click()
        page.wait_for_url(served.url(urls[-1]))
    # Numbered from the oldest page: /trang/N/ … /trang/1/.
    assert urls[1:] == [f"/trang/{n}/" for n in range(len(urls) - 1, 0, -1)]
    assert len(seen) == len(site.articles) and len(urls) > 1
    page.locator(".pagination a[rel=prev]").click()
    page.wait_for_url(served.url(urls[-2]))


def test_a_missing_page_answers_404_with_the_sites_not_found_page(served, page):
    response = page.goto(served.url("/bai-viet/khong-co-bai-nay/"))
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text().strip() == "Không tìm thấy trang"
    recent = page.locator(".card-title a").first
    title = recent.inner_text().strip()
    recent.click()
    assert page.locator("h1").inner_text().strip() == title


PHONE_PAGES = {
    "home": lambda site: "/",
    "article": lambda site: max(site.articles, key=lambda a: len(a.html)).url,    # the longest, with tables
    "tag": lambda site: site.tags[0].url,
    "year": lambda site: site.years[0].url,
    "404": lambda site: "/khong-co-trang-nay/",
    "district": lambda site: next(e.url for e in site.places.entries.values() if e.place.level == "district"),
    "indicator": lambda site: next(iter(site.indicators.entries.values())).url,
    "places": lambda site: site.config.permalinks["places"],
}


@pytest.mark.parametrize("kind", PHONE_PAGES)
def test_pages_fit_a_phone_screen(served, phone, kind):
    phone.goto(served.url(PHONE_PAGES[kind](served.root.site)))
    assert fits_width(phone), f"{kind} scrolls sideways at 375 px: {wider_than_viewport(phone)}"
    assert words_broken_across_lines(phone) == [], kind


def test_the_header_is_compact_on_a_phone(served, phone):
    phone.goto(served.url("/"))
    height = phone.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert height <= 112, height
    assert phone.locator(".site-header a[href$='/tim-kiem/'], .site-header form[role=search]").first.is_visible()


def test_search_on_a_phone(served, phone):
    open_search(phone, served.url("/tim-kiem/"))
    search_for(phone, "ho so truc tuyen")
    assert phone.locator(".search-result").count() > 0
    assert fits_width(phone), f"search scrolls sideways at 375 px: {wider_than_viewport(phone)}"
    # The filters follow the results on a phone and stay usable.
    year = served.root.site.years[0].name
    toggle_filter(phone, "nam", year)
    assert fits_width(phone)
    phone.locator(".search-result-title a").first.click()
    phone.wait_for_selector("article h1")
    assert fits_width(phone)


def test_site_under_a_sub_path(served, page):
    """Built with --base-url http://127.0.0.1:PORT/portal/, every link and asset stays under /portal/."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(served.url("/portal/"))
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    internal = [h for h in hrefs if not h.startswith(("http://", "https://", "mailto:", "#"))]
    assert internal and all(h.startswith("/portal/") for h in internal), internal
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"    # style.css loaded

    site = served.portal.site
    page.locator(".lead-title a").click()
    page.wait_for_url(served.url("/portal" + site.articles[0].url))
    page.goto(served.url("/portal/"))
    older = page.locator(".pagination a[rel=next]").get_attribute("href")
    assert older.startswith("/portal/trang/")
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url(served.url(older))

    open_search(page, served.url("/portal/tim-kiem/?q=ho+so+truc+tuyen"))
    links = page.locator(".search-result-title a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert links and all(h.startswith("/portal/bai-viet/") for h in links), links
    title = page.locator(".search-result-title a").first.inner_text().strip()
    page.locator(".search-result-title a").first.click()
    assert page.locator("h1").inner_text().strip() == title

    assert not failed, failed
    response = page.goto(served.url("/portal/khong-co-trang-nay/"))
    assert response is not None and response.status == 404
    page.locator("main a", has_text="Trang chủ").last.click()
    page.wait_for_url(served.url("/portal/"))


def test_a_figure_link_highlights_its_sentence_and_only_it(served, page):
    """Sentences with figures read as plain text; the figure box's link scrolls to its sentence and
    highlights it."""
    article = max(served.root.site.articles, key=lambda a: len(a.figures))
    page.goto(served.url(article.url))
    transparent = ("rgba(0, 0, 0, 0)", "transparent")
    quotes = page.locator(".prose .figure-quote")
    assert quotes.count() >= 2
    assert all(q.evaluate("el => getComputedStyle(el).backgroundColor") in transparent
               for q in quotes.all()[:5])
    link = page.locator(".figures-box li > a[href^='#so-lieu-']").first
    target = page.locator(f"[id='{link.get_attribute('href')[1:]}']")
    link.click()
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") not in transparent
    assert target.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")
    others = [q for q in quotes.all()[:5] if q.get_attribute("id") != target.get_attribute("id")]
    assert all(q.evaluate("el => getComputedStyle(el).backgroundColor") in transparent for q in others)
