"""Every HTML page of the site as (url, template, context): one function per page kind."""

from .kinds import all_pages, article_page, made_urls, shared_context

__all__ = ["all_pages", "article_page", "made_urls", "shared_context"]
