"""docs/publishing/: the CI workflows are valid (actionlint, the GitLab CI schema), keep what a warm
build needs between runs, and call the command line with options it has; and what the guide says of
a fresh checkout holds: new modification times do not make the build cache cold."""

from __future__ import annotations

import dataclasses
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from sitekit import REPO, article, write_site

import reformsite.build.articles as articles_module
import reformsite.build.pipeline as builder_module
from reformsite.commands.cli import main, make_parser
from reformsite.config.schema import Config

DOCS = REPO / "docs" / "publishing"
CACHE_DIR = next(f.default for f in dataclasses.fields(Config) if f.name == "cache_dir")


def _tool(name: str) -> str:
    """A command installed with the test extras (beside this Python, or on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run ./scripts/test (it installs the test extras)")
    return found


def _load(name: str) -> dict:
    # PyYAML reads a bare `on:` key as True (YAML 1.1); GitHub reads it as "on".
    loaded = yaml.safe_load((DOCS / name).read_text(encoding="utf-8"))
    return {("on" if key is True else key): value for key, value in loaded.items()}


def _steps(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def _build_args(command: str, script: str) -> list[str]:
    """The arguments *command* gives scripts/build (which passes them to `build.py build`)."""
    words = shlex.split(command)
    assert words[0] == script, command
    return ["build", *words[1:]]


def test_github_workflow_passes_actionlint():
    done = subprocess.run([_tool("actionlint"), "-no-color", str(DOCS / "github-pages.yml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("name", "schema"), [("gitlab-pages.yml", "vendor.gitlab-ci"),
                                              ("github-pages.yml", "vendor.github-workflows")])
def test_workflows_match_their_ci_schema(name, schema):
    done = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", schema, str(DOCS / name)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_github_workflow_restores_the_cache_and_output_and_deploys_them():
    workflow = _load("github-pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert _steps(build, "actions/setup-python")[0]["with"]["python-version"] == "3.12"
    [cache] = _steps(build, "actions/cache")
    assert cache["with"]["path"].strip().splitlines() == [CACHE_DIR, "output"]
    # Each run saves under a key of its own and restores the newest entry with the common prefix.
    key, [prefix] = cache["with"]["key"], cache["with"]["restore-keys"].strip().splitlines()
    assert "github.run_id" in key and key.startswith(prefix)
    [run] = [step["run"] for step in build["steps"] if "run" in step]
    assert "steps.pages.outputs.base_url" in str(build["steps"])
    args = make_parser().parse_args(_build_args(run.replace('"${BASE_URL%/}/"', "https://o.github.io/r/"),
                                                "./scripts/build"))
    assert args.base_url == "https://o.github.io/r/" and args.output is None       # builds output/
    assert _steps(build, "actions/upload-pages-artifact")[0]["with"]["path"] == "output"
    assert deploy["needs"] == "build" and _steps(deploy, "actions/deploy-pages")


def test_gitlab_pipeline_builds_into_public_and_caches_it_with_the_build_cache():
    pipeline = _load("gitlab-pages.yml")
    assert pipeline["default"]["image"].startswith("python:3.12")
    pages = pipeline["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert {f"{CACHE_DIR}/", "public/"} <= set(pages["cache"]["paths"])
    assert pages["cache"]["when"] == "on_success"
    [command] = pages["script"]
    args = make_parser().parse_args(_build_args(command.replace('"${CI_PAGES_URL%/}/"', "https://g.gitlab.io/p/"),
                                                "./scripts/build"))
    assert args.output == Path("public") and args.base_url == "https://g.gitlab.io/p/"


def test_a_fresh_checkout_with_the_cache_restored_reads_no_article_again(tmp_path, monkeypatch):
    """What CI does between runs: the checkout gives every file a new modification time, and the
    cache and the output come back from an archive (same times, new inodes).  Articles are cached
    by their content, so none is processed again."""
    write_site(tmp_path, {"content/a.md": article("Một", "2024-01-01"),
                          "content/b.md": article("Hai", "2024-01-02")})
    config = str(tmp_path / "config.yaml")
    assert main(["build", "--config", config]) == 0
    later = time.time() + 60
    for path in (tmp_path / "content").iterdir():
        os.utime(path, (later, later))
    restored = tmp_path / "restored"
    shutil.copytree(tmp_path / "output", restored)        # copies keep the times, not the inodes
    shutil.rmtree(tmp_path / "output")
    restored.rename(tmp_path / "output")
    (tmp_path / "content" / "c.md").write_text(article("Ba", "2024-01-03"), encoding="utf-8")
    processed = []
    real = articles_module.process_file
    monkeypatch.setattr(articles_module, "process_file",
                        lambda item, **kw: processed.append(item[0]) or real(item, **kw))
    assert main(["build", "--config", config, "--jobs", "1"]) == 0
    assert processed == ["c.md"]
    assert "Ba" in (tmp_path / "output" / "index.html").read_text(encoding="utf-8")


def test_an_output_restored_from_a_ci_cache_keeps_its_pages(tmp_path, monkeypatch):
    """The output comes back from the runner's cache as copies (new inodes, new times): its files
    hold the bytes the last build left, so its pages are reused and only the new article's are
    rendered; a file changed by hand in between is not trusted."""
    write_site(tmp_path, {f"content/{n}.md": article(f"Bài {n}", f"2024-01-0{n}") for n in range(1, 6)})
    config = str(tmp_path / "config.yaml")
    assert main(["build", "--config", config]) == 0

    def restore(edit: bool) -> None:
        restored = tmp_path / "restored"
        shutil.copytree(tmp_path / "output", restored)
        if edit:
            (restored / "bai-viet" / "bai-2" / "index.html").write_text("sửa tay", encoding="utf-8")
        later = time.time() + 60
        for path in restored.rglob("*"):
            os.utime(path, (later, later))
        shutil.rmtree(tmp_path / "output")
        restored.rename(tmp_path / "output")

    rendered: list[str] = []
    real = builder_module.render_pages
    monkeypatch.setattr(builder_module, "render_pages",
                        lambda site, pages, *args: rendered.extend(p.url for p in pages) or real(site, pages, *args))
    restore(edit=False)
    (tmp_path / "content" / "6.md").write_text(article("Bài 6", "2024-01-06"), encoding="utf-8")
    assert main(["build", "--config", config, "--jobs", "1"]) == 0
    assert "/bai-viet/bai-6/" in rendered and "/bai-viet/bai-2/" not in rendered
    rendered.clear()
    restore(edit=True)
    assert main(["build", "--config", config, "--jobs", "1"]) == 0
    assert "/bai-viet/bai-2/" in rendered                # every page again: the output was not as left
    assert "sửa tay" not in (tmp_path / "output" / "bai-viet" / "bai-2" / "index.html").read_text(encoding="utf-8")
