"""A new article that names a place without a page yet: the place gets its page, and the rebuild
renders again the pages that show the place, not every page of the site; the output is still
byte for byte a cold build's."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sitekit import NOW, REPO, article, read_output

from reformsite.build import pipeline
from reformsite.build.pipeline import BuildOptions, build

sys.path.insert(0, str(REPO / "benchmarks"))

import corpus

NEW_PLACE_URL = "/dia-phuong/dak-lak-cu/ea-kar/cu-hue/index.html"
NEW_ARTICLE = article(
    "Xã Cư Huê giải quyết đúng hạn 98% hồ sơ", "2021-03-04T08:00:00+07:00",
    "Năm 2020, xã Cư Huê, huyện Ea Kar, tỉnh Đắk Lắk có tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%.\n\n"
    "Xã đã tiếp nhận 1.204 hồ sơ, trong đó 530 hồ sơ nộp trực tuyến.")


def _build(site: Path, output: Path, *, cache: bool) -> dict[str, bytes]:
    result = build(BuildOptions(config_path=site / "config.yaml", output_dir=output, now=NOW,
                                use_cache=cache, jobs=1))
    assert result.exit_code == 0, [d.format() for d in result.diagnostics if d.severity == "error"]
    return read_output(output)


@pytest.fixture
def corpus_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    corpus.write_corpus(site, 40, seed=3)
    return site


def _rendered_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the pages each build renders from now on (not those it keeps)."""
    rendered: list[str] = []
    real = pipeline.render_pages

    def counting(site, pages, *args, **kwargs):
        rendered.extend(page.url for page in pages)
        return real(site, pages, *args, **kwargs)

    monkeypatch.setattr(pipeline, "render_pages", counting)
    return rendered


def test_a_new_place_renders_again_only_the_pages_that_show_it(corpus_site, tmp_path, monkeypatch):
    before = _build(corpus_site, tmp_path / "output", cache=True)
    assert NEW_PLACE_URL not in before
    pages = sum(1 for url in before if url.endswith(".html"))
    (corpus_site / "content" / "2021" / "cu-hue.md").write_text(NEW_ARTICLE, encoding="utf-8")
    rendered = _rendered_urls(monkeypatch)
    warm = _build(corpus_site, tmp_path / "output", cache=True)
    assert NEW_PLACE_URL in warm
    assert 0 < len(rendered) < pages // 4, sorted(rendered)
    cold = _build(corpus_site, tmp_path / "cold", cache=False)
    assert sorted(url for url in warm.keys() | cold.keys() if warm.get(url) != cold.get(url)) == []


def test_a_template_that_lists_every_place_is_rendered_again_on_every_page(corpus_site, tmp_path):
    """A theme may read the place index itself, here on every page: then a new place's page changes
    every page, and the rebuild must render them all again."""
    base = (REPO / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    footer = '<footer class="site-footer">\n  <div class="wrap">\n'
    assert footer in base
    (corpus_site / "templates").mkdir()
    (corpus_site / "templates" / "base.html").write_text(base.replace(
        footer, footer + '    <p id="so-dia-phuong">{{ site.places.entries | length }}</p>\n'), encoding="utf-8")
    before = _build(corpus_site, tmp_path / "output", cache=True)
    (corpus_site / "content" / "2021" / "cu-hue.md").write_text(NEW_ARTICLE, encoding="utf-8")
    warm = _build(corpus_site, tmp_path / "output", cache=True)
    cold = _build(corpus_site, tmp_path / "cold", cache=False)
    assert sorted(url for url in warm.keys() | cold.keys() if warm.get(url) != cold.get(url)) == []
    # Every page shows the count, and it went up by the new places' pages.
    count = re.compile(rb'<p id="so-dia-phuong">(\d+)</p>')
    shown = {url: count.search(data) for url, data in warm.items() if url.endswith(".html")}
    assert all(shown.values())
    assert {int(found.group(1)) for found in shown.values()} == {
        int(count.search(before["/404.html"]).group(1)) + 3}
