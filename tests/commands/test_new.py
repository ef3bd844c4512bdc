"""`new`: the file it writes reads back through the content stage exactly, and nothing is overwritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sitekit import NOW, write_site

from reformsite.build.pipeline import BuildOptions, build
from reformsite.commands.cli import main
from reformsite.commands.new import article_text, write_new_article
from reformsite.content.drafts import build_draft
from reformsite.core.dates import VIETNAM

TITLE = "Xã Tân Thành Bình giải quyết 100% hồ sơ đúng hạn"
PLACE = "xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre"
WHEN = dt.datetime(2024, 11, 4, 8, 0, tzinfo=VIETNAM)


def read_back(path: Path, content: Path):
    draft, problems = build_draft(path.relative_to(content).as_posix(), path.read_bytes(), kind="article")
    assert problems == [], [p.format() for p in problems]
    assert draft is not None
    return draft


def test_round_trip_through_the_content_stage(tmp_path):
    content = tmp_path / "content"
    path = write_new_article(content, TITLE, date=WHEN, places=[PLACE])
    assert path == content / "2024" / "11" / "xa-tan-thanh-binh-giai-quyet-100-ho-so-dung-han.md"
    draft = read_back(path, content)
    assert (draft.title, draft.date, draft.places) == (TITLE, WHEN, (PLACE,))
    assert draft.draft is True and draft.tags == () and draft.categories == ()
    assert draft.date.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize("title", [
    "TP. Tây Ninh: sơ kết cải cách hành chính quý I",    # ': ' would make YAML a mapping
    " [Tốt] Tân Hòa nâng chất lượng phục vụ",           # a label, which YAML would read as a list
    'Chủ tịch nói: "không để hồ sơ trễ hẹn" # 1',       # quotes and a comment sign
    "Đắk Lắk – 96,4% hồ sơ trực tuyến & thanh toán",
])
def test_titles_that_yaml_would_misread_survive(tmp_path, title):
    content = tmp_path / "content"
    draft = read_back(write_new_article(content, title, date=WHEN), content)
    expected = title.strip()
    if expected.startswith("[Tốt]"):
        assert (draft.label, draft.title) == ("tot", expected.removeprefix("[Tốt]").strip())
    else:
        assert draft.title == expected


def test_never_overwrites_and_numbers_the_next_one(tmp_path):
    content = tmp_path / "content"
    first = write_new_article(content, TITLE, date=WHEN)
    first.write_text(first.read_text(encoding="utf-8") + "Bài của biên tập viên A.\n", encoding="utf-8")
    second = write_new_article(content, TITLE, date=WHEN)
    third = write_new_article(content, TITLE, date=WHEN)
    assert [p.name for p in (first, second, third)] == [
        "xa-tan-thanh-binh-giai-quyet-100-ho-so-dung-han.md",
        "xa-tan-thanh-binh-giai-quyet-100-ho-so-dung-han-2.md",
        "xa-tan-thanh-binh-giai-quyet-100-ho-so-dung-han-3.md"]
    assert "Bài của biên tập viên A." in first.read_text(encoding="utf-8")


def test_front_matter_fields_in_order():
    text = article_text(TITLE, WHEN, [PLACE])
    assert text.splitlines()[:10] == [
        "---", f'title: "{TITLE}"', "date: 2024-11-04T08:00:00+07:00", "places:", f'  - "{PLACE}"',
        "draft: true", "tags: []", "categories: []", "---", ""]


def test_cli_prints_the_path_and_the_draft_builds(tmp_path, capsys, monkeypatch):
    write_site(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    assert main(["new", TITLE, "--place", PLACE, "--date", "04/11/2024 08:00"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == "content/2024/11/xa-tan-thanh-binh-giai-quyet-100-ho-so-dung-han.md"
    assert (tmp_path / printed).is_file()
    hidden = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW, write=False))
    shown = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW, write=False, drafts=True))
    assert hidden.errors == [] and hidden.articles == 0      # a draft until the editor publishes it
    assert shown.errors == [] and shown.articles == 1


def test_cli_dates_now_in_vietnam_by_default(tmp_path, capsys):
    before = dt.datetime.now(VIETNAM).replace(microsecond=0)
    assert main(["new", "Bài mới", "--content", str(tmp_path / "content")]) == 0
    path = Path(capsys.readouterr().out.strip())
    draft = read_back(path, tmp_path / "content")
    assert before <= draft.date <= dt.datetime.now(VIETNAM)
    assert path.parent == tmp_path / "content" / f"{draft.date:%Y}" / f"{draft.date:%m}"
    assert "+07:00" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv", [["new", "   "], ["new", "Tiêu đề", "--date", "31/02/2024"], ["new"]])
def test_cli_usage_errors_exit_2(tmp_path, argv, capsys):
    with pytest.raises(SystemExit) as exited:
        code = main([*argv, "--content", str(tmp_path)])
        raise SystemExit(code)
    assert exited.value.code == 2
    assert not any(tmp_path.rglob("*.md"))
