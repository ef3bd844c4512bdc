"""The open data tells figures apart: breakdown, tier, unit and the days a period covers are in both
files, and a figure's row in figures.csv never runs as a spreadsheet formula."""

import csv
import io
import json

from sitekit import corpus_article

from reformsite.exports.opendata import FIGURE_COLUMNS, csv_cell


def _corpus_site(make_site, article_id: str):
    page = corpus_article(article_id)
    text = (f"---\ntitle: {json.dumps(page.title, ensure_ascii=False)}\n"
            f"date: {page.date.isoformat()}T08:00:00+07:00\n---\n\n{page.body}\n")
    site = make_site({f"content/{article_id}.md": text})
    assert site.result.errors == []
    rows = list(csv.DictReader(io.StringIO(site.file("/data/figures.csv").read_text(encoding="utf-8-sig"))))
    return site, rows


def test_rows_for_different_breakdowns_differ(make_site):
    # B09: "2.234 dịch vụ công trực tuyến, trong đó 1.096 toàn trình và 1.138 một phần"
    site, rows = _corpus_site(make_site, "B09")
    online = [row for row in rows if row["indicator"] == "so_dvc_truc_tuyen"
              and row["value"] in ("2234", "1096", "1138")]
    assert {row["unit_name"] for row in online} == {"tỉnh Cà Mau"}
    by_value = {row["value"]: row["breakdown"] for row in online}
    assert by_value == {"2234": "", "1096": "muc_do=toan_trinh", "1138": "muc_do=mot_phan"}
    # what a row says a figure is, without its value and sentence: no two of them read the same
    described = {tuple(v for k, v in row.items() if k not in ("value", "quote", "quote_url")) for row in online}
    assert len(described) == len(online)
    data = json.loads(site.file("/data/articles.json").read_bytes())
    figures = [f for f in data["articles"][0]["figures"] if f["indicator"] == "so_dvc_truc_tuyen"]
    assert {f["value"]: f["breakdown"] for f in figures if f["value"] in (2234, 1096, 1138)} == {
        2234: None, 1096: {"muc_do": "toan_trinh"}, 1138: {"muc_do": "mot_phan"}}


def test_every_figure_says_its_unit_tier_and_days(make_site):
    _, rows = _corpus_site(make_site, "A01")
    assert set(FIGURE_COLUMNS) >= {"tier", "breakdown", "level", "unit_name", "period_start", "period_end"}
    dated = [row for row in rows if row["period"]]
    assert dated and all(row["period_end"] for row in dated)
    for row in dated:
        if row["period"].isdigit():
            assert (row["period_start"], row["period_end"]) == (f"{row['period']}-01-01", f"{row['period']}-12-31")
        if row["period"].startswith("as_of "):
            assert row["period_start"] == "" and row["period_end"] == row["period"][6:]


def test_a_cell_that_would_start_a_formula_is_text():
    for text in ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("Tỷ lệ -5%") == "Tỷ lệ -5%"
    assert csv_cell(-5) == -5 and csv_cell(-0.5) == -0.5       # numbers stay numbers
    assert csv_cell({"co_che": "mot_cua", "muc_do": "3,4"}) == "co_che=mot_cua;muc_do=3,4"
    assert csv_cell(None) is None
