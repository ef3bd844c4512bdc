"""categories: and tags: in config.yaml hide, rename and merge terms on every page that shows them."""

from __future__ import annotations

import json

from sitekit import article

CONFIG = """\
title: T
base_url: https://example.org/
categories:
  hide: [entries, VN]
  rename: {co-so: Cơ sở}
tags:
  merge: {Một cửa: [một cửa, Bộ phận một cửa]}
"""


def _site(make_site, config=CONFIG):
    return make_site({
        "content/a.md": article("Xã Tân Hoà làm tốt", "2024-01-02", categories="entries VN",
                                tags="[một cửa, số hóa]"),
        "content/b.md": article("Huyện Châu Thành sơ kết", "2024-01-03",
                                categories="[Co so, Cải cách hành chính]", tags="[Bộ phận một cửa]"),
    }, config=config)


def test_hidden_categories_get_no_page_and_show_nowhere(make_site) -> None:
    site = _site(make_site)
    assert not site.exists("/chuyen-muc/entries/") and not site.exists("/chuyen-muc/vn/")
    assert site.exists("/chuyen-muc/cai-cach-hanh-chinh/")
    page = site.html("/bai-viet/xa-tan-hoa-lam-tot/").get_text(" ")
    assert "entries" not in page and " VN " not in page
    articles = json.loads((site.output / "data" / "articles.json").read_text(encoding="utf-8"))
    assert len(articles["articles"]) == 2
    assert all("entries" not in json.dumps(a, ensure_ascii=False) for a in articles["articles"])


def test_renamed_and_merged_terms_show_under_their_new_name(make_site) -> None:
    site = _site(make_site)
    index = site.html("/chuyen-muc/").get_text(" ")
    assert "Cơ sở" in index and "Co so" not in index
    tag = site.html("/chu-de/mot-cua/")
    titles = {a.get_text(strip=True) for a in tag.select("article h2 a, article h3 a")}
    assert titles == {"Xã Tân Hoà làm tốt", "Huyện Châu Thành sơ kết"}
    assert not site.exists("/chu-de/bo-phan-mot-cua/")


def test_without_settings_every_category_is_published(make_site) -> None:
    site = _site(make_site, config="title: T\nbase_url: https://example.org/\n")
    assert site.exists("/chuyen-muc/entries/") and site.exists("/chuyen-muc/vn/")


def test_a_malformed_setting_names_config_and_line(make_site) -> None:
    site = _site(make_site, config="title: T\nbase_url: https://example.org/\ncategories: [entries]\n")
    assert site.result.exit_code != 0
    message = "\n".join(d.format() for d in site.result.diagnostics)
    assert "config.yaml:3" in message and "'categories' must be a mapping" in message
