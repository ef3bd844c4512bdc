"""An indicator page compares the places' own latest values: one row a place, best first, and a
value older than its table's latest period marked so and listed after the others."""

from __future__ import annotations

from sitekit import article


def _rate(province: str, year: int, value: str, published: str) -> str:
    return article(f"{province} giải quyết hồ sơ năm {year}", published,
                   f"Năm {year}, tỉnh {province} có tỷ lệ hồ sơ giải quyết đúng hạn đạt {value}.")


SITE = {
    "content/2025/la-2024.md": _rate("Long An", 2024, "96,4%", "2025-01-10T08:00:00+07:00"),
    "content/2024/la-2023.md": _rate("Long An", 2023, "92,5%", "2024-01-10T08:00:00+07:00"),
    "content/2025/bt-2024.md": _rate("Bến Tre", 2024, "99,1%", "2025-01-12T08:00:00+07:00"),
    "content/2024/tv-2023.md": _rate("Trà Vinh", 2023, "100%", "2024-01-12T08:00:00+07:00"),
}


def test_each_place_is_compared_by_its_latest_value_best_first_older_ones_last(make_site):
    site = make_site(SITE)
    assert site.result.exit_code == 0, [d.format() for d in site.result.diagnostics]
    tables = site.html("/chi-so/ty_le_dung_han/").select("table.comparison")
    assert len(tables) == 1         # the three are yearly rates: one table
    rows = [(tr.get("class") or [], [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])])
            for tr in tables[0].select("tbody tr")]
    assert [cells[:3] for _, cells in rows] == [
        ["tỉnh Bến Tre", "99,1%", "năm 2024"],
        ["tỉnh Long An", "96,4%", "năm 2024"],        # its 2023 value is not its latest
        ["tỉnh Trà Vinh", "100%", "năm 2023 (kỳ cũ hơn)"],
    ]
    assert [classes for classes, _ in rows] == [[], [], ["older"]]
