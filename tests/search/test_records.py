"""Search records: the article text, its facets and the đ-folded copy of its words."""

from __future__ import annotations

import datetime as dt

from searchkit import facets, year_facets

from reformsite.search.records import d_folded_words, record_from, record_inputs, search_records


def test_records_hold_the_article_text_and_its_facets(site):
    records = {r.url: r for r in search_records(site, facets)}
    tan_hung = records["/bai-viet/cai-cach-hanh-chinh-o-huyen-tan-hung/"]
    # The text only: the title is in meta (Pagefind searches meta too), so excerpts do not repeat it.
    assert tan_hung.content == "Huyện Tân Hưng giải quyết 12.345 hồ sơ, tỷ lệ đúng hạn đạt 99,2%."
    assert tan_hung.meta == {"title": "Cải cách hành chính ở huyện Tân Hưng", "date": "2024-06-10",
                             "place": "Tân Hưng, Long An", "chu_de": "một cửa", "khong_dau": "dung dat"}
    assert tan_hung.filters == {"tinh": ["Long An"], "huyen": ["Tân Hưng"],
                                "chi_so": ["Hồ sơ tiếp nhận", "Tỷ lệ đúng hạn"], "nam": ["2024"]}
    assert tan_hung.sort == {"date": "2024-06-10T01:00:00Z"}
    # Duplicates and blanks are dropped; an article without places has no place in its meta.
    assert records["/bai-viet/xa-dong-khoi-day-manh-chuyen-doi-so/"].filters["huyen"] == ["Châu Thành"]
    assert "huyen" not in records["/bai-viet/duong-day-nong-tiep-nhan-phan-anh/"].filters
    # Newest first, which fixes Pagefind's page numbers and so the bytes.
    assert list(records) == [a.url for a in site.articles]


def test_folded_copy_of_words_with_d_stroke(site):
    assert d_folded_words(["Đường đúng hạn, đường", "Bến Tre"]) == "duong dung"
    records = {r.url: r for r in search_records(site, year_facets)}
    dong_khoi = records["/bai-viet/xa-dong-khoi-day-manh-chuyen-doi-so/"]
    assert dong_khoi.meta["khong_dau"] == "dong day doi dua"
    assert "dong" not in dong_khoi.content.lower().split()
    tan_hung = records["/bai-viet/cai-cach-hanh-chinh-o-huyen-tan-hung/"]
    assert tan_hung.meta["khong_dau"] == "dung dat"          # from the text, not only the title


def test_a_record_ignores_unknown_facets():
    from sitekit import NOW

    from reformsite.site.model import Article

    a = Article(path="a.md", kind="article", slug="a", permalink=None, url="/a/", title="Đà Nẵng",
                label=None, label_text=None, date=NOW.replace(tzinfo=dt.timezone(dt.timedelta(hours=9))),
                updated=None, categories=(), tags=("Đắk Lắk",), author=None, source=None, source_url=None,
                image="https://example.org/a.webp", summary="", packed_html=b"", toc=(), words=0, reading_minutes=1,
                draft=False, blocks=("Đoạn văn.",), content_hash="")
    record = record_from(record_inputs(a, {"khac": ["x"], "tinh": ["Đà Nẵng"]}))
    assert record.filters == {"tinh": ["Đà Nẵng"]}
    assert "image" not in record.meta           # Pagefind would index the URL as words
    assert record.sort == {"date": "2026-01-01T03:00:00Z"}
    assert record.content == "Đoạn văn."
    assert record.meta == {"title": "Đà Nẵng", "date": "2026-01-01", "place": "Đà Nẵng",
                           "chu_de": "Đắk Lắk", "khong_dau": "da doan dak"}


def test_the_place_line_names_the_district_and_its_province_once(site):
    from reformsite.build.indexing import search_facets

    records = {r.url: r for r in search_records(site, search_facets(site))}
    tan_hung = records["/bai-viet/cai-cach-hanh-chinh-o-huyen-tan-hung/"]
    assert tan_hung.filters["huyen"] == ["huyện Tân Hưng (tỉnh Long An)"]     # the filter tells districts apart
    assert tan_hung.meta["place"] == "huyện Tân Hưng, tỉnh Long An"
