"""Places in the open data: each says why it was chosen, and is named as on the article's date."""

from __future__ import annotations

import json

from sitekit import article


def test_each_place_in_the_open_data_says_why_it_was_chosen(make_site) -> None:
    site = make_site({
        # A provincial paper writes "toàn tỉnh" and never its province's name.
        "content/2024/ben-tre.md": article(
            "Toàn tỉnh giải quyết hồ sơ đúng hạn", "2024-11-04T08:00:00+07:00",
            "Năm 2024, toàn tỉnh tiếp nhận hơn 300 nghìn hồ sơ; UBND tỉnh yêu cầu các sở giải quyết đúng hạn.",
            source_url="https://baodongkhoi.vn/toan-tinh-a1.html"),
        # In 2020 thành phố Huế was a city of tỉnh Thừa Thiên Huế.
        "content/2020/hue.md": article(
            "Thành phố Huế giải quyết hồ sơ", "2020-11-24T08:00:00+07:00",
            "Trung tâm Hành chính công thành phố Huế tiếp nhận 33.450 hồ sơ trong năm 2020."),
        "content/2024/chinh-sua.md": article(
            "Bài có địa phương do biên tập viên chọn", "2024-05-01T08:00:00+07:00",
            "Nội dung không nêu địa danh.", places='["xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre"]'),
    })
    rows = {a["title"]: a for a in json.loads(site.file("/data/articles.json").read_text())["articles"]}
    outlet = rows["Toàn tỉnh giải quyết hồ sơ đúng hạn"]
    assert (outlet["province"]["name"], outlet["province"]["by"]) == ("Bến Tre", "outlet")
    assert outlet["places"] == []
    hue = rows["Thành phố Huế giải quyết hồ sơ"]
    assert (hue["province"]["type"], hue["province"]["name"], hue["province"]["by"]) == (
        "tỉnh", "Thừa Thiên Huế", "parent")
    assert (hue["district"]["type"], hue["district"]["name"], hue["district"]["by"]) == (
        "thành phố", "Huế", "mention")
    assert [(p["name"], p["by"]) for p in hue["places"]] == [("Huế", "mention")]
    edited = rows["Bài có địa phương do biên tập viên chọn"]
    assert {edited[level]["by"] for level in ("province", "district", "commune")} == {"front matter"}
    assert {p["by"] for p in edited["places"]} == {"front matter"}


def test_a_communes_district_is_given_only_when_the_article_names_it(make_site) -> None:
    site = make_site({
        "content/2023/son-linh.md": article(
            "Xã Sơn Lĩnh ứng dụng công nghệ thông tin", "2023-01-30T08:00:00+07:00",
            "UBND xã Sơn Lĩnh tiếp nhận 412 hồ sơ trực tuyến trong năm 2022.",
            source_url="https://xasonlinh.hatinh.gov.vn/portal/tin"),
        "content/2023/tan-thanh-binh.md": article(
            "Xã Tân Thành Bình giải quyết hồ sơ đúng hạn", "2023-01-30T08:00:00+07:00",
            "Xã Tân Thành Bình, huyện Mỏ Cày Bắc giải quyết 100% hồ sơ đúng hạn."),
    })
    rows = {a["title"]: a for a in json.loads(site.file("/data/articles.json").read_text())["articles"]}
    unnamed = rows["Xã Sơn Lĩnh ứng dụng công nghệ thông tin"]
    assert (unnamed["province"]["name"], unnamed["district"], unnamed["commune"]["name"]) == (
        "Hà Tĩnh", None, "Sơn Lĩnh")
    named = rows["Xã Tân Thành Bình giải quyết hồ sơ đúng hạn"]
    assert (named["district"]["name"], named["district"]["by"]) == ("Mỏ Cày Bắc", "mention")
    # The place pages still list the article under its district.
    assert site.exists("/dia-phuong/ha-tinh-cu/huong-son/")
