"""Compiled templates are kept in the build cache between builds, and never outlive an edit."""

from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from sitekit import NOW, article, write_site

import reformsite.render.renderer as renderer_module
from reformsite.build.pipeline import BuildOptions, build
from reformsite.config import load_config
from reformsite.render import make_renderer

SITE = {f"content/2024/bai-{n}.md": article(f"Xã Tân Hòa tiếp nhận hồ sơ tháng {n}",
                                            f"2024-{n:02d}-05T08:00:00+07:00") for n in range(1, 4)}
NOT_FOUND = "<!DOCTYPE html><title>Riêng</title><p id='rieng'>{}</p>\n"


def _build(root: Path, **options) -> None:
    result = build(BuildOptions(config_path=root / "config.yaml", now=NOW, **options))
    assert result.exit_code == 0, [d.format() for d in result.diagnostics]


def _compiled_files(root: Path) -> list[Path]:
    return sorted((root / ".reformsite-cache" / "templates").rglob("__jinja2_*.cache"))


@pytest.fixture
def fresh_process(monkeypatch):
    """As a new process starts: no template compiled in memory."""
    monkeypatch.setattr(renderer_module, "_COMPILED", {})


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from their source from now on."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_source(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def test_a_build_with_the_cache_keeps_compiled_templates_for_the_next(tmp_path, fresh_process, compiles):
    write_site(tmp_path, SITE)
    _build(tmp_path)
    assert "base.html" in compiles
    assert _compiled_files(tmp_path)
    config = load_config(tmp_path / "config.yaml")
    folder = next((tmp_path / ".reformsite-cache" / "templates").iterdir())

    renderer_module._COMPILED.clear()       # another process, with the same cache
    compiles.clear()
    template = make_renderer(config, folder).env.get_template("base.html")
    assert compiles == []
    assert template.name == "base.html"


def test_an_edited_template_is_compiled_again(tmp_path, fresh_process, compiles):
    files = {**SITE, "templates/404.html": NOT_FOUND.format("Trang lỗi cũ")}
    write_site(tmp_path, files)
    _build(tmp_path)
    renderer_module._COMPILED.clear()
    (tmp_path / "templates" / "404.html").write_text(NOT_FOUND.format("Trang lỗi mới"), encoding="utf-8")
    compiles.clear()
    _build(tmp_path)
    assert compiles == ["404.html"]
    page = BeautifulSoup((tmp_path / "output" / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find(id="rieng").get_text() == "Trang lỗi mới"


def test_a_build_without_the_cache_keeps_no_compiled_template(tmp_path, fresh_process):
    write_site(tmp_path, SITE)
    _build(tmp_path, use_cache=False)
    assert _compiled_files(tmp_path) == []


def test_another_code_version_drops_the_compiled_templates_of_the_last(tmp_path, fresh_process, monkeypatch):
    write_site(tmp_path, SITE)
    _build(tmp_path)
    before = {path.relative_to(tmp_path).parts[2] for path in _compiled_files(tmp_path)}
    monkeypatch.setattr("reformsite.build.pipeline.cache_fingerprint", lambda settings: "f" * 64)
    (tmp_path / "content" / "2024" / "bai-9.md").write_text(article("Bài mới", "2024-09-05T08:00:00+07:00"),
                                                           encoding="utf-8")
    renderer_module._COMPILED.clear()
    _build(tmp_path)
    after = {path.relative_to(tmp_path).parts[2] for path in _compiled_files(tmp_path)}
    assert len(before) == 1 and after == {"f" * 16}
