"""Deterministic gzip files made of pieces compressed one at a time.

A file here is one gzip member (RFC 1952): a fixed header (no name, modification time 0, unknown
system), one deflate stream, then the CRC-32 and length of the whole text.  The deflate stream is the
compressed pieces one after another: each piece is compressed on its own, at a fixed level, and ends
on a byte boundary with a sync flush, so the blocks of any pieces can be joined into a valid stream
(the way gzjoin and pigz join theirs), closed by one empty final block.  A piece compressed for one
file can so be reused in another: the whole site's open data is the years' pieces joined, and a year
whose articles did not change is not compressed again.  One member, not several files concatenated:
some readers (the browsers' DecompressionStream among them) stop after the first member.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

LEVEL = 6
# ID1 ID2, deflate, no flags, mtime 0, no extra flags, OS 255 (unknown).
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
FINAL = b"\x03\x00"                     # an empty final block with fixed codes
_TRAILER = struct.Struct("<II")
_POLY = 0xEDB88320


@dataclass(frozen=True)
class Piece:
    """A text compressed on its own: its deflate blocks (byte-aligned, none final), CRC-32 and length."""

    deflated: bytes
    crc: int
    size: int


EMPTY = Piece(b"", 0, 0)


def piece(data: bytes) -> Piece:
    if not data:
        return EMPTY
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return Piece(compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.crc32(data), len(data))


def gzip_of(pieces: Iterable[Piece]) -> bytes:
    """The gzip file of the pieces' texts one after another."""
    parts, crc, size = [HEADER], 0, 0
    for item in pieces:
        parts.append(item.deflated)
        crc = crc32_combine(crc, item.crc, item.size)
        size += item.size
    parts += [FINAL, _TRAILER.pack(crc, size & 0xFFFFFFFF)]
    return b"".join(parts)


def stored_piece(data: bytes, head: Piece, tail: Piece) -> Piece | None:
    """The piece between *head* and *tail* of a file gzip_of made of those three, its CRC-32 and
    length worked out from the file's trailer, without decompressing it; None when *data* is not
    framed so (another header, head or tail, a file cut short).  Whether its deflate blocks are
    the ones this zlib makes is not checked: see opendata.make_open_data."""
    start = len(HEADER) + len(head.deflated)
    end = len(data) - _TRAILER.size - len(FINAL) - len(tail.deflated)
    if (end < start or not data.startswith(HEADER + head.deflated)
            or data[end:end + len(tail.deflated) + len(FINAL)] != tail.deflated + FINAL):
        return None
    whole_crc, whole_size = _TRAILER.unpack_from(data, len(data) - _TRAILER.size)
    size = whole_size - head.size - tail.size
    if size < 0 or (size == 0) != (start == end):
        return None
    # CRC-32(head + body) = crc32_combine(CRC-32(head), CRC-32(body), len(body)), and likewise with tail.
    head_and_body = crc32_uncombine(whole_crc, tail.crc, tail.size)
    return Piece(data[start:end], head_and_body ^ crc32_combine(head.crc, 0, size), size)


def inflate(item: Piece) -> bytes:
    """The text of a piece."""
    return zlib.decompressobj(-15).decompress(item.deflated)


# CRC-32 of two texts joined, from the CRC-32 of each (zlib's crc32_combine, which Python's zlib
# module does not offer): the first CRC multiplied by x^(8·len2) modulo the polynomial, plus the second.
def _multiply(a: int, b: int) -> int:
    """a·b modulo the CRC polynomial, both in the reflected bit order of CRC-32."""
    mask, product = 1 << 31, 0
    while True:
        if a & mask:
            product ^= b
            if a & (mask - 1) == 0:
                return product
        mask >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _powers() -> tuple[int, ...]:
    """x^(2^k) modulo the polynomial for k = 0…31."""
    power, powers = 1 << 30, []
    for _ in range(32):
        powers.append(power)
        power = _multiply(power, power)
    return tuple(powers)


_X2N = _powers()


def _x_power(exponent: int) -> int:
    """x^exponent modulo the polynomial, from the powers x^(2^k); x^(2^32) = x, as x^(2^32 - 1) = 1."""
    power, k = 1 << 31, 0
    while exponent:
        if exponent & 1:
            power = _multiply(_X2N[k & 31], power)
        exponent >>= 1
        k += 1
    return power


_ORDER = (1 << 32) - 1          # x^_ORDER = 1 modulo the CRC-32 polynomial


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A + B from crc1 = CRC-32 of A, crc2 = CRC-32 of B and len2 = the length of B."""
    return _multiply(_x_power(8 * len2), crc1) ^ crc2


def crc32_uncombine(crc12: int, crc2: int, len2: int) -> int:
    """CRC-32 of A from crc12 = CRC-32 of A + B, crc2 = CRC-32 of B and len2 = the length of B:
    crc32_combine undone, multiplying by x^(-8·len2) = x^(_ORDER - 8·len2 mod _ORDER)."""
    return _multiply(_x_power(_ORDER - 8 * len2 % _ORDER), crc12 ^ crc2)
