"""The listing a build records of its output (build.left): a stat of every listed file and folder
tells whether the output is as the build left it, without listing a folder again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reformsite.build.left import dump_listing, load_listing, output_walk, still_as_listed


def _site(root: Path, pages: int = 40) -> Path:
    out = root / "output"
    for n in range(pages):
        page = out / "bai-viet" / f"bai-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<p>bài {n}</p>", encoding="utf-8")
    (out / "feed.xml").write_text("<feed/>", encoding="utf-8")
    return out


def _listed(out: Path) -> bool:
    walked = output_walk(out)
    assert walked is not None
    listing = load_listing(dump_listing(*walked))
    assert listing is not None
    return lambda: still_as_listed(out, *listing)


def _later(path: Path) -> None:
    """Move *path*'s modification time on, as a later edit would (the clock may not have moved)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize("change", [
    "edit in place", "add a file", "add a folder", "delete a file", "delete a folder",
    "replace a file", "a folder becomes a file", "replace the whole output"])
def test_every_kind_of_change_to_the_output_is_seen(tmp_path: Path, change: str) -> None:
    out = _site(tmp_path)
    check = _listed(out)
    assert check()
    page = out / "bai-viet" / "bai-7" / "index.html"
    if change == "edit in place":
        with open(page, "r+b") as handle:       # same size, same inode
            handle.write(b"<P>")
        _later(page)
    elif change == "add a file":
        (out / "bai-viet" / "bai-3" / "extra.html").write_text("x")
        _later(out / "bai-viet" / "bai-3")
    elif change == "add a folder":
        (out / "bai-viet" / "bai-3" / "moi").mkdir()
        _later(out / "bai-viet" / "bai-3")
    elif change == "delete a file":
        page.unlink()
        _later(page.parent)
    elif change == "delete a folder":
        for inner in page.parent.iterdir():
            inner.unlink()
        page.parent.rmdir()
        _later(page.parent.parent)
    elif change == "replace a file":
        fresh = page.with_name("tmp")
        fresh.write_bytes(page.read_bytes())
        os.replace(fresh, page)
    elif change == "a folder becomes a file":
        for inner in page.parent.iterdir():
            inner.unlink()
        page.parent.rmdir()
        page.parent.write_text("x")
    else:
        out.rename(tmp_path / "old")
        _site(tmp_path)
    assert not check()


def test_an_untouched_output_is_as_listed_in_one_process_or_two(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = _site(tmp_path, pages=3000)       # enough files for the check to be split with a child
    check = _listed(out)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    assert check()
    assert forks, "a listing this long is checked in two processes"
    (out / "bai-viet" / "bai-2999" / "index.html").unlink()     # in the child's half
    assert not check()
    (out / "bai-viet" / "bai-2999").rmdir()
    (out / "bai-viet" / "bai-0" / "index.html").write_text("khác")     # in the parent's half
    assert not check()


def test_a_listing_that_is_not_one_is_refused() -> None:
    assert load_listing(b"not marshal data") is None
    assert load_listing(b"") is None


def _plain_walk(out: Path) -> tuple[dict, dict]:
    """Every file and folder under *out* with its stat, walked the obvious way."""
    files, folders = {}, {"": out.stat()}
    for path in out.rglob("*"):
        key = path.relative_to(out).as_posix()
        if path.is_dir() and not path.is_symlink():
            folders[key + "/"] = path.lstat()
        else:
            files[key] = path.lstat()
    stat = lambda s: (s.st_size, s.st_mtime_ns, s.st_ino)     # noqa: E731
    return {k: stat(s) for k, s in files.items()}, {k: stat(s) for k, s in folders.items()}


def test_the_walk_shared_with_a_child_finds_what_a_plain_walk_does(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = _site(tmp_path, pages=4200)       # enough folders two levels down to share them out
    (out / "dia-phuong" / "tay-ninh" / "tan-chau" / "trang" / "2").mkdir(parents=True)
    (out / "dia-phuong" / "tay-ninh" / "tan-chau" / "trang" / "2" / "index.html").write_text("x")
    (out / "rong").mkdir()                  # an empty folder at the top
    (out / "robots.txt").write_text("User-agent: *\n")
    os.symlink(out / "robots.txt", out / "bai-viet" / "lien-ket")
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    assert output_walk(out) == _plain_walk(out)
    assert forks, "a walk this large is shared with a child"
    assert output_walk(out, folders=False) == (_plain_walk(out)[0], {})
    assert output_walk(tmp_path / "missing") is None
