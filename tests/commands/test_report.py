"""What a build prints of its problems: all of them when few, else every error and the warnings counted
by kind with the first few of each; --verbose and `check` print every one.  Asserted on the printed
output of the real command line."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import REPO, article, write_site

from reformsite.commands.report import LOG_WIDTH, SHOW_ALL, line_width, problem_lines, warning_summary
from reformsite.core import Diagnostic, Severity

UNKNOWN_FIELDS = 12      # articles with a misspelt field: a warning each
SAME_TITLES = 5          # articles with one title: a same-slug warning for each but the first


def _build_py(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--config", str(root / "config.yaml")],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def noisy_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("noisy")
    files = {f"content/a{i:02}.md": article(f"Bài số {i}", f"2024-01-{i + 1:02}", tagz="x")
             for i in range(UNKNOWN_FIELDS)}
    files |= {f"content/s{i}.md": article("Cùng một tiêu đề", f"2024-02-{i + 1:02}") for i in range(SAME_TITLES)}
    write_site(root, files)
    return root


def test_build_counts_warnings_by_kind_with_the_first_of_each(noisy_site):
    done = _build_py(noisy_site, "build")
    assert done.returncode == 0, done.stderr
    warnings = UNKNOWN_FIELDS + SAME_TITLES - 1
    shown = done.stderr.splitlines()
    assert shown[:6] == [
        f"{warnings} warnings of 2 kinds, the first 3 of each (--verbose or the check command lists all):",
        f"  {UNKNOWN_FIELDS}  unknown field …",
        "         content/a00.md:4:7: unknown field 'tagz'",
        "         content/a01.md:4:7: unknown field 'tagz'",
        "         content/a02.md:4:7: unknown field 'tagz'",
        f"   {SAME_TITLES - 1}  same slug … as …",
    ]
    # An example longer than a log's line is cut at its width.
    same = [f"         content/s{i}.md: same slug 'cung-mot-tieu-de' as content/s0.md: both would be "
            f"/bai-viet/cung-mot-tieu-de/; this one is published at /bai-viet/cung-mot-tieu-de-{i + 1}/ instead"
            for i in (1, 2, 3)]
    assert len(shown) == 9 and all(len(line) <= LOG_WIDTH for line in shown)
    assert all(line[:-1] == full[:LOG_WIDTH - 1].rstrip() and line.endswith("…")
               for line, full in zip(shown[6:], same, strict=True))
    assert "hint:" not in done.stderr and "a03.md" not in done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and f"{warnings} warnings, 0 errors" in lines[0] and lines[0].startswith("built: ")
    # Nothing changed: the build is not run again, and says the same.
    again = _build_py(noisy_site, "build")
    assert again.stderr == done.stderr and "nothing changed since the last build" in again.stdout


def test_verbose_build_and_check_print_every_warning(noisy_site):
    verbose = _build_py(noisy_site, "build", "--verbose")
    assert verbose.returncode == 0, verbose.stderr
    assert verbose.stderr.count(": warning: unknown field 'tagz'\n    hint: ") == UNKNOWN_FIELDS
    assert verbose.stderr.count(": warning: same slug ") == SAME_TITLES - 1
    assert "warnings of 2 kinds" not in verbose.stderr
    checked = _build_py(noisy_site, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("warning: unknown field 'tagz'") == UNKNOWN_FIELDS
    assert "kinds" not in checked.stdout


def test_strict_still_fails_and_errors_are_printed_in_full(noisy_site, tmp_path):
    strict = _build_py(noisy_site, "build", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1].startswith("built: ")      # a failed build's summary: on stderr
    shutil.copytree(noisy_site / "content", tmp_path / "content")
    shutil.copy(noisy_site / "config.yaml", tmp_path)
    (tmp_path / "content" / "hong.md").write_text("---\ndate: 2024-03-01\n---\n\nKhông có tiêu đề.\n",
                                                  encoding="utf-8")
    done = _build_py(tmp_path, "build")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[:2] == ["content/hong.md:1:1: error: missing required field 'title'",
                         '    hint: add a line such as: title: "Tân Thành Bình thực hiện tốt công tác cải cách '
                         'hành chính"']
    assert lines[2].startswith(f"{UNKNOWN_FIELDS + SAME_TITLES - 1} warnings of 2 kinds")
    assert lines[-1].startswith("built: ") and ", 1 errors, " in lines[-1]


def test_few_warnings_are_printed_in_full():
    few = [Diagnostic(f"content/{i}.md", 2, 1, f"unknown field 'x{i}'", "did you mean 'tags'?", Severity.WARNING)
           for i in range(SHOW_ALL)]
    error = Diagnostic("content/z.md", 1, 1, "missing required field 'title'", "add a title")
    assert problem_lines([*few, error]) == [d.format() for d in [*few, error]]
    many = [*few, Diagnostic("content/y.md", None, None, "unknown place 'X'", "", Severity.WARNING)]
    lines = problem_lines([error, *many])
    assert lines[0] == error.format() and lines[1].startswith(f"{SHOW_ALL + 1} warnings of 2 kinds")
    assert problem_lines([error, *many], verbose=True) == [d.format() for d in [error, *many]]


def test_examples_are_cut_to_the_width():
    long = Diagnostic("content/a.md", 1, 1, "unknown place '" + "x" * 300 + "'", "", Severity.WARNING)
    lines = warning_summary([long] * 4, width=80)
    assert [len(line) for line in lines[2:]] == [80, 80, 80] and lines[2].endswith("…")
    assert len(warning_summary([long], width=LOG_WIDTH)[2]) == LOG_WIDTH


def test_width_is_the_terminals_or_the_logs(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "100")
    assert line_width(Terminal()) == 100
    assert line_width(io.StringIO()) == LOG_WIDTH
