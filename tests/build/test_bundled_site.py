"""The bundled sample site, built as the README's first command builds it."""

import json

import pytest
from bs4 import BeautifulSoup
from sitekit import NOW, REPO, read_output

from reformsite.build.pipeline import BuildOptions, build
from reformsite.commands.links import check_links
from reformsite.content.files import iter_content_files


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled")
    result = build(BuildOptions(config_path=REPO / "config.yaml", output_dir=out / "a", now=NOW))
    build(BuildOptions(config_path=REPO / "config.yaml", output_dir=out / "b", now=NOW, use_cache=False))
    build(BuildOptions(config_path=REPO / "config.yaml", output_dir=out / "sub", now=NOW,
                             base_url="https://example.org/portal/"))
    return result, read_output(out / "a"), read_output(out / "b"), read_output(out / "sub")


def test_builds_without_errors(bundled):
    result, *_ = bundled
    assert result.errors == [], [d.format() for d in result.errors]
    assert result.articles >= 24


def test_every_article_has_a_page(bundled):
    result, files, *_ = bundled
    published = list(result.site.articles)
    sources = [p for p in iter_content_files(REPO / "content") if "pages" not in p.parts]
    assert len(published) == len(sources) - sum(1 for p in sources if "draft: true" in p.read_text())
    for article in published:
        page = BeautifulSoup(files[article.url + "index.html"], "html.parser")
        assert page.find("h1").get_text(strip=True) == article.title


def test_no_broken_internal_links(bundled):
    _, files, _, sub = bundled
    assert check_links(files, base_url="https://cchc.example.org/") == []
    assert check_links(sub, base_url="https://example.org/portal/") == []


def test_same_input_gives_the_same_bytes_cached_or_not(bundled):
    _, a, b, _ = bundled
    assert a.keys() == b.keys()
    assert [url for url in a if a[url] != b[url]] == []


def test_open_data_covers_every_article(bundled):
    result, files, *_ = bundled
    data = json.loads(files["/data/articles.json"])
    assert len(data["articles"]) == len(result.site.articles)
    assert sum(1 for row in data["articles"] if row["province"]) >= len(data["articles"]) * 0.95
    assert sum(len(row["figures"]) for row in data["articles"]) > 100


def test_every_indexable_page_is_in_the_sitemap_and_no_other(bundled):
    """The sitemap lists each page a search engine may index (first pages of lists; no redirect,
    no 404), and every page it lists is one of those."""
    import xml.etree.ElementTree as ET

    _, files, *_ = bundled
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = {loc.text.removeprefix("https://cchc.example.org") for loc in
              ET.fromstring(files["/sitemap.xml"]).iter(f"{ns}loc")}
    indexable = set()
    for name, data in files.items():
        if not name.endswith(".html") or name.startswith("/pagefind/") or "/trang/" in name:
            continue
        robots = BeautifulSoup(data, "html.parser").find("meta", attrs={"name": "robots"})
        if robots is None or "noindex" not in robots["content"]:
            indexable.add(name.removesuffix("index.html"))
    assert "/404.html" not in indexable and "/chi-so/" in indexable
    assert any(url.startswith("/chi-so/") and url != "/chi-so/" for url in listed)
    assert sorted(indexable - listed) == [] and sorted(listed - indexable) == []


def test_no_image_on_the_bundled_site_comes_from_another_host(bundled):
    """The bundled config allows no image host: every <img> is the site's own, so no paper's
    hot-link refusal can break a page and no reader's browser calls another site."""
    from urllib.parse import urlsplit

    _, files, *_ = bundled
    sources = [img.get("src", "") for name, data in files.items() if name.endswith(".html")
               for img in BeautifulSoup(data, "html.parser").find_all("img")]
    assert sources and all(not urlsplit(src).netloc for src in sources), sorted(set(sources))[:5]
