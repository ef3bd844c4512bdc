"""The site model: articles with URLs, and the taxonomies of places, indicators, tags and years."""

from .assemble import Site, as_shown, build_site, is_visible, with_indicator_index
from .indicators import Latest, Report, history, latest_per_series
from .model import Article, Page, Term
from .places import PlaceEntry, PlaceIndex, article_places_json, main_chain
from .related import RelatedTable, related_finder, related_inputs, related_table, updated_related_table
from .urls import SAME_SLUG, expand_permalink

__all__ = [
    "SAME_SLUG", "Article", "Latest", "Page", "PlaceEntry", "PlaceIndex", "RelatedTable", "Report", "Site",
    "Term", "article_places_json", "as_shown",
    "build_site", "expand_permalink", "history", "is_visible", "latest_per_series", "main_chain",
    "related_finder", "related_inputs", "related_table", "updated_related_table", "with_indicator_index",
]
