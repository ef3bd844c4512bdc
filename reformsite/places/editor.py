"""The editor's places: a front matter list that overrides the tagger."""

from __future__ import annotations

import re
from datetime import date

from reformsite.core import canonical_tones, nfc

from .gazetteer import Gazetteer, Place, place_key
from .names import TYPE_RE, level_candidates, type_word_of
from .resolve import era_preferred
from .tags import PlaceMention, PlaceTags

# --- editor overrides ----------------------------------------------------------------------------------

_ID_RE = re.compile(r"^(old|new)-[pdc]-\d+$")


def places_from_front_matter(
    values: list[str], *, published: date, gazetteer: Gazetteer
) -> tuple[PlaceTags, list[str]]:
    """The editor's ``places:`` list: "xã X, huyện Y, tỉnh Z" chains or ids such as "old-c-28918".

    Each value names one place, most specific first; the first value is the main place.  Names
    that cannot be resolved to exactly one place come back as error messages, with the candidates.
    """
    mentions: list[PlaceMention] = []
    errors: list[str] = []
    main: str | None = None
    places: list[str] = []
    for index, value in enumerate(values, start=1):
        value = canonical_tones(nfc(str(value))).strip()
        if _ID_RE.match(value):
            if value in gazetteer:
                mentions.append(PlaceMention(value, index, 1, (value,), value, "unique"))
                places.append(value)
                main = main or value
            else:
                errors.append(f"places[{index - 1}]: unknown place id {value!r}")
            continue
        chain = _resolve_chain(value, index, published, gazetteer)
        mentions.extend(chain)
        for mention in chain:
            if mention.place_id is None:
                if mention.candidates:
                    names = ", ".join(_describe(gazetteer, c) for c in mention.candidates[:8])
                    errors.append(f"places[{index - 1}]: {mention.text!r} is ambiguous: {names}; "
                                  "add its district and province, or use an id")
                else:
                    errors.append(f"places[{index - 1}]: no place named {mention.text!r}")
            else:
                places.append(mention.place_id)
        if chain and chain[0].place_id is not None:
            main = main or chain[0].place_id
    tags = PlaceTags(main, tuple(dict.fromkeys(places)), tuple(mentions), "front matter")
    return tags, errors


def _describe(gazetteer: Gazetteer, place_id: str) -> str:
    place = gazetteer.get(place_id)
    parents = ", ".join(p.full_name for p in reversed(gazetteer.parents(place)))
    return f"{place.id} ({place.full_name}{', ' + parents if parents else ''})"


def _resolve_chain(value: str, line: int, published: date, gazetteer: Gazetteer) -> list[PlaceMention]:
    segments: list[tuple[str, int, tuple[Place, ...]]] = []
    offset = 0
    for part in value.split(","):
        start = offset + len(part) - len(part.lstrip())
        offset += len(part) + 1
        text = part.strip()
        if not text:
            continue
        name, type_word = text, None
        if (m := TYPE_RE.match(text)) is not None:
            type_word = type_word_of(m.group())
            name = text[m.end():].strip()
        ids = gazetteer.ids_for_key(place_key(name))
        if type_word:
            candidates = level_candidates(gazetteer, ids, type_word)
        else:
            candidates = tuple(map(gazetteer.get, ids))
        segments.append((text, start + 1, candidates))
    # Each segment must lie inside the ones after it; narrow from the broadest up.
    allowed: list[tuple[Place, ...]] = [c for _, _, c in segments]
    for i in range(len(allowed) - 2, -1, -1):
        outer = set(allowed[i + 1])
        if outer:
            allowed[i] = tuple(c for c in allowed[i] if any(p in outer for p in gazetteer.parents(c)))
    for i in range(1, len(allowed)):
        inner = allowed[i - 1]
        if inner:
            allowed[i] = tuple(c for c in allowed[i] if any(c in gazetteer.parents(x) for x in inner))
    mentions = []
    for (text, col, original), candidates in zip(segments, allowed, strict=True):
        preferred = era_preferred(candidates, published, None) if candidates else ()
        if len(preferred) == 1:
            how = "unique" if len(original) == 1 else ("parent-in-phrase" if len(candidates) == 1 else "era")
            ids = tuple(c.id for c in original)
            mentions.append(PlaceMention(text, line, col, ids, preferred[0].id, how))
        else:
            how = "ambiguous" if preferred else "unknown"
            ids = tuple(c.id for c in (candidates or original))
            mentions.append(PlaceMention(text, line, col, ids, None, how))
    return mentions
