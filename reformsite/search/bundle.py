"""Reader-facing search: Pagefind bundles, one per shard of articles, and the /tim-kiem/ page.

The index is built from the model rather than by crawling output/, so it holds the article text only
(no menus, footers or "read next" links) and each record carries the facets readers filter by.
Pagefind folds diacritics when it indexes and when it reads a query, but not đ (U+0111 has no
decomposition), so each record also carries an ASCII copy of its words that contain đ, from the
title, the text, the places and the tags: "duong" then finds "Đường" and "dung han" finds "đúng hạn".
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import datetime as dt
import functools
import gc
import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

from reformsite.core import fold_diacritics
from reformsite.site import Article, File, Page, Site

# Facet keys as Pagefind filter names; the values are display names shown beside the checkboxes.
FACETS: tuple[str, ...] = ("tinh", "huyen", "chi_so", "nam")
Facets = Callable[[Article], dict[str, list[str]]]

BUNDLE_URL = "/pagefind/"
LANGUAGE = "vi"

# Pagefind ships three ready-made UIs and a highlighter; our page uses the JS API only, so leaving
# them out saves ~470 kB of output per build and keeps unused scripts off the host.
_UNUSED_PREFIXES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")

# Replies of pagefind's service are single base64 lines; get_files() returns the whole bundle in one
# (about 1.8x its size), so the reader's line limit must exceed the largest bundle we expect.
_REPLY_LIMIT = 1 << 31


@dataclass(frozen=True)
class SearchRecord:
    """One Pagefind custom record: what a reader's query is matched against and what a result shows."""

    url: str                        # site-relative; pagefind.js prefixes the site's base path
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]


def year_facets(article: Article) -> dict[str, list[str]]:
    """The facets the model already knows; place and indicator facets come from their own stages."""
    return {"nam": [str(article.year)]}


def _unique(values: Sequence[str]) -> list[str]:
    return [v for v in dict.fromkeys(v.strip() for v in values) if v]


def d_folded_words(texts: Sequence[str]) -> str:
    """ASCII copies of the words that contain đ, once each, lower case: "Đường đúng hạn" → "duong dung".

    Pagefind folds every other Vietnamese diacritic when it indexes and when it reads a query, so
    only words with đ need a second spelling; copying nothing else keeps the index small.
    """
    words = (word for text in texts if "đ" in text or "Đ" in text
             for word in _WORD.findall(text) if "đ" in word or "Đ" in word)
    return " ".join(dict.fromkeys(_folded_lower(word) for word in words))


# Every word, then a test for đ: the pattern r"\w*[đĐ]\w*" finds the same words but backtracks
# through every word without one, and took 5 s of the 8 s that 10,000 records cost.
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=1 << 15)
def _folded_lower(word: str) -> str:
    return fold_diacritics(word).lower()


class RecordInputs(NamedTuple):
    """All that an article's search record is made from; a shard's digest is taken over these, so
    a record made from anything else would go stale in an unchanged shard (see shard_digest)."""

    url: str
    title: str
    date: dt.datetime
    tags: tuple[str, ...]
    blocks: tuple[str, ...]
    filters: dict[str, list[str]]


def record_inputs(article: Article, facets: dict[str, list[str]]) -> RecordInputs:
    """What *article*'s record is made from, given its facet values (keys of FACETS; others are
    ignored)."""
    filters = {key: _unique(facets.get(key, [])) for key in FACETS}
    return RecordInputs(article.url, article.title, article.date, tuple(article.tags), tuple(article.blocks),
                        {key: values for key, values in filters.items() if values})


def record_from(inputs: RecordInputs) -> SearchRecord:
    """The search record made of *inputs*, and of nothing else.

    Pagefind indexes every meta value as searchable text but builds excerpts from the content only.
    So the content is the article's text, and the title, places, tags and the đ-folded words go into
    meta: they are all found, and an excerpt never repeats the title or shows the folded words.
    """
    filters = inputs.filters
    places = filters.get("huyen", [])[:1] + filters.get("tinh", [])[:1]
    # The lead image's URL is left out of meta: indexed, it would add tokens such as
    # "httpsbaodongkhoivnimage…jpg" for every article.
    meta = {"title": inputs.title, "date": inputs.date.date().isoformat()}
    if places:
        meta["place"] = ", ".join(places)
    if inputs.tags:
        meta["chu_de"] = ", ".join(inputs.tags)
    folded = d_folded_words([inputs.title, *inputs.blocks, *filters.get("tinh", []),
                             *filters.get("huyen", []), *filters.get("chi_so", []), *inputs.tags])
    if folded:
        meta["khong_dau"] = folded
    content = "\n".join(inputs.blocks) or inputs.title
    # UTC so that string order is time order whatever offset each article was written with.
    moment = inputs.date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return SearchRecord(inputs.url, content, meta, filters, {"date": moment})


def article_record(article: Article, facets: dict[str, list[str]]) -> SearchRecord:
    """The search record of *article* given its facet values (keys of FACETS; others are ignored)."""
    return record_from(record_inputs(article, facets))


def _inputs(article: Article, facets: Facets) -> RecordInputs:
    return record_inputs(article, {"nam": [str(article.year)], **facets(article)})


def search_records(site: Site, facets: Facets) -> list[SearchRecord]:
    """Every published article's record, newest first (the order fixes Pagefind's page numbers)."""
    return [record_from(_inputs(article, facets)) for article in site.articles]


class _PromptService(PagefindService):
    """PagefindService that reads each reply as soon as it arrives.

    pagefind 1.5's reader sleeps 0.1 s before every reply, so one record costs 0.1 s and 10,000
    articles would take 17 minutes (Pagefind issue #976); its 2 MiB line limit also stalls
    get_files() once the bundle passes ~1 MB.  Requests and replies are unchanged.
    """

    async def launch(self) -> _PromptService:
        self._backend = await asyncio.create_subprocess_exec(
            self._bin, "--service", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, limit=_REPLY_LIMIT)
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        try:
            while True:
                self._dispatch(await self._backend.stdout.readuntil(b","))
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            # The service died or sent a reply we cannot hold: fail every waiting request, never hang.
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(RuntimeError(f"pagefind service stopped replying: {exc!r}"))

    def _dispatch(self, line: bytes) -> None:
        reply = json.loads(base64.b64decode(line[:-1]))
        if reply is None:
            return
        payload = reply["payload"]
        message_id = reply.get("message_id")
        if message_id is None and (original := payload.get("original_message")):
            message_id = json.loads(original).get("message_id")
        future = self._responses.get(message_id) if message_id is not None else None
        if future is None or future.done():
            return
        if payload["type"] == "Error":
            future.set_exception(RuntimeError(f"pagefind: {payload['message']}"))
        else:
            future.set_result(payload)


async def _index(records: Sequence[SearchRecord]) -> list[tuple[str, bytes]]:
    service = await _PromptService().launch()
    try:
        config: IndexConfig = {"force_language": LANGUAGE}
        index: PagefindIndex = await service.create_index(config)
        # Pagefind numbers pages in arrival order, and that order is in the bundle's bytes.  The
        # requests are all written before any reply is awaited (the service reads its input in order
        # and handles one message at a time), which saves a round trip per record; the determinism
        # tests hold the order to account.
        await asyncio.gather(*(
            index.add_custom_record(url=record.url, content=record.content, language=LANGUAGE,
                                    meta=record.meta, filters=record.filters, sort=record.sort)
            for record in records))
        files = await index.get_files()
    finally:
        await service.close()
    return [(f["path"], f["content"]) for f in files]


def _run(coroutine_factory: Callable[[], Any]) -> Any:
    """Run an async job to completion, also when called from inside a running loop (livereload)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_factory())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_factory())).result()


# ---------------------------------------------------------------- deterministic bundle
#
# Pagefind 1.5 writes each filter's values, and the list of filters and sorts in the language's
# pf_meta, in Rust HashMap order, which is seeded at random per process.  So the filter files, the
# pf_meta (which names them by hash) and pagefind-entry.json (which names the pf_meta) change from
# build to build.  We sort those lists and rename the files by a hash of their new bytes; fragments
# and index chunks are already deterministic and pass through untouched.

_SIGNATURE = b"pagefind_dcd"


def _cbor_head(data: bytes, pos: int) -> tuple[int, int, int]:
    major, info = data[pos] >> 5, data[pos] & 31
    if info < 24:
        return major, info, pos + 1
    width = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if width is None:
        raise ValueError(f"unsupported CBOR item at byte {pos}")
    return major, int.from_bytes(data[pos + 1:pos + 1 + width], "big"), pos + 1 + width


def _cbor_decode(data: bytes, pos: int = 0) -> tuple[Any, int]:
    """Decode the CBOR subset Pagefind writes: integers, strings, arrays and maps."""
    major, arg, pos = _cbor_head(data, pos)
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        raw = data[pos:pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major in (4, 5):
        items = []
        for _ in range(arg * (2 if major == 5 else 1)):
            item, pos = _cbor_decode(data, pos)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2], strict=True))), pos
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_encode(value: Any) -> bytes:
    def head(major: int, arg: int) -> bytes:
        if arg < 24:
            return bytes([major << 5 | arg])
        for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if arg < 1 << (8 * width):
                return bytes([major << 5 | info]) + arg.to_bytes(width, "big")
        raise ValueError(f"integer too large for CBOR: {arg}")

    if isinstance(value, bool):
        raise ValueError(f"unsupported value {value!r}")
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise ValueError(f"unsupported value {value!r}")


def _read_pagefind(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind data file")
    return _cbor_decode(raw, len(_SIGNATURE))[0]


def _write_pagefind(value: Any) -> bytes:
    # mtime=0: gzip would otherwise stamp the build time into the header.
    return gzip.compress(_SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)


def _renamed(old: str, data: bytes, digits: int) -> str:
    """A content-hash name in Pagefind's style: "vi_5d289f6" for a filter, 10 digits for pf_meta."""
    return f"{old.rsplit('_', 1)[0]}_{hashlib.sha256(data).hexdigest()[:digits]}"


def canonical_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """The same bundle with HashMap-ordered lists sorted and the affected files renamed to match."""
    out = dict(files)
    entry = json.loads(files["pagefind-entry.json"])
    entry_bytes = files["pagefind-entry.json"]
    for language in entry["languages"].values():
        old_meta = language["hash"]
        meta = _read_pagefind(out.pop(f"pagefind.{old_meta}.pf_meta"))
        filters: list[list[str]] = []
        for name, old_hash in meta[3]:
            key, values = _read_pagefind(out.pop(f"filter/{old_hash}.pf_filter"))
            data = _write_pagefind([key, sorted(values, key=lambda pair: pair[0])])
            new_hash = _renamed(old_hash, data, 7)
            out[f"filter/{new_hash}.pf_filter"] = data
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta[4] = sorted(meta[4], key=lambda sort: sort[0])
        data = _write_pagefind(meta)
        new_meta = _renamed(old_meta, data, 10)
        out[f"pagefind.{new_meta}.pf_meta"] = data
        # Replace the hash in place rather than re-serialise, to keep Pagefind's exact JSON layout.
        entry_bytes = entry_bytes.replace(f'"{old_meta}"'.encode(), f'"{new_meta}"'.encode())
    out["pagefind-entry.json"] = entry_bytes
    return out


def bundle_files(records: Sequence[SearchRecord], prefix: str = BUNDLE_URL) -> list[File]:
    """The Pagefind bundle for *records*, as files under *prefix*, sorted by URL."""
    files = canonical_bundle(dict(_run(lambda: _index(records))))
    return sorted((File(prefix + path, data) for path, data in files.items()
                   if not path.startswith(_UNUSED_PREFIXES)), key=lambda f: f.url)


# ---------------------------------------------------------------- shards
#
# Pagefind indexes a whole bundle at once and has no incremental mode; its time and memory grow with
# the bundle (3 GB for 10,000 articles, which a 100,000-article portal could not afford).  So the
# index is split by period into shards of at most SHARD_LIMIT articles: consecutive years, or months
# of a year that alone holds more.  A build re-indexes only the shards whose records changed, reusing
# the others from the previous output, and the search page queries every shard.  Shards cover
# disjoint periods and the manifest lists them newest first, so results sorted by date within each
# shard are sorted overall when joined in manifest order.  (Pagefind's own mergeIndex re-sorts merged
# results by score, which would lose the newest-first order.)  Each shard is a complete bundle but
# for the wasm they share (see shard_files): its two scripts, 87 kB (about 25 kB as hosts compress
# them), are what a shard adds to a reader's first search.  Editing one article re-indexes its whole
# shard, about 5 ms an article on one core, and Pagefind holds about 350 MB per 1,000 articles while
# it writes a bundle (0.35 MB an article, measured from 500 to 1,300): 1,000 keeps that near 5 s and
# 350 MB, for 11 shards at 10,000 articles.  (2,000 let Pagefind alone take 650 MB of the 1 GB a
# 10,000-article build is allowed, beside the build's 550 MB.)

SHARD_LIMIT = 1000
MANIFEST_URL = BUNDLE_URL + "shards.json"
# What a shard's bundle depends on besides its records' inputs (see shard_digest).
_PAGEFIND_VERSION = metadata.version("pagefind")
_MODULE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _periods(articles: Sequence[Article]) -> list[tuple[int, int]]:
    """(year, month) of each article in a year of more than SHARD_LIMIT articles, else (year, 0)."""
    per_year = Counter(article.year for article in articles)
    return [(a.year, a.date.month if per_year[a.year] > SHARD_LIMIT else 0) for a in articles]


def shard_names(articles: Sequence[Article]) -> dict[tuple[int, int], str]:
    """(year, month or 0) → the shard of the articles of that period, named after its oldest period
    ("2019", "2024-05").  Periods are grouped oldest first, so an edit or a new article changes the
    grouping of the newest shards only."""
    per_period = Counter(_periods(articles))
    names: dict[tuple[int, int], str] = {}
    name, size = "", 0
    for period, count in sorted(per_period.items()):
        if not name or size + count > SHARD_LIMIT:
            name, size = (f"{period[0]}-{period[1]:02d}" if period[1] else str(period[0])), 0
        names[period] = name
        size += count
    return names


def _shard_articles(site: Site) -> list[tuple[str, list[Article]]]:
    """The articles grouped into shards, newest shard first, each newest article first."""
    names = shard_names(site.articles)
    shards: dict[str, list[Article]] = {}
    # Newest first, and a shard's periods are consecutive: each shard's articles stay newest first.
    for period, article in zip(_periods(site.articles), site.articles, strict=True):
        shards.setdefault(names[period], []).append(article)
    return list(shards.items())


def search_shards(site: Site, facets: Facets) -> list[tuple[str, list[SearchRecord]]]:
    """The search records grouped into shards, newest shard first, each newest record first."""
    return [(key, [record_from(_inputs(article, facets)) for article in articles])
            for key, articles in _shard_articles(site)]


def shard_digest(inputs: Sequence[RecordInputs]) -> str:
    """What a shard's bundle is made from: its records' inputs, Pagefind's version and this module.

    Taken over the inputs, not the records, so that a build makes the records of the shards it
    indexes only (their đ-folded words take 0.6 ms an article: 6 s at 10,000)."""
    digest = hashlib.sha256(f"{_PAGEFIND_VERSION}\0{_MODULE_HASH}\0".encode())
    for one in inputs:
        fields = one._replace(date=one.date.isoformat())     # every field, in order
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
    return digest.hexdigest()


def _previous_shards(output: Path | None) -> dict[str, str]:
    """url → digest of the shards in a previous build's manifest; {} when there is none to trust."""
    if output is None:
        return {}
    try:
        manifest = json.loads((output / MANIFEST_URL.lstrip("/")).read_bytes())
        return {shard["url"]: shard["digest"] for shard in manifest["shards"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _previous_files(output: Path, prefix: str) -> list[str] | None:
    """The URLs of a previous build's bundle under *prefix*, or None when its folder is gone."""
    folder = output / prefix.lstrip("/")
    if not (folder / "pagefind-entry.json").is_file():
        return None
    return sorted(prefix + path.relative_to(folder).as_posix()
                  for path in folder.rglob("*") if path.is_file())


@dataclass(frozen=True)
class SearchPlan:
    """What the search index of a build needs: the shards to index, as (URL prefix, records); the
    files of unchanged shards, kept from the previous output; and the manifest listing every shard."""

    to_index: list[tuple[str, list[SearchRecord]]]
    kept: list[str]
    manifest: File

    def output(self, indexed: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes | None]]:
        """Every file of the index as output.write_site takes them: *indexed*, the files of the
        shards indexed now; the unchanged shards' files as (url, None); then the manifest."""
        yield from indexed
        yield from ((url, None) for url in self.kept)
        yield self.manifest.url, self.manifest.data


def plan_search(site: Site, facets: Facets, previous: Path | None = None) -> SearchPlan:
    """The shards of *site*'s index, and which must be indexed again.

    *facets* gives each article's filter values.  With *previous*, the output folder of the last
    build, a shard whose records are unchanged keeps its files there instead of being indexed again."""
    known = _previous_shards(previous)
    to_index: list[tuple[str, list[SearchRecord]]] = []
    kept: list[str] = []
    manifest = []
    for key, articles in _shard_articles(site):
        prefix = f"{BUNDLE_URL}{key}/"
        inputs = [_inputs(article, facets) for article in articles]
        digest = shard_digest(inputs)
        reused = (_previous_files(previous, prefix) if previous is not None and known.get(prefix) == digest
                  else None)
        if reused is None:
            to_index.append((prefix, [record_from(one) for one in inputs]))
        else:
            kept += reused
        manifest.append({"url": prefix, "digest": digest, "articles": len(inputs)})
    if not to_index and previous is not None:
        kept += _previous_shared(previous)      # else the shards indexed now give it
    data = json.dumps({"shards": manifest}, ensure_ascii=False, indent=1).encode() + b"\n"
    return SearchPlan(to_index, kept, File(MANIFEST_URL, data))


# Each shard's script fetches Pagefind's search engine (wasm, 68 kB compressed) from beside itself,
# so a reader's first search fetched the same engine once per shard.  The scripts are rewritten to
# fetch it from the folder above the shards, where one copy serves them all.  Should a Pagefind
# release word its scripts otherwise, each shard keeps its own copy: heavier, but it works.
_OWN_WASM = b"`${this.basePath}wasm.${language}.pagefind`"
_SHARED_WASM = b"`${this.basePath}../wasm.${language}.pagefind`"
_SCRIPTS = ("pagefind.js", "pagefind-worker.js")
_WASM = re.compile(r"wasm\.[\w-]+\.pagefind")


def shard_files(records: Sequence[SearchRecord], prefix: str) -> list[File]:
    """The Pagefind bundle of a shard under *prefix*, its wasm moved to the folder above, sorted by URL."""
    files = bundle_files(records, prefix)
    scripts = [f for f in files if f.url.removeprefix(prefix) in _SCRIPTS]
    if len(scripts) != len(_SCRIPTS) or any(f.data.count(_OWN_WASM) != 1 for f in scripts):
        return files
    parent = prefix.rstrip("/").rsplit("/", 1)[0] + "/"
    moved = []
    for file in files:
        name = file.url.removeprefix(prefix)
        if name in _SCRIPTS:
            file = File(file.url, file.data.replace(_OWN_WASM, _SHARED_WASM))
        elif _WASM.fullmatch(name):
            file = File(parent + name, file.data)
        moved.append(file)
    return sorted(moved, key=lambda f: f.url)


def index_shards(shards: Iterable[tuple[str, Sequence[SearchRecord]]]) -> Iterator[File]:
    """The bundle files of each shard, one shard at a time, and the wasm they share once."""
    shared: dict[str, bytes] = {}
    for prefix, records in shards:
        files = shard_files(records, prefix)
        # The Pagefind service and its event loop leave reference cycles that hold the shard's
        # requests and replies until a full collection: the indexer of a 10,000-article site grew
        # from 75 to 165 MB over 11 shards without this.
        gc.collect()
        for file in files:
            if not file.url.startswith(prefix):     # the engine the shards share
                if file.url in shared:
                    if shared[file.url] != file.data:
                        raise RuntimeError(f"search index: the shards' copies of {file.url} differ")
                    continue
                shared[file.url] = file.data
            yield file


def _previous_shared(output: Path) -> list[str]:
    """The URLs of the files a previous build's shards share (their wasm)."""
    folder = output / BUNDLE_URL.lstrip("/")
    return sorted(BUNDLE_URL + path.name for path in folder.glob("wasm.*.pagefind") if path.is_file())


def search_files(site: Site, facets: Facets) -> list[File]:
    """Every file of the search index for *site*, made from scratch: a bundle per shard and the
    manifest listing them."""
    plan = plan_search(site, facets)
    return [*index_shards(plan.to_index), plan.manifest]


def search_page(site: Site) -> Page:
    """The search page; its filters and results are filled in the browser from the bundle."""
    return Page(site.config.permalinks["search"], "search.html",
                {"kind": "search", "facets": FACETS, "shards_url": MANIFEST_URL})
