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
import os
import pickle
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

from reformsite.core import canonical_tones, fold_diacritics, nfc, quick_pickle

Era = Literal["old", "new"]
Level = Literal["province", "district", "commune"]

ERAS: tuple[Era, ...] = ("old", "new")
LEVEL_DEPTH: dict[str, int] = {"province": 0, "district": 1, "commune": 2}

# Bump when the pickled layout changes; the cache key also hashes this file and the data files.
_FORMAT = 1

# A word of a place name: letters and digits, with apostrophes inside ("H'Leo", "K' Dang").
WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ‘][^\S\n]?[^\W_]+)*")
_APOSTROPHE = re.compile(r"['’ʼ‘][^\S\n]?")


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


@dataclass(frozen=True, slots=True)
class FormerName:
    """A name a unit bore until *until* (the first day of the next one), e.g. old-p-46 was
    "tỉnh Thừa Thiên Huế" until 2025-01-01."""

    type: str
    name: str
    until: date


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
        former: dict[str, tuple[FormerName, ...]],
    ) -> None:
        self._places = places
        self._former = former
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
        self._folded: dict[str, tuple[str, ...]] | None = None  # made by folded_ids() when first asked

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

    def in_era(self, place: Place, era: Era) -> Place | None:
        """The unit itself, or the one unit of *era* it is part of or was formed from: an old
        province → its new province; an old commune → its new commune, or, split between several,
        their province; None when the table gives no single answer."""
        if place.era == era:
            return place
        other = self.now(place) if era == "new" else self.formed_from(place)
        if len(other) == 1:
            return other[0]
        provinces = {self.province_of(p).id for p in other}
        return self._places[provinces.pop()] if len(provinces) == 1 and era == "new" else None

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

    def name_at(self, place: Place, day: date) -> tuple[str, str]:
        """(type, name) of the unit on *day*: a former name before its end, else today's."""
        for former in self._former.get(place.id, ()):
            if day < former.until:
                return former.type, former.name
        return place.type, place.name

    def has_type(self, place: Place, type_word: str) -> bool:
        """Whether the unit is, or was, of that type ("thành phố", and before 2025 "tỉnh", for Huế)."""
        return place.type == type_word or any(f.type == type_word for f in self._former.get(place.id, ()))

    def named_then(self, place: Place, key: str, day: date) -> bool:
        """Whether *key* (a :func:`place_key`) was the unit's name on *day*, for a unit whose name
        changed; any name of a unit that never changed it is taken."""
        if place.id not in self._former:
            return True
        current = self._keys[place.id]
        names = {current, *(place_key(f.name) for f in self._former[place.id])}
        return key not in names or place_key(self.name_at(place, day)[1]) == key

    def folded_ids(self, key: str) -> tuple[str, ...]:
        """Place ids whose name or alias reads *key* once diacritics are dropped and đ is d:
        "phu giao" (English text), or with its spaces dropped too, "phugiao" (host names)."""
        if self._folded is None:
            folded: dict[str, list[str]] = defaultdict(list)
            for name, ids in self._names.items():
                plain = fold_diacritics(name)
                folded[plain].extend(ids)
                folded[plain.replace(" ", "")].extend(ids)
            self._folded = {k: tuple(dict.fromkeys(v)) for k, v in folded.items()}
        return self._folded.get(key, ())

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


def data_text(name: str) -> str:
    """A data file of the package (reformsite/data/)."""
    return resources.files("reformsite").joinpath(f"data/{name}").read_text("utf-8")


@functools.cache
def _cache_key() -> str:
    # Once per process: every article asks for the gazetteer, and the data files and this module do
    # not change while a build runs, so hashing them again would only cost time.
    import vietnam_provinces

    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}:{vietnam_provinces.__version__}".encode())
    for name in ("place_aliases.yaml", "regions.yaml"):
        digest.update(data_text(name).encode())
    for module in ("gazetteer.py", "official.py"):   # a change in how we build invalidates old pickles
        digest.update(Path(__file__).with_name(module).read_bytes())
    return f"{vietnam_provinces.__version__}-{digest.hexdigest()[:16]}"


def load_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer, built once per process; with *cache_dir*, read from / written to a pickle there.

    The pickle is named after the ``vietnam-provinces`` version and a hash of our data files and
    this module, so upgrading either rebuilds it.  A corrupt or unreadable pickle is rebuilt.
    """
    key = _cache_key()
    if key not in _LOADED:       # every article asks; build or read the pickle once per process
        path = Path(cache_dir) / f"gazetteer-{key}.pickle" if cache_dir is not None else None
        _LOADED[key] = _load_or_build(path) if path else _build()
    return _LOADED[key]


# In-process cache of loaded gazetteers, keyed by data version (not by folder: the data is the same).
_LOADED: dict[str, Gazetteer] = {}


def _build() -> Gazetteer:
    from .official import build_gazetteer  # imports the package's large tables: only when needed

    return build_gazetteer()


def _load_or_build(path: Path) -> Gazetteer:
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, Gazetteer):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    gazetteer = _build()
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
