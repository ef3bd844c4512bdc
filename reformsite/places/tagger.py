"""The place tagger: which administrative units an article names, and which one it is about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .gazetteer import Gazetteer
from .implied import generic_city, title_bare_names
from .mentions import Mention, bare_names, scan
from .names import SourceText
from .resolve import outlet_province, resolve
from .tags import PlaceMention, PlaceTags


def choose_main(raws: Sequence[Mention], gazetteer: Gazetteer) -> str | None:
    """Title mentions weigh most, then frequency in the body, then specificity, then first mention."""
    stats: dict[str, list[int]] = {}
    for order, raw in enumerate(raws):
        if raw.resolved is None:
            continue
        entry = stats.setdefault(raw.resolved.id, [0, 0, raw.resolved.depth, -order])
        entry[0 if raw.line == 0 else 1] += 1
    if not stats:
        return None
    best = max(stats, key=lambda pid: tuple(stats[pid]))
    # Prefer a unit inside the winner that the article names as often: "xã X" over "huyện Y" when
    # every "xã X" comes with ", huyện Y".
    place = gazetteer.get(best)
    inner = [pid for pid in stats if pid != best and gazetteer.within(gazetteer.get(pid), place)
             and stats[pid][:2] >= stats[best][:2]]
    if inner:
        best = max(inner, key=lambda pid: (gazetteer.get(pid).depth, tuple(stats[pid])))
    return best


def public_mention(raw: Mention) -> PlaceMention:
    return PlaceMention(
        text=raw.text,
        line=raw.line,
        col=raw.col,
        candidates=tuple(c.id for c in raw.candidates),
        place_id=raw.resolved.id if raw.resolved is not None else None,
        how=raw.how,
    )


def tag_places(
    title: str, body: str, *, source_url: str | None, published: date, gazetteer: Gazetteer
) -> PlaceTags:
    """Find, resolve and rank the places an article names.  Lines and columns are 1-based in the
    body after NFC normalisation; the title is line 0."""
    matcher = bare_names(gazetteer)
    title_text, body_text = SourceText(title, 0), SourceText(body, 1)
    raws = scan(title_text, matcher) + scan(body_text, matcher)
    resolve(raws, gazetteer, outlet_province(source_url, gazetteer), published)
    raws += title_bare_names(title_text, raws, gazetteer)
    raws += generic_city(raws, body_text, title_text)
    raws.sort(key=lambda r: (r.line, r.col))
    places = tuple(dict.fromkeys(r.resolved.id for r in raws if r.resolved is not None))
    return PlaceTags(choose_main(raws, gazetteer), places, tuple(public_mention(r) for r in raws))
