"""The build cache and the process pools must never change the output, only the time it takes."""

import os
import time
from pathlib import Path

from sitekit import NOW, REPO, article, read_output, write_site

import reformsite.build.articles as articles_module
import reformsite.build.digest as digest_module
import reformsite.build.indexing as indexing_module
import reformsite.build.pipeline as builder_module
import reformsite.pages.kinds as pages_module
import reformsite.render.pool as renderpool_module
from reformsite.build.pipeline import BuildOptions, build

SITE = {f"content/2024/bai-{n}.md": article(
    f"Xã Tân Thành Bình tiếp nhận hồ sơ tháng {n}", f"2024-{n:02d}-05T08:00:00+07:00",
    f"Trong tháng {n}/2024, UBND xã Tân Thành Bình, huyện Mỏ Cày Bắc tiếp nhận {1000 + n}.{n:03d} hồ sơ, "
    f"tỷ lệ đúng hạn đạt 9{n % 10},5%.\n", tags="một cửa") for n in range(1, 13)}


def _build(root: Path, output: str, **options) -> dict[str, bytes]:
    result = build(BuildOptions(config_path=root / "config.yaml", output_dir=root / output, now=NOW, **options))
    assert result.exit_code == 0, [d.format() for d in result.diagnostics]
    return read_output(root / output)


def test_parallel_build_is_byte_identical_to_serial(tmp_path, monkeypatch):
    write_site(tmp_path, SITE)
    serial = _build(tmp_path, "serial", use_cache=False)
    monkeypatch.setattr(articles_module, "POOL_THRESHOLD", 0)
    monkeypatch.setattr(renderpool_module, "POOL_THRESHOLD", 0)
    # The search bundle made in place: every slice of pages renders in a forked process.
    forked = _build(tmp_path, "forked", use_cache=False)
    # Made by a process of its own: while it works, the pages render in the build's process.
    monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 0)
    parallel = _build(tmp_path, "parallel", use_cache=False)
    assert serial.keys() == forked.keys() == parallel.keys()
    assert [url for url in serial if serial[url] != forked[url]] == []
    assert [url for url in serial if serial[url] != parallel[url]] == []


def test_while_the_search_process_works_pages_render_in_the_build_process(tmp_path, monkeypatch):
    """With two jobs and the indexer on one core, a forked render process would only copy the model."""
    write_site(tmp_path, SITE)
    monkeypatch.setattr(renderpool_module, "POOL_THRESHOLD", 0)
    monkeypatch.setattr(renderpool_module, "SLICE", 5)
    monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 0)
    real_jobs, real_data_files = indexing_module.shard_jobs, builder_module.data_files
    rendered_all = tmp_path / "rendered-all"

    def slow_jobs(*args):       # in the forked search process, which inherits the patch
        deadline = time.monotonic() + 60
        while not rendered_all.exists() and time.monotonic() < deadline:
            time.sleep(0.05)    # busy until every page has rendered, however slow the machine
        return real_jobs(*args)

    def data_files(*args, **kwargs):    # asked for once the pages are done
        rendered_all.touch()
        return real_data_files(*args, **kwargs)

    monkeypatch.setattr(indexing_module, "shard_jobs", slow_jobs)
    monkeypatch.setattr(builder_module, "data_files", data_files)
    rendered_by: set[int] = set()
    real_render = renderpool_module.RenderJob.render

    def render(self, page):
        rendered_by.add(os.getpid())
        return real_render(self, page)

    monkeypatch.setattr(renderpool_module.RenderJob, "render", render)
    _build(tmp_path, "out", use_cache=False, jobs=2)
    assert rendered_by == {os.getpid()}
    monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 10_000)
    rendered_all.unlink()
    rendered_by.clear()
    _build(tmp_path, "out2", use_cache=False, jobs=2)
    assert rendered_by == set()         # forked processes' additions stay in them


def test_one_job_builds_in_a_single_process_and_gives_the_same_site(tmp_path, monkeypatch):
    """--jobs 1, for a machine short of memory: no pool, no search process, the same bytes."""
    write_site(tmp_path, SITE)
    monkeypatch.setattr(articles_module, "POOL_THRESHOLD", 0)
    monkeypatch.setattr(renderpool_module, "POOL_THRESHOLD", 0)
    monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 0)
    parallel = _build(tmp_path, "parallel", use_cache=False, jobs=2)

    def no_process(*args, **kwargs):
        raise AssertionError("a process was started")

    monkeypatch.setattr(articles_module, "ProcessPoolExecutor", no_process)
    monkeypatch.setattr(indexing_module.multiprocessing, "get_context", no_process)
    assert _build(tmp_path, "single", use_cache=False, jobs=1) == parallel


def test_cache_skips_unchanged_articles_and_keeps_output_identical(tmp_path, monkeypatch):
    write_site(tmp_path, SITE)
    cold = _build(tmp_path, "out", use_cache=False)
    _build(tmp_path, "out")                                   # fills the cache
    processed: list[str] = []
    real = articles_module.process_file

    def counting(item, **kwargs):
        processed.append(item[0])
        return real(item, **kwargs)

    monkeypatch.setattr(articles_module, "process_file", counting)
    warm = _build(tmp_path, "out")
    assert processed == [] and warm == cold
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text().replace("tiếp nhận 1003.003", "tiếp nhận 2.222"), encoding="utf-8")
    after_edit = _build(tmp_path, "out")
    assert processed == ["2024/bai-3.md"]
    assert b"2.222" in after_edit["/bai-viet/xa-tan-thanh-binh-tiep-nhan-ho-so-thang-3/index.html"]


def test_settings_change_invalidates_the_cache(tmp_path, monkeypatch):
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")
    processed: list[str] = []
    real = articles_module.process_file
    monkeypatch.setattr(articles_module, "process_file",
                        lambda item, **kw: processed.append(item[0]) or real(item, **kw))
    (tmp_path / "config.yaml").write_text("title: T\nbase_url: https://example.org/\nsummary_words: 5\n")
    _build(tmp_path, "out")
    assert len(processed) == 12


def test_a_damaged_cache_is_rebuilt(tmp_path):
    write_site(tmp_path, SITE)
    first = _build(tmp_path, "out")
    (tmp_path / ".reformsite-cache" / "build.sqlite").write_bytes(b"not a database at all" * 100)
    for wal in (tmp_path / ".reformsite-cache").glob("build.sqlite-*"):
        wal.unlink()
    assert _build(tmp_path, "out") == first


def test_incremental_builds_equal_builds_from_scratch(tmp_path):
    """Pages whose inputs did not change are kept; after any edit the output must be exactly what a
    build from scratch gives."""
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")

    def same_as_scratch(step: str) -> None:
        incremental = _build(tmp_path, "out")
        scratch = _build(tmp_path, f"scratch-{step}", use_cache=False)
        assert incremental.keys() == scratch.keys(), step
        assert [url for url in scratch if incremental[url] != scratch[url]] == [], step

    edited = tmp_path / "content/2024/bai-5.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến.\n")
    same_as_scratch("text")           # only the article's own page reads it
    edited.write_text(edited.read_text().replace("Xã Tân Thành Bình tiếp nhận hồ sơ tháng 5",
                                                 "Tháng 5: xã Tân Thành Bình không có hồ sơ trễ hạn"))
    same_as_scratch("title")
    edited.write_text(edited.read_text().replace("đạt 95,5%", "đạt 88,0%"))
    same_as_scratch("figure")         # place tables and charts, indicator pages, open data
    (tmp_path / "content/2024/moi.md").write_text(article(
        "Huyện Mỏ Cày Bắc tổng kết năm", "2024-12-30T08:00:00+07:00",
        "UBND huyện Mỏ Cày Bắc, tỉnh Bến Tre tiếp nhận 15.200 hồ sơ trong năm 2024.\n", tags="tổng kết"))
    same_as_scratch("new article")
    (tmp_path / "content/2024/bai-7.md").unlink()
    same_as_scratch("deleted article")
    templates = tmp_path / "templates"
    templates.mkdir()
    theme = REPO / "themes" / "default" / "templates" / "macros.html"
    (templates / "macros.html").write_text(theme.read_text().replace('class="card"', 'class="card the"'))
    same_as_scratch("template")
    assert b'class="card the"' in (tmp_path / "out" / "luu-tru" / "2024" / "index.html").read_bytes()


def test_unchanged_pages_are_not_rendered_again(tmp_path, monkeypatch):
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")
    rendered: list[str] = []
    real = builder_module.render_pages

    def counting(site, pages, *args):
        rendered.extend(p.url for p in pages)
        return real(site, pages, *args)

    monkeypatch.setattr(builder_module, "render_pages", counting)
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến.\n")
    _build(tmp_path, "out")
    # A later paragraph changed: the summary on every card is the same, so only its page is redone.
    assert rendered == ["/bai-viet/xa-tan-thanh-binh-tiep-nhan-ho-so-thang-3/"]
    rendered.clear()
    edited.write_text(edited.read_text().replace("đạt 93,5%", "đạt 91,0%"))
    _build(tmp_path, "out")
    # The first paragraph (the summary) and a figure changed: the listings that show it and the
    # place and indicator pages, not the other articles.
    assert "/bai-viet/xa-tan-thanh-binh-tiep-nhan-ho-so-thang-3/" in rendered
    assert "/bai-viet/xa-tan-thanh-binh-tiep-nhan-ho-so-thang-9/" not in rendered


def test_an_edit_of_the_text_alone_digests_only_the_articles_own_pages(tmp_path, monkeypatch):
    """When nothing but articles' text changed (the site's face is the last build's), only pages that
    show an article's text are digested again, for each output folder on its own."""
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")
    digested: list[str] = []
    real = digest_module.page_digest

    def counting(digester, shared, template, context):
        digested.append(template)
        return real(digester, shared, template, context)

    monkeypatch.setattr(digest_module, "page_digest", counting)
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến.\n")
    after = _build(tmp_path, "out")
    assert sorted(set(digested)) == ["article.html"] and len(digested) == len(SITE)
    assert "hướng dẫn người dân" in after["/bai-viet/xa-tan-thanh-binh-tiep-nhan-ho-so-thang-3/index.html"].decode()
    # Another output folder built in between does not make this one's page of the article look current.
    edited.write_text(edited.read_text().replace("hướng dẫn người dân", "nhắc người dân"))
    _build(tmp_path, "other")
    digested.clear()
    again = _build(tmp_path, "out")
    assert sorted(set(digested)) == ["article.html"]
    assert "nhắc người dân" in again["/bai-viet/xa-tan-thanh-binh-tiep-nhan-ho-so-thang-3/index.html"].decode()
    assert again == _build(tmp_path, "scratch", use_cache=False)
    # A figure is part of the face: every page is digested again, and the place pages show it.
    digested.clear()
    edited.write_text(edited.read_text().replace("đạt 93,5%", "đạt 91,0%"))
    changed = _build(tmp_path, "out")
    assert len(digested) > len(SITE) and {"place.html", "indicator.html", "index.html"} <= set(digested)
    assert any(b"91,0" in data for url, data in changed.items() if url.startswith("/dia-phuong/"))


def test_place_figures_are_made_only_for_pages_that_are_rendered(tmp_path, monkeypatch):
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")
    made: list[str] = []
    real = pages_module.place_figures
    monkeypatch.setattr(pages_module, "place_figures", lambda site, place_id: made.append(place_id)
                        or real(site, place_id))
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến.\n")
    _build(tmp_path, "out")
    assert made == []                 # no figure changed: every place page was kept as it was
    edited.write_text(edited.read_text().replace("đạt 93,5%", "đạt 91,0%"))
    after = _build(tmp_path, "out")
    assert made and len(made) == len(set(made))      # once a place, however many pages it has
    place_pages = [url for url in after if url.startswith("/dia-phuong/") and b"91,0" in after[url]]
    assert place_pages, "the changed figure reaches the place pages"


def test_open_data_follows_what_it_shows(tmp_path):
    """A corrected sentence leaves the open data as it was; a changed figure reaches it; a file
    deleted from the output is written again.  (Which years are made again and which kept from the
    previous output is exports.make_open_data's keep, tested in tests/exports/test_open_data_files.py.)"""
    write_site(tmp_path, SITE)
    first = _build(tmp_path, "out")
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến.\n")
    kept = _build(tmp_path, "out")
    assert {url: data for url, data in kept.items() if url.startswith("/data/")} == {
        url: data for url, data in first.items() if url.startswith("/data/")}
    edited.write_text(edited.read_text().replace("đạt 93,5%", "đạt 91,0%"))
    changed = _build(tmp_path, "out")
    assert "đạt 91,0%" in changed["/data/figures.csv"].decode("utf-8-sig")
    assert changed["/data/2024/figures.csv.gz"] != first["/data/2024/figures.csv.gz"]
    (tmp_path / "out" / "data" / "articles.json").unlink()
    assert _build(tmp_path, "out")["/data/articles.json"] == changed["/data/articles.json"]


def test_an_edit_makes_again_only_its_years_open_data(tmp_path, monkeypatch):
    """The open data is kept a year at a time: a changed figure makes its year's files again and
    keeps the others' from the previous output; the result is a cold build's."""
    older = {f"content/2023/cu-{n}.md": text.replace("2024", "2023") for n, text in
             enumerate(list(SITE.values())[:3], start=1)}
    write_site(tmp_path, {**SITE, **older})
    kept: list[list[int]] = []
    real = builder_module.prepare_open_data
    monkeypatch.setattr(builder_module, "prepare_open_data",
                        lambda site, keep, previous: kept.append(sorted(keep)) or real(site, keep, previous))
    first = _build(tmp_path, "out")
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến.\n")
    _build(tmp_path, "out")
    edited.write_text(edited.read_text().replace("đạt 93,5%", "đạt 91,0%"))
    changed = _build(tmp_path, "out")
    assert kept == [[], [2023, 2024], [2023]]
    assert changed["/data/2023/figures.csv.gz"] == first["/data/2023/figures.csv.gz"]
    assert changed["/data/2024/figures.csv.gz"] != first["/data/2024/figures.csv.gz"]
    assert changed == _build(tmp_path, "cold", use_cache=False)


def test_another_zlib_makes_every_years_open_data_again(tmp_path, monkeypatch):
    """A kept year's compressed file is reused as it is, which only the zlib that made it would
    make again byte for byte: under another zlib, no year is kept."""
    write_site(tmp_path, SITE)
    kept: list[list[int]] = []
    real = builder_module.prepare_open_data
    monkeypatch.setattr(builder_module, "prepare_open_data",
                        lambda site, keep, previous: kept.append(sorted(keep)) or real(site, keep, previous))
    _build(tmp_path, "out")
    (tmp_path / "content/2024/bai-3.md").write_text(SITE["content/2024/bai-3.md"] + "\nThêm một câu.\n")
    _build(tmp_path, "out")
    monkeypatch.setattr(digest_module.zlib, "ZLIB_RUNTIME_VERSION", "0.0.0-other")
    (tmp_path / "content/2024/bai-3.md").write_text(SITE["content/2024/bai-3.md"] + "\nHai câu.\n")
    _build(tmp_path, "out")
    assert kept == [[], [2024], []]


def test_page_digests_belong_to_their_output_folder(tmp_path):
    """Building another output folder must not make this one's old pages look current."""
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")
    (tmp_path / "config.yaml").write_text("title: Tên mới\nbase_url: https://example.org/\npaginate: 3\n")
    other = _build(tmp_path, "other")
    again = _build(tmp_path, "out")
    assert again == other


def test_the_search_process_indexes_only_changed_shards_and_keeps_the_others(tmp_path, monkeypatch):
    """On a large site the index is made by a process of its own (forked to write out the record
    inputs, then a fresh interpreter to index): a rebuild indexes only the shards whose records
    changed, the others' files are kept from the previous output, and the result is a build from
    scratch's."""
    import reformsite.search.indexer as searchindex_module
    import reformsite.search.shards as search_module

    monkeypatch.setattr(indexing_module, "SEARCH_PROCESS_THRESHOLD", 0)
    monkeypatch.setattr(search_module, "SHARD_LIMIT", 4)      # 12 months of 2024: three shards
    log = tmp_path / "indexed.txt"
    real = searchindex_module.results

    def logged(folder):                # in the build process: the shards whose files were made now
        files = list(real(folder))
        made = dict.fromkeys(url.split("/")[2] for url, data in files if data is not None and url.count("/") > 2)
        with log.open("a") as handle:
            handle.write(" ".join(f"/pagefind/{key}/" for key in made) + "\n")
        return files

    monkeypatch.setattr(searchindex_module, "results", logged)
    # The forked process only writes out record inputs: were it to make records, pages of the
    # model it shares with the build would be copied into it.  The fresh indexer makes them; a
    # patch here reaches the forked process only.
    made_in_fork = tmp_path / "records-made-in-the-fork"
    real_record = search_module.record_from

    def marked(inputs):
        made_in_fork.touch()
        return real_record(inputs)

    monkeypatch.setattr(search_module, "record_from", marked)
    write_site(tmp_path, SITE)
    first = _build(tmp_path, "out")
    shards = ["/pagefind/2024-01/", "/pagefind/2024-05/", "/pagefind/2024-09/"]
    assert log.read_text().split() == shards[::-1]        # newest first
    assert not made_in_fork.exists()
    edited = tmp_path / "content/2024/bai-6.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến.\n")
    log.write_text("")
    second = _build(tmp_path, "out")
    assert log.read_text().split() == ["/pagefind/2024-05/"]
    changed = {url for url in second if first.get(url) != second[url]}
    assert any(url.startswith("/pagefind/2024-05/") for url in changed)
    assert not any(url.startswith(("/pagefind/2024-01/", "/pagefind/2024-09/")) for url in changed)
    scratch = _build(tmp_path, "scratch", use_cache=False)
    assert second == scratch
    assert not list(tmp_path.glob(".*.search-*"))       # the indexer's folder is cleared


def test_related_articles_are_found_again_only_when_what_they_are_found_from_changed(tmp_path, monkeypatch):
    write_site(tmp_path, SITE)
    found: list[int] = []
    real, updated = builder_module.related_table, builder_module.updated_related_table

    def counting(articles, places):
        found.append(len(articles))
        return real(articles, places)

    def counting_update(articles, places, inputs, before):
        found.append(len(articles))
        return updated(articles, places, inputs, before)

    monkeypatch.setattr(builder_module, "related_table", counting)
    monkeypatch.setattr(builder_module, "updated_related_table", counting_update)
    _build(tmp_path, "out")
    assert found == [12]
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến.\n")
    _build(tmp_path, "out")
    assert found == [12]              # a sentence added: the last build's table is used
    for step, (old, new) in enumerate((("tags: một cửa", "tags: chuyển đổi số"),
                                       ("2024-03-05", "2023-03-05"),
                                       ("UBND xã Tân Thành Bình, huyện Mỏ Cày Bắc", "UBND huyện Ba Tri"))):
        edited.write_text(edited.read_text().replace(old, new))
        before = len(found)
        incremental = _build(tmp_path, "out")
        # Tags and date: found again.  The place named in one sentence changes the places the site
        # lists (a new entry, not one whose pool holds an article), not what the table is found
        # from, so the table may be kept; in every case the output is a cold build's.
        assert len(found) == before + (step < 2), old
        assert incremental == _build(tmp_path, f"scratch-{step}", use_cache=False), old


def test_a_build_without_the_cache_leaves_no_page_digest_behind(tmp_path):
    """The digests of a cached build vouch for its files; a --no-cache build replaces those files,
    so the next cached build must not trust them."""
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")
    edited = tmp_path / "content/2024/bai-3.md"
    original = edited.read_text()
    edited.write_text(original.replace("tháng 3", "tháng ba"))
    _build(tmp_path, "out", use_cache=False)
    edited.write_text(original)
    assert _build(tmp_path, "out") == _build(tmp_path, "scratch", use_cache=False)


def test_a_build_makes_the_shared_context_once_for_digests_and_render(tmp_path, monkeypatch):
    """It reads every article (a second at 10,000): made once, not again for the render."""
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")
    made: list[int] = []
    real = pages_module.shared_context

    def counting(*args):
        made.append(1)
        return real(*args)

    monkeypatch.setattr(builder_module, "shared_context", counting)
    monkeypatch.setattr(renderpool_module, "shared_context", counting)
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân.\n")
    _build(tmp_path, "out")
    assert len(made) == 1


def test_a_build_spells_out_each_articles_places_and_figures_once(tmp_path, monkeypatch):
    """The site's face and the open data's digests both read every article's places and figures
    (a fifth of a second each at 10,000 articles): spelt out once, for both."""
    write_site(tmp_path, SITE)
    _build(tmp_path, "out")
    spelt: list[str] = []
    real = digest_module.ArticleFacts.of

    def counting(self, article):
        if id(article) not in self._known:
            spelt.append(article.url)
        return real(self, article)

    monkeypatch.setattr(digest_module.ArticleFacts, "of", counting)
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text() + "\nXã tiếp tục hướng dẫn người dân.\n")
    site = build(BuildOptions(config_path=tmp_path / "config.yaml", output_dir=tmp_path / "out", now=NOW)).site
    assert sorted(spelt) == sorted(a.url for a in (*site.articles, *site.pages))


def test_a_rebuild_makes_again_only_the_feeds_of_the_places_that_changed(tmp_path, monkeypatch):
    """The places' feeds are digested like pages: an article edited in Bến Tre remakes the feeds
    of its commune, district and province (and the site's), keeps the Tây Ninh ones from the
    previous output, and the output is a cold build's."""
    other = {"content/2024/tay-ninh.md": article(
        "Xã Tân Hòa dẫn đầu chuyển đổi số", "2024-06-05T08:00:00+07:00",
        "Năm 2024, xã Tân Hòa, huyện Tân Châu, tỉnh Tây Ninh đạt tỷ lệ hồ sơ trực tuyến 96,4%.\n")}
    write_site(tmp_path, {**SITE, **other})
    first = _build(tmp_path, "out")
    feeds = sorted(url for url in first if url.startswith("/dia-phuong/") and url.endswith("/feed.xml"))
    made: list[str] = []
    real = builder_module.data_files.__globals__["exports"].atom_feed
    monkeypatch.setattr(builder_module.data_files.__globals__["exports"], "atom_feed",
                        lambda config, **kw: made.append(kw["url"]) or real(config, **kw))
    edited = tmp_path / "content/2024/bai-3.md"
    edited.write_text(edited.read_text().replace("tiếp nhận hồ sơ tháng 3", "đón nhận hồ sơ tháng 3"))
    again = _build(tmp_path, "out")
    bentre = [url for url in feeds if url.startswith("/dia-phuong/ben-tre/")]
    tayninh = [url for url in feeds if url.startswith("/dia-phuong/tay-ninh-cu/")]
    assert bentre and tayninh
    assert sorted(made) == sorted(["/feed.xml", *bentre])
    assert "đón nhận hồ sơ tháng 3" in again[bentre[0]].decode()
    assert again == _build(tmp_path, "cold", use_cache=False)
    (tmp_path / "out" / tayninh[0].lstrip("/")).unlink()        # a kept feed deleted by hand
    assert _build(tmp_path, "out")[tayninh[0]] == first[tayninh[0]]


def test_articles_read_back_from_the_cache_share_their_dates_zone(tmp_path):
    """Unpickled in the build, each article's date would hold its own copy of the +07:00 offset,
    and every comparison of two of them would ask both for their offsets (see core.dates)."""
    write_site(tmp_path, SITE)
    for _ in range(2):          # processed, then read back from the cache
        result = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW))
        assert result.exit_code == 0
        assert len({id(a.date.tzinfo) for a in result.site.articles}) == 1
