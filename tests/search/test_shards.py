"""The index in shards: grouping by period, the shared engine, digests, and a rebuild that indexes
only the shards that changed."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from searchkit import SPREAD, search_shards, year_facets

from reformsite.build.indexing import search_facets
from reformsite.core import PackedTexts
from reformsite.search import pagefind as pagefind_module
from reformsite.search import shards as shards_module
from reformsite.search.records import RecordInputs, record_inputs
from reformsite.search.shards import (
    MANIFEST_URL,
    SearchIndex,
    SearchIndexError,
    ShardJob,
    search_files,
    shard_digest,
    shard_jobs,
    shard_names,
)


def test_an_empty_site_gets_a_manifest_without_shards(make_site):
    built = make_site({"content/.keep": ""}, write=False)
    files = search_files(built.result.site, year_facets)
    assert [f.url for f in files] == [MANIFEST_URL]
    assert json.loads(files[0].data) == {"shards": []}



def test_shards_group_years_oldest_first_and_split_a_large_year_by_month(make_site, monkeypatch):
    site = make_site(SPREAD, write=False).result.site
    assert set(shard_names(site.articles).values()) == {"2021"}       # 6 articles: one shard
    monkeypatch.setattr(shards_module, "SHARD_LIMIT", 2)
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


def test_a_shard_digest_reads_the_text_as_kept_packed(site, monkeypatch):
    """A shard's digest stands for its articles' text through the bytes the text is kept packed in,
    so a build digests every shard without unpacking any article's text; the same text given
    unpacked digests the same."""
    base = record_inputs(site.articles[0], {"tinh": ["Long An"], "nam": ["2024"]})
    assert isinstance(base.blocks, PackedTexts)
    texts = tuple(base.blocks)
    unpacked = base._replace(blocks=texts)

    def refuse(self):
        raise AssertionError("the digest unpacked an article's text")

    monkeypatch.setattr(PackedTexts, "unpacked", refuse)
    digest = shard_digest([base])
    monkeypatch.undo()
    assert digest == shard_digest([unpacked])
    # The same characters, in two blocks: another record.
    split = base._replace(blocks=PackedTexts([texts[0][:10], texts[0][10:], *texts[1:]]))
    assert shard_digest([split]) != digest


def test_a_rebuild_indexes_only_the_shards_that_changed(make_site, monkeypatch, tmp_path):
    monkeypatch.setattr(shards_module, "SHARD_LIMIT", 2)
    indexed: list[str] = []
    real = shards_module.bundle_files
    monkeypatch.setattr(shards_module, "bundle_files", lambda records, prefix: indexed.append(prefix)
                        or real(records, prefix))
    made: list[str] = []        # the records made: only those of the shards indexed again
    real_record = shards_module.record_from
    monkeypatch.setattr(shards_module, "record_from", lambda inputs: made.append(inputs.url) or real_record(inputs))
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


def test_a_shards_job_carries_its_inputs_only_when_its_bundle_is_to_be_made(make_site, monkeypatch):
    """The indexer process of a large site is sent the record inputs of the shards it indexes, and
    of the others only their digests: a shard is kept when the previous output's manifest lists its
    digest and its bundle is still there."""
    monkeypatch.setattr(shards_module, "SHARD_LIMIT", 2)
    first = make_site(SPREAD)
    site = first.result.site
    facets_of = search_facets(site)         # the build's
    manifest = json.loads((first.output / "pagefind/shards.json").read_bytes())["shards"]
    jobs = list(shard_jobs(site, facets_of, first.output))
    assert [(job.prefix, job.digest, job.articles) for job in jobs] == [
        (shard["url"], shard["digest"], shard["articles"]) for shard in manifest]
    assert [job.inputs for job in jobs] == [None] * 4
    assert [len(job.inputs) for job in shard_jobs(site, facets_of)] == [1, 2, 1, 2]    # no previous output

    edited = dict(SPREAD)
    edited["content/c.md"] = SPREAD["content/c.md"].replace("công bố chỉ số", "công bố chỉ số cải cách")
    site = make_site(edited, write=False).result.site
    facets_of = search_facets(site)
    jobs = {job.prefix: job.inputs for job in shard_jobs(site, facets_of, first.output)}
    assert [prefix for prefix, inputs in jobs.items() if inputs is not None] == ["/pagefind/2022/"]
    assert [one.url for one in jobs["/pagefind/2022/"]] == [a.url for a in site.articles if a.year == 2022]

    (first.output / "pagefind/2021/pagefind-entry.json").unlink()      # its bundle is no longer whole
    jobs = {job.prefix: job.inputs for job in shard_jobs(site, facets_of, first.output)}
    assert sorted(prefix for prefix, inputs in jobs.items() if inputs is not None) == [
        "/pagefind/2021/", "/pagefind/2022/"]


def test_a_kept_shard_whose_bundle_is_gone_stops_the_index_with_what_to_do(tmp_path):
    kept = ShardJob("/pagefind/2021/", "digest", 2, None)
    with pytest.raises(SearchIndexError, match=r"search shard /pagefind/2021/ was deleted during the build; build again"):
        list(SearchIndex(tmp_path).files([kept]))
    with pytest.raises(ValueError, match="from no previous output"):
        list(SearchIndex().files([kept]))


def test_each_shards_pagefind_service_is_released_before_the_next_is_indexed(make_site, monkeypatch):
    """The service and its event loop hold a shard's requests and replies in reference cycles; left
    to the collector, they would pile up shard after shard in the indexer of a large site."""
    import weakref

    site = make_site(SPREAD, write=False).result.site
    monkeypatch.setattr(shards_module, "SHARD_LIMIT", 2)
    services: list[weakref.ref] = []
    launch = pagefind_module._PromptService.launch

    async def tracked(self):
        services.append(weakref.ref(self))
        return await launch(self)

    monkeypatch.setattr(pagefind_module._PromptService, "launch", tracked)
    shards = search_shards(site, year_facets)
    alive_at_each_shard = []
    seen = set()
    for file in shards_module.index_shards((f"/pagefind/{key}/", records) for key, records in shards):
        prefix = file.url.rsplit("/", 1)[0]
        if prefix not in seen:          # the first file of a shard: its own service has been used
            seen.add(prefix)
            alive_at_each_shard.append(sum(ref() is not None for ref in services))
    assert len(services) == len(shards) == 4
    assert alive_at_each_shard[:4] == [0, 0, 0, 0]


def test_a_new_article_indexes_again_only_the_newest_piece_but_on_a_carry() -> None:
    """The newest shard in pieces: a new article changes the newest piece, of fewer than PIECE
    articles, and joins pieces only when the count of whole PIECEs carries (a power of two)."""
    piece = shards_module.PIECE
    for count in range(0, 8 * piece + 3):
        articles = list(range(count, 0, -1))               # newest first
        pieces = shards_module.recent_pieces("2026", articles)
        assert [a for _, part in pieces for a in part] == articles
        assert len(pieces) <= (count // piece).bit_length() + 1
        assert not pieces or pieces[-1][0] == "2026"        # the oldest piece keeps the shard's name
        after = dict(shards_module.recent_pieces("2026", [count + 1, *articles]))
        changed = [part for name, part in after.items() if dict(pieces).get(name) != part]
        if (count + 1) % piece:
            assert [len(part) for part in changed] == [count % piece + 1], count
        else:                       # the carry: one piece, of whole PIECEs, made of the pieces it joins
            assert len(changed) == 1 and len(changed[0]) % piece == 0, count
