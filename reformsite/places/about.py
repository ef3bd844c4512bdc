"""Which place an article is about: its main place, chosen from the evidence the article gives.

Each name counts by where it stands (the headline most, then the lead, then the body; a masthead
names the publisher, the links after the article nothing), and a name counts for every unit
above it too: an article about a commune is also about its province.  The province is the one
with the most weight; a district or commune inside it is the main place only when the article
singles it out: in the headline, as the portal that published it, or by far the most named.

A league table (a PAR Index, SIPAS or 766 ranking) names many units with their ranks.  It is about
the publisher's unit when that is ranked, about the one unit its headline names, or else about
none of them: their common parent, or, for provinces, no province at all.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .gazetteer import Era, Gazetteer, Place
from .mentions import Mention
from .publisher import Publisher

# What a name counts for, by where it stands (see structure.Zone).
WEIGHTS = {"title": 4, "lead": 2, "body": 1, "masthead": 0, "dateline": 0, "tail": 0}
# A sub-unit is the main place when it is named at least this often, twice as often as any
# sibling, and at least as often as its parent itself.
_DOMINANT = 3
# A province named only bare, neither in the headline nor the publisher's, nor with any unit inside
# it named, is the subject only with this much weight.
_SUBJECT = 3
# In a league table, a unit the headline does not name is the subject when it weighs this much
# and twice any other ranked unit.
_LEAGUE_LEADER = 4

# A rank or a score right after a name: "đứng đầu", "xếp thứ 3/63", "(61,2%)", "ranked 4/9".
RANK_CUE = re.compile(
    # The look-ahead on the first letter lets the engine skip most positions.
    r"(?=[đĐdDxXvVqQáÁgG(rRtTlLcC]|\d{1,2}/)(?:"
    r"đứng đầu|dẫn đầu|xếp (?:thứ|hạng|cuối|sau|vị trí)|đứng (?:thứ|cuối|vị trí|ở vị trí)|"
    r"vị trí (?:thứ|số|quán quân|á quân|dẫn đầu|\d)|quán quân|á quân|giữ vị trí|"
    r"\b\d{1,2}/(?:6[23]|3[34])\b|\(\s*\d+(?:[.,]\d+)?\s*(?:%|điểm)\s*\)|"
    r"\branked\b|\btopped\b|\bled the\b|\bcame (?:first|second|third|\w+th)\b)",
    re.IGNORECASE)
# Where each kind of rank cue starts (see _cues).
_CUE_ANCHORS = ("đứng", "dẫn", "xếp", "vị trí", "quán", "á quân", "giữ", "(", "/", "ranked", "topped", "led",
                "came")
# Agencies ranked beside places in a headline: "Sở Tư pháp và thành phố Tuyên Quang dẫn đầu".
_AGENCY = re.compile(r"(?<!\w)(?:Sở|Ban|Văn phòng|Thanh tra|Công an|Bộ)\s+[A-ZĐ]")
_CLAUSE_END = re.compile(r"[;\n]|\.(?!\d)|,\s+(?:trong khi|còn|và)\b")
_CUE_REACH = 80
# Between a name and its parent in an address: "xã X, huyện Y", "xã X (huyện Y)", "xã X thuộc huyện Y".
_ADDRESS_GAP = re.compile(r"[^\S\n]*(?:,|\(|[-–—]|thuộc|of)[^\S\n]*(?:thuộc[^\S\n]+)?|[^\S\n]+")
# After a rank, the word that announces the names it ranks: "xếp cuối là Sở Y tế và UBND huyện X".
_LA = re.compile(r"(?<!\w)là(?!\w)")


@dataclass(frozen=True)
class MainPlace:
    place: Place | None
    by: str          # "mention", "parent", "outlet", "url", or "" when no place is chosen


def mark_addresses(mentions: Sequence[Mention], texts: dict[bool, str], gazetteer: Gazetteer) -> None:
    """Set .address on a name that only completes the one before it ("xã X, huyện Y": huyện Y is
    X's address, and counts through X, not again on its own)."""
    for before, after in itertools.pairwise(mentions):
        if (before.line == after.line and before.resolved is not None and after.resolved is not None
                and after.resolved.id != before.resolved.id
                and gazetteer.within(before.resolved, after.resolved)
                and _ADDRESS_GAP.fullmatch(texts[after.line == 0], before.end, after.start)):
            after.address = True


def mark_ranked(mentions: Sequence[Mention], title: str, body: str,
                wanted: Callable[[Mention], bool]) -> None:
    """Set .ranked on each *wanted* mention with a rank in its clause: after it, before the next
    name ("X xếp thứ 3/63"), or announcing it ("xếp cuối là huyện X")."""
    lines: dict[tuple[bool, int], _Clauses] = {}
    by_line = sorted(mentions, key=lambda m: (m.line != 0, m.start))
    for index, mention in enumerate(by_line):
        if not wanted(mention):
            continue
        text = title if mention.line == 0 else body
        begin = text.rfind("\n", 0, mention.start) + 1
        if (clauses := lines.get((mention.line == 0, begin))) is None:
            clauses = lines[mention.line == 0, begin] = _Clauses(text, begin)
        stop = mention.end + _CUE_REACH
        following = by_line[index + 1] if index + 1 < len(by_line) else None
        if following is not None and (following.line == 0) == (mention.line == 0):
            stop = min(stop, following.start)
        mention.ranked = clauses.rank_after(mention.end, stop) or clauses.rank_before(mention.start)


class _Clauses:
    """Where the rank cues, clause ends and "là" of one line stand, found once for its mentions."""

    def __init__(self, text: str, begin: int) -> None:
        end = text.find("\n", begin)
        end = len(text) if end < 0 else end
        cues = _cues(text, begin, end)
        self.cue_starts = [start for start, _ in cues]
        self.cue_ends = [end for _, end in cues]
        self.ends = [m.start() for m in _CLAUSE_END.finditer(text, begin, end)] + [end] if cues else []
        self.la = [m.start() for m in _LA.finditer(text, begin, end)] if cues else []

    def rank_after(self, start: int, stop: int) -> bool:
        """A cue from *start*, within *stop* and the end of the clause."""
        if not self.cue_starts:
            return False
        clause = bisect.bisect_left(self.ends, start)
        if clause < len(self.ends):
            stop = min(stop, self.ends[clause])
        first = bisect.bisect_left(self.cue_starts, start)
        return first < len(self.cue_starts) and self.cue_ends[first] <= stop

    def rank_before(self, start: int) -> bool:
        """A cue in the clause before *start*, then "là": "xếp cuối là …"."""
        if not self.cue_starts:
            return False
        clause = bisect.bisect_right(self.ends, start - 1) - 1
        begin = max(start - _CUE_REACH, self.ends[clause] + 1 if clause >= 0 else 0)
        first = bisect.bisect_left(self.cue_starts, begin)
        if first >= len(self.cue_starts) or self.cue_ends[first] > start:
            return False
        la = bisect.bisect_left(self.la, self.cue_ends[first])
        return la < len(self.la) and self.la[la] < start


def _cues(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """The rank cues of text[begin:end], tried only where one of their first words stands: a regex
    search through a long paragraph costs more than finding a few words in it."""
    lower = text[begin:end].lower()
    if len(lower) != end - begin:
        return [(m.start(), m.end()) for m in RANK_CUE.finditer(text, begin, end)]
    found = set()
    for anchor in _CUE_ANCHORS:
        at = lower.find(anchor)
        while at >= 0:
            start = begin + at
            if anchor == "/":       # a rank "9/63" starts with its digits
                while start > begin and text[start - 1].isdigit() and begin + at - start < 2:
                    start -= 1
            if (m := RANK_CUE.match(text, start, end)) is not None:
                found.add((m.start(), m.end()))
            at = lower.find(anchor, at + 1)
    return sorted(found)


def choose_main(mentions: Sequence[Mention], publisher: Publisher | None, title: str, body: str, era: Era,
                gazetteer: Gazetteer) -> MainPlace:
    evidence = _Evidence.of(mentions, era, gazetteer)
    evidence.texts = (title, body)
    if not evidence.total:
        return MainPlace(publisher.place, publisher.by) if publisher else MainPlace(None, "")
    province = _province(evidence, publisher, title, gazetteer)
    if province is None:
        return MainPlace(None, "")
    main = province
    for level in ("district", "commune") if era == "old" else ("commune",):
        inner = _inner(evidence, main, level, publisher, title, gazetteer)
        if inner is None:
            break
        main = inner
    return MainPlace(main, evidence.why(main, publisher))


@dataclass
class _Evidence:
    """Weights per unit (in the article's era), own and with every unit named inside it."""

    own: dict[str, int]
    total: dict[str, int]
    places: dict[str, Place]
    placed: list[tuple[Mention, Place]]   # each mention and its unit in the article's era
    in_title: set[str]
    named: set[str]                   # named outside the masthead and the trailing links
    typed: set[str]                   # named with a type word ("tỉnh X"), not bare
    texts: tuple[str, str] = ("", "")     # title and body, where the ranks are read
    _ranked: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, mentions: Sequence[Mention], era: Era, gazetteer: Gazetteer) -> _Evidence:
        evidence = cls(defaultdict(int), defaultdict(int), {}, [], set(), set(), set())
        for mention in mentions:
            place = mention.resolved and (gazetteer.in_era(mention.resolved, era) or mention.resolved)
            if place is None or mention.zone == "tail":
                continue
            weight = 0 if mention.address else WEIGHTS[mention.zone]
            evidence.placed.append((mention, place))
            evidence.places[place.id] = place
            evidence.own[place.id] += weight
            for unit in (*gazetteer.parents(place), place):
                evidence.places[unit.id] = unit
                evidence.total[unit.id] += weight
            if mention.zone not in ("masthead", "dateline"):
                evidence.named.add(place.id)
            if mention.zone == "title":
                evidence.in_title.add(place.id)
            if mention.type_word and weight:
                evidence.typed.add(place.id)
        evidence.total = {k: v for k, v in evidence.total.items() if v > 0}
        return evidence

    def ranked(self, level: str) -> set[str]:
        """The units of *level* named with a rank beside them; read only when two or more units
        of a level compete, which few articles need."""
        if level not in self._ranked:
            wanted = {id(m) for m, p in self.placed if p.level == level}
            mark_ranked([m for m, _ in self.placed], *self.texts, lambda m: id(m) in wanted)
            self._ranked[level] = {p.id for m, p in self.placed if p.level == level and m.ranked}
        return self._ranked[level]

    def at(self, level: str, inside: Place | None, gazetteer: Gazetteer) -> list[Place]:
        return [p for pid, p in self.places.items() if pid in self.total and p.level == level
                and (inside is None or (gazetteer.within(p, inside) and p.id != inside.id))]

    def why(self, main: Place, publisher: Publisher | None) -> str:
        if main.id in self.named and self.own.get(main.id):
            return "mention"
        if publisher is not None and publisher.place.id == main.id:
            return publisher.by
        return "parent"


def _province(evidence: _Evidence, publisher: Publisher | None, title: str,
              gazetteer: Gazetteer) -> Place | None:
    provinces = [p for p in evidence.places.values() if p.level == "province" and p.id in evidence.total]
    home_id = gazetteer.province_of(publisher.place).id if publisher else None
    home_province = next((p for p in provinces if p.id == home_id), None)
    ranked = [p for p in provinces if p.id in evidence.ranked("province")] if len(provinces) > 1 else []
    if len(ranked) >= 2:
        if home_province is not None and home_province in ranked:
            return home_province
        return _singled_out(provinces, ranked, evidence, title)
    bonus = {home_province.id: 3} if home_province else {}
    best = max(provinces, key=lambda p: evidence.total[p.id] + bonus.get(p.id, 0))
    if (best is not home_province and best.id not in evidence.in_title and best.id not in evidence.typed
            and evidence.total[best.id] == evidence.own.get(best.id) and evidence.total[best.id] < _SUBJECT):
        return None  # a bare name in passing, in a paper from elsewhere
    return best


def _singled_out(units: list[Place], ranked: list[Place], evidence: _Evidence, title: str) -> Place | None:
    """In a league table: the one unit the headline names, when it names no other subject; else
    the ranked unit the article names far more than any other."""
    in_title = [p for p in units if p.id in evidence.in_title]
    if in_title:
        return in_title[0] if len(in_title) == 1 and not _AGENCY.search(title) else None
    ranked = sorted(ranked, key=lambda p: -evidence.total[p.id])
    best, runner_up = evidence.total[ranked[0].id], evidence.total[ranked[1].id]
    return ranked[0] if best >= _LEAGUE_LEADER and best >= 2 * runner_up else None


def _inner(evidence: _Evidence, area: Place, level: str, publisher: Publisher | None, title: str,
           gazetteer: Gazetteer) -> Place | None:
    """The unit of *level* inside *area* that the article singles out, if any."""
    units = evidence.at(level, area, gazetteer)
    home = _publisher_unit(publisher, area, level, gazetteer)
    if home is not None and (home.id in evidence.named or not evidence.in_title):
        return home
    if not units:
        return None
    # Leagues are read among provinces and districts; a commune is singled out by the headline or by
    # being far the most named, which a table of communes never makes one.
    competing = len(units) > 1 and level == "district"
    ranked = [u for u in units if u.id in evidence.ranked(level)] if competing else []
    if len(ranked) >= 2:
        return _singled_out(units, ranked, evidence, title)
    titled = [u for u in units if u.id in evidence.in_title]
    if len(titled) == 1:
        return titled[0]
    units.sort(key=lambda u: -evidence.total[u.id])
    best = units[0]
    runner_up = evidence.total[units[1].id] if len(units) > 1 else 0
    weight, area_own = evidence.total[best.id], evidence.own.get(area.id, 0)
    alone = runner_up == 0 and weight > area_own     # the only unit named inside, more than the area
    if alone or (weight >= _DOMINANT and weight >= 2 * runner_up and weight >= area_own):
        return best
    return None


def _publisher_unit(publisher: Publisher | None, area: Place, level: str,
                    gazetteer: Gazetteer) -> Place | None:
    """The publisher's unit of *level* inside *area*: the portal's own district or commune."""
    if publisher is None:
        return None
    for unit in (*gazetteer.parents(publisher.place), publisher.place):
        if unit.level == level and gazetteer.within(unit, area) and unit.id != area.id:
            return unit
    return None
