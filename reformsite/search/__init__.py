"""Reader-facing search: Pagefind bundles in shards, the indexer process and the /tim-kiem/ page."""

from .page import search_page
from .records import Facets
from .shards import SearchIndex, shard_inputs

__all__ = ["Facets", "SearchIndex", "search_page", "shard_inputs"]
