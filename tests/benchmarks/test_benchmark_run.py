"""The benchmark command's verdicts and its build without extraction (the figures issue's measure)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import REPO, article, write_site

sys.path.insert(0, str(REPO / "benchmarks"))

import run


def _result(scenario: str, wall: float, cpu: float, tool: str = "reformsite") -> run.Result:
    return run.Result(tool, scenario, ok=True, wall_s=wall, cpu_s=cpu, peak_mb=100.0)


def _target(targets: list[run.Target], prefix: str) -> run.Target:
    return next(t for t in targets if t.name.startswith(prefix))


def test_extraction_cost_is_the_cold_build_minus_the_one_without_figures() -> None:
    results = [_result("cold", 40.0, 70.0), _result("cold-no-figs", 28.5, 50.0)]
    target = _target(run.check_targets(results), "extraction adds")
    assert target.met is True
    assert target.detail == "11.50 s wall, 20.00 s cpu"
    results = [_result("cold", 40.0, 70.0), _result("cold-no-figs", 20.0, 40.0)]
    assert _target(run.check_targets(results), "extraction adds").met is False
    assert _target(run.check_targets(results[:1]), "extraction adds").met is None
    # a smaller corpus gets the same budget per article: 1.5 s for 1,000
    small = [_result("cold", 4.0, 7.0), _result("cold-no-figs", 2.0, 4.0)]
    target = _target(run.check_targets(small, articles=1000), "extraction adds")
    assert (target.name, target.met) == ("extraction adds < 1.5 s", False)


def test_scenarios_are_named_for_only() -> None:
    names = [run.scenario_name(s) for s in run.PELICAN_SCENARIOS + run.REFORMSITE_SCENARIOS]
    assert names == ["pelican-cold", "cold", "cold-no-figs", "no-change", "one-edit", "serve-reload"]


def _figure_rows(output: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((output / "data" / "figures.csv").read_text(encoding="utf-8"))))


def test_without_extraction_builds_the_same_site_with_no_figures(tmp_path: Path) -> None:
    body = ("Quý I/2024, UBND xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre tiếp nhận 4.572 hồ sơ, "
            "giải quyết đúng hạn 100%.")
    write_site(tmp_path, {"content/2024/tan-thanh-binh.md": article("Tân Thành Bình làm tốt một cửa",
                                                                     body=body)})
    common = ["build", "--no-cache", "--config", str(tmp_path / "config.yaml")]
    for script, output in ((REPO / "build.py", "with"), (REPO / "benchmarks" / "without_extraction.py", "without")):
        done = subprocess.run([sys.executable, str(script), *common, "--output", str(tmp_path / output)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    with_figures = _figure_rows(tmp_path / "with")
    assert {(r["indicator"], r["value"]) for r in with_figures} >= {("hs_tiep_nhan", "4572")}
    assert _figure_rows(tmp_path / "without") == []
    # places are still tagged: only the figures are gone
    assert (tmp_path / "without" / "dia-phuong").is_dir()


def test_memory_sampling_backs_off_when_a_sample_is_slow() -> None:
    import measure

    assert measure.next_wait(0.05, 0.001) == 0.05          # cheap samples keep the given period
    # a 24 ms read of a 3 GB process: the sampler then takes at most 5% of a core
    wait = measure.next_wait(0.05, 0.024)
    assert 0.024 / (wait + 0.024) <= measure.SAMPLER_SHARE + 1e-9
    assert wait > 0.4


def test_measure_reports_a_command_and_its_sampling() -> None:
    command = [sys.executable, "-c", "b = bytearray(64 << 20); import time; time.sleep(0.5)"]
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "measure.py"), "--", *command],
                            capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    assert report["returncode"] == 0 and report["wall_s"] >= 0.5
    assert report["memory_samples"] >= 1 and report["sampling_s"] >= 0
    assert report["peak_kb"] >= 64 << 10


def test_a_cold_build_starts_without_the_output_or_what_builds_kept_beside_it(tmp_path: Path) -> None:
    for folder in ("reformsite/bai-viet", ".reformsite.spare/bai-viet", "reformsite-no-figures",
                   ".reformsite-no-figures.spare"):
        (tmp_path / folder).mkdir(parents=True)
    for name in (".reformsite.spare.json", ".reformsite.lock", ".reformsite-no-figures.lock"):
        (tmp_path / name).write_text("{}")
    run.fresh_output(tmp_path / "reformsite")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".reformsite-no-figures.lock", ".reformsite-no-figures.spare", "reformsite-no-figures"]


def test_floor_scales_markdown_and_pagefind_against_a_third_of_pelican() -> None:
    import floor

    # (2 + 4) ms an article: 6 s CPU for 1,000 articles, 3 s on 2 cores, against Pelican's 9 s / 3
    at_target = floor.Floor(1000, markdown_ms=2.0, pagefind_ms=4.0, cores=2, pelican_s=9.0)
    assert (at_target.cpu_s(1000), at_target.wall_s(1000), at_target.target_s) == (6.0, 3.0, 3.0)
    text = floor.report(at_target)
    assert "at 1,000 articles: 6.0 s CPU, so at least 3.0 s wall on 2 cores" in text
    assert "at 10,000 articles: 60.0 s CPU, at least 30.0 s wall" in text
    assert "the floor is within it (1.00x)" in text
    assert "the floor is above it (1.50x)" in floor.report(floor.Floor(1000, 2.0, 4.0, 2, pelican_s=6.0))
    assert "Pelican" not in floor.report(floor.Floor(1000, 2.0, 4.0, 2, pelican_s=None))


def test_floor_times_a_peer_command_to_completion() -> None:
    import floor

    assert floor.wall_seconds([sys.executable, "-c", "import time; time.sleep(0.2)"]) >= 0.2
    with pytest.raises(subprocess.CalledProcessError):
        floor.wall_seconds([sys.executable, "-c", "raise SystemExit(3)"])


def test_floor_measures_markdown_and_the_search_index_of_a_real_site(tmp_path: Path) -> None:
    import floor

    body = "Quý I/2024, xã Tân Thành Bình tiếp nhận 4.572 hồ sơ, giải quyết đúng hạn 100%.\n\n" * 20
    write_site(tmp_path, {f"content/2024/bai-{i}.md": article(f"Bài {i}", body=body) for i in range(3)})
    assert floor.markdown_ms([body] * 3) > 0
    assert floor.pagefind_ms(tmp_path) > 0       # Pagefind's own process did the indexing
