"""The Pagefind bundle of a set of records: contents, determinism, and queries answered from the
index chunks."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import inspect
import json

import cbor2
from pagefind.service import PagefindService, types
from searchkit import facets, fragments, pages_for_word

from reformsite.core import File
from reformsite.search.pagefind import (
    _index,
    _PromptService,
    _read_pagefind,
    _run,
    _write_pagefind,
    bundle_files,
    canonical_bundle,
)
from reformsite.search.records import FACETS, search_records
from reformsite.search.shards import search_files


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
            value = cbor2.loads(body)
            assert cbor2.dumps(value) == body, path     # so the body is one item, written back as it was
            assert gzip.decompress(_write_pagefind(_read_pagefind(data))) == gzip.decompress(data), path


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
    stored = {f["url"]: f for f in fragments(bundle).values()}
    tan_hung = stored["/bai-viet/cai-cach-hanh-chinh-o-huyen-tan-hung/"]
    assert tan_hung["meta"]["title"] == "Cải cách hành chính ở huyện Tân Hưng"
    assert tan_hung["meta"]["place"] == "Tân Hưng, Long An"
    assert tan_hung["filters"]["nam"] == ["2024"]


def test_indexing_from_inside_a_running_event_loop(site, bundle):
    """`serve` rebuilds from livereload's callbacks, where an asyncio loop is already running."""
    async def rebuild() -> list[File]:
        return bundle_files(search_records(site, facets))

    # In a thread of its own, so that no other loop (Playwright's, in a full run) is in the way.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        files = pool.submit(asyncio.run, rebuild()).result()
    assert {f.url: f.data for f in files} == bundle


# What _PromptService overrides or relies on in Pagefind's private service code (see its docstring).
SERVICE_METHODS = {"launch": ["self"], "_wait_for_responses": ["self"], "send": ["self", "payload"],
                   "close": ["self"], "create_index": ["self", "config"]}
SERVICE_ATTRIBUTES = ("_bin", "_loop", "_responses", "_backend", "_poll_task")


def test_the_private_parts_of_pagefinds_service_that_the_prompt_service_relies_on():
    """A Pagefind release that renames or reshapes them fails here rather than at a reader's search."""
    for name, parameters in SERVICE_METHODS.items():
        method = getattr(PagefindService, name, None)
        assert inspect.iscoroutinefunction(method), name
        assert list(inspect.signature(method).parameters) == parameters, name
    assert set(SERVICE_ATTRIBUTES) <= set(PagefindService.__annotations__)
    # The replies _PromptService._dispatch reads.
    assert {"message_id", "payload"} <= set(types.InternalServiceResponse.__annotations__)
    assert {"type", "message", "original_message"} <= set(types.InternalResponseError.__annotations__)
    assert types.InternalResponseType.ERROR.value == "Error"


def test_the_prompt_service_runs_and_stops_with_the_installed_pagefind():
    """With a time limit: a private part that changed meaning would leave a request waiting forever."""
    async def run() -> tuple[_PromptService, list]:
        service = await _PromptService().launch()
        try:
            index = await service.create_index({"force_language": "vi"})
            await index.add_custom_record(url="/a/", content="Đường dây nóng", language="vi")
            files = await index.get_files()
        finally:
            await service.close()
        return service, files

    service, files = _run(lambda: asyncio.wait_for(run(), timeout=60))
    assert any(f["path"] == "pagefind-entry.json" for f in files)
    assert all(hasattr(service, name) for name in SERVICE_ATTRIBUTES)
    assert len(service._responses) == 3 and all(f.done() for f in service._responses.values())
    assert service._poll_task.done() and service._backend.returncode is not None
