"""Lighthouse (npm's, driving Debian's chromium) scores the pages a reader sees first at ≥ 95 in
every category: performance, accessibility, best practices and SEO, on its phone profile.

scripts/test installs it from tests/browser/lighthouse/package-lock.json."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

LIGHTHOUSE = Path(__file__).parent / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": lambda site: "/",
    "article": lambda site: site.articles[0].url,
    "district": lambda site: next(e.url for e in site.places.entries.values() if e.place.level == "district"),
    "indicator": lambda site: next(iter(site.indicators.entries.values())).url,
    "search": lambda site: "/tim-kiem/?q=ho+so",
}


def _failures(report: dict) -> list[str]:
    """The audits that cost points, to say why a score fell."""
    return [f"{ref['id']} ({report['audits'][ref['id']]['score']})"
            for category in report["categories"].values() for ref in category["auditRefs"]
            if ref["weight"] > 0 and (report["audits"][ref["id"]]["score"] or 1) < 1]


def _lighthouse(url: str, out: Path) -> dict:
    done = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=" + ",".join(CATEGORIES),
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True, timeout=180, check=False,
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", PAGES)
def test_lighthouse_scores_at_least_95_in_every_category(served, tmp_path, kind):
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is not installed: run ./scripts/test (npm ci in tests/browser/lighthouse)")
    url = served.url(PAGES[kind](served.root.site))
    # The performance score depends on how busy the machine is while the page loads: a page that
    # falls short is measured once more, and that second measurement counts.
    for attempt in range(2):
        report = _lighthouse(url, tmp_path / f"report-{attempt}.json")
        scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
        if all(score >= 0.95 for score in scores.values()):
            break
    assert all(score >= 0.95 for score in scores.values()), (kind, scores, _failures(report))
