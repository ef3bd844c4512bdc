"""Fixtures shared by the tests; helpers live in sitekit.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sitekit import NOW, BuiltSite, write_site

from reformsite.build.pipeline import BuildOptions, build

# Property tests check behaviour, not speed: on a busy 2-core machine input generation and examples
# can be slow, which must not fail the suite.
settings.register_profile("reformsite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("reformsite")


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., BuiltSite]:
    """make_site({"content/a.md": "..."}, config=..., **build options) → BuiltSite."""

    def make(files: dict[str, str], config: str | None = None, **options) -> BuiltSite:
        write_site(tmp_path, files, config)
        options.setdefault("now", NOW)
        result = build(BuildOptions(config_path=tmp_path / "config.yaml", **options))
        return BuiltSite(tmp_path, result)

    return make

