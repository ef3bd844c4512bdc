"""The command line: `import`, progress and summary lines, usage errors."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap

import frontmatter
import pytest
from sitekit import REPO, article, write_site

from reformsite.commands.cli import main
from reformsite.commands.progress import ProgressBar, is_ci, progress_for, summary_line, wants_bar

# Our own scrape, imitating what news pages carry around an article: menus, a view counter,
# an ad placeholder, a photo caption line, a "related" block and a visitor counter.
NOISY = textwrap.dedent("""\
    Trang chủ   Thời sự   Cải cách hành chính   Liên hệ

    Xã Tân Phú Đông rút ngắn thời gian trả kết quả hồ sơ

    Cập nhật ngày: 12/03/2024 - 09:40

    Lượt xem: 35

    image advertisement

    Sáng 11.3, UBND xã Tân Phú Đông tổ chức hội nghị đánh giá công tác cải cách hành chính hai tháng đầu năm và bàn giải pháp rút ngắn thời gian trả kết quả cho người dân.

    Theo báo cáo, từ đầu năm đến nay xã đã tiếp nhận 1.250 hồ sơ, giải quyết đúng hạn 1.248 hồ sơ, đạt tỷ lệ 99,8%. Thời gian trả kết quả bình quân giảm còn 2 ngày làm việc.

    Quang cảnh hội nghị.

    Chủ tịch UBND xã đề nghị công chức Bộ phận Một cửa tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến, công khai kết quả giải quyết trên bảng tin của xã./.

    Tin liên quan

    Thống kê truy cập

    Đang truy cập: 12
""")
SOURCE = "https://baotayninh.vn/xa-tan-phu-dong-rut-ngan-thoi-gian-tra-ket-qua-a170123.html"


def test_import_noisy_text_writes_a_clean_article(tmp_path, capsys):
    raw = tmp_path / "scrape.txt"
    raw.write_text(NOISY, encoding="utf-8")
    into = tmp_path / "content"
    assert main(["import", str(raw), "--source-url", SOURCE, "--into", str(into)]) == 0
    out = capsys.readouterr().out
    written = into / "2024" / "03" / "xa-tan-phu-dong-rut-ngan-thoi-gian-tra-ket-qua-ho-so.md"
    assert written.is_file(), out
    assert "xa-tan-phu-dong-rut-ngan-thoi-gian-tra-ket-qua-ho-so.md  (from " in out
    assert "imported 1 of 1 files" in out
    post = frontmatter.loads(written.read_text(encoding="utf-8"))
    assert post["title"] == "Xã Tân Phú Đông rút ngắn thời gian trả kết quả hồ sơ"
    assert post["source_url"] == SOURCE and post["imported"] is True
    assert str(post["date"]).startswith("2024-03-12")
    for noise in ("Lượt xem", "advertisement", "Thống kê truy cập", "Đang truy cập", "Trang chủ"):
        assert noise not in post.content, noise
    assert "1.248 hồ sơ" in post.content


def test_import_prints_warnings_and_fails_for_unreadable_files(tmp_path, capsys):
    undated = tmp_path / "khong-ngay.txt"
    undated.write_text("Huyện Châu Thành đẩy mạnh chuyển đổi số\n\nNăm nay huyện tiếp tục số hóa hồ sơ "
                       "và hướng dẫn người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa.\n", encoding="utf-8")
    binary = tmp_path / "hong.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    into = tmp_path / "content"
    code = main(["import", str(undated), str(binary), str(tmp_path / "khong-co.txt"), "--into", str(into)])
    captured = capsys.readouterr()
    assert code == 1
    assert "warning: no publication date found" in captured.out
    assert f"{binary}: error: not UTF-8" in captured.err
    assert "khong-co.txt: error: cannot read or write" in captured.err
    assert "imported 1 of 3 files" in captured.err
    assert [p.parent.name for p in into.rglob("*.md")] == ["nhap"]     # the good one was still written


@pytest.mark.parametrize("argv", [
    ["import"],                                                   # no file
    ["import", "a.txt", "b.txt", "--source-url", SOURCE],         # one address for two articles
    ["import", "a.txt", "--source-url", "baotayninh.vn/x"],       # not absolute
    ["build", "--base-url", "example.org"],
    ["build", "--no-such-option"],
    ["serve", "--port", "70000"],
    ["build", "--jobs", "0"],
    ["build", "--jobs", "two"],
    ["deploy"],
])
def test_usage_errors_exit_2(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:       # argparse's own usage errors
        code = exc.code
    assert code == 2
    assert list(tmp_path.iterdir()) == []


# --- progress and the summary line -------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_only_for_a_person_at_a_terminal():
    assert wants_bar(FakeTerminal(), {})
    assert not wants_bar(io.StringIO(), {})
    assert not wants_bar(FakeTerminal(), {"CI": "true"})
    assert wants_bar(FakeTerminal(), {"CI": "false"})
    assert not wants_bar(FakeTerminal(), {"TERM": "dumb"})
    assert is_ci({"CI": "1"}) and not is_ci({"CI": ""})
    assert progress_for(io.StringIO(), {}) is None


def test_bar_waits_for_slow_builds_then_draws_each_stage():
    quick = FakeTerminal()
    bar = ProgressBar(quick)                      # shows only after a second
    bar("articles", 1, 10)
    bar.close()
    assert quick.getvalue() == ""
    slow = FakeTerminal()
    with ProgressBar(slow, show_after=0, redraw_every=0) as bar:
        for done in range(1, 11):
            bar("articles", done, 10)
        for done in range(1, 4):
            bar("pages", done, 0)                 # total unknown
    drawn = slow.getvalue()
    assert "articles" in drawn and "10/10" in drawn and "pages" in drawn


def test_summary_line_format_is_stable():
    assert summary_line("built", articles=32, pages=92, files=97, warnings=1, errors=0, seconds=0.584,
                        written=3, unchanged=94) == (
        "built: 32 articles, 92 pages, 97 files, 1 warnings, 0 errors, 0.58 s (3 written, 94 unchanged)")
    assert summary_line("checked", articles=1, pages=2, files=3, warnings=0, errors=2, seconds=1) == (
        "checked: 1 articles, 2 pages, 3 files, 0 warnings, 2 errors, 1.00 s")


def test_build_under_ci_prints_one_summary_line_and_no_bar(tmp_path):
    write_site(tmp_path, {"content/a.md": article("Bài một", "2024-01-02")})
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--config",
                           str(tmp_path / "config.yaml")], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("built: 1 articles, ")
    assert lines[0].split(", ")[3:5] == ["0 warnings", "0 errors"]


def test_no_cache_flag_reprocesses_every_article(tmp_path, monkeypatch):
    from sitekit import article, write_site

    import reformsite.build.articles as articles_module
    write_site(tmp_path, {"content/a.md": article("Một", "2024-01-01"), "content/b.md": article("Hai", "2024-01-02")})
    config = str(tmp_path / "config.yaml")
    assert main(["build", "--config", config]) == 0
    processed = []
    real = articles_module.process_file
    monkeypatch.setattr(articles_module, "process_file", lambda item, **kw: processed.append(item[0]) or real(item, **kw))
    assert main(["build", "--config", config]) == 0 and processed == []
    assert main(["build", "--config", config, "--no-cache"]) == 0 and sorted(processed) == ["a.md", "b.md"]


def test_jobs_flag_reaches_the_build(tmp_path, monkeypatch):
    import reformsite.build.pipeline as builder_module
    seen = []
    real = builder_module.build
    monkeypatch.setattr(builder_module, "build", lambda options: seen.append(options.processes) or real(options))
    write_site(tmp_path, {"content/a.md": article("Một", "2024-01-01")})
    assert main(["build", "--config", str(tmp_path / "config.yaml"), "--jobs", "1"]) == 0
    assert main(["build", "--config", str(tmp_path / "config.yaml"), "--jobs", "3", "--no-cache"]) == 0
    assert seen == [1, 3]


def test_an_unchanged_site_is_not_built_again(tmp_path, capsys):
    from sitekit import article, write_site
    write_site(tmp_path, {"content/a.md": article("Một", "2024-01-01"),
                          "content/b.md": article("Hai", "2099-01-01")})
    config = str(tmp_path / "config.yaml")
    assert main(["build", "--config", config]) == 0
    first = (tmp_path / "output" / "index.html").stat().st_ino
    capsys.readouterr()
    assert main(["build", "--config", config]) == 0
    assert "nothing changed since the last build" in capsys.readouterr().out
    assert (tmp_path / "output" / "index.html").stat().st_ino == first
    from reformsite.build import BuildOptions, replay_build
    replayed = replay_build(BuildOptions(config_path=tmp_path / "config.yaml", write=True, replay=True))
    assert replayed is not None and replayed.seconds > 0      # the time the check took, not 0.00 s
    # Any input changing means a real build: content, config, or the output having been removed.
    (tmp_path / "content" / "a.md").write_text(article("Một (sửa)", "2024-01-01"), encoding="utf-8")
    assert main(["build", "--config", config]) == 0
    assert "nothing changed" not in capsys.readouterr().out
    assert "Một (sửa)" in (tmp_path / "output" / "index.html").read_text()
    import shutil
    shutil.rmtree(tmp_path / "output")
    assert main(["build", "--config", config]) == 0 and (tmp_path / "output" / "index.html").exists()


def test_a_future_article_appears_once_its_date_has_come(tmp_path, monkeypatch, capsys):
    import datetime as dt

    from sitekit import article, write_site

    import reformsite.build.state as state
    from reformsite.core.dates import VIETNAM
    write_site(tmp_path, {"content/a.md": article("Một", "2024-01-01"),
                          "content/b.md": article("Bài hẹn giờ", "2030-01-01T08:00:00+07:00")})
    config = str(tmp_path / "config.yaml")
    assert main(["build", "--config", config]) == 0
    assert "Bài hẹn giờ" not in (tmp_path / "output" / "index.html").read_text()

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2030, 1, 2, tzinfo=VIETNAM)

    monkeypatch.setattr(state.dt, "datetime", Later)
    import reformsite.build.pipeline as builder
    monkeypatch.setattr(builder.dt, "datetime", Later)
    capsys.readouterr()
    assert main(["build", "--config", config]) == 0
    assert "nothing changed" not in capsys.readouterr().out
    assert "Bài hẹn giờ" in (tmp_path / "output" / "index.html").read_text()


def _python_older_than_312() -> str | None:
    import shutil
    for name in ("python3.11", "python3.10", "python3"):
        found = shutil.which(name)
        if found:
            version = subprocess.run([found, "-c", "import sys; print(sys.version_info < (3, 12))"],
                                     capture_output=True, text=True, check=False).stdout.strip()
            if version == "True":
                return found
    return None


def test_build_py_on_an_old_python_says_what_to_do(tmp_path) -> None:
    old = _python_older_than_312()
    if old is None:
        pytest.skip("no Python older than 3.12 on this machine")
    done = subprocess.run([old, str(REPO / "build.py"), "build"], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "needs Python 3.12 or newer" in done.stderr and ".venv/bin/reformsite" in done.stderr


def test_build_py_without_its_packages_says_what_to_do(tmp_path) -> None:
    # -S: no site-packages, so the dependencies are missing but the project's own package is found
    done = subprocess.run([sys.executable, "-S", str(REPO / "build.py"), "build"], capture_output=True,
                          text=True, check=False, cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "is not installed for" in done.stderr and "./scripts/build" in done.stderr


def test_a_template_error_stops_the_build_with_its_file_and_line(tmp_path, capsys):
    """As check and serve tell it, not as a traceback; the previous output stays as it was."""
    write_site(tmp_path, {"content/a.md": article("Một", "2024-01-01")})
    config = str(tmp_path / "config.yaml")
    assert main(["build", "--config", config]) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>{{ page_url </p>\n{% endblock %}\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--config", config]) == 1
    err = capsys.readouterr().err
    assert "templates/404.html:3: error: template error: unexpected '/'" in err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()} == before
