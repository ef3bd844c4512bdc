"""Places end to end: tagging → place pages, feeds, open data and editor warnings."""

import json

from bs4 import BeautifulSoup
from sitekit import article, read_output

from reformsite.commands.links import check_links

SITE = {
    "content/2024/tan-thanh-binh.md": article(
        " [Tot] Tân Thành Bình giải quyết hồ sơ đúng hẹn", "Mon, 04 Nov 2024 02:00:00 +0700",
        "[Bài gốc](https://baodongkhoi.vn/tan-thanh-binh-a1.html)\n\n"
        "Trong 10 tháng, Bộ phận một cửa UBND xã Tân Thành Bình (huyện Mỏ Cày Bắc) giải quyết 4.572 hồ sơ.\n"),
    "content/2023/mo-cay-bac.md": article(
        "Mỏ Cày Bắc nâng tỷ lệ hồ sơ trực tuyến", "2023-05-02T08:00:00+07:00",
        "UBND huyện Mỏ Cày Bắc, tỉnh Bến Tre cho biết tỷ lệ hồ sơ trực tuyến đạt 60%.\n"),
    "content/2024/tp-tay-ninh.md": article(
        "TP. Tây Ninh sơ kết cải cách hành chính quý I", "13/04/2024 19:42",
        "BTNO - UBND thành phố Tây Ninh tổ chức hội nghị sơ kết. Bộ phận một cửa phường, xã hoạt động ổn định.\n",
        source_url="https://baotayninh.vn/tp-tay-ninh-so-ket-a2.html"),
    "content/2024/tan-hoa.md": article(
        "Tân Hoà đẩy mạnh cải cách hành chính", "2024-06-01T08:00:00+07:00",
        "Năm nay, UBND xã Tân Hoà tiếp nhận 1.032 hồ sơ.\n\nXã tiếp tục vận động người dân nộp hồ sơ trực tuyến.\n"),
    "content/2025/vinh-long-moi.md": article(
        "Tỉnh Vĩnh Long sau hợp nhất đẩy mạnh dịch vụ công", "2025-09-01T08:00:00+07:00",
        "Sau khi hợp nhất, tỉnh Vĩnh Long có 124 đơn vị hành chính cấp xã.\n"),
    "content/2024/vinh-long-cu.md": article(
        "Vĩnh Long cải thiện chỉ số CCHC", "2024-03-01T08:00:00+07:00",
        "Năm 2023, tỉnh Vĩnh Long xếp thứ 20/63 về chỉ số CCHC.\n"),
    "content/2024/chi-dinh.md": article(
        "Bài có địa phương do biên tập viên chỉ định", "2024-02-01T08:00:00+07:00",
        "Bài này không nêu tên địa phương nào.\n",
        places='["xã Phú Túc, huyện Châu Thành, tỉnh Bến Tre"]'),
    "content/2024/tat-gan-the.md": article(
        "Bài tắt gắn thẻ", "2024-02-02T08:00:00+07:00", "UBND xã Tân Thành Bình họp.\n", extract="false"),
}


def test_commune_district_and_province_pages(make_site):
    site = make_site(SITE)
    commune = site.html("/dia-phuong/ben-tre/mo-cay-bac/tan-thanh-binh/")
    assert commune.find("h1").get_text(strip=True) == "xã Tân Thành Bình (cũ)"
    crumbs = [li.get_text(strip=True) for li in commune.select(".breadcrumbs li")]
    assert crumbs == ["Trang chủ", "Địa phương", "tỉnh Bến Tre", "huyện Mỏ Cày Bắc", "xã Tân Thành Bình (cũ)"]
    assert "tỉnh Vĩnh Long" in commune.select_one(".now").get_text()
    district = site.html("/dia-phuong/ben-tre/mo-cay-bac/")
    titles = [a.get_text(strip=True) for a in district.select(".card-title a")]
    # Newest first; the commune article belongs to its district too.
    assert titles == ["Tân Thành Bình giải quyết hồ sơ đúng hẹn", "Mỏ Cày Bắc nâng tỷ lệ hồ sơ trực tuyến"]
    assert [a.get_text() for a in district.select(".place-grid a")] == ["xã Tân Thành Bình (cũ)"]
    province = site.html("/dia-phuong/ben-tre/")
    assert "Nay thuộc" in province.select_one(".now").get_text()
    assert {a.get_text() for a in province.select(".place-grid a")} == {"huyện Mỏ Cày Bắc", "huyện Châu Thành"}


def test_city_article_and_generic_mentions(make_site):
    site = make_site(SITE)
    city = site.html("/dia-phuong/tay-ninh-cu/tay-ninh/")
    assert city.find("h1").get_text(strip=True) == "thành phố Tây Ninh"
    assert [a.get_text(strip=True) for a in city.select(".card-title a")] == [
        "TP. Tây Ninh sơ kết cải cách hành chính quý I"]


def test_old_and_new_units_with_the_same_name_do_not_collide(make_site):
    site = make_site(SITE)
    new = site.html("/dia-phuong/vinh-long/")
    old = site.html("/dia-phuong/vinh-long-cu/")
    assert new.find("h1").get_text(strip=True) == "tỉnh Vĩnh Long"
    assert old.find("h1").get_text(strip=True) == "tỉnh Vĩnh Long (cũ)"
    assert "tỉnh Bến Tre" in new.select_one(".formed-from").get_text()
    assert [a.get_text(strip=True) for a in old.select(".card-title a")] == ["Vĩnh Long cải thiện chỉ số CCHC"]


def test_places_index_has_todays_units_then_the_old_ones_by_region(make_site):
    site = make_site(SITE)
    index = site.html("/dia-phuong/")
    eras = [section.find("h2").get_text() for section in index.select("section.era-group")]
    assert eras == ["Từ ngày 1/7/2025", "Trước ngày 1/7/2025"]
    new, old = ({region.find("h3").get_text(): [li.get_text(" ", strip=True) for li in region.select("li")]
                 for region in section.select("section.region")} for section in index.select("section.era-group"))
    assert any(name.startswith("tỉnh Vĩnh Long ") for name in new["Đồng bằng sông Cửu Long"])
    # Every old unit is in the old part, unmarked, and says where it belongs today.
    ben_tre = next(n for n in old["Đồng bằng sông Cửu Long"] if n.startswith("tỉnh Bến Tre "))
    assert ben_tre.endswith("→ nay thuộc tỉnh Vĩnh Long")
    assert any(name.startswith("tỉnh Vĩnh Long ") for name in old["Đồng bằng sông Cửu Long"])
    assert any("Tây Ninh" in name for name in old["Đông Nam Bộ"])
    assert "(cũ)" not in index.select_one("main").get_text()
    assert index.select_one("nav.site-nav a[href='/dia-phuong/']")


def test_place_feed_and_autodiscovery(make_site):
    site = make_site(SITE)
    page = site.html("/dia-phuong/ben-tre/mo-cay-bac/")
    link = page.find("link", type="application/atom+xml", href="/dia-phuong/ben-tre/mo-cay-bac/feed.xml")
    assert link is not None
    feed = BeautifulSoup(site.file("/dia-phuong/ben-tre/mo-cay-bac/feed.xml").read_text(), "xml")
    assert [e.find("title").text for e in feed.find_all("entry")] == [
        "Tân Thành Bình giải quyết hồ sơ đúng hẹn", "Mỏ Cày Bắc nâng tỷ lệ hồ sơ trực tuyến"]


def test_open_data_place_fields(make_site):
    site = make_site(SITE)
    rows = {r["title"]: r for r in json.loads(site.file("/data/articles.json").read_text())["articles"]}
    row = rows["Tân Thành Bình giải quyết hồ sơ đúng hẹn"]
    assert (row["province"]["name"], row["province"]["type"], row["province"]["era"]) == ("Bến Tre", "tỉnh", "old")
    assert (row["district"]["name"], row["district"]["type"]) == ("Mỏ Cày Bắc", "huyện")
    assert row["commune"]["name"] == "Tân Thành Bình"
    assert row["commune"]["url"] == "https://example.org/dia-phuong/ben-tre/mo-cay-bac/tan-thanh-binh/"
    assert [(p["name"], p["era"]) for p in row["province"]["now"]] == [("Vĩnh Long", "new")]
    assert row["commune"]["now"][0]["province"] == "Vĩnh Long"
    # The unresolved Tân Hòa is reported with its candidates, never guessed.
    tan_hoa = rows["Tân Hoà đẩy mạnh cải cách hành chính"]
    assert tan_hoa["commune"] is None
    ambiguous = [p for p in tan_hoa["places"] if p["ambiguous"]]
    assert ambiguous and len(ambiguous[0]["candidates"]) >= 10
    assert {c["name"] for c in ambiguous[0]["candidates"]} == {"Tân Hòa"}
    # Editor override and extraction switched off.
    assert rows["Bài có địa phương do biên tập viên chỉ định"]["commune"]["name"] == "Phú Túc"
    assert rows["Bài tắt gắn thẻ"]["places"] == [] and rows["Bài tắt gắn thẻ"]["commune"] is None


def test_ambiguous_places_are_warnings_with_file_and_line(make_site):
    site = make_site(SITE)
    warnings = [(d.location(), d.message) for d in site.result.warnings]
    assert any(loc == "content/2024/tan-hoa.md:6:15" and "'xã Tân Hoà' is ambiguous" in msg
               for loc, msg in warnings), warnings
    assert site.result.exit_code == 0
    strict = make_site(SITE, strict=True)
    assert strict.result.exit_code == 1


def test_bad_place_override_is_an_error_on_its_line(make_site):
    files = dict(SITE)
    files["content/2024/sai.md"] = article("Sai địa phương", "2024-02-03", "x", places='["xã Không Có Thật"]')
    site = make_site(files)
    assert [(d.location(), d.message) for d in site.result.errors] == [
        ("content/2024/sai.md:4", "places[0]: no place named 'xã Không Có Thật'")]


def test_place_pages_have_no_broken_links(make_site):
    site = make_site(SITE, base_url="https://example.org/portal/")
    assert check_links(read_output(site.output), base_url="https://example.org/portal/") == []


def test_a_place_name_named_on_several_lines_is_reported_once(make_site):
    body = "\n\n".join(f"Đoạn {i} nói về xã Tân Hoà." for i in range(1, 10))
    site = make_site({"content/2024/nhieu-dong.md": article("Nhiều dòng", "2024-02-03", body)})
    warnings = [(d.location(), d.message) for d in site.result.warnings
                if d.path == "content/2024/nhieu-dong.md"]
    [(location, message)] = warnings
    # the first mention is on the body's first line (line 6 of the file); the others every second line
    assert location == "content/2024/nhieu-dong.md:6:15"
    assert "'xã Tân Hoà' is ambiguous" in message
    assert message.endswith("(also on lines 8, 10, 12, 14, 16 and 3 more)")
