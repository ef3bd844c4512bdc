"""Every document's URL: its permalink, or its kind's pattern with its slug (-2, -3 … when taken).

No document takes a URL the site writes itself (the home, feeds, search, a tag or place page), nor
another document's URL silently: each such clash is reported naming both files.  Who gets a URL
depends on the content alone, never on earlier builds (a build from scratch makes the same site):
the older date first, then the path.  An article backdated onto another's slug so takes its URL,
and the warning names both files for the editor to give one of them its own slug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from reformsite.config import Config
from reformsite.core import Diagnostic, Severity

from .model import Article

SAME_SLUG = "same slug"


def expand_permalink(pattern: str, article: Article, slug: str | None = None) -> str:
    """The URL *pattern* gives *article*, with *slug* instead of its own when given."""
    return pattern.format(
        slug=article.slug if slug is None else slug,
        year=f"{article.date.year:04d}",
        month=f"{article.date.month:02d}",
        day=f"{article.date.day:02d}",
    )


def generated_urls(config: Config) -> set[str]:
    """The URLs the site writes itself whatever its content, which no article or page may take: the
    home and index pages, the search page, the 404 page, feeds, sitemap, robots.txt and the open data.
    The pages of tags, years and places are known once the site is modelled (see build_site)."""
    fixed = {"/", "/404.html", "/feed.xml", "/sitemap.xml", "/robots.txt",
             "/data/articles.json", "/data/figures.csv"}
    return fixed | {config.permalinks[kind] for kind in ("search", "places", "indicators")
                    if kind in config.permalinks}


def _pattern(article: Article, config: Config) -> str:
    return config.permalinks["page" if article.kind == "page" else "article"]


@dataclass
class _Claims:
    """Who has which URL so far."""

    config: Config
    generated: set[str]
    shown_dir: str = ""         # the content folder as the build shows it (content), before every path
    owners: dict[str, Article] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def shown(self, article: Article) -> str:
        return shown_path(self.shown_dir, article.path)

    def warn(self, article: Article, message: str, hint: str, severity: Severity = Severity.WARNING) -> None:
        self.problems.append(Diagnostic(self.shown(article), None, None, message, hint, severity))

    def permalink(self, article: Article) -> str | None:
        url = article.permalink
        assert url is not None
        if url in self.generated:
            self.warn(article, f"permalink {url} is a page the site makes itself",
                      "this file is not published: remove it, or give it another permalink")
            return None
        if (owner := self.owners.get(url)) is not None:
            self.warn(article, f"permalink {url} is already used by {self.shown(owner)}",
                      "give this article another permalink", Severity.ERROR)
            return None
        return url

    def slugged(self, article: Article) -> tuple[str, str]:
        """(slug, URL): the pattern's URL, with -2, -3 … while it is taken."""
        pattern = _pattern(article, self.config)
        url = expand_permalink(pattern, article)
        slug, n = article.slug, 1
        while url in self.generated or url in self.owners:
            n += 1
            slug = f"{article.slug}-{n}"
            url = expand_permalink(pattern, article, slug)
        return slug, url

    def report_moved(self, article: Article, url: str) -> None:
        """A document that is not at its pattern's URL is told why, naming the file that has it."""
        wanted = expand_permalink(_pattern(article, self.config), article)
        if url == wanted:
            return
        if (owner := self.owners.get(wanted)) is not None:
            self.warn(article, f"{SAME_SLUG} '{article.slug}' as {self.shown(owner)}: both would be "
                      f"{wanted}; this one is published at {url} instead",
                      f"give one of them its own slug in the front matter, e.g. slug: {article.slug}-"
                      f"{article.date.year}")
        elif wanted in self.generated:
            self.warn(article, f"its address {wanted} is a page the site makes itself: it is published at "
                      f"{url} instead", f"give it a slug of its own, e.g. slug: {article.slug}-2")


def shown_path(shown_dir: str, path: str) -> str:
    """A document's *path* (below the content folder) as problems name it: below *shown_dir*."""
    return f"{shown_dir}/{path}" if shown_dir else path


def assign_urls(articles: Iterable[Article], config: Config, *, reserved: Iterable[str] = (),
                shown_dir: str = "") -> tuple[list[Article], list[Diagnostic]]:
    """Give every document its URL, none of *reserved* (pages the site makes) nor of generated_urls;
    in (date, path) order, so a new article never renames an older one.  Problems name files below
    *shown_dir*."""
    claims = _Claims(config, generated_urls(config) | set(reserved), shown_dir)
    placed: list[tuple[Article, str, str]] = []
    for article in sorted(articles, key=lambda a: (a.date, a.path)):
        if article.permalink:
            if (url := claims.permalink(article)) is None:
                continue
            slug = article.slug
        else:
            slug, url = claims.slugged(article)
        claims.owners[url] = article
        placed.append((article, slug, url))
    for article, _, url in placed:
        if not article.permalink:
            claims.report_moved(article, url)
    # One replace an article: dataclasses.replace of a 27-field article costs ~50 µs.
    return [replace(article, slug=slug, url=url) for article, slug, url in placed], claims.problems
