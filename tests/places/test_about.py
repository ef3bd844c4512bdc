"""Which place an article is about, on real pages of the development corpus and on short texts.

Each group is one kind of evidence real pages give (issue: outlet and URL, English names, league
tables, the 2025 reorganisation, weight by position)."""

from __future__ import annotations

from datetime import date

import pytest
from sitekit import corpus_article

from reformsite.core import guess_language
from reformsite.places import Gazetteer, PlaceTags, load_gazetteer, tag_places
from reformsite.places.publisher import publisher_of


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return load_gazetteer(None)


def tag_corpus(gz: Gazetteer, article_id: str) -> PlaceTags:
    page = corpus_article(article_id)
    return tag_places(page.title, page.body, source_url=page.source_url, published=page.date, gazetteer=gz)


def main_chain(gz: Gazetteer, tags: PlaceTags, day: date) -> list[str]:
    """The main place and its parents, province first, named as on *day*: ["Quảng Bình"]."""
    if tags.main is None:
        return []
    place = gz.get(tags.main)
    return [gz.name_at(p, day)[1] for p in (*gz.parents(place), place)]


def chain_of(gz: Gazetteer, article_id: str) -> tuple[list[str], str]:
    tags = tag_corpus(gz, article_id)
    return main_chain(gz, tags, corpus_article(article_id).date), tags.main_by


# --- 1. the publisher: outlet table, portal hosts and paths ----------------------------------------

@pytest.mark.parametrize(("url", "when", "expected", "by"), [
    ("https://baodongkhoi.vn/x-a1.html", date(2024, 11, 4), "old-p-83", "outlet"),
    ("https://baodongkhoi.vn/x-a1.html", date(2025, 9, 1), "new-p-86", "outlet"),   # now part of Vĩnh Long
    ("https://sonoivu.yenbai.gov.vn/noidung/tin.aspx", date(2023, 5, 1), "old-p-15", "outlet"),
    ("https://bencat.binhduong.gov.vn/tin-tuc/x", date(2024, 1, 20), "old-d-721", "url"),
    ("http://lakhe.hadong.hanoi.gov.vn/ket-qua", date(2024, 1, 20), "old-c-9551", "url"),
    ("https://phulien.haiphong.gov.vn/tin-tuc/x", date(2025, 9, 15), "new-c-11446", "url"),
    ("https://ninhthuan.gov.vn/huyen-ninh-hai/tin/x", date(2023, 3, 1), "old-d-586", "url"),
    ("https://dantri.com.vn/noi-vu/x.htm", date(2025, 8, 29), None, None),
    ("https://moha.gov.vn/tin/x", date(2024, 1, 1), None, None),
])
def test_the_publisher_from_the_url(gz, url, when, expected, by) -> None:
    publisher = publisher_of(url, when, gz)
    got = (publisher.place.id, publisher.by) if publisher else (None, None)
    assert got == (expected, by)


def test_a_department_portal_gives_its_province_when_the_text_says_only_tinh(gz) -> None:
    # A11: Sở TT&TT Quảng Bình writes "UBND tỉnh" and names its province only in the masthead.
    assert chain_of(gz, "A11") == (["Quảng Bình"], "outlet")


def test_a_district_portal_gives_its_district_when_the_text_names_it(gz) -> None:
    # B06: the 766 ranking of Bình Dương on thị xã Bến Cát's portal, with a paragraph on Bến Cát.
    assert chain_of(gz, "B06")[0] == ["Bình Dương", "Bến Cát"]


def test_a_commune_portal_reposting_a_city_review_is_about_the_city(gz) -> None:
    # A22: La Khê's portal reposts Hà Nội's review; La Khê and Hà Đông are only in the masthead.
    assert chain_of(gz, "A22")[0] == ["Hà Nội"]


def test_a_district_portal_article_that_names_no_place_is_about_its_district(gz) -> None:
    tags = tag_places("UBND huyện tổ chức hội nghị cải cách hành chính",
                      "Sáng nay, UBND huyện tổ chức hội nghị đánh giá công tác cải cách hành chính quý I.",
                      source_url="https://bencat.binhduong.gov.vn/tin-tuc/hoi-nghi", published=date(2024, 4, 2),
                      gazetteer=gz)
    assert (tags.main, tags.main_by) == ("old-d-721", "url")


# --- 2. English articles ---------------------------------------------------------------------------

@pytest.mark.parametrize(("article_id", "chain"), [
    ("B18", ["Bình Dương", "Phú Giáo"]),       # "Phu Giao District People's Committee"
    ("B20", ["Cần Thơ"]),                      # "Can Tho city", "Soc Trang province" (merged into it)
    ("A10", ["Hòa Bình"]),                     # "Hoa Binh strives to …", no type word
    ("B21", ["Đắk Lắk"]),                      # "Dak Lak", "Tuy Hoa Ward"
    ("B16", ["Đồng Nai"]),
])
def test_english_pages(gz, article_id, chain) -> None:
    assert guess_language(corpus_article(article_id).body) == "en"
    assert chain_of(gz, article_id)[0] == chain


def test_english_type_words_before_and_after_names(gz) -> None:
    text = ("The People's Committee of Phu Giao district met on Monday. Officials of the city of Hue and "
            "of Binh Duong's departments joined, with the chairman of My Huong commune.")
    tags = tag_places("Phu Giao reviews reform", text, source_url=None, published=date(2023, 6, 7),
                      gazetteer=gz, language="en")
    named = {m.text: m.place_id for m in tags.mentions}
    assert named["Phu Giao district"] == "old-d-722"
    assert named["Binh Duong"] == "old-p-74"
    assert "city of Hue" in named
    # A person's name is not a province: "Nguyen Ha Nam" is a man.
    people = tag_places("", "Mr Nguyen Ha Nam chaired the meeting in Hanoi.", source_url=None,
                        published=date(2023, 6, 7), gazetteer=gz, language="en")
    assert [m.place_id for m in people.mentions] == ["old-p-1"]


def test_vietnamese_text_is_not_read_the_english_way(gz) -> None:
    tags = tag_places("", "Ông Phu Giao District đến thăm.", source_url=None, published=date(2023, 6, 7),
                      gazetteer=gz, language="vi")
    assert tags.mentions == ()


# --- 3. league tables ------------------------------------------------------------------------------

def test_a_national_ranking_from_a_national_outlet_is_about_no_province(gz) -> None:
    # A19: "Quảng Ninh đứng đầu, Hà Nội giữ vị trí thứ 3": both ranked, both in the headline.
    tags = tag_corpus(gz, "A19")
    assert tags.main is None
    assert {"old-p-22", "old-p-1"} <= set(tags.places)


def test_a_ranking_whose_headline_names_one_province_is_about_it(gz) -> None:
    assert chain_of(gz, "A20")[0] == ["Hải Phòng"]           # "Hải Phòng dẫn đầu cả nước"


def test_a_ranking_from_a_ranked_provinces_outlet_is_about_that_province(gz) -> None:
    # B08: Sở Nội vụ Kon Tum's portal, Kon Tum ranked beside Lâm Đồng, Đắk Nông, Gia Lai.
    assert chain_of(gz, "B08")[0] == ["Kon Tum"]


@pytest.mark.parametrize("article_id", ["A11", "A12"])
def test_a_provinces_ranking_of_its_districts_gives_no_district(gz, article_id) -> None:
    # A11: huyện Lệ Thủy first, Quảng Ninh second, Tuyên Hóa third.  A12: thành phố Tuyên Quang
    # first and huyện Chiêm Hóa last, the headline naming a department beside the city.
    chain = chain_of(gz, article_id)[0]
    assert len(chain) == 1


# --- 4. after 1 July 2025 --------------------------------------------------------------------------

def test_a_new_commune_named_after_the_old_ones_it_was_formed_from(gz) -> None:
    assert chain_of(gz, "A15")[0] == ["Ninh Bình", "Lý Nhân"]   # xã Lý Nhân, from xã Chính Lý …


def test_a_new_era_article_naming_an_old_province_is_about_the_new_one(gz) -> None:
    tags = tag_places("Bến Tre (cũ) sau sáp nhập",
                      "Tỉnh Bến Tre (cũ) và huyện Mỏ Cày Bắc nay thuộc tỉnh Vĩnh Long. Tỉnh Bến Tre (cũ) "
                      "từng dẫn đầu về tỷ lệ hồ sơ trực tuyến.", source_url=None,
                      published=date(2025, 9, 15), gazetteer=gz)
    assert gz.get(tags.main).era == "new"
    assert gz.province_of(gz.get(tags.main)).id == "new-p-86"
    assert "old-p-83" in tags.places and "old-d-838" in tags.places


def test_a_ward_portal_after_the_reform_gives_its_ward(gz) -> None:
    assert chain_of(gz, "A02") == (["Hải Phòng", "Phù Liễn"], "mention")


# --- 5. weight by position -------------------------------------------------------------------------

def test_the_headline_province_outweighs_a_commune_named_in_the_body(gz) -> None:
    # A09: "trên địa bàn tỉnh Ninh Bình", with phường Thành Nam named four times below.
    assert chain_of(gz, "A09")[0] == ["Ninh Bình"]


def test_districts_named_alike_leave_the_province_the_main_place(gz) -> None:
    assert chain_of(gz, "B01")[0] == ["Bình Định"]          # Phù Mỹ, An Nhơn, Quy Nhơn twice each


def test_a_dateline_is_not_what_the_article_is_about(gz) -> None:
    tags = tag_places("Chỉ số hài lòng năm 2023",
                      "Hà Nội (TTXVN 18/4/2024) Năm 2023, mức hài lòng chung của người dân cả nước là 82,66%, "
                      "tăng so với năm trước, theo công bố của Bộ Nội vụ tại hội nghị.",
                      source_url=None, published=date(2024, 4, 18), gazetteer=gz)
    assert tags.main is None and tags.places == ("old-p-1",)


def test_the_links_after_an_article_name_no_place_of_it(gz) -> None:
    body = ("UBND tỉnh Cà Mau vừa tổng kết công tác cải cách hành chính năm 2024 với nhiều kết quả nổi bật.\n\n"
            "Tin liên quan\n\nHải Phòng dẫn đầu cả nước về chỉ số cải cách hành chính\n")
    tags = tag_places("Cà Mau tổng kết", body, source_url=None, published=date(2025, 1, 5), gazetteer=gz)
    assert tags.places == ("old-p-96",)


def test_an_address_counts_once_through_its_most_specific_unit(gz) -> None:
    tags = tag_places("", "Ông A công tác tại xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre.",
                      source_url=None, published=date(2024, 11, 4), gazetteer=gz)
    assert (tags.main, tags.main_by) == ("old-c-28918", "mention")


def test_one_letter_abbreviations_count_only_when_they_name_a_unit(gz) -> None:
    tags = tag_places("TP.HCM: Suốt 3 năm, Q.1 chỉ có 1 hồ sơ trễ hẹn",
                      "Theo Q.Anh, UBND Q.1 và P.Phạm Ngũ Lão giải quyết đúng hạn.", source_url=None,
                      published=date(2019, 2, 1), gazetteer=gz)
    named = [(m.text, m.place_id) for m in tags.mentions]
    assert ("Q.1", "old-d-760") in named and ("P.Phạm Ngũ Lão", "old-c-26749") in named
    assert not any(text.startswith("Q.Anh") for text, _ in named)
    assert tags.main == "old-d-760"


# --- names as they were on the day -----------------------------------------------------------------

def test_a_page_from_2020_names_thua_thien_hue_and_its_city(gz) -> None:
    assert chain_of(gz, "A18")[0] == ["Thừa Thiên Huế", "Huế"]


def test_a_league_whose_headline_names_one_unranked_province_is_about_it(gz) -> None:
    body = ("Năm 2023, tỉnh Quảng Ninh dẫn đầu, Hải Phòng xếp thứ 2, Thái Nguyên xếp thứ 3 về chỉ số PAPI. "
            "Đồng Nai vẫn ở nhóm trung bình thấp.")
    tags = tag_places("Đồng Nai chưa cải thiện được thứ hạng PAPI", body, source_url=None,
                      published=date(2024, 4, 20), gazetteer=gz)
    assert tags.main == "old-p-75"


def test_english_special_zones_and_provincial_committees(gz) -> None:
    body = ("An Giang - After four days, the centre had received 1,208 records.\n\n"
            "The Chairman of An Giang Provincial People's Committee visited Phu Quoc Special Zone.")
    tags = tag_places("Phu Quoc Special Zone centre receives 1,208 records", body, source_url=None,
                      published=date(2025, 7, 10), gazetteer=gz, language="en")
    named = {m.text: m.place_id for m in tags.mentions}
    assert named["Phu Quoc Special Zone"].startswith("new-c-")
    assert named["An Giang Provincial"] == "new-p-91"
    assert gz.province_of(gz.get(tags.main)).id == "new-p-91"
