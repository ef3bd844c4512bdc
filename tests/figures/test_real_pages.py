"""The extractor on real pages of the development corpus (../shared/corpus), one class of phrasing
per test: what real reports write that text written for the extractor does not."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sitekit import corpus_article

from reformsite.figures import extract_figures


def figures_of(article_id: str):
    page = corpus_article(article_id)
    blocks = [line for line in page.body.split("\n") if line.strip()]
    lang = page.label.get("language") or "vi"
    return extract_figures(blocks, title=page.title, published=page.date, lang=lang)


def pairs(article_id: str) -> Counter:
    return Counter((f.indicator, f.value) for f in figures_of(article_id))


def test_parallel_list_gives_each_unit_its_value():
    # "Sở Khoa học và Công nghệ (191 DVCTT), Sở Văn hóa, Thể thao và Du lịch (174), …" and the list
    # goes on in the next paragraph: "Sở Tài chính (88), Ban quản lý khu kinh tế tỉnh (40), …"
    figures = [f for f in figures_of("B09") if f.indicator == "so_dvc_truc_tuyen"]
    by_unit = {(f.unit_name, f.value) for f in figures}
    assert {("Sở Văn hóa, Thể thao và Du lịch", 174), ("Sở Y tế", 140), ("Sở Tài chính", 88),
            ("Ban quản lý khu kinh tế tỉnh", 40), ("Thanh tra tỉnh", 5)} <= by_unit
    assert next(f for f in figures if f.unit_name == "Sở Y tế" and f.value == 140).level == "agency"


def test_parallel_list_of_rates_and_ranks():
    # "cao như Sở Tài nguyên và Môi trường (hơn 22%); UBND tỉnh (gần 15,7%); Sở Tư pháp (hơn 10%)"
    late = {f.value: f for f in figures_of("A21") if f.indicator == "ty_le_tre_han"}
    assert {22, 15.7, 10} <= set(late)
    assert late[15.7].qualifier == "approx" and late[10].qualifier == "over"
    # "trên các tỉnh Lâm Đồng (46/63), Đăk Nông (51/63), Gia Lai (58/63)"
    ranks = {(f.unit_name, f.value) for f in figures_of("B08") if f.indicator == "chi_so_cchc_hang"}
    assert {("Lâm Đồng", 46), ("Đăk Nông", 51), ("Gia Lai", 58)} <= ranks


def test_a_fact_said_again_is_one_figure():
    # A06 says Quảng Trị is second three times, with and without the date of the data
    assert pairs("A06")[("chi_so_766_hang", 2)] == 1
    # the headline printed again atop the body is not a second, rounded figure (B09: "Hơn 2.200")
    assert ("so_dvc_truc_tuyen", 2200) not in pairs("B09")
    assert pairs("B09")[("so_dvc_truc_tuyen", 2234)] == 1


def test_the_766_index_and_its_groups():
    # "chỉ số phục vụ người dân, doanh nghiệp" without "Bộ", then the groups one by one
    found = pairs("A06")
    for key, value in [("chi_so_766", 77.65), ("chi_so_766_cong_khai_minh_bach", 15.4),
                       ("chi_so_766_tien_do_giai_quyet", 19.35), ("chi_so_766_dich_vu_truc_tuyen", 9.03),
                       ("chi_so_766_muc_do_hai_long", 17.82), ("chi_so_766_so_hoa_ho_so", 16.05)]:
        assert found[(key, value)] == 1, key


def test_online_services_rate_is_not_a_dossier_rate():
    found = pairs("A01")
    assert found[("ty_le_dvc_truc_tuyen", 38.29)] == 1 and found[("ty_le_dvc_truc_tuyen", 25.43)] == 1
    assert ("ty_le_ho_so_truc_tuyen", 38.29) not in found
    assert ("ty_le_truc_tuyen_toan_trinh", 25.43) not in found


def test_colon_labels_and_slashed_pairs():
    # "+ Đã giải quyết: 18273 hồ sơ (đúng hạn 17265/trễ hạn 1458)"
    found = pairs("A18")
    assert found[("hs_da_giai_quyet", 18273)] == 1
    assert ("hs_tre_han", 1458) in found and ("hs_tre_han", 11817) not in found
    assert ("hs_dung_han", 11817) in found


@pytest.mark.parametrize("article_id, not_a_rank", [
    ("A19", ("chi_so_cchc_hang", 2)),   # "Đây là năm thứ 2 liên tiếp": an occurrence
    ("B08", ("chi_so_cchc_hang", 3)),   # "Thứ 3, Ngày 18/06/2024": the page's date line
])
def test_occurrences_and_weekdays_are_not_ranks(article_id, not_a_rank):
    assert not_a_rank not in pairs(article_id)


def test_rank_position_and_the_index_named_after_it():
    # "đứng ở vị trí số 2/63 … (Chỉ số SIPAS); đồng thời xếp thứ 5 toàn quốc về Chỉ số cải cách hành chính"
    found = pairs("A16")
    assert ("chi_so_sipas_hang", 2) in found
    assert ("chi_so_cchc_hang", 5) in found and ("chi_so_sipas_hang", 5) not in found


def test_bare_late_word():
    # "số hồ sơ chậm 0,63%", "hồ sơ chậm 0,87%"
    found = pairs("A14")
    assert ("ty_le_tre_han", 0.63) in found and ("ty_le_tre_han", 0.87) in found


def test_english_dossiers_and_service_levels():
    # "1,931 administrative procedure dossiers were received": dossiers, not procedures
    found = pairs("B15")
    assert ("hs_tiep_nhan", 1931) in found and ("so_tthc", 1931) not in found
    # "at levels 3 and 4" names service levels
    assert not any(value == 4 for _, value in pairs("B14"))


# Phrasings the issue reports from real pages that the development corpus does not hold; the
# sentences are the project's own, with the pages' figures.

def read(sentence: str) -> list[tuple[str, object]]:
    return [(f.indicator, f.value) for f in extract_figures([sentence], title="", published=dt.date(2025, 12, 1))]


def test_state_of_pending_dossiers():
    found = read("Hiện còn 2.104 hồ sơ đang giải quyết, trong đó 1.980 hồ sơ chưa đến hạn và 124 hồ sơ đã quá hạn.")
    assert found == [("hs_dang_giai_quyet", 2104), ("hs_dang_giai_quyet_trong_han", 1980),
                     ("hs_dang_giai_quyet_qua_han", 124)]
    # a count of resolved dossiers after them is no longer about the pending ones
    found = read("Đang giải quyết 40 hồ sơ; đã giải quyết 500 hồ sơ, trong đó 3 hồ sơ trễ hạn.")
    assert ("hs_tre_han", 3) in found


@pytest.mark.parametrize("sentence, value", [
    ("Tổng số hồ sơ (yêu cầu) giải quyết trong quý là 5.210 hồ sơ.", 5210),
    ("Số hồ sơ TTHC yêu cầu giải quyết là 3.950 hồ sơ.", 3950),
])
def test_totals_to_handle(sentence, value):
    assert read(sentence) == [("hs_can_giai_quyet", value)]


@pytest.mark.parametrize("sentence", [
    "Có 57% hồ sơ trễ hạn do người dân nộp thiếu giấy tờ.",          # the share of a cause
    "Các đơn vị đạt từ 80 điểm trở lên được xếp loại tốt.",          # a class's threshold
    "Năm nay, tỉnh phấn đấu không để hồ sơ trễ hạn.",                 # a commitment
])
def test_not_figures(sentence):
    assert read(sentence) == []


def test_counts_in_other_words():
    assert read("Trong tháng có 9 trường hợp trễ hạn.") == [("hs_tre_han", 9)]
    assert read("Tỷ lệ hồ sơ trễ hạn là 5%, do thiếu nhân lực.") == [("ty_le_tre_han", 5)]
