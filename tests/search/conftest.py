"""Fixtures of the search tests: the small site of searchkit.SITE, as a model and as one bundle."""

from __future__ import annotations

import pytest
from searchkit import SITE, facets

from reformsite.search.pagefind import bundle_files
from reformsite.search.records import search_records


@pytest.fixture
def site(make_site):
    built = make_site(SITE, write=False)
    assert built.result.exit_code == 0, [d.format() for d in built.result.diagnostics]
    return built.result.site


@pytest.fixture
def bundle(site) -> dict[str, bytes]:
    """The three articles in one Pagefind bundle under /pagefind/ (a small site has one shard)."""
    return {f.url: f.data for f in bundle_files(search_records(site, facets))}
