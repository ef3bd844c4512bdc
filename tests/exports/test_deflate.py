"""Gzip files joined from pieces: a year's piece read back from its file without decompressing it
carries the CRC-32 and length that compressing its text gives."""

import gzip
import random
import zlib

import pytest

from reformsite.exports import deflate


def test_crc32_uncombine_undoes_crc32_combine():
    rng = random.Random(7)
    for length in (0, 1, 2, 3, 17, 1000, 70_000):
        first, second = rng.randbytes(rng.randrange(1, 300)), rng.randbytes(length)
        whole = zlib.crc32(first + second)
        assert deflate.crc32_combine(zlib.crc32(first), zlib.crc32(second), length) == whole
        assert deflate.crc32_uncombine(whole, zlib.crc32(second), length) == zlib.crc32(first)


@pytest.mark.parametrize("tail", [b"", b"\n]}\n"])
def test_stored_piece_is_the_piece_of_the_text(tail):
    head, text = b'{"articles":[\n', "Tỷ lệ hồ sơ đúng hạn đạt 98,5%\n".encode() * 3000
    pieces = [deflate.piece(head), deflate.piece(text), deflate.piece(tail)]
    data = deflate.gzip_of(pieces)
    assert gzip.decompress(data) == head + text + tail
    found = deflate.stored_piece(data, pieces[0], pieces[2])
    assert found == pieces[1]
    assert deflate.inflate(found) == text


def test_a_file_framed_otherwise_has_no_stored_piece():
    head, tail = deflate.piece(b"head\n"), deflate.piece(b"tail\n")
    data = deflate.gzip_of([head, deflate.piece(b"rows\n"), tail])
    assert deflate.stored_piece(gzip.compress(b"head\nrows\ntail\n", mtime=0), head, tail) is None
    assert deflate.stored_piece(data[:-1], head, tail) is None
    assert deflate.stored_piece(data, deflate.piece(b"other\n"), tail) is None
