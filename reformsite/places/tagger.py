"""The place tagger: which administrative units an article names, and which one it is about.

A mention is a type word ("xã", "huyện", "TP.", …) followed by a capitalised name, or a bare
province name.  Names are matched exactly (after canonical normalisation) against the gazetteer,
longest first, never fuzzily.  Ambiguous names (twenty communes are called Tân Hòa) are narrowed,
strongest evidence first, by a parent named in the same phrase, by other places the article names,
by the outlet's province and by the era of the publication date.  When that is not enough the
mention keeps its candidates and stays unresolved: a wrong locality is worse than none.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reformsite.core import canonical_tones, name_key, nfc, quick_pickle

from .gazetteer import WORD_RE, Era, Gazetteer, Place, place_key, word_key
from .outlets import outlet_for_url

REFORM_DATE = date(2025, 7, 1)  # districts abolished, provinces merged

# Type words as written, abbreviations included.  Full words must end at a word boundary; the
# abbreviations end with their dot ("TP.HCM") or, for a dotless "TP", with a space.  Spelled out in
# lower, Capitalised, Title and UPPER case rather than with re.IGNORECASE, which is slower on
# Vietnamese text; the look-ahead on the first letter lets the engine skip most positions.
_TYPE_WORDS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường")


def _case_forms(phrase: str) -> set[str]:
    title = " ".join(w[:1].upper() + w[1:] for w in phrase.split())
    return {phrase, phrase[:1].upper() + phrase[1:], title, phrase.upper()}


def _words_pattern(phrases: Iterable[str]) -> str:
    forms = sorted({f for p in phrases for f in _case_forms(p)}, key=lambda f: (-len(f), f))
    return "|".join(re.escape(f).replace(r"\ ", r"[^\S\n]+") for f in forms)


_TYPE_RE = re.compile(
    r"(?<![^\W_])(?=[tThHqQxXpPđĐ])(?:"
    rf"(?:{_words_pattern(_TYPE_WORDS)})(?![^\W_])"
    r"|[tT]\.[pP]\.?|[tT][pP]\.|[tT][xX]\.|[tT][tT]\.|[tT][pP](?=[^\S\n])"
    r")"
)
_CITY_RE = re.compile(rf"(?<![^\W_])(?:{_words_pattern(['thành phố'])})(?![^\W_])")
_TYPE_KEY_JUNK = re.compile(r"[\s.]")
_TYPE_OF = {
    "thànhphố": "thành phố", "tp": "thành phố", "thịxã": "thị xã", "tx": "thị xã",
    "thịtrấn": "thị trấn", "tt": "thị trấn", "đặckhu": "đặc khu", "tỉnh": "tỉnh", "huyện": "huyện",
    "quận": "quận", "xã": "xã", "phường": "phường",
}
# Which levels a type word can name.  "thành phố" is both a province (Cần Thơ) and a district (Bến Tre).
_LEVELS_OF = {
    "tỉnh": ("province",), "thành phố": ("province", "district"), "huyện": ("district",),
    "quận": ("district",), "thị xã": ("district",), "xã": ("commune",), "phường": ("commune",),
    "thị trấn": ("commune",), "đặc khu": ("commune",),
}
_SPACE = re.compile(r"[^\S\n]*")
_NAME_SEP = re.compile(r"[^\S\n]*[-‐‑‒–—][^\S\n]*|[^\S\n]+")
# After a name: a parent in the same phrase ("xã X, huyện Y", "xã X (huyện Y)", "xã X thuộc huyện Y").
_PARENT_SEP = re.compile(r"[^\S\n]*(?:,|\(|[-–—]|thuộc)[^\S\n]*(?:thuộc[^\S\n]+)?", re.IGNORECASE)
_ERA_NOTE = re.compile(r"[^\S\n]*\((cũ|mới)\)", re.IGNORECASE)
# A number that is a quantity, not a ward's name: "9/20", "1.245", "12.4".
_NUMBER_TAIL = re.compile(r"[./,:]\d")

# Institutions named after a level ("Tỉnh ủy", "Huyện Đoàn", "Xã Hội" in title case) are not places;
# these first words are not even reported as unknown names.
_NOT_A_NAME = frozenset({"ủy", "uỷ", "đoàn", "hội", "đảng", "đội", "ubnd", "hđnd", "nông"})

# Regions written after a type word: "6 tỉnh Bắc Trung Bộ", "các tỉnh Tây Nguyên" count provinces of a
# region; they are not unknown places.
_REGIONS = ("bắc trung bộ", "nam trung bộ", "trung bộ", "tây nguyên", "đông nam bộ", "tây nam bộ",
            "nam bộ", "bắc bộ", "đồng bằng sông cửu long", "đồng bằng sông hồng", "duyên hải",
            "miền trung", "miền bắc", "miền nam", "miền tây", "miền đông", "trung du")

# Bare province names that are more often something else.  "Hồ Chí Minh" alone is the president
# (tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh); the city is always written with "TP." or an alias.
_NEVER_BARE = frozenset({"hồ chí minh"})
# Longer names that begin with a province's name: the Pacific (Thái Bình Dương), the Sài Gòn
# Giải Phóng newspaper, the Đồng Tháp Mười plain.
_NOT_BEFORE = {"thái bình": ("dương",), "sài gòn": ("giải phóng",), "đồng tháp": ("mười",)}
# A province name right after a family or middle name is a person: "Nguyễn Thị Hà Giang".
_PERSON_BEFORE = frozenset({
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ",
    "ngô", "dương", "lý", "đinh", "trương", "lâm", "mai", "trịnh", "đoàn", "lương", "tạ", "châu",
    "triệu", "văn", "thị", "đào", "quách", "tô", "kiều", "lại", "tăng", "lưu", "từ", "mạc", "khúc",
    "hữu", "đức", "ngọc", "kim", "quốc", "xuân", "thu", "thúy", "thủy", "bích", "diệu",
})


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

    @property
    def ambiguous(self) -> tuple[PlaceMention, ...]:
        return tuple(m for m in self.mentions if m.how == "ambiguous")

    @property
    def unresolved(self) -> tuple[PlaceMention, ...]:
        return tuple(m for m in self.mentions if m.place_id is None)


# --- scanning ------------------------------------------------------------------------------------------


@dataclass
class _Raw:
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


@dataclass(frozen=True)
class _Matcher:
    gazetteer: Gazetteer
    bare: re.Pattern[str]  # every bare province name and alias, longest first


@functools.lru_cache(maxsize=4)
def _matcher(gazetteer: Gazetteer) -> _Matcher:
    """Compiled once per gazetteer: every bare province name and alias as one trie-shaped regex.

    A flat alternation of two hundred names costs ~1.5 ms per 5 KB article; a trie checks one
    character class per position.  Names are matched capitalised as written, in canonical and
    old-style tone placement ("Khánh Hòa", "Khánh Hoà").
    """
    keys = {gazetteer.key(p) for p in gazetteer.provinces("old") + gazetteer.provinces("new")}
    keys.update(_province_alias_keys(gazetteer))
    keys -= _NEVER_BARE
    surfaces = set()
    for key in keys:
        words = [w[:1].upper() + w[1:] for w in key.split()]
        for variant in itertools.product(*({w, _old_style_tone(w)} for w in words)):
            surfaces.add(_SEP_MARK.join(variant))
            surfaces.add(_SEP_MARK.join(variant).upper())  # headlines, and acronyms such as TPHCM
    bare = re.compile(r"(?<![^\W_])" + _trie_pattern(sorted(surfaces)) + r"(?![^\W_])")
    return _Matcher(gazetteer, bare)


_SEP_MARK = "\x00"
_OLD_STYLE = re.compile("(?<![qQ])([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aAeEyY])$")


def _old_style_tone(word: str) -> str:
    """The inverse of ``text.canonical_tones`` for one word: "Hòa" → "Hoà" (for matching raw text)."""
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(r"\1\3\2", unicodedata.normalize("NFD", word)))


def _trie_pattern(words: Sequence[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            if ch == _SEP_MARK:
                head = r"(?:[^\S\n]*[-‐‑‒–—][^\S\n]*|[^\S\n]+)"
            elif ch == "'":
                head = r"['’ʼ‘][^\S\n]?"
            else:
                head = re.escape(ch)
            branches.append(head + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A name that is also the start of a longer one: try the longer first, fall back by backtracking.
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _province_alias_keys(gazetteer: Gazetteer) -> Iterable[str]:
    # Aliases and spelling variants ("tphcm", "thừa thiên huế", "dak lak") that name provinces;
    # reading them from the index keeps the alias file their single source.
    for key in gazetteer.name_keys():
        if any(i.split("-")[1] == "p" for i in gazetteer.ids_for_key(key)):
            yield key


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _read_name(text: str, pos: int, max_words: int) -> list[tuple[str, int, int]]:
    """The capitalised words from *pos*: (word, start, end), stopping at the first lower-case one."""
    words: list[tuple[str, int, int]] = []
    while len(words) < max_words:
        if words:
            sep = _NAME_SEP.match(text, pos)
            if sep is None or sep.end() == pos:
                break
            pos = sep.end()
        m = WORD_RE.match(text, pos)
        if m is None or not _is_capitalised(m.group()):
            break
        words.append((m.group(), m.start(), m.end()))
        pos = m.end()
    return words


def _lower_case_tail(text: str, words: list[tuple[str, int, int]], type_word: str,
                     gazetteer: Gazetteer) -> list[tuple[str, int, int]]:
    """The lower-case word after a name when, with it, the name is a unit of that type: the official
    list spells seven communes so ("Xã Pa ủ", "Xã Ya ly", "Xã Nậm ét"), and writers copy it."""
    sep = _NAME_SEP.match(text, words[-1][2])
    if sep is None or sep.end() == sep.start():
        return []
    m = WORD_RE.match(text, sep.end())
    if m is None or _is_capitalised(m.group()):
        return []
    key = " ".join(word_key(w) for w, _, _ in words) + " " + word_key(m.group())
    if not _level_candidates(gazetteer, gazetteer.ids_for_key(key), type_word):
        return []
    return [(m.group(), m.start(), m.end())]


def _widen_by_parent(raw: _Raw, wider: tuple[Place, ...], text: str, gazetteer: Gazetteer) -> None:
    """Units change type ("huyện Phong Điền, tỉnh Thừa Thiên Huế" is a thị xã in the data): when the
    phrase names a parent that none of the exact-type candidates lies in, consider every unit of
    the level with that name, and let the named parent choose."""
    if len(wider) <= len(raw.candidates):
        return
    probe = _Raw(raw.start, raw.end, raw.line, raw.col, raw.text, raw.type_word, wider)
    _read_phrase(probe, text, gazetteer)
    keep = probe.parent_filter
    if keep is None or any(keep(c) for c in raw.candidates) or not any(keep(c) for c in wider):
        return
    raw.candidates, raw.parent_filter, raw.phrase = wider, keep, probe.phrase


def _same_level(gazetteer: Gazetteer, ids: Iterable[str], type_word: str) -> tuple[Place, ...]:
    levels = _LEVELS_OF[type_word]
    return tuple(p for p in map(gazetteer.get, ids) if p.level in levels)


def _level_candidates(gazetteer: Gazetteer, ids: Iterable[str], type_word: str) -> tuple[Place, ...]:
    """Places of the level a type word names; the exact type first, then any type of that level.

    The fallback catches upgrades the article predates or postdates ("huyện Phú Quốc" became a
    thành phố; "tỉnh Quảng Ninh" is typed a thành phố in the newest data).
    """
    levels = _LEVELS_OF[type_word]
    places = [p for p in map(gazetteer.get, ids) if p.level in levels]
    exact = tuple(p for p in places if p.type == type_word)
    return exact or tuple(places)


class _Text:
    """A text normalised once, with a fast offset → (line, col) conversion."""

    def __init__(self, text: str, first_line: int) -> None:
        # NFC only: names are compared word by word through ``word_key``, which canonicalises tone
        # placement; doing it here for the whole text would cost more than the rest of the tagger.
        self.text = nfc(text)
        self.first_line = first_line
        self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.first_line + index, offset - self._starts[index] + 1


def _scan(source: _Text, matcher: _Matcher) -> list[_Raw]:
    gazetteer = matcher.gazetteer
    text = source.text
    max_words = gazetteer.max_name_words
    found: list[_Raw] = []
    covered: list[tuple[int, int]] = []
    for m in _TYPE_RE.finditer(text):
        if covered and m.start() < covered[-1][1]:
            continue  # a type word inside the name just read: "phường Phường Đúc" (Huế)
        type_word = _TYPE_OF[_TYPE_KEY_JUNK.sub("", m.group()).lower()]
        name_start = _SPACE.match(text, m.end())
        pos = name_start.end() if name_start else m.end()
        if pos == m.end() and not m.group().endswith("."):
            continue  # "xãTân" is not a mention; "TP.HCM" is
        words = _read_name(text, pos, max_words)
        if not words:
            continue  # "các xã", "UBND Thành phố", "phường, xã": no name follows
        words += _lower_case_tail(text, words, type_word, gazetteer)
        institution = word_key(words[0][0]) in _NOT_A_NAME
        hit: tuple[int, tuple[Place, ...]] | None = None
        for n in range(len(words), 0, -1):
            key = " ".join(word_key(w) for w, _, _ in words[:n])
            ids = gazetteer.ids_for_key(key)
            if not ids:
                continue
            if key.isdigit():
                if _NUMBER_TAIL.match(text, words[n - 1][2]):
                    continue  # "xã 9/20" is a ranking, "phường 1.245" a count
                candidates = tuple(p for p in map(gazetteer.get, ids) if p.type == type_word)
            else:
                candidates = _level_candidates(gazetteer, ids, type_word)
            if candidates:
                hit = (n, candidates)
                break
        # "Xã Hội", "Tỉnh Đoàn" are institutions, but "thành phố Hội An" is a place: the list of
        # institution words only wins when the name does not resolve to a longer place name.
        if institution and (hit is None or hit[0] == 1):
            continue
        if hit is None:
            n, candidates = min(len(words), 4), ()
            if words[0][0].isdigit():
                continue  # "phường 3" where no phường 3 exists is more likely a count than a name
            if name_key(text[pos:pos + 32]).startswith(_REGIONS):
                continue  # read from the text: "Đồng bằng sông Cửu Long" has lower-case words
        else:
            n, candidates = hit
        end = words[n - 1][2]
        line, col = source.position(m.start())
        # Read the phrase against every unit of the level: a named parent can show that the writer
        # meant a unit whose type changed ("huyện Phong Điền, tỉnh Thừa Thiên Huế" is now a thị xã).
        raw = _Raw(m.start(), end, line, col, text[m.start():end], type_word, candidates)
        _read_phrase(raw, text, gazetteer)
        if hit:
            key = " ".join(word_key(w) for w, _, _ in words[:n])
            _widen_by_parent(raw, _same_level(gazetteer, gazetteer.ids_for_key(key), type_word), text,
                             gazetteer)
        found.append(raw)
        covered.append((m.start(), end))

    # Bare province names outside the typed mentions.
    for m in matcher.bare.finditer(text):
        start, end = m.span()
        if any(s < end and start < e for s, e in covered):
            continue
        words = WORD_RE.findall(m.group())
        if not all(_is_capitalised(w) for w in words):
            continue
        key = " ".join(word_key(w) for w in words)
        if (longer := _NOT_BEFORE.get(key)) and text[end:end + 16].lstrip().casefold().startswith(longer):
            continue
        previous = _previous_word(text, m.start())
        if previous and previous[0].isupper() and previous.casefold() in _PERSON_BEFORE:
            continue
        candidates = tuple(p for p in map(gazetteer.get, gazetteer.ids_for_key(key)) if p.level == "province")
        if not candidates:
            continue
        line, col = source.position(m.start())
        raw = _Raw(m.start(), m.end(), line, col, m.group(), None, candidates)
        _read_phrase(raw, text, gazetteer)
        found.append(raw)
    found.sort(key=lambda r: r.start)
    return found


def _previous_word(text: str, pos: int) -> str | None:
    head = text[max(0, pos - 30):pos]
    if not head.endswith((" ", "\u00a0")):
        return None
    words = WORD_RE.findall(head)
    return words[-1] if words else None


def _read_phrase(raw: _Raw, text: str, gazetteer: Gazetteer) -> None:
    """Note what follows the name in the same phrase: an era mark, and the parents it names."""
    pos = raw.end
    if note := _ERA_NOTE.match(text, pos):
        raw.era_note = "old" if note.group(1).lower() == "cũ" else "new"
        pos = note.end()
    if len(raw.candidates) < 2:
        return
    segments: list[tuple[str | None, tuple[str, ...]]] = []
    for _ in range(2):
        sep = _PARENT_SEP.match(text, pos)
        if sep is None or sep.end() == pos:
            break
        pos = sep.end()
        type_word = None
        if (t := _TYPE_RE.match(text, pos)) is not None:
            type_word = _TYPE_OF[_TYPE_KEY_JUNK.sub("", t.group()).lower()]
            space = _SPACE.match(text, t.end())
            pos = space.end() if space else t.end()
        words = _read_name(text, pos, gazetteer.max_name_words)
        if not words:
            break
        keys = [" ".join(word_key(w) for w, _, _ in words[:n]) for n in range(len(words), 0, -1)]
        segments.append((type_word, tuple(keys)))
        longest = next((k for k in keys if gazetteer.ids_for_key(k)), None)
        pos = words[len(longest.split()) - 1][2] if longest else words[-1][2]
        if (note := _ERA_NOTE.match(text, pos)) is not None:
            pos = note.end()
    if not segments:
        return

    # What each segment can name, aliases included ("tỉnh Thừa Thiên Huế" names old-p-46, "Huế").
    named = [(_LEVELS_OF[type_word] if type_word else ("province", "district"),
              {i for key in keys for i in gazetteer.ids_for_key(key)}) for type_word, keys in segments]

    def named_parents(place: Place) -> bool:
        # Every segment must name an ancestor (any level above) of the candidate.
        ancestors = gazetteer.parents(place)
        return all(any(a.id in ids and a.level in levels for a in ancestors) for levels, ids in named)

    raw.parent_filter = named_parents
    raw.phrase = tuple(segments)


# --- resolution ----------------------------------------------------------------------------------------


def _era_preferred(candidates: Sequence[Place], published: date, note: Era | None) -> tuple[Place, ...]:
    era: Era = note or ("old" if published < REFORM_DATE else "new")
    preferred = tuple(c for c in candidates if c.era == era)
    return preferred or tuple(candidates)


def _narrow(
    raw: _Raw, steps: Sequence[tuple[str, Callable[[Place], bool] | None]], published: date
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
        preferred = _era_preferred(candidates, published, raw.era_note)
        if len(preferred) == 1:
            raw.resolved, raw.how = preferred[0], how
            return
    preferred = _era_preferred(candidates, published, raw.era_note)
    if len(preferred) == 1:
        raw.resolved, raw.how = preferred[0], "era"
    else:
        raw.resolved, raw.how = None, "ambiguous"


def _context_filter(
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


def _resolve(raws: list[_Raw], gazetteer: Gazetteer, outlet_province: Place | None, published: date) -> None:
    outlet_filter = (lambda c: gazetteer.within(c, outlet_province)) if outlet_province else None
    # An article repeats the same names many times: mentions with the same candidates, phrase and
    # era mark get the same answer in a round, so each is worked out once.
    Memo = dict[tuple[tuple[str, ...], object, Era | None], tuple[Place | None, str]]

    def memo_key(raw: _Raw) -> tuple[tuple[str, ...], object, Era | None]:
        return tuple(c.id for c in raw.candidates), raw.phrase, raw.era_note

    # Round 1: what needs no help from the rest of the article.
    first: Memo = {}
    for raw in raws:
        if not raw.candidates:
            raw.how = "unknown"
            continue
        key = memo_key(raw)
        if key not in first:
            _narrow(raw, [("parent-in-phrase", raw.parent_filter)], published)
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
            chosen = _context_filter(gazetteer, [a for a in anchors if a.id not in own], raw.candidates)
            steps = [
                ("parent-in-phrase", raw.parent_filter),
                ("article-context", chosen),
                ("outlet", outlet_filter),
            ]
            _narrow(raw, steps, published)
            done[key] = (raw.resolved, raw.how)


def _outlet_province(source_url: str | None, gazetteer: Gazetteer) -> Place | None:
    outlet = outlet_for_url(source_url)
    if outlet is None or outlet.province is None:
        return None
    found = gazetteer.lookup(outlet.province, era="old")
    provinces = [p for p in found if p.level == "province"]
    return provinces[0] if len(provinces) == 1 else None


def _generic_city(raws: list[_Raw], body: _Text, title: _Text) -> list[_Raw]:
    """"UBND Thành phố" without a name is the city the article is about, if it names exactly one."""
    cities = {
        r.resolved.id: r.resolved for r in raws if r.resolved is not None and r.resolved.type == "thành phố"
    }
    if not cities:
        return []
    districts = [c for c in cities.values() if c.level == "district"]
    if len(districts) == 1:
        city = districts[0]
    elif len(cities) == 1:
        city = next(iter(cities.values()))
    else:
        return []
    extra = []
    for source in (title, body):
        for m in _CITY_RE.finditer(source.text):
            if _read_name(source.text, _SPACE.match(source.text, m.end()).end(), 1):  # type: ignore[union-attr]
                continue  # named: already a mention
            if not m.group()[0].isupper() and not _after_authority(source.text, m.start()):
                continue  # lower-case "thành phố" alone is generic ("các thành phố lớn")
            line, col = source.position(m.start())
            extra.append(_Raw(m.start(), m.end(), line, col, m.group(), "thành phố", (city,),
                              resolved=city, how="article-context", extra=True))
    return extra


def _after_authority(text: str, pos: int) -> bool:
    # "UBND thành phố", "cấp thành phố", "của thành phố" refer to the article's own city.
    head = text[max(0, pos - 12):pos].rstrip().casefold()
    return head.endswith(("ubnd", "hđnd", "cấp", "của", "trên địa bàn", "toàn"))


def _title_bare_names(title: _Text, raws: list[_Raw], gazetteer: Gazetteer) -> list[_Raw]:
    """A title often names the unit without its type word: "Tân Thành Bình thực hiện tốt …"."""
    named = {}
    for raw in raws:
        place = raw.resolved
        if place is not None and place.level != "province" and raw.line != 0:
            named.setdefault(gazetteer.key(place), place)
    if not named:
        return []
    covered = [(r.start, r.end) for r in raws if r.line == 0]
    words = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(title.text)]
    extra = []
    i = 0
    while i < len(words):
        for n in range(min(gazetteer.max_name_words, len(words) - i), 0, -1):
            window = words[i:i + n]
            if not all(_is_capitalised(w) for w, _, _ in window):
                continue
            key = " ".join(word_key(w) for w, _, _ in window)
            place = named.get(key)
            start, end = window[0][1], window[-1][2]
            if place is None or any(s < end and start < e for s, e in covered):
                continue
            line, col = title.position(start)
            extra.append(_Raw(start, end, line, col, title.text[start:end], None, (place,),
                              resolved=place, how="article-context", extra=True))
            i += n - 1
            break
        i += 1
    return extra


def _choose_main(raws: Sequence[_Raw], gazetteer: Gazetteer) -> str | None:
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


def _mention(raw: _Raw) -> PlaceMention:
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
    matcher = _matcher(gazetteer)
    title_text, body_text = _Text(title, 0), _Text(body, 1)
    raws = _scan(title_text, matcher) + _scan(body_text, matcher)
    _resolve(raws, gazetteer, _outlet_province(source_url, gazetteer), published)
    raws += _title_bare_names(title_text, raws, gazetteer)
    raws += _generic_city(raws, body_text, title_text)
    raws.sort(key=lambda r: (r.line, r.col))
    places = tuple(dict.fromkeys(r.resolved.id for r in raws if r.resolved is not None))
    return PlaceTags(_choose_main(raws, gazetteer), places, tuple(_mention(r) for r in raws))


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
    tags = PlaceTags(main, tuple(dict.fromkeys(places)), tuple(mentions))
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
        if (m := _TYPE_RE.match(text)) is not None:
            type_word = _TYPE_OF[_TYPE_KEY_JUNK.sub("", m.group()).lower()]
            name = text[m.end():].strip()
        ids = gazetteer.ids_for_key(place_key(name))
        if type_word:
            candidates = _level_candidates(gazetteer, ids, type_word)
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
        preferred = _era_preferred(candidates, published, None) if candidates else ()
        if len(preferred) == 1:
            how = "unique" if len(original) == 1 else ("parent-in-phrase" if len(candidates) == 1 else "era")
            ids = tuple(c.id for c in original)
            mentions.append(PlaceMention(text, line, col, ids, preferred[0].id, how))
        else:
            how = "ambiguous" if preferred else "unknown"
            ids = tuple(c.id for c in (candidates or original))
            mentions.append(PlaceMention(text, line, col, ids, None, how))
    return mentions
