"""Packed texts: an article's blocks held compressed in the model read back exactly as written."""

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reformsite.core import PackedTexts


@given(st.lists(st.text()))
def test_any_texts_come_back_as_they_were(texts):
    packed = PackedTexts(texts)
    assert tuple(packed) == tuple(texts) and len(packed) == len(texts)
    assert packed == tuple(texts) and packed == list(texts)
    again = pickle.loads(pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(again) is PackedTexts and again == packed and tuple(again) == tuple(texts)


def test_reads_like_a_tuple_of_strings():
    blocks = ("Xã Tân Hòa tiếp nhận 4.572 hồ sơ.", 'Tỷ lệ "đúng hạn" đạt 99,1%.', "", "\x1f\n")
    packed = PackedTexts(blocks)
    assert packed[0] == blocks[0] and packed[-1] == "\x1f\n" and packed[1:3] == blocks[1:3]
    assert "\n".join(packed) == "\n".join(blocks) and blocks[1] in packed
    assert hash(packed) == hash(blocks)
    assert packed != PackedTexts(blocks[:-1]) and packed != blocks[:-1]
    assert PackedTexts() == () and not PackedTexts() and list(PackedTexts()) == []
    with pytest.raises(IndexError):
        packed[len(blocks)]


def test_vietnamese_text_takes_a_fraction_of_its_string_size():
    """The point of packing: a string of Vietnamese text takes two bytes a character."""
    blocks = [f"Năm {2000 + i}, xã thứ {i} tiếp nhận {i * 37:,} hồ sơ, giải quyết đúng hạn "
              f"{90 + i % 10},{i % 7}%; tỷ lệ số hóa đạt {60 + i % 30}% và thanh toán trực tuyến {i % 100}%."
              for i in range(40)]
    held = len(pickle.dumps(PackedTexts(blocks)))
    assert held * 3 < sum(len(b.encode("utf-16-le")) for b in blocks)
