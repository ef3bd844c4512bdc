"""The search bundle and page without a browser: contents, determinism, the đ-folded copy, and
queries answered from the index chunks (Pagefind has no Python query API; the browser suite runs real
queries through pagefind.js)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import gzip
import json

import pytest
from sitekit import article

from reformsite.search import bundle as search
from reformsite.search.bundle import (
    FACETS,
    MANIFEST_URL,
    RecordInputs,
    _cbor_decode,
    _cbor_encode,
    _index,
    _read_pagefind,
    _run,
    article_record,
    bundle_files,
    canonical_bundle,
    d_folded_words,
    record_inputs,
    search_files,
    search_records,
    search_shards,
    shard_digest,
    shard_names,
    year_facets,
)
from reformsite.site.model import File

SITE = {
    "content/2024/tan-hung.md": article(
        "Cải cách hành chính ở huyện Tân Hưng", "2024-06-10T08:00:00+07:00",
        "Huyện Tân Hưng giải quyết 12.345 hồ sơ, tỷ lệ đúng hạn đạt 99,2%.", tags="một cửa"),
    "content/2023/dong-khoi.md": article(
        "Xã Đồng Khởi đẩy mạnh chuyển đổi số", "2023-07-14T08:30:00+07:00",
        "Xã đưa dịch vụ công trực tuyến về từng ấp.", tags="chuyển đổi số"),
    "content/2022/duong.md": article(
        "Đường dây nóng tiếp nhận phản ánh", "2022-03-01T09:00:00+07:00", "Người dân gọi khi hồ sơ trễ hạn."),
}
FACET_VALUES = {
    "2024/tan-hung.md": {"tinh": ["Long An"], "huyen": ["Tân Hưng"], "chi_so": ["Hồ sơ tiếp nhận", "Tỷ lệ đúng hạn"]},
    "2023/dong-khoi.md": {"tinh": ["Bến Tre"], "huyen": ["Châu Thành", "Châu Thành"]},
    "2022/duong.md": {"tinh": ["Long An"], "huyen": [""]},
}


def facets(a):
    return {"nam": [str(a.year)], **FACET_VALUES.get(a.path, {})}


@pytest.fixture
def site(make_site):
    built = make_site(SITE, write=False)
    assert built.result.exit_code == 0, [d.format() for d in built.result.diagnostics]
    return built.result.site


@pytest.fixture
def bundle(site) -> dict[str, bytes]:
    """The three articles in one Pagefind bundle under /pagefind/ (a small site has one shard)."""
    return {f.url: f.data for f in bundle_files(search_records(site, facets))}


def _fragments(bundle: dict[str, bytes]) -> dict[str, dict]:
    """Fragment hash → the record Pagefind stored (url, content, meta, filters)."""
    out = {}
    for url, data in bundle.items():
        if url.endswith(".pf_fragment"):
            raw = gzip.decompress(data)
            out[url.rsplit("/", 1)[1].removesuffix(".pf_fragment")] = json.loads(raw[len(b"pagefind_dcd"):])
    return out


def pages_for_word(bundle: dict[str, bytes], word: str) -> set[str]:
    """The URLs Pagefind's index lists under *word*: what a one-word query finds, read without JS."""
    entry = json.loads(bundle["/pagefind/pagefind-entry.json"])
    meta = _read_pagefind(bundle[f"/pagefind/pagefind.{entry['languages']['vi']['hash']}.pf_meta"])
    page_hashes = [page[0] for page in meta[1]]
    fragments = _fragments(bundle)
    found = set()
    for url, data in bundle.items():
        if url.endswith(".pf_index"):
            for chunk in _read_pagefind(data):
                # [folded word, pages of that exact spelling, [[spelling with diacritics, pages], …]]
                for term, postings, variants in chunk:
                    if term == word:
                        for pages_ in (postings, *(v[1] for v in variants)):
                            found |= {fragments[page_hashes[p[0]]]["url"] for p in pages_}
    return found


def test_bundle_has_the_script_the_wasm_and_an_index(site, bundle):
    names = {url.removeprefix("/pagefind/") for url in bundle}
    assert {"pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind", "pagefind-entry.json"} <= names
    assert any(n.startswith("index/") and n.endswith(".pf_index") for n in names)
    assert any(n.startswith("pagefind.vi_") and n.endswith(".pf_meta") for n in names)
    assert sum(n.endswith(".pf_fragment") for n in names) == len(site.articles)
    assert sum(n.endswith(".pf_filter") for n in names) == len(FACETS)
    # The ready-made UIs are not used by our page and not shipped.
    assert not any(n.startswith(("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui")) for n in names)
    assert all(url.startswith("/pagefind/") for url in bundle)
    entry = json.loads(bundle["/pagefind/pagefind-entry.json"])
    assert entry["languages"]["vi"]["page_count"] == len(site.articles)


def test_same_site_gives_the_same_bytes(site, bundle):
    # Several values per filter: Pagefind writes them in a per-process random (HashMap) order.
    first = {f.url: f.data for f in search_files(site, facets)}
    for _ in range(2):
        assert {f.url: f.data for f in bundle_files(search_records(site, facets))} == bundle
        assert {f.url: f.data for f in search_files(site, facets)} == first


def test_canonical_bundle_is_idempotent_and_the_cbor_codec_round_trips(site):
    raw = dict(_run(lambda: _index(search_records(site, facets))))
    once = canonical_bundle(raw)
    assert canonical_bundle(once) == once
    for path, data in raw.items():
        if path.endswith((".pf_meta", ".pf_filter", ".pf_index")):
            body = gzip.decompress(data)[len(b"pagefind_dcd"):]
            value, end = _cbor_decode(body)
            assert end == len(body) and _cbor_encode(value) == body, path


def test_records_hold_the_article_text_and_its_facets(site):
    records = {r.url: r for r in search_records(site, facets)}
    tan_hung = records["/bai-viet/cai-cach-hanh-chinh-o-huyen-tan-hung/"]
    # The text only: the title is in meta (Pagefind searches meta too), so excerpts do not repeat it.
    assert tan_hung.content == "Huyện Tân Hưng giải quyết 12.345 hồ sơ, tỷ lệ đúng hạn đạt 99,2%."
    assert tan_hung.meta == {"title": "Cải cách hành chính ở huyện Tân Hưng", "date": "2024-06-10",
                             "place": "Tân Hưng, Long An", "chu_de": "một cửa", "khong_dau": "dung dat"}
    assert tan_hung.filters == {"tinh": ["Long An"], "huyen": ["Tân Hưng"],
                                "chi_so": ["Hồ sơ tiếp nhận", "Tỷ lệ đúng hạn"], "nam": ["2024"]}
    assert tan_hung.sort == {"date": "2024-06-10T01:00:00Z"}
    # Duplicates and blanks are dropped; an article without places has no place in its meta.
    assert records["/bai-viet/xa-dong-khoi-day-manh-chuyen-doi-so/"].filters["huyen"] == ["Châu Thành"]
    assert "huyen" not in records["/bai-viet/duong-day-nong-tiep-nhan-phan-anh/"].filters
    # Newest first, which fixes Pagefind's page numbers and so the bytes.
    assert list(records) == [a.url for a in site.articles]


def test_folded_copy_of_words_with_d_stroke(site):
    assert d_folded_words(["Đường đúng hạn, đường", "Bến Tre"]) == "duong dung"
    records = {r.url: r for r in search_records(site, year_facets)}
    dong_khoi = records["/bai-viet/xa-dong-khoi-day-manh-chuyen-doi-so/"]
    assert dong_khoi.meta["khong_dau"] == "dong day doi dua"
    assert "dong" not in dong_khoi.content.lower().split()
    tan_hung = records["/bai-viet/cai-cach-hanh-chinh-o-huyen-tan-hung/"]
    assert tan_hung.meta["khong_dau"] == "dung dat"          # from the text, not only the title


def test_queries_without_diacritics_reach_the_article(bundle):
    dong_khoi = "/bai-viet/xa-dong-khoi-day-manh-chuyen-doi-so/"
    duong = "/bai-viet/duong-day-nong-tiep-nhan-phan-anh/"
    tan_hung = "/bai-viet/cai-cach-hanh-chinh-o-huyen-tan-hung/"
    # Pagefind folds tone marks itself ("Khởi" is indexed as "khoi", "Hưng" as "hung") …
    assert dong_khoi in pages_for_word(bundle, "khoi")
    assert tan_hung in pages_for_word(bundle, "hung")
    assert tan_hung in pages_for_word(bundle, "hanh")
    # … but keeps đ, so "dong", "duong" and "dung" exist only thanks to the folded copy.
    assert pages_for_word(bundle, "đong") >= {dong_khoi}
    assert dong_khoi in pages_for_word(bundle, "dong")
    assert pages_for_word(bundle, "duong") == {duong}
    assert tan_hung in pages_for_word(bundle, "dung")


def test_fragments_carry_what_a_result_shows(bundle):
    stored = {f["url"]: f for f in _fragments(bundle).values()}
    tan_hung = stored["/bai-viet/cai-cach-hanh-chinh-o-huyen-tan-hung/"]
    assert tan_hung["meta"]["title"] == "Cải cách hành chính ở huyện Tân Hưng"
    assert tan_hung["meta"]["place"] == "Tân Hưng, Long An"
    assert tan_hung["filters"]["nam"] == ["2024"]


def test_an_empty_site_gets_a_manifest_without_shards(make_site):
    built = make_site({"content/.keep": ""}, write=False)
    files = search_files(built.result.site, year_facets)
    assert [f.url for f in files] == [MANIFEST_URL]
    assert json.loads(files[0].data) == {"shards": []}


def test_indexing_from_inside_a_running_event_loop(site, bundle):
    """`serve` rebuilds from livereload's callbacks, where an asyncio loop is already running."""
    async def rebuild() -> list[File]:
        return bundle_files(search_records(site, facets))

    # In a thread of its own, so that no other loop (Playwright's, in a full run) is in the way.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        files = pool.submit(asyncio.run, rebuild()).result()
    assert {f.url: f.data for f in files} == bundle


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


def test_article_record_ignores_unknown_facets():
    from sitekit import NOW

    from reformsite.site.model import Article

    a = Article(path="a.md", kind="article", slug="a", permalink=None, url="/a/", title="Đà Nẵng",
                label=None, label_text=None, date=NOW.replace(tzinfo=dt.timezone(dt.timedelta(hours=9))),
                updated=None, categories=(), tags=("Đắk Lắk",), author=None, source=None, source_url=None,
                image="https://example.org/a.webp", summary="", html="", toc=(), words=0, reading_minutes=1,
                draft=False, blocks=("Đoạn văn.",), content_hash="")
    record = article_record(a, {"khac": ["x"], "tinh": ["Đà Nẵng"]})
    assert record.filters == {"tinh": ["Đà Nẵng"]}
    assert "image" not in record.meta           # Pagefind would index the URL as words
    assert record.sort == {"date": "2026-01-01T03:00:00Z"}
    assert record.content == "Đoạn văn."
    assert record.meta == {"title": "Đà Nẵng", "date": "2026-01-01", "place": "Đà Nẵng",
                           "chu_de": "Đắk Lắk", "khong_dau": "da doan dak"}


# ---------------------------------------------------------------- shards

SPREAD = {  # 2 articles in 2021, 1 in 2022, 3 in 2024 (two in March)
    "content/a.md": article("Bài A năm 2021", "2021-02-01T08:00:00+07:00", "Xã An Phú tiếp nhận hồ sơ."),
    "content/b.md": article("Bài B năm 2021", "2021-09-01T08:00:00+07:00", "Huyện Bình Đại số hóa."),
    "content/c.md": article("Bài C năm 2022", "2022-05-01T08:00:00+07:00", "Tỉnh Long An công bố chỉ số."),
    "content/d.md": article("Bài D tháng ba", "2024-03-02T08:00:00+07:00", "Phường Một trả kết quả."),
    "content/e.md": article("Bài E tháng ba", "2024-03-20T08:00:00+07:00", "Phường Hai trả kết quả."),
    "content/f.md": article("Bài F tháng tám", "2024-08-20T08:00:00+07:00", "Phường Ba trả kết quả."),
}


def test_shards_group_years_oldest_first_and_split_a_large_year_by_month(make_site, monkeypatch):
    site = make_site(SPREAD, write=False).result.site
    assert set(shard_names(site.articles).values()) == {"2021"}       # 6 articles: one shard
    monkeypatch.setattr(search, "SHARD_LIMIT", 2)
    # 2021 (2) fills a shard; 2022 (1) starts the next; 2024 holds 3 > 2, so it goes by month:
    # March (2) does not fit beside 2022, August (1) does not fit beside March.
    assert shard_names(site.articles) == {(2021, 0): "2021", (2022, 0): "2022", (2024, 3): "2024-03",
                                          (2024, 8): "2024-08"}
    shards = search_shards(site, year_facets)
    assert [(key, [r.meta["title"][:5] for r in records]) for key, records in shards] == [
        ("2024-08", ["Bài F"]), ("2024-03", ["Bài E", "Bài D"]), ("2022", ["Bài C"]),
        ("2021", ["Bài B", "Bài A"])]
    files = {f.url: f.data for f in search_files(site, year_facets)}
    manifest = json.loads(files[MANIFEST_URL])["shards"]
    assert [(s["url"], s["articles"]) for s in manifest] == [
        ("/pagefind/2024-08/", 1), ("/pagefind/2024-03/", 2), ("/pagefind/2022/", 1), ("/pagefind/2021/", 2)]
    for shard in manifest:
        entry = json.loads(files[shard["url"] + "pagefind-entry.json"])
        assert entry["languages"]["vi"]["page_count"] == shard["articles"]
        assert shard["url"] + "pagefind.js" in files and shard["url"] + "wasm.unknown.pagefind" not in files
        for script in ("pagefind.js", "pagefind-worker.js"):    # each fetches the engine from the folder above
            assert b"`${this.basePath}../wasm.${language}.pagefind`" in files[shard["url"] + script]
    # One search engine for all four shards, at the URL their scripts fetch it from.
    assert [url for url in files if url.endswith(".pagefind")] == ["/pagefind/wasm.unknown.pagefind"]
    assert gzip.decompress(files["/pagefind/wasm.unknown.pagefind"]).startswith(b"pagefind_dcd\0asm")


def test_a_shard_digest_changes_with_every_input_of_its_records(site):
    """An unchanged shard keeps its bundle on the word of its digest, which is taken over what its
    records are made from: a change to any of that must change it."""
    base = record_inputs(site.articles[0], {"tinh": ["Long An"], "nam": ["2024"]})
    changed = [base._replace(url="/khac/"), base._replace(title="Tiêu đề khác"),
               base._replace(date=base.date + dt.timedelta(minutes=1)), base._replace(tags=("khác",)),
               base._replace(blocks=(*base.blocks, "Thêm một câu.")),
               base._replace(filters={"tinh": ["Bến Tre"], "nam": ["2024"]})]
    assert len(changed) == len(RecordInputs._fields)
    assert len({shard_digest([one]) for one in [base, *changed]}) == len(changed) + 1
    assert shard_digest([base, changed[0]]) != shard_digest([changed[0], base])     # order is in the bundle


def test_a_rebuild_indexes_only_the_shards_that_changed(make_site, monkeypatch, tmp_path):
    monkeypatch.setattr(search, "SHARD_LIMIT", 2)
    indexed: list[str] = []
    real = search.bundle_files
    monkeypatch.setattr(search, "bundle_files", lambda records, prefix: indexed.append(prefix)
                        or real(records, prefix))
    made: list[str] = []        # the records made: only those of the shards indexed again
    real_record = search.record_from
    monkeypatch.setattr(search, "record_from", lambda inputs: made.append(inputs.url) or real_record(inputs))
    first = make_site(SPREAD)
    assert sorted(indexed) == ["/pagefind/2021/", "/pagefind/2022/", "/pagefind/2024-03/", "/pagefind/2024-08/"]
    before = {p.relative_to(first.output): p.read_bytes() for p in (first.output / "pagefind").rglob("*")
              if p.is_file()}

    indexed.clear()
    made.clear()
    edited = dict(SPREAD)
    edited["content/c.md"] = SPREAD["content/c.md"].replace("công bố chỉ số", "công bố chỉ số cải cách")
    second = make_site(edited)
    assert indexed == ["/pagefind/2022/"]
    assert [url.rstrip("/").rsplit("/", 1)[-1][:6] for url in made] == ["bai-c-"]
    after = {p.relative_to(second.output): p.read_bytes() for p in (second.output / "pagefind").rglob("*")
             if p.is_file()}
    changed = {str(p) for p in after if before.get(p) != after[p]} | {str(p) for p in before if p not in after}
    assert changed and all(p.startswith(("pagefind/2022/", "pagefind/shards.json")) for p in changed), changed

    indexed.clear()
    again = make_site(edited)       # nothing changed: every shard is kept, and the engine they share
    assert indexed == []
    assert {p.relative_to(again.output): p.read_bytes() for p in (again.output / "pagefind").rglob("*")
            if p.is_file()} == after

    # The same bytes as a cold build of the edited site, which indexes every shard again.
    indexed.clear()
    from sitekit import NOW

    from reformsite.build.pipeline import BuildOptions, build
    build(BuildOptions(config_path=second.root / "config.yaml", output_dir=tmp_path / "cold", now=NOW,
                       use_cache=False))
    assert len(indexed) == 4
    cold = {p.relative_to(tmp_path / "cold"): p.read_bytes() for p in (tmp_path / "cold" / "pagefind").rglob("*")
            if p.is_file()}
    assert cold == after


def test_each_shards_pagefind_service_is_released_before_the_next_is_indexed(make_site, monkeypatch):
    """The service and its event loop hold a shard's requests and replies in reference cycles; left
    to the collector, they piled up shard after shard in the indexer of a large site."""
    import weakref

    site = make_site(SPREAD, write=False).result.site
    monkeypatch.setattr(search, "SHARD_LIMIT", 2)
    services: list[weakref.ref] = []
    launch = search._PromptService.launch

    async def tracked(self):
        services.append(weakref.ref(self))
        return await launch(self)

    monkeypatch.setattr(search._PromptService, "launch", tracked)
    shards = search_shards(site, year_facets)
    alive_at_each_shard = []
    seen = set()
    for file in search.index_shards((f"/pagefind/{key}/", records) for key, records in shards):
        prefix = file.url.rsplit("/", 1)[0]
        if prefix not in seen:          # the first file of a shard: its own service has been used
            seen.add(prefix)
            alive_at_each_shard.append(sum(ref() is not None for ref in services))
    assert len(services) == len(shards) == 4
    assert alive_at_each_shard[:4] == [0, 0, 0, 0]
