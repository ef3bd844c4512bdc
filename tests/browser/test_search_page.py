"""Searching as a reader does: with and without diacritics, filters, links that keep the search."""

from __future__ import annotations

import pytest
from readers import (
    mark_stale,
    open_search,
    query_params,
    result_dates,
    result_titles,
    search_for,
    toggle_filter,
    wait_for_search,
)

TAN_HUNG = "Cải cách hành chính ở huyện Tân Hưng: người dân hài lòng"
DONG_KHOI = "Xã Đồng Khởi đẩy mạnh chuyển đổi số"
DUONG = "Đường dây nóng tiếp nhận phản ánh thủ tục"


def test_queries_with_and_without_diacritics_find_the_same_article(served, page):
    open_search(page, served.url("/thu/tim-kiem/"))
    for query, expected in (("dong khoi", DONG_KHOI), ("Đồng Khởi", DONG_KHOI), ("DONG KHOI", DONG_KHOI),
                            ("cai cach hanh chinh tan hung", TAN_HUNG), ("Tân Hưng", TAN_HUNG),
                            ("duong day nong", DUONG), ("đường", DUONG),
                            ("dung han", TAN_HUNG)):           # "đúng hạn" is only in the article's text
        search_for(page, query)
        assert result_titles(page)[:1] == [expected], query
        assert query_params(page)["q"] == [query]


def test_typed_search_is_in_the_address_and_a_link_restores_it(served, page):
    open_search(page, served.url("/thu/tim-kiem/"))
    assert page.locator(".search-status").inner_text().strip().startswith("Nhập từ khóa")
    page.fill("#search-q", "chuyen doi so")
    page.keyboard.press("Enter")
    wait_for_search(page)
    assert query_params(page) == {"q": ["chuyen doi so"]}
    link = page.url
    page.goto("about:blank")
    open_search(page, link)
    assert page.input_value("#search-q") == "chuyen doi so"
    assert result_titles(page) == [DONG_KHOI]
    assert "Tìm thấy 1 bài viết" in page.inner_text("#search-status")
    page.locator(".search-result-title a").click()
    page.wait_for_url(served.url("/thu/bai-viet/xa-dong-khoi-day-manh-chuyen-doi-so/"))


def test_results_show_date_place_and_excerpt(served, page):
    open_search(page, served.url("/thu/tim-kiem/?q=tan+hung"))
    result = page.locator(".search-result").first
    assert result.locator("time").get_attribute("datetime") == "2024-06-10"
    assert "10/06/2024" in result.locator(".meta").inner_text()
    assert "Tân Hưng, Long An" in result.locator(".meta").inner_text()
    marks = [m.lower() for m in result.locator(".search-excerpt mark").all_inner_texts()]
    assert any("hưng" in m for m in marks), marks


def test_no_results_says_so(served, page):
    open_search(page, served.url("/thu/tim-kiem/?q=xyzkhongco"))
    assert page.locator(".search-result").count() == 0
    assert "Không tìm thấy bài viết nào" in page.inner_text("#search-status")


def test_article_text_never_becomes_markup_in_an_excerpt(served, page):
    open_search(page, served.url("/thu/tim-kiem/?q=img+onerror"))
    excerpt = page.locator(".search-excerpt").first
    assert "<img src=x onerror=alert(1)>" in excerpt.inner_text()
    assert excerpt.locator("img, b").count() == 0


def test_filter_by_year_newest_first(served, page):
    site = served.root.site
    year = next(t for t in site.years if len(t.articles) > 1)
    open_search(page, served.url("/tim-kiem/"))
    toggle_filter(page, "nam", year.name)
    assert query_params(page) == {"nam": [year.name]}
    dates = result_dates(page)
    assert dates and all(d.startswith(year.name) for d in dates)
    assert dates == sorted(dates, reverse=True)
    assert result_titles(page) == [a.title for a in year.articles][:10]
    assert f"Tìm thấy {len(year.articles)} bài viết" in page.inner_text("#search-status")
    # A query narrows the year; the link with both restores both.
    search_for(page, "ho so")
    assert all(d.startswith(year.name) for d in result_dates(page))
    link = page.url
    open_search(page, link)
    assert page.locator(f'.search-facet[data-facet="nam"] input[value="{year.name}"]').is_checked()
    assert page.input_value("#search-q") == "ho so"


def test_filter_by_province_and_district(served, page):
    open_search(page, served.url("/thu/tim-kiem/"))
    toggle_filter(page, "tinh", "Long An")
    assert sorted(result_titles(page)) == sorted([TAN_HUNG, DUONG])
    toggle_filter(page, "huyen", "Tân Hưng")
    assert result_titles(page) == [TAN_HUNG]
    assert query_params(page) == {"tinh": ["Long An"], "huyen": ["Tân Hưng"]}
    toggle_filter(page, "tinh", "Long An")
    toggle_filter(page, "huyen", "Tân Hưng")
    assert page.locator(".search-result").count() == 0      # back to the prompt


def test_more_results_load_on_request_and_take_focus(served, page):
    open_search(page, served.url("/tim-kiem/?q=ho+so"))
    total = int(page.inner_text("#search-status").split()[2])
    assert total > 10 and page.locator(".search-result").count() == 10
    page.locator(".search-more").click()
    page.wait_for_function("document.querySelectorAll('.search-result').length > 10")
    assert page.locator(".search-result").count() == min(20, total)
    assert page.evaluate("document.activeElement.closest('.search-result') === "
                         "document.querySelectorAll('.search-result')[10]")


def test_newest_first_is_a_choice_kept_in_the_link(served, page):
    open_search(page, served.url("/thu/tim-kiem/?q=ho+so"))
    by_relevance = result_dates(page)
    mark_stale(page)
    page.select_option("#search-sort", "moi-nhat")
    wait_for_search(page)
    assert query_params(page)["sap_xep"] == ["moi-nhat"]
    newest_first = result_dates(page)
    assert newest_first == sorted(newest_first, reverse=True) and sorted(newest_first) == sorted(by_relevance)
    open_search(page, page.url)
    assert page.input_value("#search-sort") == "moi-nhat"


def test_a_typed_query_lists_the_best_match_first_with_its_place(served, page):
    """On the bundled site the article on Tân Thành Bình is older than others matching "tân",
    "thành" or "bình"; by relevance it comes first, and its place line names each unit once."""
    open_search(page, served.url("/tim-kiem/?q=tan+thanh+binh"))
    first = page.locator(".search-result").first
    assert "Tân Thành Bình" in first.locator(".search-result-title").inner_text()
    assert "huyện Mỏ Cày Bắc, tỉnh Bến Tre" in first.locator(".meta").inner_text()
    assert "(" not in first.locator(".meta").inner_text()
    assert page.get_attribute("#search-q", "placeholder")


def test_search_is_reachable_from_the_home_page(served, page):
    page.goto(served.url("/"))
    header_form = page.locator("header form[action$='/tim-kiem/']")
    link = page.locator("a[href$='/tim-kiem/']")
    has_form = header_form.count() > 0
    if has_form:
        header_form.locator("input[name=q]").fill("mot cua")
        header_form.locator("input[name=q]").press("Enter")
    elif link.count():
        link.first.click()
    else:
        pytest.skip("no search form or link on the home page yet (base.html: header search form)")
    page.wait_for_url("**/tim-kiem/**")
    wait_for_search(page)
    if has_form:
        assert page.input_value("#search-q") == "mot cua" and result_titles(page)


def test_every_shard_searches_with_the_one_engine_they_share(served, browser):
    """/thu/ has four shards; each shard's script fetches Pagefind's wasm from the folder above
    instead of its own copy, so a first search downloads the engine once, not once per shard."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        fetched: list[str] = []
        failed: list[str] = []
        tab.on("request", lambda request: fetched.append(request.url))
        tab.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        open_search(tab, served.url("/thu/tim-kiem/?q=ho+so"))
        assert len(result_titles(tab)) >= 2
        shards = {url.split("/pagefind/")[1].split("/")[0] for url in fetched
                  if "/pagefind/" in url and url.endswith("/pagefind.js")}
        assert len(shards) == 4, shards
        assert {url for url in fetched if ".pagefind" in url and "wasm" in url} == {
            served.url("/thu/pagefind/wasm.unknown.pagefind")}
        assert failed == []
    finally:
        context.close()
