"""Driving Pagefind: a bundle made of search records in memory, and made canonical.

Pagefind's Python package runs its binary as a service and talks to it over pipes; this module
starts it, sends it the records, takes the bundle back and makes the bundle's bytes depend on the
records alone.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import gzip
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

import cbor2
from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

from reformsite.core import File

from .records import SearchRecord

BUNDLE_URL = "/pagefind/"
LANGUAGE = "vi"

# Pagefind ships three ready-made UIs and a highlighter; our page uses the JS API only, so they are
# left out of the output and off the host.
_UNUSED_PREFIXES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")

# Each reply of Pagefind's service is one base64 line, and get_files() sends the whole bundle in one
# reply (base64 inside JSON, so larger than the bundle): the line limit is far above any shard's bundle.
_REPLY_LIMIT = 1 << 31


class PagefindError(RuntimeError):
    """Pagefind could not start, stopped, or refused a request."""


class _PromptService(PagefindService):
    """Pagefind's service with a reader of its own, which reads each reply as soon as it arrives.

    The public API (PagefindIndex as a context manager) starts a stock PagefindService, whose reader
    cannot serve a shard: it sleeps 0.1 s before reading each reply, and every record has a reply
    (Pagefind issue #976); it reads with a 2 MiB line limit, so once a bundle's get_files() reply is
    longer the reader dies with LimitOverrunError and get_files() waits forever (write_files() to a
    folder would avoid the limit, not the sleep); and it merges the binary's stderr into the pipe
    that carries the replies.  None of these is a parameter, so this subclass replaces launch() (its
    own line limit, stderr to /dev/null) and _wait_for_responses() (no sleep; a service that dies
    fails the waiting requests instead of leaving them to hang).  Requests and replies are Pagefind's.

    This relies on private parts of PagefindService, checked against the installed Pagefind by
    tests/search/test_pagefind.py: the attributes _bin, _loop and _responses (message id → future,
    filled by send()) that __init__ sets, _backend and _poll_task that close() stops, and the
    shape of the service's replies (message_id, payload, original_message).
    """

    async def launch(self) -> _PromptService:
        try:
            self._backend = await asyncio.create_subprocess_exec(
                self._bin, "--service", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL, limit=_REPLY_LIMIT)
        except OSError as exc:
            raise PagefindError(f"pagefind could not start ({self._bin}): {exc.strerror or exc}") from exc
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
                    future.set_exception(PagefindError(f"pagefind service stopped replying: {exc!r}"))

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
            future.set_exception(PagefindError(f"pagefind: {payload['message']}"))
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

# Pagefind's data files are gzip of this signature and one CBOR item.  cbor2 reads the item and writes
# it back byte for byte (definite lengths, shortest heads, map order kept), which the round-trip test
# holds to account on a real bundle.
_SIGNATURE = b"pagefind_dcd"


def _read_pagefind(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind data file")
    return cbor2.loads(raw[len(_SIGNATURE):])


def _write_pagefind(value: Any) -> bytes:
    # mtime=0: gzip would otherwise stamp the build time into the header.
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


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

