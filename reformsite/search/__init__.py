"""Reader-facing search: Pagefind bundles in shards, the indexer process and the /tim-kiem/ page."""

from .bundle import Facets, index_shards, plan_search, search_page

__all__ = ["Facets", "index_shards", "plan_search", "search_page"]
