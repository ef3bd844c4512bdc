"""The package as a user installs it: a wheel, not the checkout, builds a site with its bundled theme."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitekit import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder),
                    str(REPO)], check=True, capture_output=True)
    return next(folder.glob("reformsite-*.whl"))


def test_the_wheel_holds_every_module_the_data_and_the_theme(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "reformsite").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    data = {p.relative_to(REPO).as_posix() for p in (REPO / "reformsite" / "data").iterdir()}
    assert data <= names
    theme = {"reformsite/" + p.relative_to(REPO).as_posix()
             for p in (REPO / "themes").rglob("*") if p.is_file()}
    assert theme and theme <= names, sorted(theme - names)
    assert not any(name.startswith(("tests/", "content/", "themes/", "benchmarks/")) for name in names)


def test_a_site_without_a_theme_folder_builds_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    # The wheel's own files come from the fresh venv; its dependencies from the test's environment,
    # which is on the path after the venv's site-packages (and holds no reformsite package folder).
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    where = subprocess.run([str(python), "-c", "import reformsite; print(reformsite.__file__)"],
                           check=True, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(env_dir)

    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(REPO / "config.yaml", site / "config.yaml")
    shutil.copytree(REPO / "content", site / "content")
    result = subprocess.run([str(env_dir / "bin" / "reformsite"), "build"], cwd=site, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / "themes").exists()
    output = site / "output"
    assert (output / "static" / "style.css").read_bytes() == (REPO / "themes/default/static/style.css").read_bytes()
    home = BeautifulSoup((output / "index.html").read_text("utf-8"), "html.parser")
    assert home.find("link", rel="stylesheet") is not None
    assert len(home.select("article")) > 0
    assert (output / "data" / "articles.json").is_file()
