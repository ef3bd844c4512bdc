"""Search records: what Pagefind indexes for each article, made from the model.

The index is built from the model rather than by crawling output/, so it holds the article text only
(no menus, footers or "read next" links) and each record carries the facets readers filter by.
Pagefind folds diacritics when it indexes and when it reads a query, but not đ (U+0111 has no
decomposition), so each record also carries an ASCII copy of its words that contain đ, from the
title, the text, the places and the tags: "duong" then finds "Đường" and "dung han" finds "đúng hạn".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from reformsite.core import PackedTexts, fold_diacritics

if TYPE_CHECKING:       # the indexer's process runs without the site model's modules
    from reformsite.site import Article, Site

# Facet keys as Pagefind filter names; the values are display names shown beside the checkboxes.
FACETS: tuple[str, ...] = ("tinh", "huyen", "chi_so", "nam")
Facets = Callable[["Article"], dict[str, list[str]]]


@dataclass(frozen=True)
class SearchRecord:
    """One Pagefind custom record: what a reader's query is matched against and what a result shows."""

    url: str                        # site-relative; pagefind.js prefixes the site's base path
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]


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
# through every word without one.
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
    blocks: Sequence[str]           # as the article holds them (core.PackedTexts): unpacked once, if indexed
    filters: dict[str, list[str]]


def record_inputs(article: Article, facets: dict[str, list[str]]) -> RecordInputs:
    """What *article*'s record is made from, given its facet values (keys of FACETS; others are
    ignored)."""
    filters = {key: _unique(facets.get(key, [])) for key in FACETS}
    blocks = article.blocks if isinstance(article.blocks, PackedTexts) else tuple(article.blocks)
    return RecordInputs(article.url, article.title, article.date, tuple(article.tags), blocks,
                        {key: values for key, values in filters.items() if values})


def record_from(inputs: RecordInputs) -> SearchRecord:
    """The search record made of *inputs*, and of nothing else.

    Pagefind indexes every meta value as searchable text but builds excerpts from the content only.
    So the content is the article's text, and the title, places, tags and the đ-folded words go into
    meta: they are all found, and an excerpt never repeats the title or shows the folded words.
    """
    filters, blocks = inputs.filters, tuple(inputs.blocks)
    provinces = filters.get("tinh", [])[:1]
    # The district's facet value names its province, which the line names after it anyway.
    districts = [d.removesuffix(f" ({provinces[0]})") if provinces else d
                 for d in filters.get("huyen", [])[:1]]
    places = districts + provinces
    # The lead image's URL is left out of meta: indexed, it would add tokens such as
    # "httpsbaodongkhoivnimage…jpg" for every article.
    meta = {"title": inputs.title, "date": inputs.date.date().isoformat()}
    if places:
        meta["place"] = ", ".join(places)
    if inputs.tags:
        meta["chu_de"] = ", ".join(inputs.tags)
    folded = d_folded_words([inputs.title, *blocks, *filters.get("tinh", []),
                             *filters.get("huyen", []), *filters.get("chi_so", []), *inputs.tags])
    if folded:
        meta["khong_dau"] = folded
    content = "\n".join(blocks) or inputs.title
    # UTC so that string order is time order whatever offset each article was written with.
    moment = inputs.date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return SearchRecord(inputs.url, content, meta, filters, {"date": moment})


def article_inputs(article: Article, facets: Facets) -> RecordInputs:
    """What *article*'s record is made from, its year facet included."""
    return record_inputs(article, {"nam": [str(article.year)], **facets(article)})


def search_records(site: Site, facets: Facets) -> list[SearchRecord]:
    """Every published article's record, newest first (the order fixes Pagefind's page numbers)."""
    return [record_from(article_inputs(article, facets)) for article in site.articles]
