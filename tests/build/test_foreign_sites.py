"""A Jekyll or a Hugo site given as --content, as it is: posts, pages, sections, their dates, slugs,
permalinks and old addresses, built end to end and checked on the files written."""

import json

from bs4 import BeautifulSoup
from sitekit import NOW, write_site

from reformsite.build.pipeline import BuildOptions, build

JEKYLL = {
    "_config.yml": "title: Nhật ký cải cách\nurl: https://nhatky.example.vn\n",
    "_posts/2023-06-02-mot-cua-lien-thong.md":
        "---\nlayout: post\ntitle: Một cửa liên thông ở xã\ntags: mot-cua dich-vu-cong\n---\nNội dung về một cửa.\n",
    "_posts/2023-06-03-khong-co-dau.markdown":
        "Bài viết không có phần đầu, như Jekyll cho phép.\n",
    "tin-tuc/_posts/2023-07-01-hop-giao-ban.mkdn":
        "---\ntitle: \"[Phần 2] Họp giao ban quý\"\ncategory: 2013\n"
        "author: {login: bbt, display_name: Ban biên tập}\n...\nBiên bản họp.\n",
    "_posts/2023-08-09-dan-duong.md":
        "---\ntitle: Đường dẫn riêng\npermalink: 2023/dan-duong-rieng/\nredirect_from: [/cu/dan-duong/]\n---\nThân.\n",
    "_posts/2023-09-01-bang-gia.html": "---\ntitle: Bảng giá\n---\n<p>HTML</p>\n",
    "_drafts/dang-viet.md": "---\ntitle: Đang viết\ndate: 2023-10-01\n---\nNháp.\n",
    "gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n",
    "_includes/chan-trang.html": "<footer>không phải nội dung</footer>\n",
}


def build_foreign(tmp_path, files, config="title: Thử\n", **options):
    site = tmp_path / "nguon"
    site.mkdir(exist_ok=True)
    write_site(site, files, config="")
    (site / "config.yaml").unlink()
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    result = build(BuildOptions(config_path=tmp_path / "config.yaml", content_dir=site, now=NOW, **options))
    return result, tmp_path / "output"


def page(output, url):
    path = output / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def messages(result):
    return {(d.path.split("nguon/")[-1], d.severity.value, d.message) for d in result.diagnostics}


def test_jekyll_site_root_builds_its_posts_and_pages(tmp_path):
    result, output = build_foreign(tmp_path, JEKYLL, config="paginate: 5\n")
    assert not result.errors, [d.format() for d in result.errors]
    data = json.loads((output / "data/articles.json").read_text("utf-8"))
    by_url = {a["url"]: a for a in data["articles"]}
    # Slugs come from the file names, dates from them when the front matter has none.
    first = by_url["https://nhatky.example.vn/bai-viet/mot-cua-lien-thong/"]
    assert first["date"].startswith("2023-06-02")
    assert "https://nhatky.example.vn/bai-viet/khong-co-dau/" in by_url
    # The site's title and address come from _config.yml when config.yaml does not give them.
    assert "Nhật ký cải cách" in page(output, "/").find("title").get_text()
    # A page keeps its Jekyll address; the other files are not content.
    assert page(output, "/gioi-thieu.html").find("h1").get_text(strip=True) == "Giới thiệu"
    assert not (output / "_includes").exists()
    assert ("_posts/2023-09-01-bang-gia.html", "warning",
            "skipped: only Markdown posts and pages are converted") in messages(result)


def test_jekyll_fields_dates_tags_and_labels(tmp_path):
    _result, output = build_foreign(tmp_path, JEKYLL)
    meeting = page(output, "/bai-viet/hop-giao-ban/")
    # "[Phần 2]" is not an assessment: it stays in the headline, with no badge.
    assert meeting.find("h1").get_text(strip=True) == "[Phần 2] Họp giao ban quý"
    assert meeting.select_one(".badge") is None
    assert "Ban biên tập" in meeting.get_text()
    # `tags: a b` is split as Jekyll splits it; `category: 2013` is a category.
    assert (output / "chu-de/mot-cua/index.html").is_file() and (output / "chu-de/dich-vu-cong/index.html").is_file()
    assert (output / "chuyen-muc/2013/index.html").is_file()


def test_old_addresses_redirect_and_are_listed_nowhere_else(tmp_path):
    _result, output = build_foreign(tmp_path, JEKYLL)
    # Jekyll's default permalink ("date"): /:categories/:year/:month/:day/:title.html, the post's
    # folder above _posts/ first among its categories.
    old = page(output, "/tin-tuc/2013/2023/07/01/hop-giao-ban.html")
    assert old.find("link", rel="canonical")["href"] == "https://nhatky.example.vn/bai-viet/hop-giao-ban/"
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/bai-viet/hop-giao-ban/"
    # A permalink without its leading slash is kept; redirect_from sends the old address to it.
    assert page(output, "/2023/dan-duong-rieng/").find("h1").get_text(strip=True) == "Đường dẫn riêng"
    assert page(output, "/cu/dan-duong/").find("link", rel="canonical")["href"].endswith("/2023/dan-duong-rieng/")
    for listing in ("sitemap.xml", "feed.xml", "data/articles.json"):
        assert "hop-giao-ban.html" not in (output / listing).read_text("utf-8")
        assert "/cu/dan-duong/" not in (output / listing).read_text("utf-8")


def test_jekyll_permalink_style_from_config_keeps_urls(tmp_path):
    files = {**JEKYLL, "_config.yml": "title: Nhật ký\npermalink: pretty\n"}
    _result, output = build_foreign(tmp_path, files)
    assert page(output, "/tin-tuc/2013/2023/07/01/hop-giao-ban/").find("h1").get_text(strip=True).endswith("Họp giao ban quý")
    assert not (output / "bai-viet/hop-giao-ban").exists()
    # config.yaml's own permalink wins: then the Jekyll address redirects.
    _result, output = build_foreign(tmp_path, files, config="permalinks:\n  article: /tin/{slug}/\n")
    assert page(output, "/tin-tuc/2013/2023/07/01/hop-giao-ban/").find("link", rel="canonical")["href"].endswith(
        "/tin/hop-giao-ban/")


def test_jekyll_drafts_only_with_drafts(tmp_path):
    _result, output = build_foreign(tmp_path, JEKYLL)
    assert not (output / "bai-viet/dang-viet").exists()
    _result, output = build_foreign(tmp_path, JEKYLL, drafts=True)
    assert page(output, "/bai-viet/dang-viet/").find("h1").get_text(strip=True) == "Đang viết"


HUGO = {
    "hugo.toml": 'baseURL = "https://tailieu.example.vn/"\ntitle = "Tài liệu"\n'
                 '[[module.mounts]]\nsource = "content/vi"\ntarget = "content"\n',
    "content/vi/_index.md": "---\ntitle: Trang chủ cũ\n---\nChào.\n",
    "content/vi/huong-dan/_index.md": "---\ntitle: Hướng dẫn\n---\nMục hướng dẫn.\n",
    "content/vi/huong-dan/Nop-Ho-So.md":
        "---\ntitle: Nộp hồ sơ\naliases: [/cu/nop-ho-so/]\nlinktitle: Nộp\n---\nCác bước nộp.\n",
    "content/vi/tin/thong-bao.md":
        "+++\ntitle = \"Thông báo lịch tiếp dân\"\ndate = 2024-05-02T09:00:00+07:00\n"
        "expiryDate = 2025-01-01T00:00:00+07:00\n+++\nLịch tiếp dân.\n",
    "content/vi/tin/ke-hoach.md":
        "---\ntitle: Kế hoạch năm\ndate: 2024-01-05\npublishDate: 2024-02-01\nslug: Ke-Hoach-Nam\n---\nKế hoạch.\n",
    "content/vi/_chung/_index.md": "---\ncascade:\n  build:\n    render: never\n---\n",
    "content/vi/_chung/doan-van.md": "---\n---\nĐoạn văn dùng chung.\n",
}


def test_hugo_site_sections_section_pages_and_aliases(tmp_path):
    result, output = build_foreign(tmp_path, HUGO)
    assert not result.errors, [d.format() for d in result.errors]
    # Undated pages keep their section path (lower-cased); _index.md is the section's page.
    assert page(output, "/huong-dan/nop-ho-so/").find("h1").get_text(strip=True) == "Nộp hồ sơ"
    assert page(output, "/huong-dan/").find("h1").get_text(strip=True) == "Hướng dẫn"
    assert page(output, "/cu/nop-ho-so/").find("link", rel="canonical")["href"] == \
        "https://tailieu.example.vn/huong-dan/nop-ho-so/"
    # A dated page is an article; its Hugo address redirects; publishDate is when it is published.
    plan = page(output, "/bai-viet/ke-hoach-nam/")
    assert plan.find("h1").get_text(strip=True) == "Kế hoạch năm"
    assert page(output, "/tin/ke-hoach-nam/").find("link", rel="canonical")["href"].endswith("/bai-viet/ke-hoach-nam/")
    data = json.loads((output / "data/articles.json").read_text("utf-8"))
    assert [a["date"][:10] for a in data["articles"]] == ["2024-02-01"]     # the expired one is gone
    found = messages(result)
    assert ("content/vi/_chung/doan-van.md", "warning",
            "not published: its Hugo bundle is headless (build.render: never)") in found
    assert any(path == "content/vi/_index.md" and "home page" in message for path, _, message in found)
    assert not any("unknown field" in message for _, _, message in found)
