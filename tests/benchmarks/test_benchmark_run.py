"""The benchmark command: its scenarios, its measuring and its build without extraction (the figures
issue's measure).  The targets and the table are in test_benchmark_targets.py."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import REPO, article, write_site

sys.path.insert(0, str(REPO / "benchmarks"))

import corpus
import corpus_edits
import pelican_site
import run

from reformsite.content.drafts import Draft, build_draft


def test_scenarios_are_named_for_only() -> None:
    names = [run.scenario_name(s) for s in run.PELICAN_SCENARIOS + run.REFORMSITE_SCENARIOS]
    assert names == ["pelican-cold", "pelican-pagefind-cold", "cold", "cold-no-figs", "no-change", "one-edit",
                     "one-add", "serve-reload"]


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


def test_floor_scales_markdown_and_pagefind_against_the_cold_target() -> None:
    import floor

    # (2 + 4) ms an article: 6 s CPU for 1,000 articles, 3 s on 2 cores, against 0.75 × the peer's 4 s
    at_target = floor.Floor(1000, markdown_ms=2.0, pagefind_ms=4.0, cores=2, peer_s=4.0)
    assert (at_target.cpu_s(1000), at_target.wall_s(1000), at_target.target_s) == (6.0, 3.0, 3.0)
    text = floor.report(at_target)
    assert "at 1,000 articles: 6.0 s CPU, so at least 3.0 s wall on 2 cores" in text
    assert "at 10,000 articles: 60.0 s CPU, at least 30.0 s wall" in text
    assert "cold target, 0.75× Pelican + Pagefind's 4.00 s on the same articles: 3.00 s wall" in text
    assert "the floor is within it (1.00x)" in text
    assert "the floor is above it (1.50x)" in floor.report(floor.Floor(1000, 2.0, 4.0, 2, peer_s=8 / 3))
    assert "Pelican" not in floor.report(floor.Floor(1000, 2.0, 4.0, 2, peer_s=None))


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


# ---------------------------------------------------------------- one-edit, one-add and the peer

SENTENCE = "Cập nhật lần 1: số liệu được bổ sung theo báo cáo của UBND."


def _draft(path: str, text: str) -> Draft:
    draft, problems = build_draft(path, text.encode(), kind="article")
    assert draft is not None, problems
    return draft


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix() + ("/" if p.is_dir() else ""): b"" if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(folder, 12, seed=1)
    return folder


def test_one_edit_writes_its_sentence_at_the_start_of_the_lead() -> None:
    article = corpus.make_article(1, 7)
    edited = corpus_edits.with_lead_edit(article.text, SENTENCE)
    before, after = _draft(article.path, article.text), _draft(article.path, edited)
    # reformsite reads the source link and the lead image out of the body: the lead is what follows
    assert (after.source_url, after.image) == (before.source_url, before.image) != (None, None)
    lead = after.body.split("\n\n")[0]
    assert lead == f"{SENTENCE} {before.body.split(chr(10) * 2)[0]}"
    assert after.body.split("\n\n")[1:] == before.body.split("\n\n")[1:]
    assert edited.split("\n---\n")[0] == article.text.split("\n---\n")[0]      # front matter untouched
    with pytest.raises(ValueError):
        corpus_edits.with_lead_edit("---\ntitle: x\n---\n[a](https://a.vn/)\n\n![b](https://a.vn/b.jpg)\n", "x")


def test_one_add_writes_a_new_article_dated_after_every_other(small_corpus: Path) -> None:
    content = small_corpus / "content"
    dates = [corpus_edits.article_date(p.read_text(encoding="utf-8")) for p in content.rglob("*.md")]
    first, second = (corpus_edits.added_article(1, 12, attempt) for attempt in (0, 1))
    for relative, text in (first, second):
        draft = _draft(relative, text)
        assert draft.date is not None and draft.date > max(dates)
        assert draft.date == corpus_edits.ADDED_DATE
        assert not (content / relative).exists()
        assert corpus_edits.is_added(content / relative, 12)
        assert corpus_edits.article_date(corpus.make_article(2, int(relative.rsplit("-", 1)[1][:-3]) - 1).text) \
            >= corpus.NEW_ERA                                     # written with today's units
    assert first[0] != second[0] and first[1] != second[1]    # another article on each attempt
    assert not any(corpus_edits.is_added(p, 12) for p in content.rglob("*.md"))


def _fake_measuring(monkeypatch: pytest.MonkeyPatch, content: Path) -> list[tuple[str, dict[str, bytes]]]:
    """run.measure_once replaced: records each build's log name and what content/ held then."""
    calls: list[tuple[str, dict[str, bytes]]] = []

    def fake(command: list[str], cwd: Path, log: Path) -> dict[str, object]:
        calls.append((log.name, _tree(content)))
        return {"returncode": 0, "wall_s": 1.0, "cpu_s": 1.0, "peak_kb": 2048}

    monkeypatch.setattr(run, "measure_once", fake)
    return calls


def _size(folder: Path, tmp_path: Path, repeat: int) -> run.Size:
    (tmp_path / "logs").mkdir(exist_ok=True)
    return run.Size(12, 1, folder, tmp_path, tmp_path / "logs", repeat)


def test_one_add_times_the_build_with_the_article_then_leaves_the_corpus_as_it_was(
        small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = small_corpus / "content"
    before = _tree(content)
    year = str(corpus_edits.ADDED_DATE.year)
    calls = _fake_measuring(monkeypatch, content)
    result = run.reformsite_one_add(_size(small_corpus, tmp_path, repeat=2))
    assert _tree(content) == before
    assert [name for name, _ in calls] == [
        "reformsite-one-add-prime.log", "reformsite-one-add-1.log", "reformsite-one-add-removed-1-prime.log",
        "reformsite-one-add-2.log", "reformsite-one-add-removed-2-prime.log"]
    timed = [tree for name, tree in calls if "prime" not in name]
    added = [set(tree) - set(before) for tree in timed]
    for new in added:       # the article (and its year's folder, when the corpus had none)
        assert [p for p in new if p.endswith(".md")] and all(p.startswith(year) for p in new)
    assert added[0] != added[1]
    assert all(tree == before for name, tree in calls if "removed" in name)    # rebuilt without it
    assert result.ok and result.wall_s == 1.0 and result.note.startswith(f"added content/{year}/")


def test_one_edit_builds_with_the_lead_edited_then_restores_the_article(
        small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = small_corpus / "content"
    before = _tree(content)
    calls = _fake_measuring(monkeypatch, content)
    result = run.reformsite_one_edit(_size(small_corpus, tmp_path, repeat=1))
    assert _tree(content) == before
    article = corpus_edits.edited_article(content)
    relative = article.relative_to(content).as_posix()
    edited = calls[1][1][relative].decode()
    assert edited == corpus_edits.with_lead_edit(before[relative].decode(), SENTENCE)
    assert result.note == f"one sentence written at the start of the lead of content/{relative}"


def test_tidy_puts_back_a_corpus_a_stopped_run_left_changed(small_corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(small_corpus, folder)
    before = _tree(folder)
    assert corpus_edits.tidy(folder, 12, 1) == []
    relative, text = corpus_edits.added_article(1, 12, 0)
    (folder / "content" / relative).write_text(text, encoding="utf-8")
    article = corpus_edits.edited_article(folder / "content")
    article.write_text(corpus_edits.with_lead_edit(article.read_text(encoding="utf-8"), SENTENCE), encoding="utf-8")
    done = corpus_edits.tidy(folder, 12, 1)
    assert done == [f"removed content/{relative}", f"restored {article.relative_to(folder)}"]
    assert _tree(folder) == before


def test_the_peer_runs_pagefind_on_the_output_after_the_build_in_one_command(tmp_path: Path) -> None:
    output = tmp_path / "out put"                    # paths are quoted for the shell
    page = "<!doctype html><html lang='vi'><body><h1>Cải cách hành chính</h1><p>Tân Thành Bình</p></body></html>"
    build = [sys.executable, "-c", f"import pathlib, sys; p = pathlib.Path(sys.argv[1]); p.mkdir(); "
             f"(p / 'index.html').write_text({page!r}, encoding='utf-8')", str(output)]
    command = pelican_site.with_pagefind(build, output, sys.executable)
    assert command[:2] == ["/bin/sh", "-c"]
    assert command[2].endswith(f"&& {sys.executable} -m pagefind --site '{output}'")
    log = tmp_path / "peer.log"
    report = json.loads(subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "measure.py"), "--log", str(log), "--", *command],
        capture_output=True, text=True, check=True).stdout)
    assert report["returncode"] == 0, log.read_text()
    assert (output / "pagefind" / "pagefind.js").is_file() and (output / "pagefind" / "pagefind-entry.json").is_file()
    assert pelican_site.pagefind_pages(log) == 1
    assert pelican_site.pagefind_version(sys.executable) == importlib.metadata.version("pagefind")
    # a failing build stops the command before Pagefind
    failing = pelican_site.with_pagefind([sys.executable, "-c", "raise SystemExit(3)"], tmp_path / "none",
                                         sys.executable)
    assert subprocess.run(failing, check=False).returncode == 3
    assert not (tmp_path / "none").exists()
    assert pelican_site.pagefind_pages(tmp_path / "absent.log") is None


def test_the_benchmark_measures_the_package_byte_compiled(tmp_path, monkeypatch) -> None:
    """As ./scripts/build and pip install it: the builds do not compile every module again."""
    package = tmp_path / "reformsite"
    (package / "stage").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "stage" / "step.py").write_text("STEP = 1\n")
    monkeypatch.setattr(run, "ROOT", tmp_path)
    run.compile_package()
    tag = sys.implementation.cache_tag
    assert (package / "stage" / "__pycache__" / f"step.{tag}.pyc").is_file()
    assert (package / "__pycache__" / f"__init__.{tag}.pyc").is_file()
