"""The /tim-kiem/ page without a browser: its form, facets and the manifest it reads."""

from __future__ import annotations

import json

from searchkit import SITE

from reformsite.search.records import FACETS
from reformsite.search.shards import MANIFEST_URL


def test_search_page_under_a_sub_path(make_site):
    built = make_site(SITE, "title: T\nbase_url: https://example.org/portal/\n")
    [shard] = json.loads(built.file(MANIFEST_URL).read_text())["shards"]
    assert shard["url"] == "/pagefind/2022/" and shard["articles"] == 3      # the manifest's URLs are site paths
    assert built.exists("/pagefind/2022/pagefind.js") and built.exists("/pagefind/2022/pagefind-entry.json")
    page = built.html("/tim-kiem/")
    assert page.find("h1").get_text(strip=True) == "Tìm kiếm"
    root = page.select_one("#search")
    assert root["data-shards"] == "/portal/pagefind/shards.json" and root["data-base"] == "/portal/"
    assert page.select_one('script[type=module]')["src"] == "/portal/static/search.js"
    assert page.select_one('link[href="/portal/static/search.css"]')
    form = page.select_one("form[role=search]")
    assert form["action"] == "/portal/tim-kiem/" and form.select_one("input")["name"] == "q"
    assert page.select_one('label[for="search-q"]').get_text(strip=True) == "Từ khóa"
    legends = [f.select_one("legend").get_text(strip=True) for f in page.select(".search-facet fieldset")]
    assert legends == ["Tỉnh, thành phố", "Quận, huyện", "Chỉ số", "Năm"]
    assert [d["data-facet"] for d in page.select(".search-facet")] == list(FACETS)
    assert "cần JavaScript" in page.find("noscript").get_text()
    assert page.select_one("[role=status][aria-live=polite]")
    strings = json.loads(page.select_one("#search-strings").string)
    assert strings["none"].startswith("Không tìm thấy")
    # Everything the page loads comes from the site itself (no CDN).
    assets = [t.get("src") or t.get("href") for t in page.select("script[src], link[rel=stylesheet]")]
    assert assets and all(a.startswith("/portal/") for a in assets), assets

