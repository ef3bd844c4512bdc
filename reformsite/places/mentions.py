"""Finding place names in a text: a type word followed by a capitalised name, or a bare province name.

Names are matched exactly (after canonical normalisation) against the gazetteer, longest first,
never fuzzily.  Each match becomes a Mention with its candidates and the parents named after it in
the same phrase; resolve.py narrows the candidates.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reformsite.core import name_key

from .gazetteer import WORD_RE, Era, Gazetteer, Place, word_key
from .names import (
    ERA_NOTE,
    LEVELS_OF,
    NUMBER_TAIL,
    PARENT_SEP,
    SEP_MARK,
    SPACE,
    TYPE_RE,
    WORD_START,
    SourceText,
    is_abbreviation,
    is_capitalised,
    level_candidates,
    lower_case_tail,
    old_style_tone,
    read_name,
    same_level,
    trie_pattern,
    type_word_of,
)

# Institutions named after a level ("Tỉnh ủy", "Huyện Đoàn", "Xã Hội" in title case) are not places;
# these first words are not even reported as unknown names.
NOT_A_NAME = frozenset({"ủy", "uỷ", "đoàn", "hội", "đảng", "đội", "ubnd", "hđnd", "nông"})

# Regions written after a type word: "6 tỉnh Bắc Trung Bộ", "các tỉnh Tây Nguyên" count provinces of a
# region; they are not unknown places.
REGIONS = ("bắc trung bộ", "nam trung bộ", "trung bộ", "tây nguyên", "đông nam bộ", "tây nam bộ",
            "nam bộ", "bắc bộ", "đồng bằng sông cửu long", "đồng bằng sông hồng", "duyên hải",
            "miền trung", "miền bắc", "miền nam", "miền tây", "miền đông", "trung du")

# Bare province names that are more often something else.  "Hồ Chí Minh" alone is the president
# (tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh); the city is always written with "TP." or an alias.
NEVER_BARE = frozenset({"hồ chí minh"})
# Longer names that begin with a province's name: the Pacific (Thái Bình Dương), the Sài Gòn
# Giải Phóng newspaper, the Đồng Tháp Mười plain.
NOT_BEFORE = {"thái bình": ("dương",), "sài gòn": ("giải phóng",), "đồng tháp": ("mười",)}
# A province name right after a family or middle name is a person: "Nguyễn Thị Hà Giang".
PERSON_BEFORE = frozenset({
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ",
    "ngô", "dương", "lý", "đinh", "trương", "lâm", "mai", "trịnh", "đoàn", "lương", "tạ", "châu",
    "triệu", "văn", "thị", "đào", "quách", "tô", "kiều", "lại", "tăng", "lưu", "từ", "mạc", "khúc",
    "hữu", "đức", "ngọc", "kim", "quốc", "xuân", "thu", "thúy", "thủy", "bích", "diệu",
})


# --- scanning ------------------------------------------------------------------------------------------


@dataclass
class Mention:
    """A mention while it is being resolved."""

    start: int
    end: int
    line: int
    col: int
    text: str
    type_word: str | None  # canonical type word, None for a bare province name
    candidates: tuple[Place, ...]
    era_note: Era | None = None  # "(cũ)" / "(mới)" written after the name
    parent_filter: Callable[[Place], bool] | None = None
    phrase: tuple[tuple[str | None, tuple[str, ...]], ...] = ()  # the parents named after it
    resolved: Place | None = None
    how: str = ""
    extra: bool = False  # added from context (title bare names, "UBND Thành phố")
    key: str = ""  # the name read, as a place_key
    zone: str = "body"  # where it stands (structure.Zone)
    ranked: bool = False  # a rank or score follows it in its clause (about.mark_ranked)
    address: bool = False  # it only completes the name before it (about.mark_addresses)


@dataclass(frozen=True)
class BareNames:
    gazetteer: Gazetteer
    bare: re.Pattern[str]  # every bare province name and alias, longest first


@functools.lru_cache(maxsize=4)
def bare_names(gazetteer: Gazetteer) -> BareNames:
    """Compiled once per gazetteer: every bare province name and alias as one trie-shaped regex.

    A trie checks one character class per position, where a flat alternation of two hundred names
    tries every name at every position.  Names are matched capitalised as written, in canonical and
    old-style tone placement ("Khánh Hòa", "Khánh Hoà").
    """
    keys = {gazetteer.key(p) for p in gazetteer.provinces("old") + gazetteer.provinces("new")}
    keys.update(province_alias_keys(gazetteer))
    keys -= NEVER_BARE
    surfaces = set()
    for key in keys:
        words = [w[:1].upper() + w[1:] for w in key.split()]
        for variant in itertools.product(*({w, old_style_tone(w)} for w in words)):
            surfaces.add(SEP_MARK.join(variant))
            surfaces.add(SEP_MARK.join(variant).upper())  # headlines, and acronyms such as TPHCM
    bare = re.compile(trie_pattern(sorted(surfaces), after_first=WORD_START) + r"(?![^\W_])")
    return BareNames(gazetteer, bare)



def province_alias_keys(gazetteer: Gazetteer) -> Iterable[str]:
    # Aliases and spelling variants ("tphcm", "thừa thiên huế", "dak lak") that name provinces;
    # reading them from the index keeps the alias file their single source.
    for key in gazetteer.name_keys():
        if any(i.split("-")[1] == "p" for i in gazetteer.ids_for_key(key)):
            yield key



def widen_by_parent(raw: Mention, wider: tuple[Place, ...], text: str, gazetteer: Gazetteer) -> None:
    """Units change type ("huyện Phong Điền, tỉnh Thừa Thiên Huế" is a thị xã in the data): when the
    phrase names a parent that none of the exact-type candidates lies in, consider every unit of
    the level with that name, and let the named parent choose."""
    if len(wider) <= len(raw.candidates):
        return
    probe = Mention(raw.start, raw.end, raw.line, raw.col, raw.text, raw.type_word, wider)
    read_phrase(probe, text, gazetteer)
    keep = probe.parent_filter
    if keep is None or any(keep(c) for c in raw.candidates) or not any(keep(c) for c in wider):
        return
    raw.candidates, raw.parent_filter, raw.phrase = wider, keep, probe.phrase



def scan(source: SourceText, matcher: BareNames) -> list[Mention]:
    """Every mention in *source*: names after a type word, then bare province names elsewhere."""
    typed = _typed_mentions(source, matcher.gazetteer)
    covered = [(m.start, m.end) for m in typed]
    found = typed + _bare_mentions(source, matcher, covered)
    found.sort(key=lambda r: r.start)
    return found


def _typed_mentions(source: SourceText, gazetteer: Gazetteer) -> list[Mention]:
    text = source.text
    found: list[Mention] = []
    # Articles repeat their names: the same words after the same type word read the same.
    known: dict[tuple[str, str], tuple[str, tuple[Place, ...], int] | None] = {}
    for m in TYPE_RE.finditer(text):
        if found and m.start() < found[-1].end:
            continue  # a type word inside the name just read: "phường Phường Đúc" (Huế)
        type_word = type_word_of(m.group())
        name_start = SPACE.match(text, m.end())
        pos = name_start.end() if name_start else m.end()
        if pos == m.end() and not m.group().endswith(".") and m.group() != "Q":
            continue  # "xãTân" is not a mention; "TP.HCM" and "Q1" are
        ahead = (type_word, text[pos:pos + _NAME_REACH])
        if ahead in known:
            named = known[ahead]
        else:
            named = known[ahead] = _name_after(text, pos, type_word, gazetteer)
        if named is not None:
            named = (named[0], named[1], pos + named[2])
        if named is None or (named[1] == () and is_abbreviation(m.group())):
            continue
        key, candidates, end = named
        line, col = source.position(m.start())
        mention = Mention(m.start(), end, line, col, text[m.start():end], type_word, candidates, key=key)
        read_phrase(mention, text, gazetteer)
        if candidates:
            # Read the phrase against every unit of the level: a named parent can show that the writer
            # meant a unit whose type changed ("huyện Phong Điền, tỉnh Thừa Thiên Huế" is now a thị xã).
            widen_by_parent(mention, same_level(gazetteer, gazetteer.ids_for_key(key), type_word), text,
                            gazetteer)
        found.append(mention)
    return found


# Enough text after a type word to hold the longest name and what decides where it ends.
_NAME_REACH = 64


def _name_after(text: str, pos: int, type_word: str, gazetteer: Gazetteer
                ) -> tuple[str, tuple[Place, ...], int] | None:
    """The name after a type word at *pos*: (its key, the units of that type it can be, its length),
    longest first; no candidates for an unknown name; None when no name follows or the
    words are not a place's ("các xã", "Xã Hội", "xã 9/20", "tỉnh Tây Nguyên")."""
    words = read_name(text, pos, gazetteer.max_name_words)
    if not words:
        return None
    words += lower_case_tail(text, words, type_word, gazetteer)
    for n in range(len(words), 0, -1):
        key = " ".join(word_key(w) for w, _, _ in words[:n])
        if not (ids := gazetteer.ids_for_key(key)):
            continue
        if key.isdigit():
            if NUMBER_TAIL.match(text, words[n - 1][2]):
                continue  # "xã 9/20" is a ranking, "phường 1.245" a count
            candidates = tuple(p for p in map(gazetteer.get, ids) if p.type == type_word)
        else:
            candidates = level_candidates(gazetteer, ids, type_word)
        if candidates:
            # "Xã Hội", "Tỉnh Đoàn" are institutions, but "thành phố Hội An" is a place: the
            # institution words win only when the name read is that one word.
            if n == 1 and word_key(words[0][0]) in NOT_A_NAME:
                return None
            return key, candidates, words[n - 1][2] - pos
    if word_key(words[0][0]) in NOT_A_NAME or words[0][0].isdigit():
        return None  # "phường 3" where no phường 3 exists is more likely a count than a name
    if name_key(text[pos:pos + 32]).startswith(REGIONS):
        return None  # read from the text: "Đồng bằng sông Cửu Long" has lower-case words
    return "", (), words[min(len(words), 4) - 1][2] - pos


def _bare_mentions(source: SourceText, matcher: BareNames, covered: list[tuple[int, int]]) -> list[Mention]:
    """Province names without a type word, outside the typed mentions, unless they begin a longer
    name ("Thái Bình Dương") or end a person's ("Nguyễn Thị Hà Giang")."""
    text, gazetteer = source.text, matcher.gazetteer
    found = []
    for m in matcher.bare.finditer(text):
        start, end = m.span()
        if any(s < end and start < e for s, e in covered):
            continue
        words = WORD_RE.findall(m.group())
        if not all(is_capitalised(w) for w in words):
            continue
        key = " ".join(word_key(w) for w in words)
        if (longer := NOT_BEFORE.get(key)) and text[end:end + 16].lstrip().casefold().startswith(longer):
            continue
        previous = previous_word(text, m.start())
        if previous and previous[0].isupper() and previous.casefold() in PERSON_BEFORE:
            continue
        candidates = tuple(p for p in map(gazetteer.get, gazetteer.ids_for_key(key)) if p.level == "province")
        if not candidates:
            continue
        line, col = source.position(m.start())
        mention = Mention(m.start(), m.end(), line, col, m.group(), None, candidates, key=key)
        read_phrase(mention, text, gazetteer)
        found.append(mention)
    return found


def previous_word(text: str, pos: int) -> str | None:
    head = text[max(0, pos - 30):pos]
    if not head.endswith((" ", "\u00a0")):
        return None
    words = WORD_RE.findall(head)
    return words[-1] if words else None


def read_phrase(raw: Mention, text: str, gazetteer: Gazetteer) -> None:
    """Note what follows the name in the same phrase: an era mark, and the parents it names."""
    pos = raw.end
    if note := ERA_NOTE.match(text, pos):
        raw.era_note = "old" if note.group(1).lower() == "cũ" else "new"
        pos = note.end()
    if len(raw.candidates) < 2:
        return
    segments: list[tuple[str | None, tuple[str, ...]]] = []
    for _ in range(2):
        sep = PARENT_SEP.match(text, pos)
        if sep is None or sep.end() == pos:
            break
        pos = sep.end()
        type_word = None
        if (t := TYPE_RE.match(text, pos)) is not None:
            type_word = type_word_of(t.group())
            space = SPACE.match(text, t.end())
            pos = space.end() if space else t.end()
        words = read_name(text, pos, gazetteer.max_name_words)
        if not words:
            break
        keys = [" ".join(word_key(w) for w, _, _ in words[:n]) for n in range(len(words), 0, -1)]
        segments.append((type_word, tuple(keys)))
        longest = next((k for k in keys if gazetteer.ids_for_key(k)), None)
        pos = words[len(longest.split()) - 1][2] if longest else words[-1][2]
        if (note := ERA_NOTE.match(text, pos)) is not None:
            pos = note.end()
    if not segments:
        return

    # What each segment can name, aliases included ("tỉnh Thừa Thiên Huế" names old-p-46, "Huế").
    named = [(LEVELS_OF[type_word] if type_word else ("province", "district"),
              {i for key in keys for i in gazetteer.ids_for_key(key)}) for type_word, keys in segments]

    def named_parents(place: Place) -> bool:
        # Every segment must name an ancestor (any level above) of the candidate.
        ancestors = gazetteer.parents(place)
        return all(any(a.id in ids and a.level in levels for a in ancestors) for levels, ids in named)

    raw.parent_filter = named_parents
    raw.phrase = tuple(segments)
