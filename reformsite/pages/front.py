"""The front page in the manner of a Vietnamese news portal: a lead story, the next stories, the
latest by region and by province, the newest figures and the indicators most reported."""

from __future__ import annotations

from dataclasses import dataclass

from reformsite.figures import Reported
from reformsite.site import Article, Site, main_chain

LEAD_AND_TOP = 5          # the lead story and the four beside it (index.html lists the rest)
PER_REGION = 3
PROVINCES = 8
FIGURES = 6
INDICATORS = 8
# Levels whose figures are a place's own, shown with a link to that place.
_PLACE_LEVELS = frozenset({"province", "district", "commune"})


@dataclass(frozen=True)
class ProvinceNews:
    name: str               # "tỉnh Tây Ninh"
    url: str
    newest: Article


@dataclass(frozen=True)
class NewFigure:
    article: Article
    reported: Reported


@dataclass(frozen=True)
class IndicatorLink:
    label: str
    url: str
    count: int              # figures reported


@dataclass(frozen=True)
class FrontPage:
    lead: Article | None
    top: tuple[Article, ...]
    regions: tuple[tuple[str, tuple[Article, ...]], ...]     # north to south, newest first in each
    provinces: tuple[ProvinceNews, ...]                      # the provinces written about most recently
    figures: tuple[NewFigure, ...]                           # newest first, one per article
    indicators: tuple[IndicatorLink, ...]                    # most reported first


def front_page(site: Site, first_page: tuple[Article, ...]) -> FrontPage:
    """The front page over the articles of the home list's first page (*first_page*): its first
    articles become the lead story and those beside it, the rest stay in the list below."""
    return FrontPage(
        lead=first_page[0] if first_page else None,
        top=first_page[1:LEAD_AND_TOP],
        regions=_by_region(site),
        provinces=_by_province(site),
        figures=_newest_figures(site),
        indicators=_most_reported(site),
    )


def _province_of(site: Site, article: Article):
    chain = main_chain(site.places, article)
    return chain[0] if chain else None


def _by_region(site: Site) -> tuple[tuple[str, tuple[Article, ...]], ...]:
    if site.places is None:
        return ()
    gazetteer = site.places.gazetteer
    regions: dict[str, list[Article]] = {}
    for article in site.articles:
        if (province := _province_of(site, article)) is None:
            continue
        newest = regions.setdefault(gazetteer.region(province.place), [])
        if len(newest) < PER_REGION:
            newest.append(article)
    order = {name: i for i, name in enumerate(gazetteer.region_order)}
    return tuple((region, tuple(regions[region]))
                 for region in sorted(regions, key=lambda region: (order.get(region, 99), region)))


def _by_province(site: Site) -> tuple[ProvinceNews, ...]:
    found: dict[str, ProvinceNews] = {}
    for article in site.articles:
        if len(found) == PROVINCES:
            break
        province = _province_of(site, article)
        if province is not None and province.id not in found:
            found[province.id] = ProvinceNews(province.name, province.url, article)
    return tuple(found.values())


def _newest_figures(site: Site) -> tuple[NewFigure, ...]:
    """A place's own figure from each of the newest articles that have one: not a tier's, nor one
    broken down by group, nor an agency's."""
    found: list[NewFigure] = []
    for article in site.articles:
        own = next((r for r in article.figures if r.place_id and r.figure.level in _PLACE_LEVELS
                    and not r.figure.tier and not r.figure.breakdown and r.figure.period), None)
        if own is not None:
            found.append(NewFigure(article, own))
            if len(found) == FIGURES:
                break
    return tuple(found)


def _most_reported(site: Site) -> tuple[IndicatorLink, ...]:
    if site.indicators is None:
        return ()
    english = site.config.language == "en"
    entries = sorted(site.indicators.entries.values(), key=lambda e: (-len(e.reports), e.key))[:INDICATORS]
    return tuple(IndicatorLink(e.indicator.label_en if english else e.indicator.label_vi, e.url,
                               len(e.reports)) for e in entries)
