"""From processed articles to the Site: URLs, visibility, ordering and taxonomies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from reformsite.config import Config
from reformsite.content import EXPIRES, resolve_references
from reformsite.core import Diagnostic, name_key, slugify
from reformsite.figures import load_vocabulary
from reformsite.places import Gazetteer

from .indicators import IndicatorIndex, build_indicator_index
from .model import Article, Term
from .places import PlaceIndex, build_place_index
from .urls import assign_urls, shown_path


@dataclass(frozen=True)
class Site:
    config: Config
    articles: tuple[Article, ...]       # published articles, newest first
    pages: tuple[Article, ...]          # standalone pages (content/pages/)
    tags: tuple[Term, ...]
    categories: tuple[Term, ...]
    years: tuple[Term, ...]             # newest year first
    places: PlaceIndex | None = None
    indicators: IndicatorIndex | None = None

    @property
    def all_documents(self) -> tuple[Article, ...]:
        return self.articles + self.pages


def _terms(articles: tuple[Article, ...], names_of, pattern: str) -> tuple[Term, ...]:
    """Group articles by taxonomy value; values that differ only in case or tone placement merge."""
    groups: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for article in articles:
        for name in dict.fromkeys(names_of(article)):
            slug = slugify(name_key(name))
            if not slug:
                continue
            groups[slug].append(article)
            spellings[slug][name] += 1
    terms = []
    for slug, members in groups.items():
        # The most used spelling names the term; ties go to the alphabetically first, for determinism.
        name = min(spellings[slug].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        terms.append(Term(name, slug, pattern.format(slug=slug, year=slug), tuple(members)))
    return tuple(sorted(terms, key=lambda t: (name_key(t.name, fold=True), t.slug)))


def is_visible(article: Article, *, now: dt.datetime, drafts: bool, future: bool) -> bool:
    if article.draft and not drafts:
        return False
    if (expires := article.extra.get(EXPIRES)) is not None and expires <= now:
        return False        # Hugo's expiryDate: no longer published
    return future or article.date <= now


def as_shown(article: Article, config: Config, pictures: Mapping[str, Any] | None = None) -> Article:
    """The article as config.yaml lets the site show it: its categories and tags under their names,
    and no lead image from a host the site does not load images from (a placeholder stands in).
    *pictures* (see images.lead_pictures) gives, by article path, the lead image as the site serves
    it, or None for an image left out."""
    categories, tags = config.categories.apply(article.categories), config.tags.apply(article.tags)
    image = article.image if article.image and config.shows_image(article.image) else None
    picture = article.picture
    if pictures is not None and article.path in pictures and article.image:
        picture = pictures[article.path]
        image = article.image if picture is not None else None
    if (categories == article.categories and tags == article.tags and image == article.image
            and picture is article.picture):
        return article
    return replace(article, categories=categories, tags=tags, image=image, picture=picture)


def build_site(documents: Iterable[Article], config: Config, *, now: dt.datetime,
               drafts: bool = False, future: bool = False,
               gazetteer: Gazetteer | None = None,
               reserved: Iterable[str] = (),
               pictures: Mapping[str, Any] | None = None,
               shown_dir: str = "", indicators: bool = True) -> tuple[Site, list[Diagnostic]]:
    """The site of the visible *documents*; none takes a URL of *reserved* (the pages the site
    makes, see .urls); *pictures* are their lead images as the site serves them (see as_shown).
    Problems name files below *shown_dir*, the content folder as the build shows it.  Without
    *indicators*, the site has no indicator index yet (see with_indicator_index)."""
    visible = [as_shown(a, config, pictures) for a in documents
               if is_visible(a, now=now, drafts=drafts, future=future)]
    placed, problems = assign_urls(visible, config, reserved=reserved, shown_dir=shown_dir)
    placed, unresolved = resolve_references(placed, config.origin.content_root)
    problems.extend(replace(problem, path=shown_path(shown_dir, problem.path)) for problem in unresolved)
    newest_first = sorted(placed, key=lambda a: a.sort_key, reverse=True)
    articles = tuple(a for a in newest_first if a.kind == "article")
    pages = tuple(sorted((a for a in newest_first if a.kind == "page"), key=lambda a: a.url))
    years_map: dict[int, list[Article]] = defaultdict(list)
    for article in articles:
        years_map[article.year].append(article)
    years = tuple(
        Term(str(year), str(year), config.permalinks["year"].format(year=year, slug=year), tuple(items))
        for year, items in sorted(years_map.items(), reverse=True)
    )
    site = Site(
        config=config,
        articles=articles,
        pages=pages,
        tags=_terms(articles, lambda a: a.tags, config.permalinks["tag"]),
        categories=_terms(articles, lambda a: a.categories, config.permalinks["category"]),
        years=years,
        places=build_place_index(articles, gazetteer, config.permalinks["places"]) if gazetteer else None,
    )
    return (with_indicator_index(site) if indicators else site), problems


def with_indicator_index(site: Site) -> Site:
    """*site* with its indicator index: every figure reported, by indicator and by place."""
    return replace(site, indicators=build_indicator_index(site.articles, load_vocabulary(),
                                                          site.config.permalinks["indicators"]))
