"""What the tagger tells the rest of the build: the places an article names and the one it is about."""

from __future__ import annotations

from dataclasses import dataclass

from reformsite.core import quick_pickle


@quick_pickle(interned=("text",))
@dataclass(frozen=True, slots=True)
class PlaceMention:
    text: str  # as written (after NFC and canonical tones), e.g. "xã Tân Hòa"
    line: int  # 1-based line in the body; the title is line 0
    col: int  # 1-based column
    candidates: tuple[str, ...]  # place ids the name can mean
    place_id: str | None  # resolved id, or None
    # "unique", "parent-in-phrase", "article-context", "outlet", "era"; unresolved: "ambiguous", "unknown"
    how: str


@quick_pickle
@dataclass(frozen=True, slots=True)
class PlaceTags:
    main: str | None  # the most specific unit the article is about
    places: tuple[str, ...]  # every resolved place, first-mention order
    mentions: tuple[PlaceMention, ...]
    # Why the main place is the main place: "mention" (the article names it), "parent" (it holds
    # the places named), "outlet" / "url" (the paper or portal that published it), "front matter".
    main_by: str = ""

    @property
    def ambiguous(self) -> tuple[PlaceMention, ...]:
        return tuple(m for m in self.mentions if m.how == "ambiguous")

    @property
    def unresolved(self) -> tuple[PlaceMention, ...]:
        return tuple(m for m in self.mentions if m.place_id is None)
