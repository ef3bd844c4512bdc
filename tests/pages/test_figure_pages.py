"""Figures end to end: extraction → quote anchors, figures box, place tables and charts, indicator pages, open data."""

import csv
import io
import json

from sitekit import article, read_output

from reformsite.commands.links import check_links
from reformsite.pages import kinds as pages

SITE = {
    "content/2024/tp-tay-ninh-q1.md": article(
        "TP. Tây Ninh sơ kết cải cách hành chính quý I", "13/04/2024 19:42",
        "Trong quý I.2024, bộ phận Một cửa thành phố Tây Ninh tiếp nhận 1.245 hồ sơ; 3 hồ sơ trễ hạn, "
        "tỷ lệ 0,72%.\n\nThành phố sẽ tiếp tục rà soát thủ tục.\n",
        source_url="https://baotayninh.vn/tp-tay-ninh-a1.html"),
    "content/2024/tp-tay-ninh-q2.md": article(
        "TP. Tây Ninh: 6 tháng đầu năm giải quyết tốt hồ sơ", "15/07/2024 08:00",
        "Trong 6 tháng đầu năm 2024, bộ phận Một cửa thành phố Tây Ninh tiếp nhận 2.610 hồ sơ, "
        "trong đó 5 hồ sơ trễ hạn, tỷ lệ 0,19%.\n",
        source_url="https://baotayninh.vn/tp-tay-ninh-a2.html"),
    "content/2024/bien-tap.md": article(
        "Số liệu do biên tập viên bổ sung cho huyện Mỏ Cày Bắc", "2024-08-01T08:00:00+07:00",
        "UBND huyện Mỏ Cày Bắc, tỉnh Bến Tre tổ chức hội nghị về cải cách hành chính.\n",
        figures='[{indicator: ty_le_dung_han, value: 98.5, period: "2024-H1"}]'),
    "content/2024/tat.md": article(
        "Bài không trích số liệu", "2024-08-02T08:00:00+07:00",
        "UBND xã Tân Thành Bình, huyện Mỏ Cày Bắc tiếp nhận 4.572 hồ sơ.\n", extract="false"),
}


def test_figures_box_links_to_marked_quotes(make_site):
    site = make_site(SITE)
    page = site.html("/bai-viet/tp-tay-ninh-so-ket-cai-cach-hanh-chinh-quy-i/")
    box = page.select_one("aside.figures-box")
    # Each item: a link holding the figure's name and value, then a line of what it is of.
    items = {li.select_one("a > span").get_text(strip=True): li for li in box.select("li")}
    assert items["Hồ sơ tiếp nhận"].select_one("a > strong").get_text() == "1.245 hồ sơ"
    late = items["Tỷ lệ trễ hạn, quá hạn"]
    assert late.select_one("a > strong").get_text() == "0,72%"
    assert "quý I/2024" in late.select_one("li > span").get_text()
    target = late.select_one("a")["href"].lstrip("#")
    quote = page.find(id=target)
    assert "figure-quote" in quote["class"] and "tỷ lệ 0,72%" in quote.get_text()


def test_place_page_table_and_chart(make_site):
    site = make_site(SITE)
    city = site.html("/dia-phuong/tay-ninh-cu/tay-ninh/")
    rows = {tr.find("th").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in city.select("table.figures-table")[0].select("tbody tr")}
    # The latest value of each indicator, with its period.
    assert rows["Hồ sơ tiếp nhận"][:2] == ["2.610 hồ sơ", "6 tháng đầu năm 2024"]
    assert rows["Tỷ lệ trễ hạn, quá hạn"][:2] == ["0,19%", "6 tháng đầu năm 2024"]
    link = city.select("table.figures-table")[0].select_one("tbody tr td a")["href"]
    assert link.startswith("/bai-viet/tp-tay-ninh-6-thang") and "#so-lieu-" in link
    charts = city.select("figure.chart-figure")
    assert charts, "an indicator reported twice gets a chart"
    svg = charts[0].find("svg")
    assert svg["role"] == "img" and svg.find("title").get_text() and "quý I/2024" in svg.find("desc").get_text()
    assert len(svg.select("rect.bar")) == 2
    fallback = charts[0].select("details table tbody tr")
    assert [tr.find_all("td")[0].get_text() for tr in fallback] == ["quý I/2024", "6 tháng đầu năm 2024"]


def test_indicator_pages(make_site):
    site = make_site(SITE)
    index = site.html("/chi-so/")
    assert "Tỷ lệ trễ hạn, quá hạn" in [a.get_text() for a in index.select(".indicator-list a")]
    page = site.html("/chi-so/ty_le_tre_han/")
    assert page.find("h1").get_text() == "Tỷ lệ trễ hạn, quá hạn"
    latest = page.select("table.figures-table")[0].select("tbody tr")
    assert [(tr.find("th").get_text(strip=True), tr.find_all("td")[0].get_text()) for tr in latest] == [
        ("thành phố Tây Ninh", "0,19%")]
    history = page.select("table.figures-table")[1].select("tbody tr")
    assert [tr.find_all("td")[2].get_text() for tr in history] == ["0,19%", "0,72%"]


def test_indicator_history_shows_the_newest_and_links_the_open_data(make_site, monkeypatch):
    """The history is as long as HISTORY_PER_PAGE whatever the site: older reports are in the open
    data, which the page links (pages of them all weighed as much as the open data itself)."""
    monkeypatch.setattr(pages, "HISTORY_PER_PAGE", 1)
    site = make_site(SITE)
    first = site.html("/chi-so/ty_le_tre_han/")
    tables = first.select("table.figures-table")
    assert len(tables) == 2                          # the places table, then the newest report
    assert [tr.find_all("td")[2].get_text() for tr in tables[1].select("tbody tr")] == ["0,19%"]
    assert first.select_one(".pagination") is None and not site.exists("/chi-so/ty_le_tre_han/trang/1/")
    more = first.select_one("#tat-ca").parent.select_one(".more-data")
    assert "Còn 1 mục nữa" in more.get_text() and more.find("a")["href"] == "/du-lieu/"


def test_editor_figures_and_extract_false(make_site):
    site = make_site(SITE)
    district = site.html("/dia-phuong/ben-tre/mo-cay-bac/")
    rows = {tr.find("th").get_text(strip=True): tr.find_all("td")[0].get_text() for tr in
            district.select("table.figures-table tbody tr")}
    assert rows["Tỷ lệ đúng hạn (gồm trước hạn)"] == "98,5%"
    assert "do biên tập viên bổ sung" in site.html(
        "/bai-viet/so-lieu-do-bien-tap-vien-bo-sung-cho-huyen-mo-cay-bac/").select_one(".figures-box").get_text()
    assert site.html("/bai-viet/bai-khong-trich-so-lieu/").select_one(".figures-box") is None


def test_bad_editor_figure_is_an_error_with_a_suggestion(make_site):
    files = dict(SITE)
    files["content/2024/sai.md"] = article("Sai số liệu", "2024-08-03", "x",
                                           figures='[{indicator: ty_le_dung_hann, value: 90}]')
    site = make_site(files)
    [error] = site.result.errors
    assert error.location() == "content/2024/sai.md:4"
    assert "unknown indicator 'ty_le_dung_hann'" in error.message and "ty_le_dung_han" in error.message


def test_values_no_figure_has_are_refused_and_the_rest_is_built(make_site):
    """YAML's .inf and .nan, and numbers past 18 digits, stopped the whole build in number
    formatting or in sorting: an editor's is an error on its line, one in the text is no figure."""
    huge = "9" * 60
    files = dict(SITE)
    files["content/2024/vo-cuc.md"] = article(
        "Số vô cực", "2024-08-03",
        f"Trong quý II.2024, bộ phận Một cửa thành phố Tây Ninh tiếp nhận {huge} hồ sơ và 1.245 hồ sơ trực tuyến. "
        f"Chỉ số cải cách hành chính của thành phố xếp thứ 3/{huge}.",
        figures=f"[{{indicator: hs_tiep_nhan, value: .inf}}, {{indicator: hs_tre_han, value: .nan}}, "
                f"{{indicator: hs_da_giai_quyet, value: {huge}}}, "
                f"{{indicator: chi_so_cchc_hang, value: 3, rank_of: {huge}}}]")
    site = make_site(files)
    errors = sorted((e.location(), e.message) for e in site.result.errors)
    assert [location for location, _ in errors] == ["content/2024/vo-cuc.md:4"] * 4
    assert [message.split(": ", 1)[1] for _, message in errors] == [
        "bad value inf for hs_tiep_nhan (expected a number of at most 18 digits)",
        "bad value nan for hs_tre_han (expected a number of at most 18 digits)",
        "bad value 9999999999999999999999999999999999999… for hs_da_giai_quyet (expected a number of at most 18 digits)",
        "bad rank_of '9999999999999999999999999999999999999999' (expected a whole number above 0, the number of "
        "units ranked)"]
    [row] = [r for r in json.loads(site.file("/data/articles.json").read_text())["articles"] if r["title"] == "Số vô cực"]
    assert [(f["indicator"], f["value"]) for f in row["figures"]] == [("hs_truc_tuyen", 1245)]
    assert site.exists("/chi-so/hs_truc_tuyen/")


def test_open_data_figures(make_site):
    site = make_site(SITE)
    rows = {r["title"]: r for r in json.loads(site.file("/data/articles.json").read_text())["articles"]}
    figures = rows["TP. Tây Ninh sơ kết cải cách hành chính quý I"]["figures"]
    by_key = {f["indicator"]: f for f in figures}
    assert by_key["hs_tiep_nhan"]["value"] == 1245 and by_key["hs_tiep_nhan"]["unit"] == "ho_so"
    late = by_key["ty_le_tre_han"]
    assert (late["value"], late["unit"], late["period"], late["qualifier"]) == (0.72, "percent", "2024-Q1", "exact")
    assert late["place_era"] == "old" and late["quote"].endswith("tỷ lệ 0,72%.")
    assert late["quote_url"].startswith("https://example.org/bai-viet/tp-tay-ninh-so-ket")
    table = list(csv.DictReader(io.StringIO(site.file("/data/figures.csv").read_text(encoding="utf-8-sig"))))
    assert len(table) == sum(len(r["figures"]) for r in rows.values())
    assert {"article_url", "indicator", "value", "quote"} <= set(table[0])
    assert any(r["indicator"] == "ty_le_tre_han" and r["value"] == "0.72" for r in table)


def test_every_figure_link_resolves(make_site):
    site = make_site(SITE)
    assert check_links(read_output(site.output), base_url="https://example.org/") == []


def test_unit_name_stops_where_the_gazetteers_name_ends(make_site):
    # The press names the official after the unit: "UBND xã Phú Phụng Nguyễn Hoàng Phúc".  The figure
    # belongs to the commune, and its unit is named without the person.
    files = {"content/2024/phu-phung.md": article(
        "Xã Phú Phụng giải quyết hồ sơ đúng hạn", "2024-11-04T02:00:00+07:00",
        "Xã Phú Phụng, huyện Chợ Lách, tỉnh Bến Tre tổng kết công tác một cửa.\n\n"
        "Phó Chủ tịch UBND xã Phú Phụng Nguyễn Hoàng Phúc cho biết trong quý III.2024 bộ phận một cửa "
        "đã tiếp nhận 4.572 hồ sơ.\n")}
    site = make_site(files)
    [row] = json.loads(site.file("/data/articles.json").read_text())["articles"]
    [figure] = [f for f in row["figures"] if f["indicator"] == "hs_tiep_nhan"]
    assert figure["value"] == 4572
    assert (figure["level"], figure["unit_name"]) == ("commune", "xã Phú Phụng")
    assert figure["place_id"] == row["commune"]["id"]
    [csv_row] = [r for r in csv.DictReader(io.StringIO(site.file("/data/figures.csv").read_text(encoding="utf-8-sig")))
                 if r["indicator"] == "hs_tiep_nhan"]
    assert csv_row["unit_name"] == "xã Phú Phụng"


def test_a_long_history_draws_and_tables_the_latest_periods(make_site):
    # Fourteen quarters of one city: the chart draws the latest twelve, its table lists them, and
    # links the open data for the two before (a table of every period grew with the site).
    quarters = [(year, q) for year in (2021, 2022, 2023, 2024) for q in (1, 2, 3, 4)][:14]
    files = {f"content/{year}/q{q}.md": article(
        f"TP. Tây Ninh quý {q} năm {year}", f"{year + (q == 4)}-{(q * 3 % 12) + 1:02d}-10T08:00:00+07:00",
        f"Trong quý {'I' * q if q < 4 else 'IV'}.{year}, bộ phận Một cửa thành phố Tây Ninh tiếp nhận "
        f"{1000 + 10 * i} hồ sơ.\n")
        for i, (year, q) in enumerate(quarters)}
    site = make_site(files)
    city = site.html("/dia-phuong/tay-ninh-cu/tay-ninh/")
    [chart] = [c for c in city.select("figure.chart-figure")
               if c.figcaption.get_text().startswith("Hồ sơ tiếp nhận")]
    assert len(chart.select("svg rect.bar")) == 12
    desc = chart.find("desc").get_text()
    assert "quý III/2021" in desc and "quý II/2024" in desc and "quý I/2021" not in desc
    assert "12 kỳ gần nhất trong 14 kỳ" in chart.figcaption.get_text()
    rows = chart.select("details table tbody tr")
    assert len(rows) == 12 and rows[0].td.get_text(strip=True) == "quý III/2021"
    more = chart.select_one("details .more-data")
    assert "Còn 2 mục nữa" in more.get_text() and more.find("a")["href"] == "/du-lieu/"


def test_an_english_article_reads_english_numbers(make_site):
    """`lang: en` on one article of a Vietnamese site: its figures are read with English notation
    (52,761 is fifty-two thousand, 99.29% a decimal point), and its page says it is in English."""
    english = ("In the first six months of 2024, the one-stop shop of Tay Ninh city received 52,761 dossiers "
               "and resolved 99.29% of them on time.\n")
    files = dict(SITE)
    files["content/2024/english.md"] = article("Tay Ninh city resolves dossiers on time", "2024-07-20",
                                               english, lang="en")
    files["content/2024/khong-ro.md"] = article("Bài tiếng Pháp?", "2024-07-21", english, lang="fr")
    site = make_site(files)
    rows = {r["title"]: r for r in json.loads(site.file("/data/articles.json").read_text())["articles"]}
    got = {(f["indicator"], f["value"]) for f in rows["Tay Ninh city resolves dossiers on time"]["figures"]}
    assert got == {("hs_tiep_nhan", 52761), ("ty_le_dung_han", 99.29)}
    page = site.html("/bai-viet/tay-ninh-city-resolves-dossiers-on-time/")
    assert page.find("html")["lang"] == "vi" and page.select_one("article.article")["lang"] == "en"
    # an unknown language is a warning on its line; the article is read in the site's language
    [warning] = [w for w in site.result.warnings if w.path == "content/2024/khong-ro.md"]
    assert warning.location() == "content/2024/khong-ro.md:4:7" and "unknown language 'fr'" in warning.message
    assert not site.html("/bai-viet/bai-tieng-phap/").select_one("article.article").has_attr("lang")
    assert (52761, "hs_tiep_nhan") not in {(f["value"], f["indicator"]) for f in rows["Bài tiếng Pháp?"]["figures"]}
