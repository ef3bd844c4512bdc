"""`serve` without inotify: the poller reports each added, saved or removed source exactly once,
including a save that keeps the modification time the last scan saw."""

from __future__ import annotations

import os
from pathlib import Path

from reformsite.commands.serve import is_scratch_file
from reformsite.commands.serve.poll import SourcePoller


def site(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "2024" / "tan-hoa.md").write_text("Xã đã giải quyết 1.032 hồ sơ.\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("title: Cải cách hành chính\n", encoding="utf-8")
    return content, config


def test_what_was_there_when_polling_began_is_not_a_change(tmp_path):
    content, config = site(tmp_path)
    poller = SourcePoller([str(content), str(config)], ignore=is_scratch_file)
    assert poller.changes() == []
    assert poller.changes() == []


def test_added_saved_and_removed_files_are_each_reported_once(tmp_path):
    content, config = site(tmp_path)
    poller = SourcePoller([str(content), str(config)], ignore=is_scratch_file)
    article = content / "2024" / "tan-hoa.md"
    article.write_text("Xã đã giải quyết 2.064 hồ sơ, đúng hạn 100%.\n", encoding="utf-8")
    new = content / "2025" / "moi.md"
    new.parent.mkdir()
    new.write_text("Bài mới.\n", encoding="utf-8")
    config.unlink()
    assert poller.changes() == sorted([str(article), str(new), str(config)])
    assert poller.changes() == []


def test_a_save_that_keeps_size_and_modification_time_is_seen_by_content(tmp_path):
    """The kernel stamps files with a coarse clock: a save just after a scan may carry the very time
    that scan recorded.  Here the time is put back by hand, so only the content differs."""
    content, _config = site(tmp_path)
    article = content / "2024" / "tan-hoa.md"
    before = article.stat()
    poller = SourcePoller([str(content)], ignore=is_scratch_file)
    article.write_text("Xã đã giải quyết 3.064 hồ sơ.\n", encoding="utf-8")        # same length
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert article.stat().st_size == before.st_size and article.stat().st_ino == before.st_ino
    assert poller.changes() == [str(article)]
    assert poller.changes() == []


def test_scratch_files_and_hidden_folders_are_not_sources(tmp_path):
    content, _config = site(tmp_path)
    poller = SourcePoller([str(content)], ignore=is_scratch_file)
    (content / "2024" / ".tan-hoa.md.swp").write_bytes(b"swap")
    (content / "2024" / "tan-hoa.md~").write_text("backup", encoding="utf-8")
    (content / ".git").mkdir()
    (content / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert poller.changes() == []


def test_a_folder_that_appears_later_brings_its_files(tmp_path):
    content, _config = site(tmp_path)
    templates = tmp_path / "templates"
    poller = SourcePoller([str(content), str(templates)], ignore=is_scratch_file)
    assert poller.changes() == []
    templates.mkdir()
    (templates / "article.html").write_text("{{ page.title }}", encoding="utf-8")
    assert poller.changes() == [str(templates / "article.html")]


def test_following_a_new_root_takes_its_files_as_they_are(tmp_path):
    """After a rebuild, config.yaml may name another theme: its files are watched from then on,
    and being there already is not a change."""
    content, _config = site(tmp_path)
    theme = tmp_path / "themes" / "khac"
    theme.mkdir(parents=True)
    (theme / "base.html").write_text("<html></html>", encoding="utf-8")
    poller = SourcePoller([str(content)], ignore=is_scratch_file)
    poller.follow([str(theme)])
    assert poller.changes() == []
    (theme / "base.html").write_text("<html lang=vi></html>", encoding="utf-8")
    assert poller.changes() == [str(theme / "base.html")]
