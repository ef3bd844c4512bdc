"""Reader-facing search: Pagefind bundles in shards and the indexer process that makes them (the
/tim-kiem/ page that queries them is one of the site's pages, reformsite.pages.search)."""

from .pagefind import PagefindError
from .records import FACETS, Facets
from .shards import MANIFEST_URL, SearchIndex, SearchIndexError, ShardJob, shard_jobs

__all__ = ["FACETS", "MANIFEST_URL", "Facets", "PagefindError", "SearchIndex", "SearchIndexError", "ShardJob",
           "shard_jobs"]
