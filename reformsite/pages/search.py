"""The search page, /tim-kiem/: a form, the facets and a results list that the browser fills in."""

from __future__ import annotations

from reformsite.search import FACETS, MANIFEST_URL
from reformsite.site import Page, Site


def search_page(site: Site) -> Page:
    """The search page; its filters and results are filled in the browser from the bundle."""
    return Page(site.config.permalinks["search"], "search.html",
                {"kind": "search", "facets": FACETS, "shards_url": MANIFEST_URL})
