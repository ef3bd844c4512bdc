"""Labels readers see for units, tiers, grades and breakdowns come from the vocabulary, per language."""

import pytest

from reformsite.figures import Figure, breakdown_label, grade_label, tier_label, unit_label, value_label
from reformsite.figures.vocabulary import VocabularyError, parse_labels


def _figure(**fields) -> Figure:
    base = {"indicator": "ty_le_dung_han", "value": 96.4, "unit": "percent", "qualifier": "exact",
            "quote": "", "block": 0, "start": 0, "end": 0}
    return Figure(**{**base, **fields})


@pytest.mark.parametrize(("key", "value", "quote", "vi", "en"), [
    ("co_che", "mot_cua", "", "cơ chế một cửa", "one-stop"),
    ("thang_diem", "100", "", "thang điểm 100", "100-point scale"),
    ("muc_do", "3,4", "", "mức độ 3, 4", "level 3, 4"),
    ("muc_do", "toan_trinh", "", "trực tuyến toàn trình", "fully online"),
    ("linh_vuc", "dat_dai", "", "lĩnh vực đất đai", "land"),
    # a field the vocabulary does not list reads as the quote writes it
    ("linh_vuc", "tu_phap_ho_tich", "hồ sơ lĩnh vực Tư pháp hộ tịch đạt 99%",
     "lĩnh vực tư pháp hộ tịch", "field: tư pháp hộ tịch"),
])
def test_breakdowns_read_as_words(key, value, quote, vi, en):
    assert breakdown_label(key, value, "vi", quote) == vi
    assert breakdown_label(key, value, "en", quote) == en


def test_units_tiers_and_grades_in_both_languages():
    assert unit_label("percent") == "%"
    assert unit_label("ho_so") == "hồ sơ"
    assert unit_label("ho_so", "en") == "dossiers"
    assert tier_label("cap_xa") == "cấp xã"
    assert tier_label("cap_xa", "en") == "commune level"
    assert grade_label("cao_nhat") == "Nhóm cao nhất"
    assert grade_label("tot", "en") == "Good"


def test_values_carry_the_unit_label():
    assert value_label(_figure()) == "96,4%"
    assert value_label(_figure(value=4572, unit="ho_so")) == "4.572 hồ sơ"
    assert value_label(_figure(value=4572, unit="ho_so"), "en") == "4,572 dossiers"
    assert value_label(_figure(value=9, unit="rank", rank_of=20)) == "9/20"
    assert value_label(_figure(value=5, unit="count")) == "5"
    assert value_label(_figure(value="trung_binh_cao", unit="category")) == "Nhóm trung bình cao"


def test_a_label_missing_a_language_is_refused():
    with pytest.raises(VocabularyError, match=r"tiers\.cap_xa"):
        parse_labels({"tiers": {"cap_xa": {"vi": "cấp xã"}}})
