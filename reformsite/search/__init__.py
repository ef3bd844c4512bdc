"""Reader-facing search: Pagefind bundles in shards and the indexer process that makes them (the
/tim-kiem/ page that queries them is one of the site's pages, reformsite.pages.search)."""

from .records import FACETS, Facets
from .shards import MANIFEST_URL, SearchIndex, ShardJob, shard_jobs

__all__ = ["FACETS", "MANIFEST_URL", "Facets", "SearchIndex", "ShardJob", "shard_jobs"]
