"""What the search tests share: small sites, their facets, and reading a bundle without a browser
(Pagefind has no Python query API; the browser suite runs real queries through pagefind.js)."""

from __future__ import annotations

import gzip
import json

from sitekit import article

from reformsite.search.pagefind import _read_pagefind
from reformsite.search.records import record_from
from reformsite.search.shards import shard_jobs

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

SPREAD = {  # 2 articles in 2021, 1 in 2022, 3 in 2024 (two in March)
    "content/a.md": article("Bài A năm 2021", "2021-02-01T08:00:00+07:00", "Xã An Phú tiếp nhận hồ sơ."),
    "content/b.md": article("Bài B năm 2021", "2021-09-01T08:00:00+07:00", "Huyện Bình Đại số hóa."),
    "content/c.md": article("Bài C năm 2022", "2022-05-01T08:00:00+07:00", "Tỉnh Long An công bố chỉ số."),
    "content/d.md": article("Bài D tháng ba", "2024-03-02T08:00:00+07:00", "Phường Một trả kết quả."),
    "content/e.md": article("Bài E tháng ba", "2024-03-20T08:00:00+07:00", "Phường Hai trả kết quả."),
    "content/f.md": article("Bài F tháng tám", "2024-08-20T08:00:00+07:00", "Phường Ba trả kết quả."),
}


def facets(a):
    return {"nam": [str(a.year)], **FACET_VALUES.get(a.path, {})}


def year_facets(a):
    return {"nam": [str(a.year)]}


def search_shards(site, facets):
    """Each shard's name and records, newest shard first, as a build from scratch indexes them."""
    return [(job.prefix.removeprefix("/pagefind/").rstrip("/"), [record_from(one) for one in job.inputs])
            for job in shard_jobs(site, facets)]


def fragments(bundle: dict[str, bytes]) -> dict[str, dict]:
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
    fragments_ = fragments(bundle)
    found = set()
    for url, data in bundle.items():
        if url.endswith(".pf_index"):
            for chunk in _read_pagefind(data):
                # [folded word, pages of that exact spelling, [[spelling with diacritics, pages], …]]
                for term, postings, variants in chunk:
                    if term == word:
                        for pages_ in (postings, *(v[1] for v in variants)):
                            found |= {fragments_[page_hashes[p[0]]]["url"] for p in pages_}
    return found
