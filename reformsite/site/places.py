"""The places taxonomy of the site: which places get a page, their articles, and how they relate.

An article is *about* its main place and every parent of it (a commune article also belongs to its
district and province).  It *mentions* the other places it names.  Only places with articles about
them, or mentioning them, get a page, plus their parents so breadcrumbs always lead somewhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reformsite.places import Gazetteer, Place

from .model import Article


@dataclass(frozen=True)
class PlaceEntry:
    place: Place
    url: str                           # "/dia-phuong/ben-tre/mo-cay-bac/"
    name: str                          # display name: "huyện Mỏ Cày Bắc", "tỉnh Vĩnh Long (cũ)"
    articles: tuple[Article, ...]      # about this place, newest first
    mentioned: tuple[Article, ...]     # naming it without being about it, newest first
    parents: tuple[str, ...]           # ids, province first
    children: tuple[str, ...]          # ids of sub-units that have pages, by name
    now: tuple[Place, ...]             # old unit: the new units it belongs to today
    formed_from: tuple[Place, ...]     # new unit: the old units it was formed from

    @property
    def id(self) -> str:
        return self.place.id

    @property
    def count(self) -> int:
        """Articles about the place or naming it."""
        return len(self.articles) + len(self.mentioned)


@dataclass(frozen=True)
class PlaceIndex:
    gazetteer: Gazetteer
    entries: dict[str, PlaceEntry]     # id → entry, provinces first, then by URL

    def url(self, place_id: str) -> str | None:
        entry = self.entries.get(place_id)
        return entry.url if entry else None

    def entry(self, place_id: str) -> PlaceEntry:
        return self.entries[place_id]

    def provinces_by_era(self) -> list[tuple[str, list[tuple[str, list[PlaceEntry]]]]]:
        """Provinces with pages by era, today's units first, each era's grouped by region north
        to south: [("new", [(region, entries), …]), ("old", …)]."""
        by_era: dict[str, dict[str, list[PlaceEntry]]] = {"new": defaultdict(list), "old": defaultdict(list)}
        for entry in self.entries.values():
            if entry.place.level == "province":
                by_era[entry.place.era][self.gazetteer.region(entry.place)].append(entry)
        order = {name: i for i, name in enumerate(self.gazetteer.region_order)}

        def north_to_south(groups: dict[str, list[PlaceEntry]]) -> list[tuple[str, list[PlaceEntry]]]:
            regions = sorted(groups, key=lambda region: (order.get(region, 99), region))
            return [(region, sorted(groups[region], key=lambda e: e.place.slug)) for region in regions]

        return [(era, north_to_south(groups)) for era, groups in by_era.items() if groups]

    def label(self, place: Place) -> str:
        """"xã Tân Thành Bình, tỉnh Vĩnh Long": a unit with its province, for "now part of" lines."""
        parents = self.gazetteer.parents(place)
        return place.full_name + (f", {parents[0].full_name}" if parents else "")

    def chain(self, place_id: str) -> list[PlaceEntry]:
        """The entry and its parents, province first: for breadcrumbs and "xã X, huyện Y, tỉnh Z"."""
        entry = self.entries[place_id]
        return [self.entries[p] for p in entry.parents] + [entry]


def place_url(gazetteer: Gazetteer, place: Place, prefix: str) -> str:
    return prefix + "/".join(gazetteer.url_path(place)) + "/"


def build_place_index(articles: Sequence[Article], gazetteer: Gazetteer, prefix: str) -> PlaceIndex:
    about: dict[str, list[Article]] = defaultdict(list)
    mentioned: dict[str, list[Article]] = defaultdict(list)
    for article in articles:                      # newest first already
        tags = article.places
        if tags is None:
            continue
        own: set[str] = set()
        if tags.main:
            main = gazetteer.get(tags.main)
            own = {main.id, *(p.id for p in gazetteer.parents(main))}
            for place_id in sorted(own):
                about[place_id].append(article)
        for place_id in tags.places:
            if place_id not in own:
                mentioned[place_id].append(article)
                own.add(place_id)
    with_pages: set[str] = set()
    for place_id in set(about) | set(mentioned):
        place = gazetteer.get(place_id)
        with_pages.update((place_id, *(p.id for p in gazetteer.parents(place))))
    entries: dict[str, PlaceEntry] = {}
    ordered = sorted(with_pages, key=lambda pid: (gazetteer.get(pid).depth, place_url(
        gazetteer, gazetteer.get(pid), prefix)))
    children: dict[str, list[str]] = defaultdict(list)
    for place_id in ordered:
        parent = gazetteer.get(place_id).parent_id
        if parent is not None:
            children[parent].append(place_id)
    for place_id in ordered:
        place = gazetteer.get(place_id)
        entries[place_id] = PlaceEntry(
            place=place,
            url=place_url(gazetteer, place, prefix),
            name=gazetteer.display_name(place),
            articles=tuple(about.get(place_id, ())),
            mentioned=tuple(mentioned.get(place_id, ())),
            parents=tuple(p.id for p in gazetteer.parents(place)),
            children=tuple(sorted(children.get(place_id, ()), key=lambda c: gazetteer.get(c).slug)),
            now=gazetteer.now(place),
            formed_from=gazetteer.formed_from(place),
        )
    return PlaceIndex(gazetteer, entries)


def place_json(index: PlaceIndex, place: Place, absolute, day: date | None = None) -> dict[str, Any]:
    """The shape of a place in /data/articles.json (DESIGN §8), named as on *day* (an article's
    date: tỉnh Thừa Thiên Huế in 2020, thành phố Huế since 2025)."""
    gazetteer = index.gazetteer
    url = index.url(place.id)
    type_word, name = gazetteer.name_at(place, day) if day else (place.type, place.name)
    return {
        "name": name,
        "type": type_word,
        "code": place.code,
        "era": place.era,
        "id": place.id,
        "url": absolute(url) if url else None,
        "now": [_brief(index, p, absolute) for p in gazetteer.now(place)],
    }


def _brief(index: PlaceIndex, place: Place, absolute) -> dict[str, Any]:
    url = index.url(place.id)
    parents = index.gazetteer.parents(place)
    return {"name": place.name, "type": place.type, "code": place.code, "era": place.era, "id": place.id,
            "url": absolute(url) if url else None,
            "province": parents[0].name if parents else None}


# Why a place named in the text was resolved to its unit (PlaceMention.how → the open data's "by").
_BY_HOW = {"unique": "mention", "era": "mention", "parent-in-phrase": "parent", "article-context": "context",
           "outlet": "outlet"}


def article_places_json(index: PlaceIndex | None, article: Article, absolute) -> dict[str, Any]:
    """province / district / commune / places of one article for /data/articles.json, each with
    "by": why it was chosen (mention, parent, context, outlet, url, front matter).  The district
    of a commune the article is about is given when the article names it."""
    empty: dict[str, Any] = {"province": None, "district": None, "commune": None, "places": []}
    tags = article.places
    if index is None or tags is None:
        return empty
    gazetteer = index.gazetteer
    day = article.date.date()
    edited = tags.main_by == "front matter"
    result = dict(empty)
    if tags.main:
        main = gazetteer.get(tags.main)
        for place in (*gazetteer.parents(main), main):
            named = place.id in tags.places
            if place.level == "district" and place is not main and not (named or edited):
                continue  # a commune's district that the article never names is not what it is about
            by = "front matter" if edited else (
                "mention" if named else tags.main_by if place is main else "parent")
            result[place.level] = {**place_json(index, place, absolute, day), "by": by}
    result["places"] = _named_places(index, tags, absolute, day, edited)
    return result


def _named_places(index: PlaceIndex, tags, absolute, day: date, edited: bool) -> list[dict[str, Any]]:
    gazetteer = index.gazetteer
    places: list[dict[str, Any]] = []
    seen: set[str] = set()
    for mention in tags.mentions:
        if mention.place_id is not None:
            if mention.place_id in seen:
                continue
            seen.add(mention.place_id)
            place = gazetteer.get(mention.place_id)
            by = "front matter" if edited else _BY_HOW.get(mention.how, "mention")
            places.append({**place_json(index, place, absolute, day), "ambiguous": False, "by": by})
        elif mention.candidates:
            key = "?" + mention.text
            if key in seen:
                continue
            seen.add(key)
            places.append({"name": mention.text, "type": None, "code": None, "era": None, "id": None,
                           "url": None, "now": [], "ambiguous": True, "by": None,
                           "candidates": [_brief(index, gazetteer.get(c), absolute)
                                          for c in mention.candidates]})
    return places


def main_chain(index: PlaceIndex | None, article: Article) -> list[PlaceEntry]:
    """The article's main place and its parents, province first ([] when untagged)."""
    if index is None or article.places is None or not article.places.main:
        return []
    return index.chain(article.places.main)


def ids_with_pages(index: PlaceIndex, ids: Iterable[str]) -> list[PlaceEntry]:
    return [index.entries[i] for i in ids if i in index.entries]
