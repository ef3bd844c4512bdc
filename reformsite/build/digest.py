"""What a page was rendered from, as a short digest: equal digests mean equal pages.

A page's bytes follow from its template (and the templates it includes), the values every template
can reach (config, strings, navigation, which places and indicators have pages) and its own context.
Listings show an article as a card, so an article digests as its card fields; the page of the article
itself adds its content hash (its HTML is a function of that and of the code, which the build cache's
fingerprint covers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from reformsite.figures import Figure, Reported
from reformsite.site import Article, Report

_PLAIN = frozenset({type(None), bool, int, float, str})


class Digester:
    """Digests of context values, memoised by identity for the life of one build (values are shared
    between pages: a province's article list appears on each of its pages)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}

    def of(self, value: Any) -> bytes:
        kind = type(value)
        if kind in _PLAIN:
            return repr(value).encode()
        if kind is Report:
            # A large site has hundreds of thousands, each in two or three pages' contexts: spelt out
            # from its article's digest and its figure's own key, neither hashed nor memoised.
            reported, article = value.reported, value.article
            known = self._memo.get(id(article))
            return b"P" + (known[1] if known is not None and known[0] is article else self.of(article)) + (
                reported.key or self.of(reported))
        key = id(value)
        if (hit := self._memo.get(key)) is not None and hit[0] is value:
            return hit[1]
        digest = hashlib.blake2b(self._parts(value), digest_size=16).digest()
        self._memo[key] = (value, digest)     # keep the value alive so its id is not reused
        return digest

    def _parts(self, value: Any) -> bytes:
        kind = type(value)
        if kind is Figure:
            # Only numbers, strings and tuples of them, and a figure's repr shows every field: the
            # tens of thousands of figures on place and indicator pages digest several times faster.
            return repr(value).encode()
        if kind is Reported:
            return value.key or b"R" + self.of(value.figure) + repr((value.anchor, value.place_id)).encode()
        if isinstance(value, Article):
            # As listings show it (a card); the article's own page adds its content, see page_digest.
            main = value.places.main if value.places is not None else None
            return "\0".join(map(str, ("A", value.url, value.title, value.summary, value.date.isoformat(),
                                        value.label, value.label_text, value.source, value.image, main,
                                        value.draft))).encode()
        if isinstance(value, str | int | float | dt.datetime | dt.date | enum.Enum | PurePath | bytes):
            # (subclasses of the plain types, such as Markup, come here)
            return repr(value).encode()
        if isinstance(value, Mapping):
            return b"M" + b"".join(self.of(k) + b"=" + self.of(v) for k, v in sorted(
                value.items(), key=lambda kv: repr(kv[0])))
        if isinstance(value, list | tuple):
            return b"L" + b"".join(map(self.of, value))
        if isinstance(value, set | frozenset):
            return b"S" + b"".join(sorted(self.of(v) for v in value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            name = type(value).__name__.encode()
            return b"D" + name + b"".join(self.of(getattr(value, f.name)) for f in dataclasses.fields(value))
        if hasattr(value, "__dict__") and not callable(value):
            return b"O" + type(value).__name__.encode() + self.of(vars(value))
        raise TypeError(f"cannot digest a {type(value).__name__} in a page context")


def has_own_article(context: Mapping[str, Any]) -> bool:
    """Whether the page shows an article's text: the article's (or a static page's) own page."""
    return isinstance(context.get("article"), Article)


def page_digest(digester: Digester, shared: bytes, template: str, context: Mapping[str, Any]) -> str:
    own = context.get("article")
    body = f"{own.content_hash}\0{own.updated}".encode() if has_own_article(context) else b""
    digest = hashlib.blake2b(shared + template.encode() + body + digester.of(context), digest_size=16)
    return digest.hexdigest()
