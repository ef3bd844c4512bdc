"""The outlet table: domains, parent domains, byline marks."""

from __future__ import annotations

import pytest
from sitekit import article

from reformsite.places.outlets import (
    Outlet,
    all_outlets,
    outlet_for_code,
    outlet_for_url,
    without_outlet_mark,
)


@pytest.mark.parametrize(
    ("url", "province", "code"),
    [
        ("https://baodongkhoi.vn/tan-thanh-binh-03112024-a137783.html", "Bến Tre", "BDK"),
        ("https://www.baotayninh.vn/tp-tay-ninh-a171234.html", "Tây Ninh", "BTNO"),
        ("http://BAOLONGAN.VN/some-article", "Long An", "BLA"),
        ("https://baovinhlong.vn/x", "Vĩnh Long", "VLO"),
        ("https://baoquangnam.vn/x", "Quảng Nam", "QNO"),
        ("https://baodongthap.vn/x", "Đồng Tháp", "ĐTO"),
        ("https://baoangiang.com.vn/x", "An Giang", None),
        ("https://baohatinh.vn/x", "Hà Tĩnh", None),
    ],
)
def test_provincial_papers(url: str, province: str, code: str | None) -> None:
    outlet = outlet_for_url(url)
    assert outlet is not None
    assert outlet.province == province
    assert outlet.code == code


def test_national_outlets_have_no_province() -> None:
    for domain in ("baochinhphu.vn", "vietnamnet.vn", "vnexpress.net", "nld.com.vn", "plo.vn",
                   "tuoitre.vn", "thanhnien.vn"):
        outlet = outlet_for_url(f"https://{domain}/bai-viet.html")
        assert outlet is not None, domain
        assert outlet.province is None


def test_parent_domains_and_older_domains() -> None:
    # A district's site under the provincial portal belongs to that province.
    portal = outlet_for_url("https://mocaybac.bentre.gov.vn/tin-tuc")
    assert portal is not None and portal.province == "Bến Tre"
    # An outlet's older domain maps to the same outlet, reported under its main domain.
    old = outlet_for_url("baodongthap.com.vn/tin")
    assert old == outlet_for_url("https://baodongthap.vn/")
    assert old is not None and old.domain == "baodongthap.vn"
    # A lookalike host must not match by substring.
    assert outlet_for_url("https://notbaodongkhoi.vn/x") is None
    assert outlet_for_url("https://example.com/baodongkhoi.vn") is None


def test_unknown_and_empty() -> None:
    assert outlet_for_url(None) is None
    assert outlet_for_url("") is None
    assert outlet_for_url("not a url") is None
    assert outlet_for_url("https://gov.vn/") is None
    assert outlet_for_code("") is None
    assert outlet_for_code("XYZQ") is None


def test_codes() -> None:
    btno = outlet_for_code("BTNO")
    assert btno == Outlet("baotayninh.vn", "Báo Tây Ninh", "BTNO", "Tây Ninh")
    assert outlet_for_code("(BDK)") == outlet_for_url("baodongkhoi.vn")
    assert outlet_for_code("btno") == btno
    # Đ typed as D still finds Đồng Tháp Online.
    dto = outlet_for_code("DTO")
    assert dto is not None and dto.province == "Đồng Tháp"
    # Papers that sign with their domain.
    hatinh = outlet_for_code("Baohatinh.vn")
    assert hatinh is not None and hatinh.province == "Hà Tĩnh"


def test_table_covers_every_old_province() -> None:
    papers = {o.province for o in all_outlets() if o.name.startswith("Báo") and o.province}
    assert len(papers) == 63
    domains = [o.domain for o in all_outlets()]
    assert len(domains) == len(set(domains))


def test_every_outlet_province_is_one_old_province() -> None:
    from reformsite.places.gazetteer import load_gazetteer

    gz = load_gazetteer()
    for outlet in all_outlets():
        if outlet.province is None:
            continue
        found = [p for p in gz.lookup(outlet.province, era="old") if p.level == "province"]
        assert len(found) == 1, outlet


@pytest.mark.parametrize(("lead", "shown"), [
    ("BTNO - Ngày 12.4, UBND TP. Tây Ninh họp.", "Ngày 12.4, UBND TP. Tây Ninh họp."),
    ("(GLO) - Thời gian qua, thị xã An Khê cải thiện.", "Thời gian qua, thị xã An Khê cải thiện."),
    ("(Baohatinh.vn) – Chỉ số PAR INDEX tăng.", "Chỉ số PAR INDEX tăng."),
    ("TP.HCM - Thành phố dẫn đầu.", "TP.HCM - Thành phố dẫn đầu."),     # no outlet signs "TP.HCM"
    ("UBND - các xã họp.", "UBND - các xã họp."),
    ("Xã Tân Hòa làm tốt.", "Xã Tân Hòa làm tốt."),
])
def test_a_known_outlets_mark_is_taken_off_a_lead(lead: str, shown: str) -> None:
    assert without_outlet_mark(lead) == shown


def test_summaries_leave_out_the_outlets_mark(make_site) -> None:
    body = "(GLO) - Thời gian qua, thị xã An Khê đã triển khai nhiều giải pháp khắc phục hồ sơ trễ hạn."
    site = make_site({"content/a.md": article("An Khê giảm hồ sơ trễ hạn", body=body)})
    lead = site.html("/").select_one("article p.summary").get_text(strip=True)
    assert lead.startswith("Thời gian qua, thị xã An Khê")
    description = site.html("/bai-viet/an-khe-giam-ho-so-tre-han/").find("meta", attrs={"name": "description"})
    assert description["content"].startswith("Thời gian qua")
    assert "(GLO) - Thời gian qua" in site.html("/bai-viet/an-khe-giam-ho-so-tre-han/").get_text()
