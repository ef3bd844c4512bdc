"""Figures on place and indicator pages belong to the unit they are about, read from real pages of
the development corpus (../shared/corpus) and of the bundled site, built end to end."""

from __future__ import annotations

import re

import pytest
import yaml
from sitekit import NOW, REPO, BuiltSite, corpus_article, write_site

from reformsite.build.pipeline import BuildOptions, build

# Bundled articles: real pages of baohatinh.vn and baolongan.vn.
HA_TINH = "content/2022/ha-tinh-par-index-sipas-2021.md"
LONG_AN = "content/2023/long-an-6-thang-dau-nam-giai-quyet-thu-tuc.md"


def _corpus_file(article_id: str) -> str:
    page = corpus_article(article_id)
    meta = {"title": page.title, "date": f"{page.date.isoformat()}T08:00:00+07:00"}
    if page.source_url:
        meta["source_url"] = page.source_url
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{page.body}\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A01 (Thái Nguyên), A18 (Huế), A21 (Vĩnh Phúc), B04 (Sóc Trăng) and two bundled articles."""
    root = tmp_path_factory.mktemp("owners")
    files = {f"content/{id_}.md": _corpus_file(id_) for id_ in ("A01", "A18", "A21", "B04")}
    for path in (HA_TINH, LONG_AN):
        files[path] = (REPO / path).read_text(encoding="utf-8")
    write_site(root, files)
    return BuiltSite(root, build(BuildOptions(config_path=root / "config.yaml", now=NOW)))


def _own_rows(page) -> list[tuple[str, str, str]]:
    """(indicator, value, period) of the place's own figures table."""
    table = page.select_one("section.place-figures table.figures-table")
    if table is None or "figures-others" in table.get("class", []):
        return []
    return [(tr.find("th").get_text(" ", strip=True), tr.find_all("td")[0].get_text(" ", strip=True),
             tr.find_all("td")[1].get_text(" ", strip=True)) for tr in table.select("tbody tr")]


def _other_rows(page) -> list[list[str]]:
    table = page.select_one("table.figures-others")
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
            for tr in table.select("tbody tr")] if table else []


def _comparison_values(page) -> list[tuple[str, str]]:
    """(place, value) of every row of an indicator page's comparison tables."""
    section = page.select_one("section[aria-labelledby=dia-phuong-cong-bo]")
    return [(tr.find("th").get_text(" ", strip=True), tr.find("td").get_text(" ", strip=True))
            for tr in section.select("tbody tr")] if section else []


def test_a_league_table_gives_no_rank_to_the_outlets_province(site):
    # B04, a Sóc Trăng paper: "Xếp thứ 2 và thứ 3 về SIPAS trong vùng ĐBSCL là tỉnh Đồng Tháp … và
    # Cà Mau"; "Kiên Giang tiếp tục đứng cuối bảng PAR INDEX của vùng".
    ranks = [(name, value) for name, value, _ in _own_rows(site.html("/dia-phuong/soc-trang/"))
             if name.startswith("Xếp hạng")]
    assert ranks and not [value for _, value in ranks if value.split("/")[0] in ("2", "3", "63")]
    # A01, about Thái Nguyên: "Ở vị trí thứ 2 trên bảng xếp hạng là UBND tỉnh Quảng Trị".
    own = _own_rows(site.html("/dia-phuong/thai-nguyen/"))
    assert ("Xếp hạng Bộ chỉ số 766", "2", "") not in own
    assert [value for name, value, _ in own if name == "Xếp hạng Bộ chỉ số 766"] == ["1/34"]
    # baohatinh.vn: "Ở cấp tỉnh, Hải Phòng là địa phương dẫn đầu cả nước về PAR INDEX năm 2021".
    ha_tinh = _own_rows(site.html("/dia-phuong/ha-tinh-cu/"))
    assert [value for name, value, _ in ha_tinh if name.startswith("Xếp hạng chỉ số CCHC")
            and value.startswith("1")] == []
    # "đứng thứ 8 cả nước và thứ 2 khu vực Bắc Trung Bộ": a regional rank, not the nation's.
    assert ("Xếp hạng chỉ số CCHC (khu vực Bắc Trung Bộ)", "2") in [row[:2] for row in ha_tinh]
    comparison = _comparison_values(site.html("/chi-so/chi_so_sipas_hang/"))
    assert not [value for place, value in comparison if place == "tỉnh Sóc Trăng" and value in ("2", "3")]


def test_an_agencys_rate_never_becomes_its_places(site):
    # baolongan.vn: "Trung tâm Phục vụ hành chính công … trên 99%" beside the province's 96,4 %.
    long_an = site.html("/dia-phuong/long-an/")
    assert ("Tỷ lệ đúng hạn (gồm trước hạn)", "96,4%", "6 tháng đầu năm 2023") in _own_rows(long_an)
    assert not [row for row in _own_rows(long_an) if "99%" in row[1]]
    assert ["Trung tâm Phục vụ hành chính công", "Tỷ lệ đúng hạn (gồm trước hạn)", "hơn 99%"] in [
        row[:3] for row in _other_rows(long_an)]
    on_time = _comparison_values(site.html("/chi-so/ty_le_dung_han/"))
    assert ("tỉnh Long An", "96,4%") in on_time and ("tỉnh Long An", "hơn 99%") not in on_time
    # A18: "Trung tâm Hành chính công thành phố Huế … trực tuyến là 3764 hồ sơ (đạt tỷ lệ 11,3%)".
    hue = site.html("/dia-phuong/hue-cu/thuan-hoa/")
    assert not [row for row in _own_rows(hue) if row[1] == "11,3%"]
    assert ["Trung tâm Hành chính công thành phố Huế", "Tỷ lệ hồ sơ trực tuyến", "11,3%"] in [
        row[:3] for row in _other_rows(hue)]
    assert not [value for _, value in _comparison_values(site.html("/chi-so/ty_le_ho_so_truc_tuyen/"))
                if value == "11,3%"]


def _charts(page) -> dict[str, list]:
    """Each chart's caption → its bars as (label, value text, height or None)."""
    charts = {}
    for figure in page.select("figure.chart-figure"):
        svg = figure.find("svg")
        values = svg.select("text.value")
        labels = svg.select("text.label")
        heights = iter(float(rect["height"]) for rect in svg.select("rect.bar"))
        bars = [(label.get_text(), value.get_text(), next(heights) if "/ " not in value.get_text() else None)
                for label, value in zip(labels, values, strict=True)]
        charts[figure.find("figcaption").get_text(" ", strip=True)] = bars
    return charts


def test_a_restatement_adds_no_chart_point(site):
    # A21 says "gần 97%" in its headline, without a period, and again for "tháng 5/2019": one period,
    # so no chart, and no point labelled with the day the article was published.
    vinh_phuc = site.html("/dia-phuong/vinh-phuc/")
    assert _charts(vinh_phuc) == {}
    # The Hà Tĩnh article gives the SIPAS score without a period ("đạt 9,12 điểm") and 89,13 % for 2020.
    for bars in _charts(site.html("/dia-phuong/ha-tinh-cu/")).values():
        assert all(re.match(r"năm \d{4}$", label) for label, _, _ in bars), bars
        assert len(bars) >= 2


def test_rank_charts_draw_the_better_rank_taller(site):
    # "PAR INDEX … năm 2020 … xếp thứ 16/63" and "năm 2021 … xếp thứ 8/63".
    charts = _charts(site.html("/dia-phuong/ha-tinh-cu/"))
    caption = next(name for name in charts if name.startswith("Xếp hạng chỉ số CCHC"))
    assert "cột càng cao, thứ hạng càng tốt" in caption
    bars = charts[caption]
    assert [(label, text) for label, text, _ in bars] == [("năm 2020", "16/63"), ("năm 2021", "8/63")]
    assert bars[1][2] > bars[0][2]
    # One unit and one scope per chart: no % with điểm, no 11/63 with 1/6.
    for bars in charts.values():
        texts = [text for _, text, _ in bars]
        assert len({text.endswith("%") for text in texts}) == 1, texts
        assert len({text.partition("/")[2] for text in texts}) == 1, texts
