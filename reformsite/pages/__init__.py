"""Every HTML page of the site as (url, template, context): one function per page kind."""

from .kinds import OwnPages, all_pages, article_page, made_urls, own_pages, shared_context

__all__ = ["OwnPages", "all_pages", "article_page", "made_urls", "own_pages", "shared_context"]
