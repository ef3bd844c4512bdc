"""Fixture sites built end to end, with assertions on the files and the parsed HTML."""

import gzip
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitekit import NOW, article, read_output

from reformsite.build.pipeline import BuildOptions, build
from reformsite.commands.cli import main
from reformsite.commands.links import check_links
from reformsite.output.write import OutputError, clean_output
from reformsite.search import SearchIndexError

SITE = {
    "content/2024/tan-thanh-binh.md": article(
        " [Tot] Tân Thành Bình thực hiện tốt cải cách hành chính", "Mon, 04 Nov 2024 02:00:00 +0700",
        "[Bài gốc](https://baodongkhoi.vn/bai-goc-a1.html)\n\n![Ảnh](https://baodongkhoi.vn/anh.webp)\n\n"
        "## Kết quả giải quyết hồ sơ\n\nXã đã giải quyết 4.572/4.572 hồ sơ, đạt tỷ lệ 100%.[^1]\n\n"
        "| Chỉ tiêu | Kết quả |\n|---|---|\n| Đúng hạn | 100% |\n\n[^1]: Số liệu 10 tháng.\n",
        categories="entries VN", tags="một cửa, dịch vụ công"),
    "content/2023/dong-khoi.md": article("Đồng Khởi đẩy mạnh chuyển đổi số", "14/07/2023 08:30",
                                         categories="[Chuyển đổi số]", tags="[Một cửa]"),
    "content/2023/trung-1.md": article("Đẩy mạnh cải cách thủ tục hành chính", "2023-03-01"),
    "content/2022/trung-2.md": article("Đẩy mạnh cải cách thủ tục hành chính", "2022-03-01"),
    "content/2021/cu.md": article("Bài năm 2021", "2021-01-05", tags="một cửa"),
    "content/2025/nhap.md": article("Bản nháp", "2025-01-01", draft="true"),
    "content/2027/tuong-lai.md": article("Bài hẹn giờ", "2027-01-01"),
    "content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\ndate: 2024-01-01\nslug: gioi-thieu\n---\nVề cổng thông tin.\n",
}


def test_every_article_and_listing_has_a_page(make_site):
    site = make_site(SITE)
    assert site.result.exit_code == 0, [d.format() for d in site.result.diagnostics]
    for url in ("/", "/bai-viet/dong-khoi-day-manh-chuyen-doi-so/", "/gioi-thieu/", "/404.html",
                "/chu-de/mot-cua/", "/chu-de/", "/chuyen-muc/entries/", "/chuyen-muc/chuyen-doi-so/",
                "/luu-tru/2024/", "/luu-tru/", "/feed.xml", "/sitemap.xml", "/robots.txt",
                "/data/articles.json", "/data/figures.csv", "/static/style.css"):
        assert site.exists(url), url
    home = site.html("/")
    titles = [a.get_text(strip=True) for a in home.select(".lead-title a, .story-title a, .card-title a")]
    # Newest first, 3 per page: the first page holds the newest up to two pages' worth, so all five
    # here (the front page's lead story and the stories beside it among them); drafts and future
    # articles hidden.
    assert titles == ["Tân Thành Bình thực hiện tốt cải cách hành chính", "Đồng Khởi đẩy mạnh chuyển đổi số",
                      "Đẩy mạnh cải cách thủ tục hành chính", "Đẩy mạnh cải cách thủ tục hành chính",
                      "Bài năm 2021"]
    assert home.select_one(".pagination") is None
    assert not site.exists("/bai-viet/ban-nhap/") and not site.exists("/bai-viet/bai-hen-gio/")


def test_article_page(make_site):
    config = "title: T\nbase_url: https://example.org/\npaginate: 3\nimage_hosts: [baodongkhoi.vn]\n"
    site = make_site(SITE, config=config)
    page = site.html("/bai-viet/tan-thanh-binh-thuc-hien-tot-cai-cach-hanh-chinh/")
    assert page.find("h1").get_text(strip=True) == "Tân Thành Bình thực hiện tốt cải cách hành chính"
    assert page.select_one(".badge-tot").get_text(strip=True) == "Tốt"
    assert page.find("html")["lang"] == "vi"
    # Lead image and source link lifted out of the body; the outlet is named from its domain.
    assert page.select_one(".lead-image img")["src"] == "https://baodongkhoi.vn/anh.webp"
    assert page.select_one(".source a")["href"] == "https://baodongkhoi.vn/bai-goc-a1.html"
    assert page.select_one(".source a").get_text() == "Báo Đồng Khởi"
    prose = page.select_one(".prose")
    assert "Bài gốc" not in prose.get_text()
    assert prose.find("h2")["id"] == "ket-qua-giai-quyet-ho-so"
    assert prose.find("table").find("td").get_text() == "Đúng hạn"
    assert prose.select_one(".footnote li").get_text().strip().startswith("Số liệu 10 tháng")
    assert "Thứ Hai, 04/11/2024" in page.select_one(".meta time").get_text()
    assert "1 phút đọc" in page.select_one(".meta").get_text()
    # Landmarks, skip link, canonical, Open Graph, JSON-LD.
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.find("main", id="main") and page.find("header") and page.find("footer") and page.find("nav")
    canonical = "https://example.org/bai-viet/tan-thanh-binh-thuc-hien-tot-cai-cach-hanh-chinh/"
    assert page.find("link", rel="canonical")["href"] == canonical
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", property="og:image")["content"] == "https://baodongkhoi.vn/anh.webp"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle" and data["url"] == canonical
    assert data["datePublished"] == "2024-11-04T02:00:00+07:00"
    assert not page.find(string=lambda s: "http" in s and "//" in s and "fonts" in s)


def test_a_lead_image_from_a_host_the_site_does_not_allow_is_a_placeholder(make_site):
    site = make_site(SITE)
    url = "/bai-viet/tan-thanh-binh-thuc-hien-tot-cai-cach-hanh-chinh/"
    page = site.html(url)
    assert page.select_one(".lead-image") is None and not page.select("main img")
    # Social networks and search engines get the site's own pictures instead.
    assert page.find("meta", property="og:image")["content"] == "https://example.org/static/social.jpg"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["image"] == ["https://example.org/static/social.jpg"]
    assert data["publisher"]["logo"]["url"] == "https://example.org/static/logo.png"
    for own in ("/static/social.jpg", "/static/logo.png", "/static/favicon.svg"):
        assert site.file(own).stat().st_size > 0
    assert page.find("link", rel="icon")["href"] == "/static/favicon.svg"


def test_same_title_gets_distinct_stable_urls(make_site):
    site = make_site(SITE)
    # The older article keeps the plain slug, so publishing a newer one never renames it.
    older = site.html("/bai-viet/day-manh-cai-cach-thu-tuc-hanh-chinh/")
    newer = site.html("/bai-viet/day-manh-cai-cach-thu-tuc-hanh-chinh-2/")
    assert "2022" in older.select_one(".meta time")["datetime"]
    assert "2023" in newer.select_one(".meta time")["datetime"]


def test_taxonomies_merge_case_variants(make_site):
    site = make_site(SITE)
    tag = site.html("/chu-de/mot-cua/")
    titles = {a.get_text(strip=True) for a in tag.select(".card-title a")}
    assert titles == {"Tân Thành Bình thực hiện tốt cải cách hành chính", "Đồng Khởi đẩy mạnh chuyển đổi số",
                      "Bài năm 2021"}
    years = site.html("/luu-tru/")
    assert [a.get_text() for a in years.select(".term-list a")] == ["2024", "2023", "2022", "2021"]


def test_drafts_and_future_flags(make_site):
    site = make_site(SITE, drafts=True, future=True)
    assert site.exists("/bai-viet/ban-nhap/") and site.exists("/bai-viet/bai-hen-gio/")


def test_open_data_and_feed(make_site):
    site = make_site(SITE)
    data = json.loads(site.file("/data/articles.json").read_text())
    rows = data["articles"]
    assert [r["date"][:4] for r in rows] == ["2021", "2022", "2023", "2023", "2024"]
    first = rows[-1]
    assert first["label"] == "tot" and first["source_url"] == "https://baodongkhoi.vn/bai-goc-a1.html"
    assert first["url"] == "https://example.org/bai-viet/tan-thanh-binh-thuc-hien-tot-cai-cach-hanh-chinh/"
    for key in ("province", "district", "commune", "places", "figures"):
        assert key in first
    feed = BeautifulSoup(site.file("/feed.xml").read_text(), "xml")
    assert feed.find("updated").text == "2024-11-04T02:00:00+07:00"
    assert len(feed.find_all("entry")) == 5


def test_no_broken_internal_links_under_a_sub_path(make_site):
    site = make_site(SITE, base_url="https://example.org/portal/")
    files = read_output(site.output)
    assert check_links(files, base_url="https://example.org/portal/") == []
    home = site.html("/")
    assert home.find("link", rel="stylesheet")["href"] == "/portal/static/style.css"
    assert all(a["href"].startswith(("/portal/", "https://", "#")) for a in home.find_all("a"))


def test_output_is_deterministic(make_site, tmp_path):
    site = make_site(SITE)
    first = read_output(site.output)
    again = build(BuildOptions(config_path=site.root / "config.yaml", output_dir=tmp_path / "again",
                               now=NOW))
    assert again.exit_code == 0
    second = read_output(tmp_path / "again")
    assert first.keys() == second.keys()
    assert [u for u in first if first[u] != second[u]] == []


def test_unchanged_files_are_not_rewritten(make_site):
    site = make_site(SITE)
    css = site.file("/static/style.css")
    page = site.file("/bai-viet/dong-khoi-day-manh-chuyen-doi-so/")
    before = (css.stat().st_ino, page.stat().st_mtime_ns)
    again = make_site(SITE)
    assert again.result.stats.written == 0 and again.result.stats.unchanged > 20
    assert (css.stat().st_ino, page.stat().st_mtime_ns) == before


def _from_scratch(site, folder: Path) -> dict[str, bytes]:
    result = build(BuildOptions(config_path=site.root / "config.yaml", output_dir=folder, now=NOW,
                                use_cache=False))
    assert result.exit_code == 0
    return read_output(folder)


def test_rebuilds_staged_into_the_previous_output_equal_builds_from_scratch(make_site, tmp_path):
    """From the second build on, the output replaced by a build is kept as the spare the next one
    stages into: after edits, removals, additions and a change of every page, the output must still
    be what a build from scratch makes."""
    files = dict(SITE)
    site = make_site(files)
    css = site.file("/static/style.css")
    css_inode = css.stat().st_ino
    spare = site.root / ".output.spare"
    assert not spare.exists()           # a first build has no previous output to keep

    def edit_body(text: str) -> None:
        files["content/2023/dong-khoi.md"] = article("Đồng Khởi đẩy mạnh chuyển đổi số", "14/07/2023 08:30",
                                                     text, categories="[Chuyển đổi số]", tags="[Một cửa]")

    def swap_articles() -> None:
        (site.root / "content/2022/trung-2.md").unlink()
        del files["content/2022/trung-2.md"]
        files["content/2024/moi.md"] = article("Bài mới về một cửa", "2024-06-01", tags="một cửa")

    config = None
    def edit_oldest() -> None:       # an edit that leaves the page of the article edited before unchanged
        files["content/2021/cu.md"] = article("Bài năm 2021", "2021-01-05", "Đã sửa bài cũ.", tags="một cửa")

    steps = [lambda: edit_body("Đã sửa lần một."), edit_oldest, swap_articles, lambda: None,
             lambda: edit_body("Lần hai."), "retitle", lambda: edit_body("Nội dung bài viết.")]
    for number, step in enumerate(steps):
        if step == "retitle":           # every page changes
            config = "title: Tên khác\nbase_url: https://example.org/\npaginate: 3\n"
        else:
            step()
        again = make_site(files, config)
        assert again.result.exit_code == 0, [d.format() for d in again.result.diagnostics]
        assert read_output(site.output) == _from_scratch(site, tmp_path / f"scratch-{number}"), number
        assert spare.is_dir() and (site.root / ".output.spare.json").is_file()
        assert css.stat().st_ino == css_inode       # never rewritten, in the output or the spare
    assert not [p.name for p in site.root.glob(".output.*-*")]
    shutil.rmtree(site.output)          # deleted by hand: the spare of it goes with the next build
    assert make_site(files, config).result.exit_code == 0
    assert not spare.exists() and not (site.root / ".output.spare.json").exists()


def test_the_spare_of_a_deleted_output_is_deleted_beside_the_build(make_site, monkeypatch, tmp_path):
    """The spare of an output deleted by hand is a whole old site (15 s to delete at 10,000
    articles): it is moved aside at once, deleted by a process of its own while the pages are
    written, and gone when the build returns."""
    import reformsite.build.pipeline as builder_module
    import reformsite.output.write as output_module

    site = make_site(SITE)
    make_site(SITE)
    spare = site.root / ".output.spare"
    assert spare.is_dir()
    shutil.rmtree(site.output)
    # The deletion waits until the last page has been written, and takes a while after that.
    gate = site.root / "gate"
    monkeypatch.setattr(output_module, "DELETE_COMMAND",
                        ("sh", "-c", 'while [ ! -e "$0" ]; do sleep 0.01; done; sleep 0.5; rm -rf -- "$1"', str(gate)))
    seen_while_writing = []
    render_pages = builder_module.render_pages

    def watched(*args, **kwargs):
        yield from render_pages(*args, **kwargs)
        seen_while_writing.append((spare.exists(), sorted(p.name for p in site.root.glob(".output.trash-*"))))
        gate.touch()

    monkeypatch.setattr(builder_module, "render_pages", watched)
    result = build(BuildOptions(config_path=site.root / "config.yaml", output_dir=site.output, now=NOW))
    assert result.exit_code == 0
    assert seen_while_writing == [(False, [f".output.trash-{os.getpid()}-1"])]
    assert not [p.name for p in site.root.glob(".output.*") if p.name != ".output.lock"]
    assert read_output(site.output) == _from_scratch(site, tmp_path / "scratch")


def test_a_spare_that_does_not_belong_to_the_output_is_not_used(make_site, tmp_path):
    site = make_site(SITE)
    make_site(SITE)
    spare = site.root / ".output.spare"
    (spare / "static/style.css").unlink()
    (spare / "static/style.css").write_bytes(b"stale")
    # The output was replaced behind the build's back: its marker is another file now.
    marker = site.output / ".reformsite-output"
    text = marker.read_text()
    marker.unlink()
    marker.write_text(text)
    (site.root / "content/2021/cu.md").write_text(article("Bài năm 2021, đã sửa", "2021-01-05"), encoding="utf-8")
    files = {**SITE, "content/2021/cu.md": article("Bài năm 2021, đã sửa", "2021-01-05")}
    assert make_site(files).result.exit_code == 0
    assert read_output(site.output) == _from_scratch(site, tmp_path / "scratch")


def test_clean_deletes_the_output_and_what_builds_keep_beside_it(make_site, tmp_path):
    site = make_site(SITE)
    make_site(SITE)
    assert (site.root / ".output.spare").is_dir()
    assert clean_output(site.output)
    assert not site.output.exists()
    assert not [p.name for p in site.root.iterdir() if p.name.startswith(".output.") and p.name != ".output.lock"]
    assert not clean_output(site.output)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.txt").write_text("keep me")
    with pytest.raises(OutputError, match="not made by reformsite"):
        clean_output(tmp_path / "mine")
    assert (tmp_path / "mine" / "a.txt").read_text() == "keep me"


def test_bad_articles_are_reported_and_good_ones_built(make_site):
    files = dict(SITE)
    files["content/hong/loi-yaml.md"] = "---\ntitle: a: b\ndate: 2024-01-01\n---\n"
    files["content/hong/ngay-sai.md"] = "---\ntitle: Ngày sai\ndate: 31/02/2024\n---\n"
    site = make_site(files)
    assert site.result.exit_code == 1
    located = sorted(d.location() for d in site.result.errors)
    assert located == ["content/hong/loi-yaml.md:2:9", "content/hong/ngay-sai.md:3:7"]
    assert site.exists("/bai-viet/dong-khoi-day-manh-chuyen-doi-so/")
    assert len(list((site.output / "bai-viet").iterdir())) == 5


def _assert_failed_build_changed_nothing(site, before, content_before):
    assert read_output(site.output) == before
    assert not [p for p in site.root.iterdir() if p.name.startswith(".output.staging")]
    assert {p: p.read_bytes() for p in (site.root / "content").rglob("*") if p.is_file()} == content_before


def test_a_failed_build_leaves_previous_output_and_content_intact(make_site, monkeypatch):
    make_site(SITE)
    # A second build leaves the previous output as the spare, which the failing build stages into.
    site = make_site({**SITE, "content/2021/cu.md": article("Bài năm 2021, đã sửa", "2021-01-05")})
    assert (site.root / ".output.spare").is_dir()
    before = read_output(site.output)
    content_before = {p: p.read_bytes() for p in (site.root / "content").rglob("*") if p.is_file()}

    import reformsite.build.pipeline as builder_module

    def broken_render(*args, **kwargs):
        yield "/", b"partial"
        raise RuntimeError("the renderer died")

    monkeypatch.setattr(builder_module, "render_pages", broken_render)
    with pytest.raises(RuntimeError, match="the renderer died"):
        build(BuildOptions(config_path=site.root / "config.yaml", use_cache=False))
    _assert_failed_build_changed_nothing(site, before, content_before)


def _stand_in_pagefind(folder: Path, script: str) -> Path:
    """An executable the indexer starts instead of Pagefind (the pagefind package reads
    PAGEFIND_BINARY_PATH)."""
    binary = folder / "pagefind"
    binary.write_text("#!/bin/sh\n" + script)
    binary.chmod(0o755)
    return binary


def test_a_search_index_failing_in_its_own_process_fails_the_build_cleanly(make_site, monkeypatch, tmp_path):
    """With many pages the search bundle is made in a process of its own while pages render; when
    Pagefind fails there, the build says why and the previous output stays."""
    site = make_site(SITE)
    before = read_output(site.output)
    content_before = {p: p.read_bytes() for p in (site.root / "content").rglob("*") if p.is_file()}

    import reformsite.build.indexing as indexing_module

    monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 0)   # as on a large site
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_stand_in_pagefind(tmp_path, "exit 3\n")))
    with pytest.raises(SearchIndexError, match=r"^search index: pagefind service stopped replying") as raised:
        build(BuildOptions(config_path=site.root / "config.yaml", use_cache=False))
    assert raised.value.hint is not None and "PAGEFIND_BINARY_PATH" in raised.value.hint
    _assert_failed_build_changed_nothing(site, before, content_before)
    assert not list(site.root.glob(".output.search-*"))      # its folder is cleared


def test_a_build_that_fails_while_the_index_is_made_stops_the_indexer(make_site, monkeypatch, tmp_path):
    site = make_site(SITE)
    before = read_output(site.output)
    content_before = {p: p.read_bytes() for p in (site.root / "content").rglob("*") if p.is_file()}
    pid_file = tmp_path / "pagefind.pid"
    # A Pagefind that reads its requests and never answers: the indexer waits on it until stopped.
    pagefind = _stand_in_pagefind(tmp_path, f"echo $$ > {pid_file}.part && mv {pid_file}.part {pid_file}\n"
                                            "exec cat > /dev/null\n")

    import reformsite.build.indexing as indexing_module
    import reformsite.build.pipeline as builder_module

    def broken_render(*args, **kwargs):
        while not pid_file.exists():    # the indexer is at work
            time.sleep(0.01)
        yield "/", b"partial"
        raise RuntimeError("the renderer died")

    monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 0)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(pagefind))
    monkeypatch.setattr(builder_module, "render_pages", broken_render)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="the renderer died"):
        build(BuildOptions(config_path=site.root / "config.yaml", use_cache=False))
    # The indexer was stopped, not waited for, and Pagefind went with it (its input closed).
    pagefind_pid = int(pid_file.read_text())
    while _running(pagefind_pid) and time.monotonic() - started < 30:
        time.sleep(0.05)
    assert not _running(pagefind_pid)
    _assert_failed_build_changed_nothing(site, before, content_before)
    assert not list(site.root.glob(".output.search-*"))


def _search_urls(output: Path) -> set[str]:
    """The URLs of every record in the search bundle's shards under *output*."""
    urls = set()
    for fragment in (output / "pagefind").rglob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(raw[len(b"pagefind_dcd"):])["url"])
    return urls


def test_the_search_process_indexes_the_site_as_placed_in_the_end(make_site, monkeypatch):
    """The search process starts before the indicator index is made; when an article takes the URL
    of a page the site makes, the site is modelled again without it, and so is the search."""
    import reformsite.build.indexing as indexing_module

    monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 0)   # as on a large site
    started: list[list[str]] = []
    real = indexing_module.search_alongside

    def recorded(site, *args, **kwargs):
        started.append([a.url for a in site.articles])
        return real(site, *args, **kwargs)

    monkeypatch.setattr(indexing_module, "search_alongside", recorded)
    files = {**SITE, "content/2024/chiem.md": article("Chiếm trang chủ đề", "2024-06-01",
                                                     permalink="/chu-de/mot-cua/")}
    site = make_site(files, use_cache=False)
    assert any("is a page the site makes itself" in d.message for d in site.result.diagnostics)
    assert len(started) == 2 and "/chu-de/mot-cua/" in started[0]
    shown = {a.url for a in site.result.site.articles}
    assert "/chu-de/mot-cua/" not in shown and "/bai-viet/dong-khoi-day-manh-chuyen-doi-so/" in shown
    assert _search_urls(site.output) == shown
    assert "Chiếm trang chủ đề" not in site.html("/chu-de/mot-cua/").get_text()


@pytest.mark.parametrize("in_a_process", [False, True], ids=["in place", "in its own process"])
def test_a_failing_pagefind_stops_the_command_with_an_error_not_a_traceback(make_site, monkeypatch, tmp_path,
                                                                            capsys, in_a_process):
    """What a CI log shows when Pagefind cannot run: the error, what to do, and exit status 1."""
    site = make_site(SITE)
    before = read_output(site.output)
    import reformsite.build.indexing as indexing_module

    if in_a_process:
        monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 0)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    capsys.readouterr()
    assert main(["build", "--config", str(site.root / "config.yaml"), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[-3].startswith("build.py: error: search index: pagefind could not start (")
    assert "PAGEFIND_BINARY_PATH" in lines[-2]
    assert lines[-1] == "build.py: the build stopped; the output folder was left as it was"
    assert read_output(site.output) == before
    # `check` makes the index too, in memory: the same error, and nothing to say of the output.
    assert main(["check", "--config", str(site.root / "config.yaml")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-2].startswith("build.py: error: search index: pagefind could not start (")


def test_a_search_error_from_the_indexer_reads_as_the_search_says_it():
    """The indexer's process reports an error as "ErrorName: message"; the build's error leaves out
    the names of the search's own errors, and says what to do only when Pagefind is the cause."""
    from reformsite.build.indexing import index_error

    gone = index_error("SearchIndexError: the previous output's search shard /pagefind/2021/ was deleted "
                       "during the build; build again")
    assert str(gone) == ("search index: the previous output's search shard /pagefind/2021/ was deleted "
                         "during the build; build again")
    assert gone.hint is None
    refused = index_error("PagefindError: pagefind: bad request")
    assert str(refused) == "search index: pagefind: bad request" and "PAGEFIND_BINARY_PATH" in refused.hint
    full = index_error("OSError: [Errno 28] No space left on device")
    assert str(full) == "search index: OSError: [Errno 28] No space left on device" and full.hint is None


def _running(pid: int) -> bool:
    """True while *pid* exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_site_templates_override_the_theme(make_site):
    files = dict(SITE)
    files["templates/404.html"] = "<!DOCTYPE html><title>Riêng</title><p id='rieng'>Trang lỗi riêng</p>\n"
    site = make_site(files)
    assert site.html("/404.html").find(id="rieng").get_text() == "Trang lỗi riêng"
    assert site.html("/").find("h1")  # other templates still come from the theme


def test_english_interface(make_site):
    site = make_site(SITE, config="title: Reform\nbase_url: https://example.org/\nlanguage: en\n")
    page = site.html("/bai-viet/dong-khoi-day-manh-chuyen-doi-so/")
    assert page.find("html")["lang"] == "en"
    assert page.select_one("a.skip-link").get_text() == "Skip to main content"
    assert "Friday, 14 July 2023" in page.select_one(".meta").get_text()


def test_permalinks_are_configurable(make_site):
    config = "title: T\nbase_url: https://example.org/\npermalinks:\n  article: /{year}/{month}/{slug}/\n"
    site = make_site(SITE, config=config)
    assert site.exists("/2023/07/dong-khoi-day-manh-chuyen-doi-so/")
    assert check_links(read_output(site.output), base_url="https://example.org/") == []


def test_empty_content_folder_builds_an_empty_site(make_site):
    site = make_site({"content/.keep": ""})
    assert site.result.exit_code == 0 and site.exists("/") and site.exists("/404.html")


def test_output_not_made_by_us_is_never_overwritten(make_site, tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep me")
    from reformsite.output.write import OutputError
    try:
        make_site(SITE, output_dir=foreign)
        raise AssertionError("expected OutputError")
    except OutputError:
        pass
    assert os.listdir(foreign) == ["important.txt"]


def test_config_can_trust_raw_html(make_site):
    files = {"content/a.md": article("Bài có nhúng", "2024-01-01", '<div class="embed"><script src="https://x/y.js"></script></div>')}
    untrusted = make_site(files)
    assert untrusted.html("/bai-viet/bai-co-nhung/").select_one(".prose script") is None
    trusted = make_site(files, config="title: T\nbase_url: https://example.org/\nallow_raw_html: true\n")
    assert trusted.html("/bai-viet/bai-co-nhung/").select_one(".prose script")["src"] == "https://x/y.js"
