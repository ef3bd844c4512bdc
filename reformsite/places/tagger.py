"""The place tagger: which administrative units an article names, and which one it is about."""

from __future__ import annotations

from datetime import date

from reformsite.core import guess_language

from .about import choose_main, mark_addresses
from .english import scan_english
from .gazetteer import Gazetteer
from .implied import generic_city, title_bare_names
from .mentions import Mention, bare_names, scan
from .names import SourceText, era_of
from .publisher import publisher_of
from .resolve import names_of_the_day, resolve
from .structure import DATELINE, article_shape
from .tags import PlaceMention, PlaceTags


def english_mentions(title: SourceText, body: SourceText, found: list[Mention],
                     gazetteer: Gazetteer) -> list[Mention]:
    """English names in the title and the body, outside the typed Vietnamese mentions found: an
    English type word after a name ("Bắc Giang Ward") says more than the name alone."""
    taken = {0: [(m.start, m.end) for m in found if m.line == 0],
             1: [(m.start, m.end) for m in found if m.line != 0]}
    return scan_english(title, gazetteer, taken[0]) + scan_english(body, gazetteer, taken[1])


def _overlaps(mention: Mention, others: list[Mention]) -> bool:
    return any(o.line == mention.line and o.start < mention.end and mention.start < o.end for o in others)


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
    title: str, body: str, *, source_url: str | None, published: date, gazetteer: Gazetteer,
    language: str | None = None,
) -> PlaceTags:
    """Find, resolve and rank the places an article names.  Lines and columns are 1-based in the
    body after NFC normalisation; the title is line 0.  *language* ("vi", "en") is guessed from
    the text when not given: English text is read for English names too."""
    matcher = bare_names(gazetteer)
    title_text, body_text = SourceText(title, 0), SourceText(body, 1)
    publisher = publisher_of(source_url, published, gazetteer)
    home = gazetteer.province_of(publisher.place) if publisher else None
    raws = scan(title_text, matcher) + scan(body_text, matcher)
    if (language or guess_language(title + "\n" + body)) == "en":
        english = english_mentions(title_text, body_text, [r for r in raws if r.type_word], gazetteer)
        raws = [r for r in raws if not _overlaps(r, english)] + english
    raws = names_of_the_day(raws, published, gazetteer)
    resolve(raws, gazetteer, home, published)
    raws += title_bare_names(title_text, raws, gazetteer)
    raws += generic_city(raws, body_text, title_text, published, gazetteer)
    shape = article_shape(title_text.text, body_text.text)
    for raw in raws:
        raw.zone = shape.zone(raw.line)
        if raw.col == 1 and raw.line and DATELINE.match(body_text.text, raw.end):
            raw.zone = "dateline"
    raws = sorted((r for r in raws if r.zone != "tail"), key=lambda r: (r.line, r.col))
    mark_addresses(raws, {True: title_text.text, False: body_text.text}, gazetteer)
    main = choose_main(raws, publisher, title_text.text, body_text.text, era_of(published), gazetteer)
    places = dict.fromkeys(r.resolved.id for r in raws if r.resolved is not None)
    return PlaceTags(main.place.id if main.place else None, tuple(places),
                     tuple(public_mention(r) for r in raws), main.by)
