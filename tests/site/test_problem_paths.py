"""Problems the site model finds (URLs two files claim, links to no document) name each file as
every other problem does: by its path from the site folder, content/ included, so an editor can
open it from the terminal."""

from __future__ import annotations

from pathlib import Path

from sitekit import NOW, article, write_site

from reformsite.build import BuildOptions, build


def test_problems_of_the_site_model_name_files_below_the_content_folder(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "content/2024/cu.md": article("Một cửa liên thông", "2024-03-01T08:00:00+07:00"),
        "content/2025/moi.md": article("Một cửa liên thông", "2025-03-01T08:00:00+07:00"),
        "content/2025/lien-ket.md": article("Bài có liên kết", "2025-04-01T08:00:00+07:00",
                                            body="Xem [bài cũ]({% post_url 2019-01-01-khong-co %})."),
    })
    result = build(BuildOptions(config_path=tmp_path / "config.yaml", now=NOW, use_cache=False,
                                output_dir=tmp_path / "output"))
    assert result.exit_code == 0
    same, = [d for d in result.diagnostics if d.message.startswith("same slug")]
    assert same.path == "content/2025/moi.md"
    assert "as content/2024/cu.md: both would be /bai-viet/mot-cua-lien-thong/" in same.message
    nowhere, = [d for d in result.diagnostics if "finds no document" in d.message]
    assert nowhere.path == "content/2025/lien-ket.md"
    assert all(d.path.startswith("content/") for d in result.diagnostics)
