"""Reader-facing search: Pagefind bundles in shards, the indexer process and the /tim-kiem/ page."""

from .page import search_page
from .records import Facets
from .shards import SearchIndex, ShardJob, shard_jobs

__all__ = ["Facets", "SearchIndex", "ShardJob", "search_page", "shard_jobs"]
