"""Building the gazetteer from the official data of the ``vietnam-provinces`` package, with
``data/place_aliases.yaml`` for what that data lacks: names the press uses, and the names units bore
before the last day of the old era it describes.

The package's own search is fuzzy and slow, so its tables are read once into plain dicts (see
gazetteer.load_gazetteer for the pickle that keeps them between builds).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator
from types import ModuleType

import yaml

from reformsite.core import canonical_tones, nfc, slugify

from .gazetteer import ERAS, Era, FormerName, Gazetteer, Level, Place, data_text, place_key

# Spelling variants the press mixes freely for highland names: Đắk Lắk, Đăk Lăk, Dak Lak.
_VARIANT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"đắk", "đăk", "đak", "dak", "đắc"}),
    frozenset({"lắk", "lăk", "lak"}),
)
Links = dict[str, tuple[str, ...]]


def build_gazetteer() -> Gazetteer:
    """Build the index from the ``vietnam-provinces`` package (slow: imports its large tables)."""
    raw = _official_units()
    slugs = _slugs(raw)
    places = {p.id: Place(p.id, p.era, p.level, p.type, p.name, p.code, p.parent_id, slugs[p.id])
              for p in raw}
    now, formed = _reform_links(places)
    extra = yaml.safe_load(data_text("place_aliases.yaml"))
    former = _former_names(extra.get("former") or [], places)
    names = _name_index(places, extra["aliases"], former)
    regions, order = _regions()
    return Gazetteer(places, names, now, formed, regions, order, _reused_names(places, now), former)


def _official_units() -> list[Place]:
    """Every unit of both eras, slugs not yet given."""
    from vietnam_provinces._lookup import PROVINCE_MAPPING as NEW_PROVINCES
    from vietnam_provinces._lookup import WARD_MAPPING as NEW_WARDS
    from vietnam_provinces.legacy._lookup import DISTRICT_MAPPING as OLD_DISTRICTS
    from vietnam_provinces.legacy._lookup import PROVINCE_MAPPING as OLD_PROVINCES
    from vietnam_provinces.legacy._lookup import WARD_MAPPING as OLD_WARDS

    raw: list[Place] = []

    def add(pid: str, era: Era, level: Level, unit: object, code: int, parent: str | None) -> None:
        type_word, name = _split_type(unit.name, unit.division_type)  # type: ignore[attr-defined]
        raw.append(Place(pid, era, level, type_word, name, code, parent, ""))

    for code, p in OLD_PROVINCES.items():
        add(f"old-p-{code}", "old", "province", p, code, None)
    for code, d in OLD_DISTRICTS.items():
        add(f"old-d-{code}", "old", "district", d, code, f"old-p-{d.province_code.value}")
    for code, w in OLD_WARDS.items():
        add(f"old-c-{code}", "old", "commune", w, code, f"old-d-{w.district_code.value}")
    for code, p in NEW_PROVINCES.items():
        add(f"new-p-{code}", "new", "province", p, code, None)
    for code, w in NEW_WARDS.items():
        add(f"new-c-{code}", "new", "commune", w, code, f"new-p-{w.province_code.value}")
    return raw


def _split_type(raw_name: str, division_type: str) -> tuple[str, str]:
    """("Thành Phố Bắc Kạn", "thành phố") → ("thành phố", "Bắc Kạn"); the package's case varies."""
    type_word = "thành phố" if division_type == "thành phố trung ương" else str(division_type)
    name = nfc(raw_name).strip()
    if name.lower().startswith(type_word + " "):
        name = name[len(type_word) + 1 :]
    # Proper names capitalise every word; the data has slips ("xã Ya ly") that the press does not
    # copy and that would keep the tagger, which reads capitalised words, from finding the place.
    words = [w[:1].upper() + w[1:] if w[:1].islower() else w for w in name.split()]
    return type_word, canonical_tones(" ".join(words))


def _slugs(raw: list[Place]) -> dict[str, str]:
    """URL segments.  Provinces of both eras share one namespace: new provinces take the plain
    slug, an old province whose slug a new one uses becomes "<slug>-cu" (the press says "(cũ)")."""
    slugs: dict[str, str] = {}
    new_province_slugs = {slugify(p.name) for p in raw if p.level == "province" and p.era == "new"}
    for p in raw:
        if p.level == "province":
            plain = slugify(p.name)
            slugs[p.id] = plain if p.era == "new" or plain not in new_province_slugs else f"{plain}-cu"
    siblings: dict[str, list[Place]] = defaultdict(list)
    for p in raw:
        if p.parent_id is not None:
            siblings[p.parent_id].append(p)
    for group in siblings.values():
        slugs.update(_sibling_slugs(group))
    return slugs


def _sibling_slugs(places: list[Place]) -> dict[str, str]:
    """Plain slug unless two siblings share it; then type-prefixed, then code-suffixed if still equal."""
    plain = defaultdict(list)
    for p in places:
        plain[slugify(p.name)].append(p)
    slugs: dict[str, str] = {}
    for slug, group in plain.items():
        if len(group) == 1:
            slugs[group[0].id] = slug
            continue
        typed = defaultdict(list)
        for p in group:
            typed[f"{slugify(p.type)}-{slug}"].append(p)
        for typed_slug, same in typed.items():
            for p in same:
                slugs[p.id] = typed_slug if len(same) == 1 else f"{typed_slug}-{p.code}"
    return slugs


def _reform_links(places: dict[str, Place]) -> tuple[Links, Links]:
    """Old → new ("now") and new → old ("formed from"), from the official tables: provinces by the
    province table, communes by the ward table, and an old district by where its communes went."""
    from vietnam_provinces import _province_conversion_2025 as province_table
    from vietnam_provinces import _ward_conversion_2025 as ward_table

    now: dict[str, tuple[str, ...]] = {}
    formed: dict[str, tuple[str, ...]] = {}
    for old_code, entry in province_table.OLD_TO_NEW.items():
        now[f"old-p-{old_code}"] = tuple(f"new-p-{n.code}" for n in entry.new_provinces)
    for new_code, entry in province_table.NEW_TO_OLD.items():
        formed[f"new-p-{new_code}"] = tuple(f"old-p-{o.code}" for o in entry.old_provinces)
    district_provinces = _communes_now(ward_table, places, now)
    for new_code, entry in ward_table.NEW_TO_OLD.items():
        new_id = f"new-c-{new_code}"
        if new_id in places:
            formed[new_id] = tuple(f"old-c-{o.code}" for o in entry.old_wards if f"old-c-{o.code}" in places)
    for p in places.values():
        if p.era == "old" and p.level == "district":
            codes = sorted(district_provinces.get(p.id, ()))
            now[p.id] = tuple(f"new-p-{c}" for c in codes) or now.get(p.parent_id or "", ())
    for p in places.values():
        if p.era == "old" and p.level == "commune" and p.id not in now:
            now[p.id] = now.get(p.parent_id or "", ())
    return now, formed


def _communes_now(ward_table: ModuleType, places: dict[str, Place],
                  now: dict[str, tuple[str, ...]]) -> dict[str, set[int]]:
    """Fill *now* for old communes; return, per old district, the codes of the new provinces its
    communes went to."""
    district_provinces: dict[str, set[int]] = defaultdict(set)
    for old_code, entry in ward_table.OLD_TO_NEW.items():
        old_id = f"old-c-{old_code}"
        if old_id not in places:
            continue  # communes dissolved before the package's snapshot of the old era
        new_ids = tuple(f"new-c-{n.code}" for n in entry.new_wards if f"new-c-{n.code}" in places)
        if new_ids:
            now[old_id] = new_ids
        district_provinces[places[old_id].parent_id or ""].update(n.province_code for n in entry.new_wards)
    return district_provinces


def _former_names(entries: list[dict], places: dict[str, Place]) -> dict[str, tuple[FormerName, ...]]:
    """Names units bore before the last old-era changes, oldest first per unit."""
    former: dict[str, list[FormerName]] = defaultdict(list)
    for entry in entries:
        if entry["id"] not in places:
            raise ValueError(f"place_aliases.yaml: former name {entry['name']!r} of unknown id {entry['id']}")
        until = entry["until"]
        until = until if isinstance(until, dt.date) else dt.date.fromisoformat(str(until))
        former[entry["id"]].append(FormerName(entry["type"], canonical_tones(nfc(entry["name"])), until))
    return {pid: tuple(sorted(names, key=lambda f: f.until)) for pid, names in former.items()}


def _name_index(places: dict[str, Place], aliases: dict, former: dict[str, tuple[FormerName, ...]]
                ) -> dict[str, tuple[str, ...]]:
    """place_key → ids: every unit's name, former names, aliases, and their spelling variants."""
    names: dict[str, list[str]] = defaultdict(list)
    for p in places.values():
        names[place_key(p.name)].append(p.id)
    for pid, earlier in former.items():
        for name in earlier:
            names[place_key(name.name)].append(pid)
    for alias, ids in aliases.items():
        for pid in ids:
            if pid not in places:
                raise ValueError(f"place_aliases.yaml: {alias!r} names unknown id {pid}")
            names[place_key(str(alias))].append(pid)
    for key in list(names):
        for variant in _variants(key):
            names[variant].extend(names[key])
    return {k: tuple(dict.fromkeys(v)) for k, v in names.items()}


def _variants(key: str) -> Iterator[str]:
    """Other spellings of a key: Đắk/Đăk/Dak, Lắk/Lăk/Lak."""
    words = key.split()
    options = []
    for w in words:
        group = next((g for g in _VARIANT_GROUPS if w in g), None)
        options.append(sorted(group) if group else [w])
    if all(len(o) == 1 for o in options):
        return
    for combo in itertools.product(*options):
        variant = " ".join(combo)
        if variant != key:
            yield variant


def _regions() -> tuple[dict[str, str], tuple[str, ...]]:
    region_data = yaml.safe_load(data_text("regions.yaml"))
    regions: dict[str, str] = {}
    for era in ERAS:
        for region, codes in region_data[era].items():
            for code in codes:
                regions[f"{era}-p-{code}"] = region
    return regions, tuple(region_data["order"])


def _reused_names(places: dict[str, Place], now: Links) -> frozenset[str]:
    """Old units whose name a new unit of the same level carries (in the same area, for communes):
    their pages say "(cũ)"."""
    new_province_names = {place_key(p.name) for p in places.values()
                          if p.era == "new" and p.level == "province"}
    new_commune_names: dict[str, set[str]] = defaultdict(set)
    for p in places.values():
        if p.era == "new" and p.level == "commune":
            new_commune_names[p.parent_id or ""].add(place_key(p.name))
    reused: set[str] = set()
    for p in places.values():
        if p.era != "old":
            continue
        key = place_key(p.name)
        if p.level == "province" and key in new_province_names:
            reused.add(p.id)
        elif p.level == "commune":
            province = p.id
            while places[province].parent_id:
                province = places[province].parent_id or ""
            if any(key in new_commune_names[n] for n in now.get(province, ())):
                reused.add(p.id)
    return frozenset(reused)
