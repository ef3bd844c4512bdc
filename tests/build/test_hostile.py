"""Bad and hostile input: every case in tests/data/hostile/expected.yaml, built together with good articles.

The build must exit 1, name every bad file (with the line where one exists), build every good
article, and let no script, event handler, javascript: URL, frame or style from content through.
"""

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sitekit import DATA, NOW, REPO, read_output, write_site

from reformsite.build.pipeline import BuildOptions, build
from reformsite.output.write import OutputError, build_lock

HOSTILE = DATA / "hostile"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    write_site(root, {})
    shutil.copytree(HOSTILE, root / "content", ignore=shutil.ignore_patterns("expected.yaml", ".gitattributes"))
    before = {p: p.read_bytes() for p in (root / "content").iterdir()}
    result = build(BuildOptions(config_path=root / "config.yaml", now=NOW))
    return root, result, before


def test_the_corpus_lists_every_file():
    files = {p.name for p in HOSTILE.iterdir() if p.name not in ("expected.yaml", ".gitattributes")}
    assert files == set(EXPECTED)
    print(f"hostile corpus: {len(files)} cases")


def test_build_exits_1_and_names_every_bad_file(hostile_build):
    _, result, _ = hostile_build
    assert result.exit_code == 1
    errors = {}
    for d in result.errors:
        errors.setdefault(Path(d.path).name, []).append(d)
    for name, case in EXPECTED.items():
        if case["outcome"] == "error":
            assert name in errors, f"{name}: no error reported"
            found = errors[name]
            assert any(case["message"] in d.message for d in found), (name, [d.message for d in found])
            assert any(d.line == case["line"] for d in found), (name, [d.line for d in found])
            assert all(d.hint for d in found)
        elif case["outcome"] == "built":
            assert name not in errors, (name, [d.message for d in errors[name]])


def test_every_good_article_is_built(hostile_build):
    _, result, _ = hostile_build
    titles = {a.title for a in result.site.articles}
    for expected in ("Bài tốt một", "Bài tốt hai", "Thẻ script trong bài", "Thuộc tính sự kiện", "Bài rất dài",
                     "Giá trị front matter có thẻ", "Số liệu biên tập có công thức", "Câu số liệu trong thuộc tính",
                     "Mục có mã trùng với giao diện"):
        assert expected in titles
    assert any("Tiêu đề có thẻ" in t for t in titles)


def test_no_script_or_handler_from_content_reaches_the_output(hostile_build):
    root, _, _ = hostile_build
    files = read_output(root / "output")
    theme_scripts = {"application/ld+json", "application/json"}   # data islands of the theme
    for url, data in files.items():
        if not url.endswith((".html", ".xml", ".json")):
            continue
        text = data.decode("utf-8")
        if url.endswith(".html"):
            soup = BeautifulSoup(text, "html.parser")
            for script in soup.find_all("script"):
                assert script.get("type") in theme_scripts or script.get("src", "").endswith(".js"), (url, script)
            for tag in soup.find_all(True):
                for attr, value in tag.attrs.items():
                    assert not attr.lower().startswith("on"), (url, tag.name, attr)
                    if attr in ("href", "src", "action"):
                        assert not str(value).strip().lower().startswith(("javascript:", "data:", "vbscript:")), (url, value)
            # Content lands in .prose (article bodies); theme pages may have forms of their own.
            for bad in ("iframe", "object", "embed", "form", "input", "style", "meta", "script", "svg"):
                assert not soup.select(f".prose {bad}"), (url, bad)
            assert not soup.select(".prose [style]"), url
            assert not soup.select("iframe, object, embed, meta[http-equiv]"), url
        if url.endswith((".html", ".xml")):   # JSON carries the text as data, not markup
            assert "<script>alert" not in text, url
            assert not re.search(r"(?i)<img[^>]*onerror", text), url


def test_open_data_never_starts_a_spreadsheet_formula(hostile_build):
    """Every text cell of figures.csv that a spreadsheet would run (=, +, -, @, tab, CR first) is
    made text with a leading single quote; articles.json keeps each text exactly (OWASP CSV injection)."""
    root, _, _ = hostile_build
    rows = list(csv.reader(io.StringIO((root / "output/data/figures.csv").read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    running = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(c)]
    assert running == []
    data = (root / "output/data/articles.json").read_text(encoding="utf-8")
    for name, case in EXPECTED.items():
        for text in case.get("formulas", ()):
            assert "'" + text in cells, (name, text)
            assert json.dumps(text, ensure_ascii=False) in data, (name, text)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_marks_stay_in_text_and_ids_are_the_pages_own(hostile_build):
    """A figure's mark never lands in an attribute holding its sentence (alt, title), every id of a
    page is unique, each figure-box link finds its sentence in the article's text, and a content id
    the theme also uses ("main", "tieu-de", "so-lieu-1") is renamed rather than taken."""
    root, result, _ = hostile_build
    pages = {Path(a.path).name: root / "output" / a.url.strip("/") / "index.html" for a in result.site.articles}
    for name, path in pages.items():
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), (name, sorted(i for i in ids if ids.count(i) > 1))
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                if attr != "class":     # a mark's markup (a title's "<script>" text is fine, escaped)
                    assert not re.search(r"figure-quote|quote-anchor|id=.so-lieu|</?mark", str(value)), (
                        name, tag.name, attr)
        for link in soup.select(".figures-box a.figure-link:not([href='#tieu-de'])"):  # title's: the h1
            target = soup.find(id=link["href"][1:])
            assert target is not None and target.find_parent(class_="prose") is not None, (name, link["href"])
            assert target.get_text(strip=True) or "quote-anchor" in target.get("class", []), (name, link["href"])
        assert soup.find(id="main").name == "main" and soup.find(id="tieu-de").name == "h1", name
        for wanted in EXPECTED.get(name, {}).get("page_ids", ()):
            assert len(soup.select(f"[id='{wanted}']")) == 1, (name, wanted)
        for link in soup.select(".prose a[href^='#']"):       # the content's own links follow its ids
            assert soup.find(id=link["href"][1:]) is not None, (name, link["href"])


def test_content_is_never_written(hostile_build):
    root, _, before = hostile_build
    assert {p: p.read_bytes() for p in (root / "content").iterdir()} == before


def test_nothing_is_written_outside_output(hostile_build):
    root, _, _ = hostile_build
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [".output.lock", ".reformsite-cache", "config.yaml", "content", "output"])
    assert not Path("/tmp/pwned").exists()


def test_a_second_build_is_refused_while_one_holds_the_lock(tmp_path):
    output = tmp_path / "output"
    with build_lock(output), pytest.raises(OutputError, match="another build is writing"), build_lock(output):
        pass


def _site_with_articles(root: Path, count: int) -> None:
    files = {f"content/2024/bai-{n}.md": (f'---\ntitle: "Bài số {n}"\ndate: 2024-01-{1 + n % 28:02d}\n---\n'
                                          f"UBND xã Tân Thành Bình tiếp nhận {n} hồ sơ.\n") for n in range(count)}
    write_site(root, files)


def test_killing_a_build_at_any_point_leaves_a_complete_output(tmp_path):
    _site_with_articles(tmp_path, 300)
    command = [sys.executable, str(REPO / "build.py"), "build", "--config", str(tmp_path / "config.yaml")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(command, check=True, env=env, capture_output=True)
    old = read_output(tmp_path / "output")
    # Change every page, so a half-written output would show up as a mix of old and new bytes.
    (tmp_path / "config.yaml").write_text("title: Tên mới\nbase_url: https://example.org/\npaginate: 3\n")
    subprocess.run([*command, "--output", str(tmp_path / "expected")], check=True, env=env, capture_output=True)
    new = read_output(tmp_path / "expected")
    assert old.keys() == new.keys() and old != new
    # Kill at fractions of what such a build takes on this machine, so the kills land inside it on
    # a fast machine as on a slow one: a build into an empty folder writes every file, as each of
    # the killed ones would, and reads the same warm cache.
    started = time.monotonic()
    subprocess.run([*command, "--output", str(tmp_path / "timed")], check=True, env=env, capture_output=True)
    build_time = time.monotonic() - started
    assert read_output(tmp_path / "timed") == new
    kills = 0
    for delay in (build_time * share for share in (0.1, 0.2, 0.35, 0.5, 0.65, 0.8)):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        now = read_output(tmp_path / "output")
        assert now in (old, new), f"a kill at {delay} s left a mix of two builds"
    assert kills >= 3
    # The next build clears what the killed ones left behind and completes.
    subprocess.run(command, check=True, env=env, capture_output=True)
    assert read_output(tmp_path / "output") == new
    assert not [p.name for p in tmp_path.glob(".output.*-*")]       # staging, old or search folders
