"""`check`: build diagnostics plus broken links, missing images and duplicate slugs, located in the
Markdown that caused them; exit codes; and a promise that nothing is written."""

from __future__ import annotations

import pytest
from sitekit import NOW, article, write_site

from reformsite.build.pipeline import BuildOptions, build
from reformsite.commands.check import check_site, format_grouped
from reformsite.commands.cli import main

LINKING = "content/2024/lien-ket.md"
SITE = {
    LINKING: article(
        "Bài có liên kết", "2024-05-02",
        "Đoạn đầu giới thiệu.\n\n"                                         # body line 1 (file line 6)
        "Xem thêm [bài cũ](/bai-viet/dong-khoi-chuyen-doi-so/) và "
        "[bài không có](/bai-viet/khong-ton-tai/).\n\n"                    # file line 8
        "![Ảnh hội nghị](/anh/hoi-nghi.jpg)\n\n"                            # file line 10
        "![Biểu đồ](/anh/bieu-do.png)\n"),                                  # file line 12
    "content/2023/dong-khoi.md": article("Đồng Khởi chuyển đổi số", "2023-07-14"),
    "content/2022/trung-1.md": article("Đẩy mạnh cải cách thủ tục hành chính", "2022-03-01"),
    "content/2023/trung-2.md": article("Đẩy mạnh cải cách thủ tục hành chính", "2023-03-01"),
    "static/anh/bieu-do.png": "not really a png",
}
CLEAN = {k: v for k, v in SITE.items() if k not in (LINKING, "content/2023/trung-2.md")}


def run_check(root, **options):
    return check_site(BuildOptions(config_path=root / "config.yaml", now=NOW, **options))


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_broken_link_is_reported_at_its_markdown_line(tmp_path):
    write_site(tmp_path, SITE)
    checked = run_check(tmp_path)
    broken = [d for d in checked.diagnostics if "broken link" in d.message]
    assert [(d.path, d.line, d.col) for d in broken] == [(LINKING, 8, 73)]
    assert broken[0].message == "broken link /bai-viet/khong-ton-tai/: no such page or file"
    assert broken[0].severity == "warning"
    # The existing article is not reported; the hint points at the closest real address.
    assert "did you mean /bai-viet/" in broken[0].hint


def test_missing_local_image_but_not_the_one_in_static(tmp_path):
    write_site(tmp_path, SITE)
    images = [d for d in run_check(tmp_path).diagnostics if "image" in d.message]
    assert [(d.path, d.line, d.col, d.message) for d in images] == [
        (LINKING, 10, 17, "image /anh/hoi-nghi.jpg not found in the site or in static/")]
    assert "static/anh/hoi-nghi.jpg" in images[0].hint


def test_duplicate_slug_names_both_files(tmp_path):
    write_site(tmp_path, SITE)
    dupes = [d for d in run_check(tmp_path).diagnostics if "same slug" in d.message]
    assert len(dupes) == 1
    d = dupes[0]
    assert (d.path, d.line, d.severity) == ("content/2023/trung-2.md", 2, "warning")
    assert "content/2022/trung-1.md" in d.message
    assert "/bai-viet/day-manh-cai-cach-thu-tuc-hanh-chinh-2/" in d.message
    assert "slug:" in d.hint


def test_build_diagnostics_are_included(tmp_path):
    files = {**CLEAN, "content/hong.md": "---\ntitle: a: b\ndate: 2024-01-01\n---\n",
             "content/la.md": article("Trường lạ", "2024-01-03", tieu_de="x")}
    write_site(tmp_path, files)
    checked = run_check(tmp_path)
    assert [(d.location(), d.severity) for d in checked.diagnostics] == [
        ("content/hong.md:2:9", "error"), ("content/la.md:4:10", "warning")]
    assert checked.exit_code(strict=False) == 1


def test_links_made_by_templates_are_reported_once(tmp_path):
    config = "title: T\nbase_url: https://example.org/\nmenu: [{title: Giới thiệu, url: /gioi-thieu/}]\n"
    write_site(tmp_path, CLEAN, config)
    menu = [d for d in run_check(tmp_path).diagnostics if "/gioi-thieu/" in d.message]
    assert len(menu) == 1 and "other pages" in menu[0].message and "menu" in menu[0].hint


def test_grouped_output_header_per_file_sorted_by_line(tmp_path):
    write_site(tmp_path, SITE)
    lines = format_grouped(run_check(tmp_path).diagnostics)
    start = lines.index(LINKING)
    assert lines[start + 1].startswith("  8:73: warning: broken link /bai-viet/khong-ton-tai/")
    assert lines[start + 2].startswith("    hint: ")
    assert lines[start + 3].startswith("  10:17: warning: image /anh/hoi-nghi.jpg")
    assert "content/2023/trung-2.md" in lines


def test_exit_codes_and_summary(tmp_path, capsys):
    write_site(tmp_path, CLEAN)
    config = str(tmp_path / "config.yaml")
    assert main(["check", "--config", config]) == 0
    assert capsys.readouterr().out.startswith("checked: 2 articles, ")
    write_site(tmp_path, SITE)                              # adds warnings only
    assert main(["check", "--config", config]) == 0
    assert main(["check", "--config", config, "--strict"]) == 1
    out = capsys.readouterr().out
    assert "content/2024/lien-ket.md\n  8:73: warning: broken link" in out
    assert out.rstrip().splitlines()[-1].startswith("checked: 4 articles, ")
    (tmp_path / "content/hong.md").write_text("---\ntitle: Hỏng\n---\n", encoding="utf-8")
    assert main(["check", "--config", config]) == 1
    assert "content/hong.md\n  1:1: error: missing required field 'date'" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["check", "--bogus"], ["check", "--base-url", "example.org"]])
def test_usage_error_exits_2(tmp_path, argv):
    write_site(tmp_path, CLEAN)
    try:
        code = main([*argv, "--config", str(tmp_path / "config.yaml")])
    except SystemExit as exc:
        code = exc.code
    assert code == 2


def test_check_writes_nothing(tmp_path):
    write_site(tmp_path, SITE)
    assert build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW)).exit_code == 0
    (tmp_path / "content/hong.md").write_text("---\ntitle: a: b\n---\n", encoding="utf-8")
    before = {name: snapshot(tmp_path / name) for name in ("output", "content")}
    listing = sorted(p.name for p in tmp_path.iterdir())
    assert main(["check", "--config", str(tmp_path / "config.yaml"), "--strict"]) == 1
    assert {name: snapshot(tmp_path / name) for name in ("output", "content")} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_template_error_is_a_diagnostic_not_a_crash(tmp_path):
    write_site(tmp_path, {**CLEAN, "templates/article.html": "{% if %}\n"})
    checked = run_check(tmp_path)
    assert [(d.path, d.line, d.severity) for d in checked.diagnostics] == [
        ("templates/article.html", 1, "error")]
    assert checked.exit_code(strict=False) == 1


def test_check_places_lists_what_each_article_is_about_and_why(tmp_path) -> None:
    import subprocess
    import sys

    from sitekit import REPO, article, write_site

    write_site(tmp_path, {
        "content/ben-tre.md": article("Toàn tỉnh giải quyết hồ sơ đúng hạn", "2024-11-04T08:00:00+07:00",
                                      "UBND tỉnh yêu cầu các sở giải quyết hồ sơ đúng hạn trong năm 2024.",
                                      source_url="https://baodongkhoi.vn/toan-tinh-a1.html"),
        "content/hue.md": article("Thành phố Huế giải quyết hồ sơ", "2020-11-24T08:00:00+07:00",
                                  "Trung tâm Hành chính công thành phố Huế tiếp nhận 33.450 hồ sơ."),
    })
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--places"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "content/ben-tre.md: tỉnh Bến Tre (the outlet's)" in run.stdout
    assert "content/hue.md: thành phố Huế, tỉnh Thừa Thiên Huế (named in the text)" in run.stdout
