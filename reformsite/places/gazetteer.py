"""The gazetteer: every administrative unit of both eras, indexed for the place tagger and the pages.

Before 1 July 2025 Vietnam had provinces → districts → communes; since then provinces → communes.
Codes and names are reused across the two eras (province 80 was Long An and is now Tây Ninh), so
every id carries its era: "old-p-83", "old-d-838", "old-c-28918", "new-p-86", "new-c-29371".

The data comes from the ``vietnam-provinces`` package (both eras and the official old → new commune
table).  Its own search is fuzzy and slow, so we build plain dicts once per process and keep a
pickle of them, because importing the package's lookup modules alone takes a quarter of a second.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import pickle
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml

from reformsite.core import canonical_tones, nfc, quick_pickle, slugify

Era = Literal["old", "new"]
Level = Literal["province", "district", "commune"]

ERAS: tuple[Era, ...] = ("old", "new")
LEVEL_DEPTH: dict[str, int] = {"province": 0, "district": 1, "commune": 2}

# Bump when the pickled layout changes; the cache key also hashes this file and the data files.
_FORMAT = 1

# A word of a place name: letters and digits, with apostrophes inside ("H'Leo", "K' Dang").
WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ‘][^\S\n]?[^\W_]+)*")
_APOSTROPHE = re.compile(r"['’ʼ‘][^\S\n]?")

# Spelling variants the press mixes freely for highland names: Đắk Lắk, Đăk Lăk, Dak Lak.
_VARIANT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"đắk", "đăk", "đak", "dak", "đắc"}),
    frozenset({"lắk", "lăk", "lak"}),
)

# Type words as the package spells them, longest first so "thành phố" wins over a bare prefix.
_TYPE_PREFIX = re.compile(
    r"^(thành phố|thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|xã|phường)\s+", re.IGNORECASE
)


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """One word (NFC) of a name in comparison form: canonical tones, lower case, one apostrophe, "01" → "1".

    Tone placement is a per-syllable rule, so canonicalising word by word equals doing the whole
    name; the tagger relies on that to avoid canonicalising whole articles.  Cached: articles
    reuse a small vocabulary.
    """
    key = _APOSTROPHE.sub("'", canonical_tones(word).casefold())
    return str(int(key)) if key.isdigit() else key


def place_key(text: str) -> str:
    """The form in which place names are compared.

    Canonical tones and NFC (via ``text.canonical_tones``), lower case, words only: hyphens and
    their spacing do not count ("Bà Rịa - Vũng Tàu" = "Bà Rịa-Vũng Tàu"), nor do spaces after an
    apostrophe ("Ia H' Drai" = "Ia H'Drai").  The tagger builds the same key from the words it reads.
    """
    return " ".join(word_key(w) for w in WORD_RE.findall(nfc(text)))


@quick_pickle     # read from the gazetteer's pickle by every build that processes an article
@dataclass(frozen=True, slots=True)
class Place:
    id: str  # era-qualified and stable: "old-c-28918"
    era: Era
    level: Level
    type: str  # lower case: "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", …
    name: str  # without the type word, NFC, canonical tones: "Tân Thành Bình"
    code: int  # official code of its era
    parent_id: str | None
    slug: str  # URL segment, unique among its siblings

    @property
    def full_name(self) -> str:
        return f"{self.type} {self.name}"

    @property
    def depth(self) -> int:
        return LEVEL_DEPTH[self.level]


class Gazetteer:
    """Read-only index of both eras.  Build it with :func:`load_gazetteer`."""

    def __init__(
        self,
        places: dict[str, Place],
        names: dict[str, tuple[str, ...]],
        now: dict[str, tuple[str, ...]],
        formed_from: dict[str, tuple[str, ...]],
        regions: dict[str, str],
        region_order: tuple[str, ...],
        reused: frozenset[str],
    ) -> None:
        self._places = places
        self._names = names
        self._now = now
        self._from = formed_from
        self._regions = regions
        self.region_order = region_order
        self._reused = reused
        children: dict[str | None, list[str]] = defaultdict(list)
        for place in places.values():
            children[place.parent_id].append(place.id)
        self._children = {k: tuple(v) for k, v in children.items()}
        self._provinces = {
            era: tuple(p for p in self._children.get(None, ()) if places[p].era == era) for era in ERAS
        }
        self.max_name_words = max(len(k.split()) for k in names)
        self._keys = {pid: place_key(p.name) for pid, p in places.items()}
        self._lineage: dict[str, frozenset[str]] = {}  # filled lazily by lineage()

    # --- structure ---------------------------------------------------------------------------------

    def get(self, place_id: str) -> Place:
        try:
            return self._places[place_id]
        except KeyError:
            raise KeyError(f"unknown place id {place_id!r}") from None

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __len__(self) -> int:
        return len(self._places)

    def parents(self, place: Place) -> tuple[Place, ...]:
        """Province first, down to the place's direct parent; the place itself is not included."""
        chain: list[Place] = []
        parent_id = place.parent_id
        while parent_id is not None:
            parent = self._places[parent_id]
            chain.append(parent)
            parent_id = parent.parent_id
        return tuple(reversed(chain))

    def province_of(self, place: Place) -> Place:
        return self.parents(place)[0] if place.parent_id else place

    def children(self, place: Place) -> tuple[Place, ...]:
        return tuple(self._places[c] for c in self._children.get(place.id, ()))

    def provinces(self, era: Era) -> tuple[Place, ...]:
        return tuple(self._places[p] for p in self._provinces[era])

    # --- the 2025 reform ---------------------------------------------------------------------------

    def now(self, place: Place) -> tuple[Place, ...]:
        """What an old unit belongs to today.

        Old commune → its new commune(s) (a commune split between several gives several); old
        district → the new province(s) its communes went to; old province → the new province.
        A few old communes are missing from the official table: they fall back to their district's
        answer, i.e. new provinces.  New units give ().
        """
        return tuple(self._places[i] for i in self._now.get(place.id, ()))

    def formed_from(self, place: Place) -> tuple[Place, ...]:
        """New province → the old provinces merged into it; new commune → the old communes.

        Old units give ().
        """
        return tuple(self._places[i] for i in self._from.get(place.id, ()))

    def within(self, place: Place, area: Place) -> bool:
        """Whether *place* lies inside *area* (or is it), across eras through the official mapping.

        A new commune is inside an old district if one of the old communes it was formed from is;
        an old commune is inside a new province if one of the units it became is.
        """
        return area.id in self.lineage(place)

    def lineage(self, place: Place) -> frozenset[str]:
        """Ids of the place, its ancestors, and (across the 2025 reform) the units it was formed
        from or became, with their ancestors: every area the place lies in.  Cached per place,
        because the tagger intersects these sets for every candidate."""
        cached = self._lineage.get(place.id)
        if cached is None:
            ids = {place.id, *(p.id for p in self.parents(place))}
            bridge = self._from.get(place.id, ()) if place.era == "new" else self._now.get(place.id, ())
            for other in bridge:
                ids.add(other)
                ids.update(p.id for p in self.parents(self._places[other]))
            cached = self._lineage[place.id] = frozenset(ids)
        return cached

    # --- presentation ------------------------------------------------------------------------------

    def region(self, province: Place) -> str:
        """Socio-economic region of a province (or of the province a unit lies in), for either era."""
        return self._regions[self.province_of(province).id]

    def url_path(self, place: Place) -> tuple[str, ...]:
        """Slugs from the province down: ("ben-tre", "mo-cay-bac", "tan-thanh-binh")."""
        return (*(p.slug for p in self.parents(place)), place.slug)

    def display_name(self, place: Place) -> str:
        """Full name, marked "(cũ)" when a new unit of the same level now carries the same name."""
        return f"{place.full_name} (cũ)" if place.id in self._reused else place.full_name

    # --- names -------------------------------------------------------------------------------------

    def key(self, place: Place) -> str:
        """The :func:`place_key` of the place's own name, precomputed."""
        return self._keys[place.id]

    def name_keys(self) -> Iterable[str]:
        """Every name and alias key in the index."""
        return self._names.keys()

    def ids_for_key(self, key: str) -> tuple[str, ...]:
        """Place ids whose name (or an alias) has this :func:`place_key`; the tagger's hot path."""
        return self._names.get(key, ())

    def lookup(
        self, name: str, *, types: Iterable[str] | None = None, era: Era | None = None
    ) -> tuple[Place, ...]:
        """Places named exactly *name* (any case, NFC/NFD, tone placement; aliases included).

        A leading type word is understood: lookup("xã Tân Hoà") = lookup("Tân Hòa", types=["xã"]).
        """
        wanted = {t.lower() for t in types} if types is not None else None
        ids = self._names.get(place_key(name), ())
        stripped = canonical_tones(nfc(name)).strip()
        if not ids and (m := _TYPE_PREFIX.match(stripped)):
            type_word = m.group(1).lower()
            wanted = {type_word} if wanted is None else wanted & {type_word}
            ids = self._names.get(place_key(stripped[m.end() :]), ())
        found = (self._places[i] for i in ids)
        return tuple(
            p for p in found if (wanted is None or p.type in wanted) and (era is None or p.era == era)
        )


# --- building ------------------------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("reformsite").joinpath(f"data/{name}").read_text("utf-8")


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


def build_gazetteer() -> Gazetteer:
    """Build the index from the ``vietnam-provinces`` package (slow: imports its large tables)."""
    from vietnam_provinces import _province_conversion_2025 as province_table
    from vietnam_provinces import _ward_conversion_2025 as ward_table
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

    # Slugs.  Provinces of both eras share one URL namespace: new provinces take the plain slug,
    # an old province whose slug a new one uses becomes "<slug>-cu" (the press says "tỉnh … (cũ)").
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
    places = {
        p.id: Place(p.id, p.era, p.level, p.type, p.name, p.code, p.parent_id, slugs[p.id]) for p in raw
    }

    # Old → new and back, from the official tables.
    now: dict[str, tuple[str, ...]] = {}
    formed: dict[str, tuple[str, ...]] = {}
    for old_code, entry in province_table.OLD_TO_NEW.items():
        now[f"old-p-{old_code}"] = tuple(f"new-p-{n.code}" for n in entry.new_provinces)
    for new_code, entry in province_table.NEW_TO_OLD.items():
        formed[f"new-p-{new_code}"] = tuple(f"old-p-{o.code}" for o in entry.old_provinces)
    district_provinces: dict[str, set[int]] = defaultdict(set)
    for old_code, entry in ward_table.OLD_TO_NEW.items():
        old_id = f"old-c-{old_code}"
        if old_id not in places:
            continue  # communes dissolved before the package's snapshot of the old era
        new_ids = tuple(f"new-c-{n.code}" for n in entry.new_wards if f"new-c-{n.code}" in places)
        if new_ids:
            now[old_id] = new_ids
        district_provinces[places[old_id].parent_id or ""].update(n.province_code for n in entry.new_wards)
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

    # Names and aliases.
    names: dict[str, list[str]] = defaultdict(list)
    for p in places.values():
        names[place_key(p.name)].append(p.id)
    aliases = yaml.safe_load(_data_text("place_aliases.yaml"))["aliases"]
    for alias, ids in aliases.items():
        for pid in ids:
            if pid not in places:
                raise ValueError(f"place_aliases.yaml: {alias!r} names unknown id {pid}")
            names[place_key(str(alias))].append(pid)
    for key in list(names):
        for variant in _variants(key):
            names[variant].extend(names[key])
    frozen_names = {k: tuple(dict.fromkeys(v)) for k, v in names.items()}

    # Regions.
    region_data = yaml.safe_load(_data_text("regions.yaml"))
    regions: dict[str, str] = {}
    for era in ERAS:
        for region, codes in region_data[era].items():
            for code in codes:
                regions[f"{era}-p-{code}"] = region

    # Old units whose name a new unit of the same level carries (in the same area, for communes).
    new_province_names = {
        place_key(p.name) for p in places.values() if p.era == "new" and p.level == "province"
    }
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

    return Gazetteer(
        places, frozen_names, now, formed, regions, tuple(region_data["order"]), frozenset(reused)
    )


@functools.cache
def _cache_key() -> str:
    # Once per process: every article asks for the gazetteer, and hashing the data files and this
    # module each time cost 0.8 ms an article.  They do not change while a build runs.
    import vietnam_provinces

    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}:{vietnam_provinces.__version__}".encode())
    for name in ("place_aliases.yaml", "regions.yaml"):
        digest.update(_data_text(name).encode())
    digest.update(Path(__file__).read_bytes())  # a change in how we build invalidates old pickles
    return f"{vietnam_provinces.__version__}-{digest.hexdigest()[:16]}"


def load_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer, built once per process; with *cache_dir*, read from / written to a pickle there.

    The pickle is named after the ``vietnam-provinces`` version and a hash of our data files and
    this module, so upgrading either rebuilds it.  A corrupt or unreadable pickle is rebuilt.
    """
    key = _cache_key()
    if key not in _LOADED:       # every article asks; build or read the pickle once per process
        path = Path(cache_dir) / f"gazetteer-{key}.pickle" if cache_dir is not None else None
        _LOADED[key] = _load_or_build(path) if path else build_gazetteer()
    return _LOADED[key]


# In-process cache of loaded gazetteers, keyed by data version (not by folder: the data is the same).
_LOADED: dict[str, Gazetteer] = {}


def _load_or_build(path: Path) -> Gazetteer:
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, Gazetteer):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    gazetteer = build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent build never reads half a pickle.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # the cache is an optimisation; a read-only disk must not break the build
    return gazetteer
