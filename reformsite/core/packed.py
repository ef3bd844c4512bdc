"""Strings the model holds for the whole build but reads once: kept compressed until then.

An article's HTML is read by its own page and its text blocks by the search records, yet both live
as long as the model, and Vietnamese text takes two bytes a character in a Python string.
Compressed (zlib at the fastest level) they take a fraction of that, and unpickle from the build cache
as one bytes object instead of a string per block.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload


def pack_text(text: str) -> bytes:
    """*text* compressed at zlib's fastest level: packing happens once per article read."""
    return zlib.compress(text.encode(), 1)


def unpack_text(packed: bytes) -> str:
    return zlib.decompress(packed).decode()


class PackedTexts(Sequence[str]):
    """A tuple of strings held compressed; each read unpacks them all (read them once, as a tuple)."""

    __slots__ = ("_count", "_data")

    def __init__(self, texts: Iterable[str] = ()) -> None:
        items = list(texts)
        self._count = len(items)
        self._data = pack_text(json.dumps(items, ensure_ascii=False)) if items else b""

    @property
    def packed(self) -> bytes:
        """The texts as kept: equal texts give equal bytes (zlib at one level is deterministic),
        so a digest of these stands for one of the texts without unpacking them."""
        return self._data

    def unpacked(self) -> tuple[str, ...]:
        return tuple(json.loads(unpack_text(self._data))) if self._count else ()

    def __iter__(self) -> Iterator[str]:
        return iter(self.unpacked())

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return self.unpacked()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedTexts):
            return self._data == other._data      # the same texts compress to the same bytes
        if isinstance(other, tuple | list):
            return self.unpacked() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.unpacked())

    def __repr__(self) -> str:
        return f"PackedTexts({list(self.unpacked())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _restore, (self._count, self._data)


def _restore(count: int, data: bytes) -> PackedTexts:
    packed = PackedTexts.__new__(PackedTexts)
    packed._count, packed._data = count, data
    return packed
