"""Related articles on article pages: same place first, then same indicators, close in time."""

from __future__ import annotations

from sitekit import article

SITE = {
    # Two articles about huyện Mỏ Cày Bắc, a month apart, and one from 2019.
    "content/2024/mcb-quy-1.md": article(
        "Huyện Mỏ Cày Bắc sơ kết quý I", "2024-04-10T08:00:00+07:00",
        "Trong quý I.2024, UBND huyện Mỏ Cày Bắc, tỉnh Bến Tre tiếp nhận 2.104 hồ sơ, tỷ lệ giải quyết "
        "đúng hạn đạt 99,1%.\n"),
    "content/2024/mcb-thang-5.md": article(
        "Huyện Mỏ Cày Bắc đưa dịch vụ công về ấp", "2024-05-12T08:00:00+07:00",
        "UBND huyện Mỏ Cày Bắc, tỉnh Bến Tre mở thêm điểm hướng dẫn dịch vụ công ở các ấp.\n"),
    "content/2019/mcb-cu.md": article(
        "Huyện Mỏ Cày Bắc ra mắt bộ phận một cửa hiện đại", "2019-03-01T08:00:00+07:00",
        "UBND huyện Mỏ Cày Bắc, tỉnh Bến Tre đưa bộ phận một cửa hiện đại vào hoạt động.\n"),
    # Another province reporting the same two indicators in the same quarter.
    "content/2024/tp-tay-ninh.md": article(
        "TP. Tây Ninh sơ kết quý I", "2024-04-12T08:00:00+07:00",
        "Trong quý I.2024, bộ phận Một cửa thành phố Tây Ninh tiếp nhận 1.245 hồ sơ, tỷ lệ giải quyết "
        "đúng hạn đạt 99,7%.\n",
        source_url="https://baotayninh.vn/tp-tay-ninh-a1.html"),
    # Unrelated: another province, no figure.
    "content/2024/ha-tinh.md": article(
        "Hà Tĩnh tổ chức hội thi tìm hiểu cải cách hành chính", "2024-04-11T08:00:00+07:00",
        "Tỉnh Hà Tĩnh tổ chức hội thi tìm hiểu cải cách hành chính cho đoàn viên.\n"),
}


def related_titles(site, url: str) -> list[str]:
    aside = site.html(url).select_one("aside.related")
    return [a.get_text(strip=True) for a in aside.select("li > a")] if aside else []


def test_same_place_first_then_same_indicators(make_site):
    site = make_site(SITE)
    assert related_titles(site, "/bai-viet/huyen-mo-cay-bac-so-ket-quy-i/") == [
        "Huyện Mỏ Cày Bắc đưa dịch vụ công về ấp",          # same district, a month later
        "TP. Tây Ninh sơ kết quý I",                         # two shared indicators, two days apart
        "Huyện Mỏ Cày Bắc ra mắt bộ phận một cửa hiện đại",  # same district, five years earlier
    ]


def test_unrelated_articles_get_no_box(make_site):
    site = make_site(SITE)
    assert related_titles(site, "/bai-viet/ha-tinh-to-chuc-hoi-thi-tim-hieu-cai-cach-hanh-chinh/") == []
    page = site.html("/bai-viet/ha-tinh-to-chuc-hoi-thi-tim-hieu-cai-cach-hanh-chinh/")
    assert page.select_one("aside.related") is None


def test_related_box_is_labelled_and_links_resolve(make_site):
    site = make_site(SITE)
    page = site.html("/bai-viet/tp-tay-ninh-so-ket-quy-i/")
    aside = page.select_one("aside.related")
    heading = page.find(id=aside["aria-labelledby"])
    assert heading.get_text(strip=True) == "Bài viết liên quan"
    for link in aside.select("li > a"):
        assert site.exists(link["href"].removeprefix("https://example.org")), link["href"]
    assert aside.select_one("time")["datetime"].startswith("2024-04-10")
    assert "huyện Mỏ Cày Bắc" in aside.select_one(".meta").get_text()
