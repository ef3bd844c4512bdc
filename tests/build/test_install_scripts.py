"""What scripts/build and scripts/test do besides pip: the package is byte-compiled, as pip does for
a wheel, so that no build compiles every module again where PYTHONDONTWRITEBYTECODE is set."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sitekit import REPO


def _site_copy(tmp_path: Path) -> Path:
    """The scripts beside a small package and the project's interpreter, as in a clone."""
    root = tmp_path / "clone"
    shutil.copytree(REPO / "scripts", root / "scripts")
    (root / "reformsite" / "build").mkdir(parents=True)
    (root / "reformsite" / "__init__.py").write_text("")
    (root / "reformsite" / "build" / "pipeline.py").write_text("def build():\n    return 1\n")
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(sys.executable)
    return root


def test_compile_package_byte_compiles_every_module(tmp_path):
    root = _site_copy(tmp_path)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(["bash", "-c", "source scripts/env.sh && compile_package"], cwd=root, env=env, check=True,
                   timeout=120)
    tag = sys.implementation.cache_tag
    assert (root / "reformsite" / "build" / "__pycache__" / f"pipeline.{tag}.pyc").is_file()
    assert (root / "reformsite" / "__pycache__" / f"__init__.{tag}.pyc").is_file()


def test_both_scripts_compile_the_package_once_it_is_installed():
    for name in ("build", "test"):
        lines = (REPO / "scripts" / name).read_text().splitlines()
        installed = next(n for n, line in enumerate(lines) if "pip install" in line and " -e " in line)
        assert lines[installed + 1] == "compile_package", name
