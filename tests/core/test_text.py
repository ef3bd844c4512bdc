import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from reformsite.core.text import canonical_tones, fold_diacritics, name_key, nfc, slugify


def test_tone_placement_is_canonical():
    assert canonical_tones("Tân Hoà") == "Tân Hòa"
    assert canonical_tones("Thuỵ Hoà") == "Thụy Hòa"
    assert canonical_tones("khoẻ") == "khỏe"
    # "qu" is a consonant: the tone stays on y; closed syllables keep theirs.
    assert canonical_tones("Quý") == "Quý"
    assert canonical_tones("Hoàng") == "Hoàng"
    assert canonical_tones("Thuận") == "Thuận"


def test_name_key_folds_case_nfd_and_tones():
    nfd = unicodedata.normalize("NFD", "XÃ TÂN HOÀ")
    assert name_key(nfd) == name_key("xã Tân Hòa") == "xã tân hòa"
    assert name_key("Đồng Khởi", fold=True) == "dong khoi"


def test_slugify_folds_diacritics_and_d():
    assert slugify("Đồng Khởi") == "dong-khoi"
    assert slugify("  Tân Thành Bình: 100% hồ sơ!  ") == "tan-thanh-binh-100-ho-so"
    assert slugify("ĐƯỜNG") == "duong"


def test_slugify_cuts_on_a_word_boundary():
    slug = slugify("Cải cách hành chính " * 20, max_length=40)
    assert len(slug) <= 40 and not slug.endswith("-") and slug.startswith("cai-cach")


@given(st.text())
def test_slugs_are_url_safe(text):
    slug = slugify(text)
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert slug == slug.lower()


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ "))
def test_folding_is_idempotent_and_ascii(text):
    folded = fold_diacritics(text)
    assert folded.isascii()
    assert fold_diacritics(folded) == folded
    assert canonical_tones(canonical_tones(text)) == canonical_tones(text)
    assert nfc(canonical_tones(text)) == canonical_tones(text)
