"""Narrowing ambiguous names: twenty communes are called Tân Hòa.

Strongest evidence first: a parent named in the same phrase, the article's other places, the
outlet's province, the era of the publication date.  When that is not enough the mention keeps its
candidates and stays unresolved: a wrong locality is worse than none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from .gazetteer import Era, Gazetteer, Place
from .mentions import Mention
from .names import REFORM_DATE, era_of
from .outlets import outlet_for_url

# --- resolution ----------------------------------------------------------------------------------------


def era_preferred(candidates: Sequence[Place], published: date, note: Era | None) -> tuple[Place, ...]:
    era: Era = note or ("old" if published < REFORM_DATE else "new")
    preferred = tuple(c for c in candidates if c.era == era)
    return preferred or tuple(candidates)


def narrow(
    raw: Mention, steps: Sequence[tuple[str, Callable[[Place], bool] | None]], published: date
) -> None:
    """Apply the filters in order; the one that leaves a single (era-preferred) candidate names the how."""
    candidates = raw.candidates
    if len(candidates) == 1:
        raw.resolved, raw.how = candidates[0], "unique"
        return
    for how, keep in steps:
        if keep is None:
            continue
        narrowed = tuple(c for c in candidates if keep(c))
        if not narrowed or len(narrowed) == len(candidates):
            continue
        candidates = narrowed
        preferred = era_preferred(candidates, published, raw.era_note)
        if len(preferred) == 1:
            raw.resolved, raw.how = preferred[0], how
            return
    preferred = era_preferred(candidates, published, raw.era_note)
    if len(preferred) == 1:
        raw.resolved, raw.how = preferred[0], "era"
    else:
        raw.resolved, raw.how = None, "ambiguous"


def context_filter(
    gazetteer: Gazetteer, anchors: Sequence[Place], candidates: Sequence[Place]
) -> Callable[[Place], bool] | None:
    """Keep candidates related to (inside, or containing) the article's other resolved places.

    The most specific anchors that relate to any candidate decide; broader ones count only when
    no narrower one does, so "huyện Châu Thành" settles a Tân Hòa before "tỉnh Bến Tre" would.
    """
    for depth in sorted({a.depth for a in anchors}, reverse=True):
        group = [a for a in anchors if a.depth == depth]
        group_ids = {a.id for a in group}
        # Areas the anchors lie in, to catch a candidate that contains an anchor.
        around = set().union(*(gazetteer.lineage(a) for a in group))

        def related(c: Place, group_ids: set[str] = group_ids, around: set[str] = around) -> bool:
            return c.id in around or not group_ids.isdisjoint(gazetteer.lineage(c))

        if any(related(c) for c in candidates):
            return related
    return None


def names_of_the_day(raws: list[Mention], published: date, gazetteer: Gazetteer) -> list[Mention]:
    """The mentions read with the names units bore when the article was published: "thành phố
    Huế" in 2020 is the city inside tỉnh Thừa Thiên Huế, not the province Huế became in 2025.  A
    bare province name that named no province that day is not a mention."""
    kept = []
    era = era_of(published)
    for raw in raws:
        then = tuple(c for c in raw.candidates if gazetteer.named_then(c, raw.key, published))
        if len(then) < len(raw.candidates):
            # The units of the other era took the name over from those: no older claim to it.
            then = tuple(c for c in then if c.era == era)
            if not then and raw.type_word is None:
                continue
            raw.candidates = then or raw.candidates
        kept.append(raw)
    return kept


def resolve(raws: list[Mention], gazetteer: Gazetteer, outlet_province: Place | None,
            published: date) -> None:
    outlet_filter = (lambda c: gazetteer.within(c, outlet_province)) if outlet_province else None
    # An article repeats the same names many times: mentions with the same candidates, phrase and
    # era mark get the same answer in a round, so each is worked out once.
    Memo = dict[tuple[tuple[str, ...], object, Era | None], tuple[Place | None, str]]

    def memo_key(raw: Mention) -> tuple[tuple[str, ...], object, Era | None]:
        return tuple(c.id for c in raw.candidates), raw.phrase, raw.era_note

    # Round 1: what needs no help from the rest of the article.
    first: Memo = {}
    for raw in raws:
        if not raw.candidates:
            raw.how = "unknown"
            continue
        key = memo_key(raw)
        if key not in first:
            narrow(raw, [("parent-in-phrase", raw.parent_filter)], published)
            first[key] = (raw.resolved, raw.how) if raw.how not in ("era", "ambiguous") else (None, "")
        raw.resolved, raw.how = first[key]
    # Rounds 2 and 3: the article's other places, then the outlet and the era.  Places resolved in
    # round 2 become context for what is still open in round 3.
    for _ in range(2):
        anchors = list({r.resolved.id: r.resolved for r in raws if r.resolved is not None}.values())
        done: Memo = {}
        for raw in raws:
            if raw.resolved is not None or not raw.candidates:
                continue
            key = memo_key(raw)
            if key in done:
                raw.resolved, raw.how = done[key]
                continue
            own = set(key[0])
            chosen = context_filter(gazetteer, [a for a in anchors if a.id not in own], raw.candidates)
            steps = [
                ("parent-in-phrase", raw.parent_filter),
                ("article-context", chosen),
                ("outlet", outlet_filter),
            ]
            narrow(raw, steps, published)
            done[key] = (raw.resolved, raw.how)


def outlet_province(source_url: str | None, gazetteer: Gazetteer) -> Place | None:
    outlet = outlet_for_url(source_url)
    if outlet is None or outlet.province is None:
        return None
    found = gazetteer.lookup(outlet.province, era="old")
    provinces = [p for p in found if p.level == "province"]
    return provinces[0] if len(provinces) == 1 else None
