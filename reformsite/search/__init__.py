"""Reader-facing search: Pagefind bundles in shards, the indexer process and the /tim-kiem/ page."""

from .page import search_page
from .records import Facets
from .shards import index_shards, plan_search

__all__ = ["Facets", "index_shards", "plan_search", "search_page"]
