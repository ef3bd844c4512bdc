"""Classes 5 and 10 of issue #27 as data: the cases of tests/data/hostile/cache.yaml (the cache never
hides a change) and housekeeping.yaml (builds and `clean` touch only their own files), each a list of
steps over a small site, run with real builds and checked on the files they leave.

The commands run in this process through the command line, or in a process of their own that is
killed at a chosen call (test_kill's driver); the steps and checks are described in cache.yaml.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from sitekit import DATA, write_site
from test_kill import articles, built, from_scratch, killed

from reformsite.commands.cli import main

HOSTILE = DATA / "hostile"
STEP_FILES = ("cache.yaml", "housekeeping.yaml")
CASES = [(name, case) for name in STEP_FILES
         for case in yaml.safe_load((HOSTILE / name).read_text(encoding="utf-8"))]
# What a site folder holds beside output/ once its builds have finished: the sources, the build's
# lock, manifest, spare and cache, and the cold builds of same_as_cold (scratch/).
SITE_OWN = frozenset({"config.yaml", "content", "output", "scratch", ".reformsite-cache", ".output.lock",
                      ".output.made", ".output.spare", ".output.spare.json"})
MINE = "của tôi"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _ended_process() -> int:
    """The id of a process that has ended (the record of a build that was killed)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


class Run:
    """One case's site, and what its steps made there (see cache.yaml for the steps)."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        root.mkdir()
        write_site(root, articles(6))
        self.content = _tree(root / "content")
        self.beside: set[str] = set()       # the user's and the case's own names beside output/
        self.running: subprocess.Popen[bytes] | None = None
        self.running_names: set[str] = set()
        self.colds = 0

    def close(self) -> None:
        if self.running is not None:
            self.running.kill()
            self.running.wait()

    def step(self, step: str | dict) -> None:
        name, spec = (step, None) if isinstance(step, str) else next(iter(step.items()))
        getattr(self, "do_" + name)(spec)

    # --- steps ---------------------------------------------------------------------------------------

    def _command(self, command: str, spec: dict | None) -> None:
        spec = spec or {}
        args = [arg.replace("{root}", str(self.root)) for arg in spec.get("args", ())]
        argv = [command, *args, "--config", str(self.root / "config.yaml")]
        if "meanwhile" not in spec:
            assert main(argv) == spec.get("exit", 0), argv
            return
        meanwhile, saved = spec["meanwhile"], []
        module_name, _, dotted = meanwhile["at"].partition(":")
        owner = importlib.import_module(module_name)
        *path, attribute = dotted.split(".")
        for part in path:
            owner = getattr(owner, part)
        real = getattr(owner, attribute)

        def saving_meanwhile(*args, **kwargs):
            if not saved:
                self.do_edit({"path": meanwhile["edit"], "replace": meanwhile["replace"]})
                saved.append(True)
            return real(*args, **kwargs)

        with self.monkeypatch.context() as patch:
            patch.setattr(owner, attribute, saving_meanwhile)
            assert main(argv) == spec.get("exit", 0), argv
        assert saved, f"the build never called {meanwhile['at']}"

    def do_build(self, spec: dict | None) -> None:
        self._command("build", spec)

    def do_clean(self, spec: dict | None) -> None:
        self._command("clean", spec)

    def do_killed(self, spec: dict) -> None:
        killed(self.root, spec["at"], spec.get("after", 0), spec["command"])

    def do_edit(self, spec: dict) -> None:
        path = self.root / spec["path"]
        before, text = path.stat(), path.read_text(encoding="utf-8")
        old, new = spec["replace"]
        assert old in text, (path, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
        if spec.get("keep_time"):
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert path.stat().st_size == before.st_size, "keep_time needs an edit of the same size"

    def do_write(self, spec: dict) -> None:
        path = self.root / spec["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(spec["text"], encoding="utf-8")
        self.beside.add(Path(spec["path"]).parts[0])

    def do_delete(self, spec: str) -> None:
        path = self.root / spec
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()

    def do_copy(self, spec: dict) -> None:
        shutil.copytree(self.root / spec["from"], self.root / spec["to"], symlinks=True)
        self.beside.add(Path(spec["to"]).parts[0])

    def do_mine(self, names: list[str]) -> None:
        for name in names:
            (self.root / name).mkdir()
            (self.root / name / "mine.txt").write_text(MINE, encoding="utf-8")
            self.beside.add(name)

    def do_recorded(self, spec: dict) -> None:
        name = spec["name"]
        (self.root / name / "bai-viet").mkdir(parents=True)
        (self.root / name / "bai-viet" / "index.html").write_text("<p>còn sót</p>", encoding="utf-8")
        (self.root / name / "mine.txt").write_text(MINE, encoding="utf-8")
        if spec["by"] == "running":
            if self.running is None:
                self.running = subprocess.Popen(["sleep", "120"])
            pid = self.running.pid
            self.running_names.add(name)
        else:
            pid = _ended_process()
        self.do_manifest(f"+\t{name}\t{pid}\n")

    def do_end_running(self, _spec: None) -> None:
        assert self.running is not None
        self.running.kill()
        self.running.wait()
        self.running, self.running_names = None, set()

    def do_manifest(self, text: str) -> None:
        with open(self.root / ".output.made", "a", encoding="utf-8") as manifest:
            manifest.write(text.replace("{dead}", str(_ended_process())))

    def do_link(self, spec: dict) -> None:
        (self.root / spec["path"]).symlink_to(spec["to"])
        self.beside.add(spec["path"])

    # --- checks --------------------------------------------------------------------------------------

    def do_same_as_cold(self, _spec: None) -> None:
        self.colds += 1
        assert built(self.root) == from_scratch(self.root, f"cold-{self.colds}"), "output/ differs from a cold build"

    def do_published(self, text: str) -> None:
        assert any(text.encode() in data for data in built(self.root).values()), text

    def do_not_published(self, text: str) -> None:
        assert not any(text.encode() in data for data in built(self.root).values()), text

    def _others(self) -> set[str]:
        """What is beside output/ that is neither the site's nor the user's nor the case's."""
        return {p.name for p in self.root.iterdir()} - SITE_OWN - self.beside - self.running_names

    def do_nothing_else_beside(self, _spec: None) -> None:
        assert not self._others()

    def do_left_behind(self, _spec: None) -> None:
        assert self._others(), "the killed command left nothing to remove"

    def do_untouched(self, names: list[str]) -> None:
        for name in names:
            assert (self.root / name / "mine.txt").read_text(encoding="utf-8") == MINE, name

    def do_gone(self, names: list[str]) -> None:
        for name in names:
            assert not os.path.lexists(self.root / name), name

    def do_content_unchanged(self, _spec: None) -> None:
        assert _tree(self.root / "content") == self.content


@pytest.mark.parametrize("file, case", CASES, ids=[f"{file.split('.')[0]}:{re.sub(r'[^a-z0-9]+', '-', case['case'].lower())}"
                                                   for file, case in CASES])
def test_a_hostile_step_case(file, case, tmp_path, monkeypatch):
    run = Run(tmp_path / "site", monkeypatch)
    try:
        for number, step in enumerate(case["steps"], start=1):
            try:
                run.step(step)
            except AssertionError as exc:
                raise AssertionError(f"{file}, '{case['case']}', step {number} {step!r}: {exc}") from exc
    finally:
        run.close()


def test_every_step_case_names_its_class_and_known_steps():
    for file, case in CASES:
        assert case["class"] in (5, 10) and case["steps"], (file, case["case"])
        for step in case["steps"]:
            name = step if isinstance(step, str) else next(iter(step))
            assert hasattr(Run, "do_" + name), (file, case["case"], name)
