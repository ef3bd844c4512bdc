"""The place tagger on the real gazetteer: mentions, disambiguation, the main place, overrides."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from reformsite.places import PlaceTags, places_from_front_matter, tag_places
from reformsite.places.gazetteer import Gazetteer, load_gazetteer

BEFORE = date(2024, 11, 4)
AFTER = date(2025, 9, 15)


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return load_gazetteer()


def tag(gz: Gazetteer, body: str, *, title: str = "", url: str | None = None, when: date = BEFORE) -> PlaceTags:
    return tag_places(title, body, source_url=url, published=when, gazetteer=gz)


def resolved(tags: PlaceTags) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.place_id, m.how) for m in tags.mentions]


# --- the seed articles (paraphrased) ----------------------------------------------------------------

TAN_THANH_BINH = """\
Từ đầu năm, UBND xã Tân Thành Bình đã ban hành kế hoạch cải cách hành chính và giao việc cho từng công chức.

Người dân nộp hồ sơ tại Bộ phận một cửa UBND xã Tân Thành Bình.

Trong 10 tháng, Bộ phận một cửa xã nhận và trả đúng hạn toàn bộ hồ sơ. Tân Thành Bình cũng làm tốt việc
kiểm soát thủ tục hành chính; quy chế chi tiêu nội bộ theo nghị quyết của HĐND tỉnh.

Chủ tịch UBND xã Tân Thành Bình Nguyễn Văn Hữu cho biết xã sẽ tiếp tục số hóa hồ sơ.
"""


def test_tan_thanh_binh(gz: Gazetteer) -> None:
    tags = tag(gz, TAN_THANH_BINH, title="Tân Thành Bình làm tốt cải cách hành chính",
               url="https://baodongkhoi.vn/tan-thanh-binh-a137783.html", when=BEFORE)
    assert tags.main == "old-c-28918"
    main = gz.get(tags.main)
    assert [p.full_name for p in gz.parents(main)] == ["tỉnh Bến Tre", "huyện Mỏ Cày Bắc"]
    assert [p.full_name for p in gz.now(main)] == ["xã Tân Thành Bình"]
    assert gz.parents(gz.now(main)[0])[0].id == "new-p-86"  # tỉnh Vĩnh Long today
    assert tags.places == ("old-c-28918",)
    assert tags.unresolved == ()
    # The bare name in the title counts, and sits at line 0.
    title_mentions = [m for m in tags.mentions if m.line == 0]
    assert [(m.text, m.col, m.place_id) for m in title_mentions] == [("Tân Thành Bình", 1, "old-c-28918")]
    # The person's name after the commune is not part of it.
    assert all(m.text == "xã Tân Thành Bình" for m in tags.mentions if m.line > 0)


TP_TAY_NINH = """\
BTNO - Ngày 12.4, UBND thành phố Tây Ninh họp sơ kết công tác cải cách hành chính quý I.

Trong quý, UBND Thành phố chỉ đạo rà soát văn bản; thủ tục được công khai trên cổng thông tin của phường, xã.
Bộ phận một cửa Thành phố tiếp nhận hơn một nghìn hồ sơ, các phường, xã tiếp nhận năm nghìn hồ sơ.

UBND Thành phố ký kết hợp tác chuyển đổi số với Viettel Tây Ninh.
"""


def test_tp_tay_ninh(gz: Gazetteer) -> None:
    tags = tag(gz, TP_TAY_NINH, title="TP. Tây Ninh: Sơ kết cải cách hành chính quý I",
               url="https://baotayninh.vn/tp-tay-ninh-a1.html", when=date(2024, 4, 13))
    assert tags.main == "old-d-703"
    city = gz.get("old-d-703")
    assert city.full_name == "thành phố Tây Ninh"
    assert gz.parents(city)[0].id == "old-p-72"
    assert gz.url_path(city) == ("tay-ninh-cu", "tay-ninh")
    # "phường, xã" names nothing; "UBND Thành phố" is the article's city.
    assert all(m.place_id in ("old-d-703", "old-p-72") for m in tags.mentions)
    generic = [m for m in tags.mentions if m.text == "Thành phố"]
    assert len(generic) == 3 and {m.how for m in generic} == {"article-context"}
    assert ("Tây Ninh", "old-p-72", "era") in resolved(tags)  # bare province name, 2024 → old era
    assert tags.places == ("old-d-703", "old-p-72")


TAN_HOA = """\
Xác định cải cách hành chính là nhiệm vụ trọng tâm, UBND xã Tân Hoà tập trung nâng chất lượng phục vụ.

Từ đầu năm, UBND xã Tân Hoà tiếp nhận hơn một nghìn hồ sơ, tất cả đúng hạn. Hiện xã Tân Hoà có 23 biên chế.
"""


def test_tan_hoa_without_outlet_stays_ambiguous(gz: Gazetteer) -> None:
    tags = tag(gz, TAN_HOA, title="Tân Hoà đẩy mạnh cải cách hành chính", when=date(2024, 6, 1))
    assert tags.main is None
    assert tags.places == ()
    assert len(tags.ambiguous) == 3
    for mention in tags.ambiguous:
        assert mention.place_id is None
        assert len(mention.candidates) >= 15
        assert "old-c-25528" in mention.candidates
        assert all(gz.get(c).type == "xã" for c in mention.candidates)


def test_tan_hoa_resolved_by_outlet(gz: Gazetteer) -> None:
    # Old Tây Ninh had exactly one xã Tân Hòa (huyện Tân Châu).
    tags = tag(gz, TAN_HOA, title="Tân Hoà đẩy mạnh cải cách hành chính", url="https://baotayninh.vn/x",
               when=date(2024, 6, 1))
    assert tags.main == "old-c-25528"
    assert {m.how for m in tags.mentions if m.line > 0} == {"outlet"}
    assert tags.unresolved == ()


def test_outlet_with_two_candidates_does_not_guess(gz: Gazetteer) -> None:
    # Đồng Tháp had two: in huyện Thanh Bình and in huyện Lai Vung.
    tags = tag(gz, "UBND xã Tân Hòa họp.", url="https://baodongthap.vn/x")
    [mention] = tags.mentions
    assert mention.how == "ambiguous"
    assert set(mention.candidates) >= {"old-c-30136", "old-c-30235"}


# --- mentions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Phát triển kinh tế - xã hội của địa phương.",
        "Xã hội hóa công tác giáo dục.",
        "Bảo Hiểm Xã Hội Việt Nam.",
        "Các xã, phường, thị trấn đều hoàn thành; huyện nhà đứng thứ 3.",
        "Chỉ số CCHC xếp thứ 9/20 xã, thị trấn.",
        "Tỉnh ủy, Huyện Đoàn và Thành ủy cùng tham dự.",
        "Thành phố ra quân làm đường không dùng tiền mặt.",
        "tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Bão ngoài khơi Thái Bình Dương.",
        "Theo báo Sài Gòn Giải Phóng.",
        "Bà Nguyễn Thị Hà Giang phát biểu.",
        "Phó chủ tịch Trần Khánh Hòa cho biết.",
    ],
)
def test_not_places(gz: Gazetteer, body: str) -> None:
    assert tag(gz, body).mentions == ()


def test_case_and_normalisation_variants(gz: Gazetteer) -> None:
    for written in ("xã Tân Thành Bình", "Xã Tân Thành Bình", "XÃ Tân Thành Bình",
                    unicodedata.normalize("NFD", "xã Tân Thành Bình")):
        tags = tag(gz, f"Ông A công tác tại {written}, huyện Mỏ Cày Bắc.")
        assert tags.main == "old-c-28918", written
    hoa = tag(gz, "UBND xã Tân Hoà, huyện Tân Châu, tỉnh Tây Ninh.")
    assert hoa.main == "old-c-25528"


def test_abbreviations(gz: Gazetteer) -> None:
    tags = tag(gz, "Lãnh đạo TX. Hòa Thành và TP.Tây Ninh; Tp. Vĩnh Long; T.P Cần Thơ; TT. Mỏ Cày.")
    found = {m.text: m.place_id for m in tags.mentions}
    assert found["TX. Hòa Thành"] == "old-d-709"
    assert found["TP.Tây Ninh"] == "old-d-703"
    assert found["Tp. Vĩnh Long"] == "old-d-855"
    assert found["T.P Cần Thơ"] == "old-p-92"
    assert found["TT. Mỏ Cày"] == "old-c-28903"


def test_tphcm_forms(gz: Gazetteer) -> None:
    for written in ("TP.HCM", "TP. HCM", "TPHCM", "Thành phố Hồ Chí Minh", "TP Hồ Chí Minh"):
        tags = tag(gz, f"Hội nghị tổ chức tại {written} hôm qua.", when=date(2024, 1, 5))
        assert tags.places == ("old-p-79",), written
    after = tag(gz, "Hội nghị tại TP.HCM.", when=AFTER)
    assert after.places == ("new-p-79",)


def test_type_word_picks_between_siblings(gz: Gazetteer) -> None:
    tags = tag(gz, "Thị xã Cai Lậy và huyện Cai Lậy cùng ký kết.")
    assert [m.place_id for m in tags.mentions] == ["old-d-817", "old-d-820"]


def test_numbered_wards(gz: Gazetteer) -> None:
    tags = tag(gz, "Tại Phường 3, TP. Vĩnh Long, người dân nộp 1.245 hồ sơ.")
    assert ("Phường 3", "old-c-29557", "parent-in-phrase") in resolved(tags)
    assert tag(gz, "phường 1.245 hồ sơ").mentions == ()


def test_names_the_official_list_spells_with_a_lower_case_word(gz: Gazetteer) -> None:
    # "Xã Pa ủ", "Xã Ya ly" in the official list: read whole, not as an unknown "xã Pa"
    tags = tag(gz, "UBND xã Pa ủ, huyện Nậm Nhùn tiếp nhận 120 hồ sơ; xã Ya ly đạt 100%.", when=date(2021, 5, 1))
    assert [(m.text, m.place_id) for m in tags.mentions] == [
        ("xã Pa ủ", "old-c-3442"), ("huyện Nậm Nhùn", "old-d-112"), ("xã Ya ly", "old-c-23554")]
    # a lower-case word that does not complete a name stays out of it
    assert [m.text for m in tag(gz, "Xã Tân Thành Bình có 5 hồ sơ trễ hạn.").mentions] == ["Xã Tân Thành Bình"]


def test_a_type_word_inside_a_name_is_not_a_second_mention(gz: Gazetteer) -> None:
    text = "Bộ phận một cửa phường Phường Đúc, thành phố Huế trả đúng hạn mọi hồ sơ."
    # Before 2025 "thành phố Huế" is the city of tỉnh Thừa Thiên Huế (code 474), after it the province.
    tags = tag(gz, text, when=date(2024, 5, 1))
    assert [(m.text, m.place_id) for m in tags.mentions] == [
        ("phường Phường Đúc", "old-c-19780"), ("thành phố Huế", "old-d-474")]
    tags = tag(gz, text, when=date(2025, 3, 1))
    assert [(m.text, m.place_id) for m in tags.mentions] == [
        ("phường Phường Đúc", "old-c-19780"), ("thành phố Huế", "old-p-46")]


def test_bare_province_names(gz: Gazetteer) -> None:
    tags = tag(gz, "Sở Nội vụ Bến Tre phối hợp với Đăk Lăk và Bà Rịa-Vũng Tàu.", when=date(2024, 3, 1))
    assert tags.places == ("old-p-83", "old-p-66", "old-p-77")
    # Bare district and commune names never count.
    assert tag(gz, "Mỏ Cày Bắc và Tân Thành Bình đều đạt.").mentions == ()


def test_unknown_name_is_reported(gz: Gazetteer) -> None:
    [mention] = tag(gz, "Đoàn công tác về xã Zeta Omega.").mentions
    assert mention.how == "unknown" and mention.candidates == () and mention.place_id is None


def test_positions(gz: Gazetteer) -> None:
    tags = tag(gz, "Dòng một.\nHọp tại huyện Mỏ Cày Bắc.", title="Bến Tre: tin vắn")
    assert [(m.text, m.line, m.col) for m in tags.mentions] == [("Bến Tre", 0, 1), ("huyện Mỏ Cày Bắc", 2, 9)]


# --- disambiguation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "xã Tân Hòa, huyện Lai Vung, tỉnh Đồng Tháp",
        "xã Tân Hòa (huyện Lai Vung)",
        "xã Tân Hòa, Lai Vung",
        "xã Tân Hòa thuộc huyện Lai Vung",
    ],
)
def test_parent_in_phrase(gz: Gazetteer, phrase: str) -> None:
    tags = tag(gz, f"Đoàn kiểm tra làm việc tại {phrase} về thủ tục hành chính.")
    first = tags.mentions[0]
    assert (first.place_id, first.how) == ("old-c-30235", "parent-in-phrase")
    assert tags.main == "old-c-30235"


def test_chain_resolves_an_ambiguous_district_too(gz: Gazetteer) -> None:
    # Both names are common: many xã Tân Phú, a huyện Châu Thành in most Mekong provinces.
    tags = tag(gz, "UBND xã Tân Phú, huyện Châu Thành, tỉnh Bến Tre.")
    by_text = {m.text: m for m in tags.mentions}
    assert len(by_text["xã Tân Phú"].candidates) > 10
    assert by_text["huyện Châu Thành"].place_id == "old-d-831"
    assert by_text["huyện Châu Thành"].how == "parent-in-phrase"
    assert by_text["xã Tân Phú"].how == "parent-in-phrase"
    main = gz.get(tags.main or "")
    assert main.name == "Tân Phú" and gz.parents(main)[-1].id == "old-d-831"


def test_article_context(gz: Gazetteer) -> None:
    body = "Huyện Lai Vung đẩy mạnh chuyển đổi số.\n\nTại xã Tân Hòa, hồ sơ trực tuyến đạt 96%."
    tags = tag(gz, body)
    hoa = next(m for m in tags.mentions if m.text == "xã Tân Hòa")
    assert (hoa.place_id, hoa.how) == ("old-c-30235", "article-context")
    # Context beats the outlet: the Lai Vung mention wins over a Tây Ninh paper.
    tags = tag(gz, body, url="https://baotayninh.vn/x")
    assert next(m for m in tags.mentions if m.text == "xã Tân Hòa").place_id == "old-c-30235"


def test_same_name_repeated_after_a_full_phrase(gz: Gazetteer) -> None:
    body = "UBND xã Tân Hòa, huyện Tân Châu họp.\nSau đó xã Tân Hòa tiếp dân."
    tags = tag(gz, body)
    assert [m.place_id for m in tags.mentions if m.text == "xã Tân Hòa"] == ["old-c-25528", "old-c-25528"]


def test_era_of_the_date(gz: Gazetteer) -> None:
    # "tỉnh Vĩnh Long" is the old province before the reform, the merged one after it.
    assert tag(gz, "Tỉnh Vĩnh Long công bố chỉ số.", when=BEFORE).places == ("old-p-86",)
    assert tag(gz, "Tỉnh Vĩnh Long công bố chỉ số.", when=AFTER).places == ("new-p-86",)
    assert tag(gz, "Tỉnh Vĩnh Long (cũ) từng đứng đầu.", when=AFTER).places == ("old-p-86",)
    # Units that no longer exist stay old even in new articles.
    later = tag(gz, "Huyện Mỏ Cày Bắc và tỉnh Bến Tre trước đây.", when=AFTER)
    assert later.places == ("old-d-838", "old-p-83")
    # A new commune after the reform, its old namesake before.
    assert tag(gz, "UBND xã Tân Thành Bình.", when=AFTER).places == ("new-c-28921",)
    assert tag(gz, "UBND xã Tân Thành Bình.", when=BEFORE).places == ("old-c-28918",)
    assert tag(gz, "UBND đặc khu Phú Quốc.", when=AFTER).mentions[0].how == "unique"


def test_new_era_commune_resolved_through_old_outlet(gz: Gazetteer) -> None:
    # After the reform baotayninh.vn still names old Tây Ninh; the new xã Tân Hòa formed from its
    # commune is the one meant.
    tags = tag(gz, "UBND xã Tân Hòa họp.", url="https://baotayninh.vn/x", when=AFTER)
    assert tags.places == ("new-c-25531",)


def test_main_prefers_title_then_frequency_then_specificity(gz: Gazetteer) -> None:
    body = "Huyện Mỏ Cày Bắc có 13 xã. UBND xã Tân Thành Bình, huyện Mỏ Cày Bắc đạt 100%."
    assert tag(gz, body, title="Mỏ Cày Bắc dẫn đầu").main == "old-d-838"
    once_each = "UBND xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre công khai thủ tục."
    assert tag(gz, once_each).main == "old-c-28918"
    assert tag(gz, "Tỉnh Bến Tre họp; tỉnh Bến Tre kết luận; xã Tân Thành Bình báo cáo.").main == "old-p-83"


# --- front matter ------------------------------------------------------------------------------------


def test_front_matter_chain(gz: Gazetteer) -> None:
    tags, errors = places_from_front_matter(
        ["xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre"], published=BEFORE, gazetteer=gz
    )
    assert errors == []
    assert tags.main == "old-c-28918"
    assert tags.places == ("old-c-28918", "old-d-838", "old-p-83")


def test_front_matter_ids_and_bare_names(gz: Gazetteer) -> None:
    tags, errors = places_from_front_matter(["old-c-28918", "Tân Hoà, Tân Châu"], published=BEFORE, gazetteer=gz)
    assert errors == []
    assert tags.main == "old-c-28918"
    assert "old-c-25528" in tags.places


def test_front_matter_errors(gz: Gazetteer) -> None:
    tags, errors = places_from_front_matter(
        ["xã Tân Hòa", "old-c-99999999", "huyện Không Có Thật"], published=BEFORE, gazetteer=gz
    )
    assert len(errors) == 3
    assert "ambiguous" in errors[0] and "old-c-25528" in errors[0]
    assert "unknown place id" in errors[1]
    assert "no place named" in errors[2]
    assert tags.main is None


def test_institution_words_do_not_hide_places_that_start_with_them(gz):
    text = "Chỉ số CCHC của thành phố Hội An đạt 88,72 điểm. Sở Lao động - Thương binh và Xã Hội họp."
    tags = tag_places("x", text, source_url=None, published=date(2023, 3, 10), gazetteer=gz)
    assert [(m.text, gz.get(m.place_id).full_name) for m in tags.mentions if m.place_id] == [
        ("thành phố Hội An", "thành phố Hội An")]
    assert not tags.unresolved


def test_parent_named_by_an_alias_and_a_unit_whose_type_changed(gz):
    # "Thừa Thiên Huế" is the old name of the province the data calls "Huế", and its huyện Phong
    # Điền is a thị xã in the data: the named parent must still find it, not Cần Thơ's huyện.
    tags = tag(gz, "UBND huyện Phong Điền, tỉnh Thừa Thiên Huế tổ chức hội nghị.")
    place = gz.get(tags.mentions[0].place_id)
    assert (place.full_name, gz.parents(place)[0].id) == ("thị xã Phong Điền", "old-p-46")


def test_regions_after_a_type_word_are_not_unknown_places(gz):
    text = ("Hà Tĩnh đứng đầu 6 tỉnh Bắc Trung Bộ về chỉ số SIPAS; các tỉnh Tây Nguyên và các tỉnh "
            "Đồng bằng sông Cửu Long cũng cải thiện.")
    tags = tag_places("x", text, source_url=None, published=date(2022, 5, 1), gazetteer=gz)
    assert [gz.get(m.place_id).full_name for m in tags.mentions if m.place_id] == ["tỉnh Hà Tĩnh"]
    assert not tags.unresolved
