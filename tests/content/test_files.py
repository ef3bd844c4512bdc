"""Which files under content/ are articles, and in which order."""

from reformsite.content.files import content_files, iter_content_files


def test_content_files_are_listed_in_path_order_without_hidden_ones(tmp_path):
    for rel in ("a/b.md", "a-b.md", "a/c.MD", "B.md", "a/.nhap.md", "_drafts/x.md", "a/_y.md", "x.txt",
                "2024/10/z.markdown", "2024/9/z.md", ".git/q.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "a")              # a linked folder is not entered
    # sorted Paths compare part by part: "a/b.md" before "a-b.md", though "/" sorts after "-"
    expected = ["2024/10/z.markdown", "2024/9/z.md", "B.md", "a/b.md", "a/c.MD", "a-b.md"]
    assert [rel for rel, _ in content_files(tmp_path)] == expected
    assert [p.relative_to(tmp_path).as_posix() for p in iter_content_files(tmp_path)] == expected
    assert list(iter_content_files(tmp_path / "missing")) == []
