"""The cache never hides a change, and housekeeping touches only its own files (issue #27, items 5
and 10): builds and `clean` killed with SIGKILL at chosen points, edits saved while a build runs or
within the clock's step, files deleted or edited in output/ by hand.  After each, the next build
must equal a build from scratch byte for byte, and the user's own folders beside output/ survive.

A build is killed in a real process: a small driver replaces one function of the build with one
that kills the process group (the build and its helpers, such as `rm`) when it is called, then
runs the command line.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sitekit import REPO, article, read_output, write_site

from reformsite.build.pipeline import BuildOptions, build
from reformsite.commands.cli import main

# Replaces MODULE:ATTRIBUTE (a function, or Class.method) by one that kills the process group on
# its call number N+1, then runs build.py with the remaining arguments.
DRIVER = textwrap.dedent("""
    import importlib, os, signal, sys
    target, after, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    module_name, _, dotted = target.partition(":")
    owner = importlib.import_module(module_name)
    *path, name = dotted.split(".")
    for part in path:
        owner = getattr(owner, part)
    real, calls = getattr(owner, name), []

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) > after:
            os.killpg(0, signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(owner, name, dying)
    from reformsite.commands.cli import main
    sys.exit(main(argv))
""")

# Folders of the user's own beside output/, some named as a build might name its own.
USERS_OWN = ("output.old", ".output-backup", ".output.old-4242", ".output.staging-999999",
             ".output.search-1", ".output.trash-7-1", ".output.backup")


def articles(count: int, edition: int = 0) -> dict[str, str]:
    return {f"content/2024/bai-{n}.md": article(f"Bài số {n} ấn bản {edition if n % 3 == 0 else 0}",
                                                f"2024-0{1 + n % 9}-1{n % 10}",
                                                f"Xã Tân Hòa giải quyết {n + 100} hồ sơ đúng hạn.")
            for n in range(count)}


def make_users_own(root: Path) -> None:
    for name in USERS_OWN:
        (root / name).mkdir()
        (root / name / "mine.txt").write_text("của tôi", encoding="utf-8")


def assert_users_own_survive(root: Path) -> None:
    for name in USERS_OWN:
        assert (root / name / "mine.txt").read_text(encoding="utf-8") == "của tôi", name


def only_ours_beside(root: Path) -> set[str]:
    """What is beside output/ that is neither the user's nor the site's sources."""
    return {p.name for p in root.iterdir()} - {*USERS_OWN, "config.yaml", "content", "output", "scratch",
                                               ".reformsite-cache", ".output.lock", ".output.spare",
                                               ".output.spare.json", ".output.made"}


def cli(root: Path, *args: str) -> int:
    return main([*args, "--config", str(root / "config.yaml")])


def killed(root: Path, target: str, after: int, *args: str, surely: bool = True) -> None:
    """Run build.py *args* in a process group of its own, killed at the call of *target* after
    *after* calls; fails if the command was not killed there (or, unless *surely*, did not end well)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "true"}
    process = subprocess.run([sys.executable, "-c", DRIVER, target, str(after), *args,
                              "--config", str(root / "config.yaml")],
                             env=env, cwd=root, start_new_session=True, capture_output=True, timeout=120)
    ends = (-signal.SIGKILL,) if surely else (-signal.SIGKILL, 0)
    assert process.returncode in ends, (target, process.returncode, process.stderr[-2000:])


def from_scratch(root: Path, name: str) -> dict[str, bytes]:
    """A cold build of the site (in a folder of its own, out of the way of output/)."""
    folder = root / "scratch" / name
    result = build(BuildOptions(config_path=root / "config.yaml", output_dir=folder, use_cache=False))
    assert result.exit_code == 0, [d.format() for d in result.diagnostics]
    return {url: data for url, data in read_output(folder).items() if url != "/.reformsite-output"}


def built(root: Path) -> dict[str, bytes]:
    return {url: data for url, data in read_output(root / "output").items() if url != "/.reformsite-output"}


# Where a build is killed: while it reads articles, while it stages pages (into the spare), just
# before the swap, after the swap before the spare is kept, before its state is recorded, and while
# it deletes what an earlier build left.
BUILD_KILLS = [
    ("reformsite.build.cache:BuildCache.put_many", 0),
    ("reformsite.output.write:_Stage.put", 5),
    ("reformsite.output.write:_exchange", 0),
    ("reformsite.output.write:_keep_spare", 0),
    ("reformsite.build.pipeline:remember", 0),
    ("reformsite.output.write:Deletions.wait", 0),
]


def test_builds_killed_anywhere_are_repaired_by_the_next(tmp_path):
    write_site(tmp_path, articles(12))
    make_users_own(tmp_path)
    assert cli(tmp_path, "build") == 0
    assert cli(tmp_path, "build") == 0                 # the second build keeps a spare
    for edition, (target, after) in enumerate(BUILD_KILLS, start=1):
        files = articles(12 + edition, edition)         # edited, and one more article each time
        write_site(tmp_path, files)
        (tmp_path / "content/2024/bai-1.md").unlink()
        killed(tmp_path, target, after, "build")
        assert cli(tmp_path, "build") == 0, target
        assert built(tmp_path) == from_scratch(tmp_path, str(edition)), target
        assert cli(tmp_path, "build") == 0                # and then nothing changed
        assert built(tmp_path) == from_scratch(tmp_path, str(edition)), target
        assert not only_ours_beside(tmp_path), target
    assert_users_own_survive(tmp_path)


@pytest.mark.parametrize("target, after", [("os:unlink", 20), ("reformsite.output.write:Deletions.wait", 0)])
def test_a_clean_killed_halfway_is_repaired_by_the_next_build(tmp_path, target, after):
    write_site(tmp_path, articles(12))
    make_users_own(tmp_path)
    assert cli(tmp_path, "build") == 0
    assert cli(tmp_path, "build") == 0
    # Deleting in this process (os.unlink) or in `rm` beside it: this version deletes the output in `rm`.
    killed(tmp_path, target, after, "clean", surely=target != "os:unlink")
    assert cli(tmp_path, "build") == 0
    assert built(tmp_path) == from_scratch(tmp_path, "cold")
    assert not only_ours_beside(tmp_path)
    assert cli(tmp_path, "clean") == 0
    assert not (tmp_path / "output").exists() and not only_ours_beside(tmp_path)
    assert not (tmp_path / ".output.spare").exists()
    assert_users_own_survive(tmp_path)


def test_an_edit_saved_while_a_build_runs_is_published_by_the_next(tmp_path, monkeypatch):
    import reformsite.build.pipeline as pipeline

    write_site(tmp_path, articles(6))
    source = tmp_path / "content/2024/bai-3.md"
    real = pipeline.model_site

    def saved_meanwhile(run, documents, *rest):             # after the articles were read
        source.write_text(source.read_text(encoding="utf-8").replace("103 hồ sơ", "7.777 hồ sơ"),
                          encoding="utf-8")
        return real(run, documents, *rest)

    monkeypatch.setattr(pipeline, "model_site", saved_meanwhile)
    assert cli(tmp_path, "build") == 0
    monkeypatch.setattr(pipeline, "model_site", real)
    assert cli(tmp_path, "build") == 0
    assert any("7.777 hồ sơ".encode() in data for data in built(tmp_path).values())
    assert built(tmp_path) == from_scratch(tmp_path, "cold")


def test_an_edit_within_the_clocks_step_is_published(tmp_path):
    """Saved again in the same tick of a coarse clock: same size, same modification time."""
    write_site(tmp_path, articles(6))
    source = tmp_path / "content/2024/bai-3.md"
    assert cli(tmp_path, "build") == 0
    before = source.stat()
    source.write_text(source.read_text(encoding="utf-8").replace("103 hồ sơ", "104 hồ sơ"), encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    assert cli(tmp_path, "build") == 0
    assert any(b"104 h" in data for data in built(tmp_path).values())
    assert built(tmp_path) == from_scratch(tmp_path, "cold")


def test_files_deleted_or_edited_in_output_by_hand_are_repaired(tmp_path):
    write_site(tmp_path, articles(6))
    assert cli(tmp_path, "build") == 0
    assert cli(tmp_path, "build") == 0
    output = tmp_path / "output"
    pages = sorted(p for p in output.rglob("index.html") if "bai-viet" in p.parts)
    pages[0].unlink()
    (output / "feed.xml").unlink()
    pages[1].write_text("sửa tay", encoding="utf-8")
    assert cli(tmp_path, "build") == 0
    assert built(tmp_path) == from_scratch(tmp_path, "cold")
    (output / "static/style.css").unlink()
    (output / "index.html").write_text("sửa tay", encoding="utf-8")
    assert cli(tmp_path, "build") == 0
    assert built(tmp_path) == from_scratch(tmp_path, "cold")


def test_clean_deletes_only_what_builds_made(tmp_path):
    write_site(tmp_path, articles(3))
    make_users_own(tmp_path)
    assert cli(tmp_path, "build") == 0
    assert cli(tmp_path, "build") == 0
    assert cli(tmp_path, "clean") == 0
    assert not (tmp_path / "output").exists() and not only_ours_beside(tmp_path)
    assert not (tmp_path / ".output.spare").exists() and not (tmp_path / ".output.made").exists()
    assert_users_own_survive(tmp_path)


def test_files_hashed_for_being_recent_are_not_read_again_once_their_time_vouches(tmp_path, monkeypatch):
    import json

    import reformsite.build.state as state

    write_site(tmp_path, articles(3))
    assert cli(tmp_path, "build") == 0
    [record_path] = (tmp_path / ".reformsite-cache").glob("last-build-*.json")
    recent = json.loads(record_path.read_text(encoding="utf-8"))["recent"]
    assert {str(tmp_path / "content/2024" / f"bai-{n}.md") for n in range(3)} <= recent.keys()
    monkeypatch.setattr(state, "RACY_NS", 0)            # as if the clock had moved on
    assert cli(tmp_path, "build") == 0
    assert json.loads(record_path.read_text(encoding="utf-8"))["recent"] == {}
    replayed = state.replay_build(BuildOptions(config_path=tmp_path / "config.yaml", replay=True))
    assert replayed is not None and replayed.replayed
