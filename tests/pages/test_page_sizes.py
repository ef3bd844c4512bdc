"""No page grows with the site: on 600 generated articles (where pages listing every report or every
period reached 330 KB) no HTML page is over 250 KB and no file over max_file_size, set low here; a
place's and an indicator's page cut their lists short, and say where the rest is."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitekit import NOW, REPO

from reformsite.build.pipeline import BuildOptions, build
from reformsite.pages import kinds
from reformsite.site import Site

sys.path.insert(0, str(REPO / "benchmarks"))

import corpus

PAGE_LIMIT = 250_000            # the bound on an HTML page
FILE_LIMIT = 400_000            # over the whole-site open data and its .gz at 600 articles, not a year's


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(folder, 600, seed=1)
    (folder / "config.yaml").write_text(corpus.CONFIG_YAML + f"max_file_size: {FILE_LIMIT}\n", encoding="utf-8")
    result = build(BuildOptions(config_path=folder / "config.yaml", use_cache=False, now=NOW))
    assert result.errors == []
    return folder / "output", result.site


@pytest.fixture(scope="module")
def output(built: tuple[Path, Site]) -> Path:
    return built[0]


def _html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_no_page_over_the_page_limit_and_no_file_over_the_file_limit(output: Path) -> None:
    sizes = {p.relative_to(output).as_posix(): p.stat().st_size for p in output.rglob("*") if p.is_file()}
    assert [path for path, size in sizes.items() if path.endswith(".html") and size > PAGE_LIMIT] == []
    assert [path for path, size in sizes.items() if size > FILE_LIMIT and path != "data/index.json"] == []
    assert "data/articles.json" not in sizes and "data/2024/figures.csv.gz" in sizes


def test_indicator_pages_cut_their_tables_short(output: Path) -> None:
    cut = 0
    for path in sorted((output / "chi-so").glob("*/index.html")):
        page = _html(path)
        tables = page.select("table.comparison")
        assert len(tables) <= 8, path
        for table in tables:
            assert len(table.select("tbody tr")) <= 40 * 3, path
        history = page.select("#tat-ca ~ div table tbody tr")
        assert len(history) <= kinds.HISTORY_PER_PAGE, path
        notes = page.select(".more-data a[href='/du-lieu/']")
        cut += len(notes)
        if len(history) == kinds.HISTORY_PER_PAGE:
            assert notes, path
    assert cut, "some indicator has more places or reports than its page shows"
    assert not (output / "chi-so" / "hs_tiep_nhan" / "trang").exists()


def test_place_pages_cut_their_charts_and_tables_short(output: Path) -> None:
    cut = 0
    for path in sorted((output / "dia-phuong").glob("*/index.html")):        # the provinces: the most
        page = _html(path)
        charts = page.select("figure.chart-figure")
        assert len(charts) <= 12, path
        for chart in charts:
            bars = len(chart.select("svg rect.bar"))
            assert bars <= kinds.CHART_BARS and len(chart.select("details tbody tr")) <= 3 * kinds.CHART_BARS
        cut += len(page.select(".more-data"))
    assert cut, "some province has more charts or periods than its page shows"



def _published(report) -> tuple:
    return report.article.date, report.article.url, report.reported.anchor or "", report.figure.indicator


def test_an_indicator_page_lists_the_reports_published_last_in_their_order(built: tuple[Path, Site]) -> None:
    """newest_published is its definition, sorted(key=published, reverse=True)[:count], ties (one
    sentence giving an indicator twice) in the order of the indicator's reports."""
    site = built[1]
    ties = 0
    for entry in site.indicators.entries.values():
        expected = sorted(entry.reports, key=_published, reverse=True)
        ties += sum(_published(a) == _published(b) for a, b in itertools.pairwise(expected))
        for count in (1, 7, kinds.HISTORY_PER_PAGE, len(entry.reports) + 1):
            assert list(map(id, kinds.newest_published(entry.reports, count))) == list(map(id, expected[:count]))
    assert ties and max(len(e.reports) for e in site.indicators.entries.values()) > kinds.HISTORY_PER_PAGE
