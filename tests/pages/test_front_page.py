"""The front page of the bundled site: lead story, stories by region and province, newest figures."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sitekit import NOW, REPO, article

from reformsite.build.pipeline import BuildOptions, build
from reformsite.figures import value_label
from reformsite.site import main_chain


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("front") / "site"
    result = build(BuildOptions(config_path=REPO / "config.yaml", output_dir=out, now=NOW))
    assert result.errors == []
    return result.site, out


def _html(out, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_newest_article_leads_and_the_first_page_lists_each_once(bundled) -> None:
    site, out = bundled
    home = _html(out, "/")
    assert home.select_one(".lead-title a").get_text(strip=True) == site.articles[0].title
    shown = [a.get_text(strip=True) for a in home.select(".lead-title a, .story-title a, .card-title a")]
    # The first page holds the newest articles, one to two pages' worth (pages count from the oldest).
    per_page = site.config.paginate
    assert shown == [a.title for a in site.articles[:len(shown)]] and per_page <= len(shown) < 2 * per_page
    assert len(home.select(".story")) == 4
    second = _html(out, home.select_one(".pagination a[rel=next]")["href"])
    assert second.select_one(".lead-story") is None
    assert second.select_one(".card-title a").get_text(strip=True) == site.articles[len(shown)].title


def test_stories_by_region_belong_to_their_region(bundled) -> None:
    site, out = bundled
    by_url = {a.url: a for a in site.articles}
    blocks = _html(out, "/").select(".region-block")
    assert len(blocks) >= 3
    for block in blocks:
        region = block.find("h3").get_text(strip=True)
        links = [a["href"] for a in block.select(".headlines a")]
        assert 1 <= len(links) <= 3
        for link in links:
            province = main_chain(site.places, by_url[link])[0]
            assert site.places.gazetteer.region(province.place) == region, link


def test_newest_figures_link_to_their_sentence_and_their_place(bundled) -> None:
    site, out = bundled
    by_url = {a.url: a for a in site.articles}
    items = _html(out, "/").select(".new-figures li")
    assert len(items) >= 3
    for item in items:
        article_url, _, anchor = item.select_one("a.figure-value")["href"].partition("#")
        article = by_url[article_url]
        assert _html(out, article_url).find(id=anchor) is not None
        reported = next(r for r in article.figures if r.anchor == anchor
                        and value_label(r.figure) == item.select_one("a.figure-value").get_text(strip=True))
        assert reported.figure.level in ("province", "district", "commune") and not reported.figure.tier
        place_link = item.select_one(".meta a")["href"]
        assert place_link == site.places.url(reported.place_id)
        assert (out / place_link.lstrip("/") / "index.html").is_file()


def test_pictures_have_a_placeholder_under_every_image(bundled) -> None:
    site, out = bundled
    pictures = _html(out, "/").select(".lead-story .picture, .story .picture")
    assert len(pictures) == 5
    for picture, shown in zip(pictures, site.articles, strict=False):
        assert picture.select_one(".picture-placeholder").get_text(strip=True) == (shown.source or site.config.title)
    # The bundled config loads no image from another host: placeholders only.
    assert not any(p.select_one("img") for p in pictures)


def test_an_allowed_hosts_image_lies_over_its_placeholder(make_site) -> None:
    body = "Xã Tân Hòa tiếp nhận 1.200 hồ sơ trong quý I/2024."
    config = "title: T\nbase_url: https://example.org/\nimage_hosts: [baodongkhoi.vn]\n"
    site = make_site({"content/a.md": article("Xã Tân Hòa làm tốt", body=body, image="https://baodongkhoi.vn/anh.webp",
                                                   source_url="https://baodongkhoi.vn/a.html")}, config=config)
    picture = site.html("/").select_one(".lead-story .picture")
    assert picture.select_one(".picture-placeholder").get_text(strip=True) == "Báo Đồng Khởi"
    img = picture.select_one("img")
    assert (img["src"], img["alt"], img["loading"]) == ("https://baodongkhoi.vn/anh.webp", "", "eager")
