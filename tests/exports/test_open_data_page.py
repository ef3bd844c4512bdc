"""/du-lieu/ documents every field of the open data, in the site's language, and readers find it
from every page and in the sitemap."""

import csv
import io
import json

from sitekit import corpus_article

from reformsite.exports.opendata import FIGURE_COLUMNS


def _site(make_site, language: str = "vi"):
    page = corpus_article("B09")
    text = (f"---\ntitle: {json.dumps(page.title, ensure_ascii=False)}\n"
            f"date: {page.date.isoformat()}T08:00:00+07:00\n---\n\n{page.body}\n")
    config = f"title: Thử nghiệm\nbase_url: https://example.org/\nlanguage: {language}\n"
    site = make_site({"content/B09.md": text}, config=config)
    assert site.result.errors == []
    return site


def _documented(site) -> set[str]:
    page = site.html("/du-lieu/")
    return {row.find("code").get_text() for row in page.select("table.data-fields tbody th")}


def _fields_in_files(site) -> set[str]:
    data = json.loads(site.file("/data/articles.json").read_bytes())
    names: set[str] = set()
    for article in data["articles"]:
        names |= set(article)
        for place in [article["province"], article["district"], article["commune"], *article["places"]]:
            if place:
                names |= set(place)
                for now in place.get("now") or ():
                    names |= set(now)
        for figure in article["figures"]:
            names |= set(figure)
    header = next(csv.reader(io.StringIO(site.file("/data/figures.csv").read_text(encoding="utf-8-sig"))))
    return names | set(header)


def test_every_field_of_both_files_is_documented(make_site):
    site = _site(make_site)
    fields = _fields_in_files(site)
    assert set(FIGURE_COLUMNS) <= fields and {"tier", "breakdown", "period_start", "period_end"} <= fields
    assert fields - _documented(site) == set()


def test_the_page_is_linked_from_every_page_and_in_the_sitemap(make_site):
    site = _site(make_site)
    for url in ("/", "/chi-so/", "/du-lieu/"):
        assert site.html(url).select_one('footer a[href="/du-lieu/"]') is not None, url
    assert "<loc>https://example.org/du-lieu/</loc>" in site.file("/sitemap.xml").read_text(encoding="utf-8")
    page = site.html("/du-lieu/")
    assert page.find("h1").get_text() == "Dữ liệu mở"
    codes = {row.find("code").get_text(): row.find("td").get_text()
             for row in page.select("table.data-codes tbody tr")}
    assert codes["co_che=mot_cua"] == "cơ chế một cửa" and codes["percent"] == "%"


def test_an_english_site_documents_in_english(make_site):
    site = _site(make_site, "en")
    page = site.html("/du-lieu/")
    assert page.find("h1").get_text() == "Open data"
    meanings = {row.find("code").get_text(): row.find("td").get_text()
                for row in page.select("table.data-fields tbody tr")}
    assert meanings["period_start"].startswith("The first day of the period")
    codes = {row.find("code").get_text(): row.find("td").get_text()
             for row in page.select("table.data-codes tbody tr")}
    assert codes["ho_so"] == "dossiers" and codes["muc_do=toan_trinh"] == "fully online"
    # the article's figure box speaks English too
    article = next(p for p in site.output.glob("bai-viet/*/index.html"))
    box = article.read_text(encoding="utf-8")
    assert "(fully online)" in box and "toàn trình)" not in box
