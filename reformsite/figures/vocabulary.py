"""The indicator vocabulary: stable ASCII keys, labels, units and the phrasings that select them.

The data lives in ``reformsite/data/indicators.yaml`` so that editors can read and extend it without
touching code; this module only loads and checks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from reformsite.core import load_yaml

UNITS = ("ho_so", "percent", "diem", "rank", "category", "tthc", "luot", "vnd", "ngay", "count")


@dataclass(frozen=True)
class Concept:
    """What a phrase is about ("đúng hạn", "trực tuyến"), with its regular expressions per language."""

    name: str
    patterns: Mapping[str, tuple[str, ...]]
    breakdown: tuple[str, str] | None = None


@dataclass(frozen=True)
class Indicator:
    key: str
    label_vi: str
    label_en: str
    unit: str
    description_vi: str
    alt_keys: tuple[str, ...]
    group: str
    phrasings: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # further number kinds accepted besides `unit` ("bare" = no unit word)
    description_en: str = ""

    @property
    def accepted_units(self) -> tuple[str, ...]:
        return (self.unit, *self.units)


LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Labels:
    """What readers see for the values of a figure's fields, per language: each mapping is
    language → key → text.  ``after`` is what follows a number of each unit; ``breakdown_names``
    are patterns with ``{value}`` for breakdown values that ``breakdown_values`` does not list."""

    units: Mapping[str, Mapping[str, str]]
    after: Mapping[str, Mapping[str, str]]
    tiers: Mapping[str, Mapping[str, str]]
    grades: Mapping[str, Mapping[str, str]]
    breakdown_names: Mapping[str, Mapping[str, str]]
    breakdown_values: Mapping[str, Mapping[tuple[str, str], str]]

    @staticmethod
    def language(lang: str) -> str:
        """The language whose labels a site in *lang* shows: its own, else English, else Vietnamese."""
        return lang if lang in LANGUAGES else "en" if lang.startswith("en") else "vi"


def _texts(name: str, spec: object) -> dict[str, str]:
    if not isinstance(spec, Mapping) or any(not isinstance(spec.get(lang), str) for lang in LANGUAGES):
        raise VocabularyError(f"labels: {name} needs a text for each of {', '.join(LANGUAGES)}")
    return {lang: spec[lang] for lang in LANGUAGES}


def parse_labels(data: Mapping[str, object]) -> Labels:
    """The ``labels`` section of the vocabulary file, checked: every entry has every language."""
    def table(section: str) -> dict[str, dict[str, str]]:
        by_lang: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        for key, spec in dict(data.get(section) or {}).items():  # type: ignore[call-overload]
            for lang, text in _texts(f"{section}.{key}", spec).items():
                by_lang[lang][key] = text
        return by_lang

    units = table("units")
    after = {lang: {key: str(spec.get("after", " " + units[lang][key]))
                    for key, spec in dict(data.get("units") or {}).items()}  # type: ignore[call-overload]
             for lang in LANGUAGES}
    names: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    values: dict[str, dict[tuple[str, str], str]] = {lang: {} for lang in LANGUAGES}
    for key, spec in dict(data.get("breakdowns") or {}).items():  # type: ignore[call-overload]
        for lang, text in _texts(f"breakdowns.{key}.name", spec.get("name")).items():
            if "{value}" not in text:
                raise VocabularyError(f"labels: breakdowns.{key}.name must hold {{value}}")
            names[lang][key] = text
        for value, value_spec in dict(spec.get("values") or {}).items():
            for lang, text in _texts(f"breakdowns.{key}.{value}", value_spec).items():
                values[lang][key, str(value)] = text
    return Labels(units, after, table("tiers"), table("grades"), names, values)


class Vocabulary(Mapping[str, Indicator]):
    """Read-only mapping key → :class:`Indicator`, plus the concepts the extractor matches and the
    labels readers see."""

    def __init__(self, indicators: dict[str, Indicator], concepts: dict[str, Concept],
                 labels: Labels | None = None) -> None:
        self._indicators = indicators
        self.concepts: Mapping[str, Concept] = concepts
        self.labels = labels or parse_labels({})

    def __getitem__(self, key: str) -> Indicator:
        return self._indicators[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._indicators)

    def __len__(self) -> int:
        return len(self._indicators)

    def equivalent(self, key: str) -> frozenset[str]:
        """*key* and its lenient-equivalent keys."""
        indicator = self._indicators.get(key)
        return frozenset((key, *(indicator.alt_keys if indicator else ())))


class VocabularyError(ValueError):
    """The vocabulary file is inconsistent (unknown cue, unit or alt key, bad regular expression)."""


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[union-attr]


def parse_vocabulary(data: Mapping[str, object]) -> Vocabulary:
    """Build and check a :class:`Vocabulary` from the YAML structure."""
    concepts: dict[str, Concept] = {}
    for name, spec in dict(data.get("concepts") or {}).items():  # type: ignore[call-overload]
        patterns = {lang: _tuple(spec.get(lang)) for lang in ("vi", "en") if spec.get(lang)}
        for lang_patterns in patterns.values():
            for rx in lang_patterns:
                try:
                    re.compile(rx)
                except re.error as exc:
                    raise VocabularyError(f"concept {name}: bad pattern {rx!r}: {exc}") from exc
        breakdown = _tuple(spec.get("breakdown"))
        concepts[name] = Concept(
            name, patterns, (breakdown[0], breakdown[1]) if len(breakdown) == 2 else None
        )
    indicators: dict[str, Indicator] = {}
    for key, spec in dict(data.get("indicators") or {}).items():  # type: ignore[call-overload]
        indicator = Indicator(
            key=key,
            label_vi=str(spec["label_vi"]),
            label_en=str(spec["label_en"]),
            unit=str(spec["unit"]),
            description_vi=str(spec["description_vi"]),
            alt_keys=_tuple(spec.get("alt_keys")),
            group=str(spec.get("group", "")),
            phrasings=_tuple(spec.get("phrasings")),
            cues=_tuple(spec.get("cues")),
            units=_tuple(spec.get("units")),
            description_en=str(spec.get("description_en") or spec["description_vi"]),
        )
        for unit in (*indicator.units, indicator.unit):
            if unit not in UNITS and unit != "bare":
                raise VocabularyError(f"{key}: unknown unit {unit!r}")
        for cue in indicator.cues:
            if cue not in concepts:
                raise VocabularyError(f"{key}: unknown cue {cue!r}")
        indicators[key] = indicator
    for key, indicator in indicators.items():
        for alt in indicator.alt_keys:
            if alt not in indicators:
                raise VocabularyError(f"{key}: unknown alt key {alt!r}")
    labels = parse_labels(dict(data.get("labels") or {}))  # type: ignore[call-overload]
    for unit in UNITS:
        if unit not in labels.units["vi"] and data.get("labels"):
            raise VocabularyError(f"labels: unit {unit!r} has no label")
    return Vocabulary(indicators, concepts, labels)


@cache
def load_vocabulary() -> Vocabulary:
    """The bundled vocabulary, parsed once per process."""
    text = resources.files("reformsite").joinpath("data/indicators.yaml").read_text(encoding="utf-8")
    # libyaml's C loader when present: the pure-Python one took most of a build worker's start-up
    return parse_vocabulary(load_yaml(text))


# --------------------------------------------------------------------------------------------------
# Many-alternative regular expressions, matched fast as one prefix tree.
#
# Python's ``re`` tries the alternatives of ``a|b|c|…`` one after the other at every position, and its
# fast path (skip an alternative whose first op is a literal that does not match) is lost as soon as an
# alternative starts with a group.  With a hundred and fifty cue phrases that dominated extraction time.
# :class:`Alternation` therefore rewrites the phrases into one regex shaped like a prefix tree
# (``t(?:i(?:ếp nhận…|…)|r(?:ực tuyến…|…))|đ(?:…)``): leading optional groups are expanded into
# variants, shared literal prefixes are factored out, and each variant ends in an empty named group
# that tells which phrase matched.  The scan then stays in C: 5–6 times faster than dispatching on the
# first character from Python, with the same matches.

_SPECIAL = frozenset("\\()[]{}?*+|.^$")


def _groups_and_bars(rx: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth) of every ``(``, ``)`` and ``|`` of *rx* from *start*, escapes and
    character classes skipped; *depth* is the number of groups open around the character."""
    depth, j = 0, start
    while j < len(rx):
        c = rx[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _close_class(rx, j)
        elif c == "(":
            yield j, c, depth
            depth += 1
        elif c == ")":
            depth -= 1
            yield j, c, depth
        elif c == "|":
            yield j, c, depth
        j += 1


def _close_paren(rx: str, i: int) -> int:
    """Index of the parenthesis closing the group that opens at *rx[i]*."""
    for j, c, depth in _groups_and_bars(rx, i):
        if c == ")" and depth == 0:
            return j
    raise ValueError(f"unbalanced pattern {rx!r}")


def _split_top(rx: str) -> list[str]:
    """*rx* split on its top-level ``|``."""
    bars = [j for j, c, depth in _groups_and_bars(rx) if c == "|" and depth == 0]
    return [rx[a + 1:b] for a, b in zip([-1, *bars], [*bars, len(rx)], strict=True)]


def _close_class(rx: str, j: int) -> int:
    """Index of the ']' closing the character class that opens at *rx[j]* (a ']' first in it is literal)."""
    j += 2 if rx.startswith("[^", j) else 1
    j += 1 if rx[j] == "]" else 0
    while rx[j] != "]":
        j += 2 if rx[j] == "\\" else 1
    return j


def expand_leading(rx: str) -> list[str]:
    """Variants of *rx* that each start with their first literal character, in match-priority order:
    "(?:đã |được )?tiếp nhận" → ["đã tiếp nhận", "được tiếp nhận", "tiếp nhận"].  A leading
    ``(?<!\\w)`` is dropped (every alternative is tried at word starts only)."""
    parts = _split_top(rx)
    if len(parts) > 1:
        return [v for part in parts for v in expand_leading(part)]
    if rx.startswith("(?<!\\w)"):
        return expand_leading(rx[len("(?<!\\w)") :])
    if rx.startswith("(?:"):
        j = _close_paren(rx, 0)
        rest = rx[j + 1 :]
        optional = rest.startswith("?") and not rest.startswith("??")
        if optional:
            rest = rest[1:]
        elif rest[:1] in ("*", "+", "{"):
            return [rx]
        out = [v for alt in _split_top(rx[3:j]) for v in expand_leading(alt + rest)]
        return out + (expand_leading(rest) if optional else [])
    return [rx]


def _lead(rx: str) -> str | None:
    """The literal character *rx* starts with, unless it is special or quantified."""
    if not rx or rx[0] in _SPECIAL or rx[1:2] in ("?", "*", "+", "{"):
        return None
    return rx[0]


def _tree(items: Sequence[tuple[str, str]]) -> str:
    """One regex for *items* (remainder, marker) that tries them in the given order.

    Runs of items led by literal characters are grouped by that character (items led by different
    characters can never match at the same place, so their order does not matter); anything else
    keeps its place, so that priorities between overlapping alternatives are kept."""
    pieces: list[str] = []
    run: dict[str, list[tuple[str, str]]] = {}

    def flush() -> None:
        for ch, sub in run.items():
            pieces.append(re.escape(ch) + _tree(sub))
        run.clear()

    for rest, marker in items:
        ch = _lead(rest)
        if ch is None:
            flush()
            pieces.append(f"{rest}(?P<{marker}>)")
        else:
            run.setdefault(ch, []).append((rest[1:], marker))
    flush()
    return pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")"


@dataclass(frozen=True)
class Alternation:
    """``rx0|rx1|…`` tried, in the given order, only at word starts, compiled as a prefix tree.

    Patterns are matched as written, without flags: write them, and pass the text, in lower case.
    """

    regex: re.Pattern[str]
    names: Mapping[str, str]  # marker group → the name given to its pattern

    @classmethod
    def build(cls, patterns: Sequence[tuple[str, str]]) -> Alternation:
        """*patterns*: (name, regex) in priority order."""
        items: list[tuple[str, str]] = []
        names: dict[str, str] = {}
        for name, rx in patterns:
            for variant in expand_leading(rx):
                marker = f"m{len(names)}"
                names[marker] = name
                items.append((variant, marker))
        return cls(re.compile(r"(?<!\w)" + _tree(items)), names)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """Non-overlapping matches starting at word starts within text[start:end], left to right."""
        return self.regex.finditer(text, start, len(text) if end is None else end)

    def name(self, match: re.Match[str]) -> str:
        """The name of the pattern that produced *match*."""
        return self.names[match.lastgroup or ""]


def fold_case(text: str) -> str:
    """*text* in lower case with the same offsets, for :class:`Alternation` and other case-blind scans.

    A few letters ("İ") change length when lowered; those are kept as they are so offsets still agree.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def compile_folded(rx: str) -> re.Pattern[str]:
    """*rx* compiled to run on :func:`fold_case` text: its letters lower-cased (escapes such as ``\\W``
    kept) and no IGNORECASE flag.  Case-blind matching that way is several times faster, since ``re``
    can then skip ahead on a pattern's literal first characters."""
    return re.compile(fold_pattern(rx))


def fold_pattern(rx: str) -> str:
    """The source of :func:`compile_folded`'s pattern."""
    out: list[str] = []
    i = 0
    while i < len(rx):
        if rx[i] == "\\":
            out.append(rx[i : i + 2])
            i += 2
            continue
        out.append(rx[i].lower())
        i += 1
    return "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")


def anonymous(rx: str) -> str:
    """*rx* with its named groups made non-capturing, to join a :class:`Lexicon` (whose alternatives
    would otherwise repeat group names); the original pattern re-matched at a hit gives the groups."""
    return re.sub(r"\(\?P<\w+>", "(?:", rx)


def literal_head(rx: str) -> str:
    """The literal text every match of *rx* starts with ("" when there is none): a cheap ``in`` test
    on it tells whether running *rx* over a text is worth it."""
    head: list[str] = []
    for i, ch in enumerate(rx):
        if ch in _SPECIAL or rx[i + 1 : i + 2] in ("?", "*", "+", "{"):
            break
        head.append(ch)
    return "".join(head)


@dataclass(frozen=True)
class Lexicon:
    """Several groups of phrases (cue phrases, place words, masks, …) found in one pass over a text.

    Each pass of ``re`` over a text costs about 0.1 µs per character whatever the pattern, unless the
    pattern starts with a literal; scanning a paragraph once instead of once per group is the saving.
    Every word start is tried (matches of different groups may overlap, as with separate scans); at one
    word start the first phrase in priority order wins, and within a group matches do not overlap,
    left to right, exactly as :meth:`Alternation.finditer` finds them.
    """

    regex: re.Pattern[str]
    names: Mapping[str, tuple[str, str]]  # marker group → (group, pattern name)
    groups: tuple[str, ...]

    @classmethod
    def build(cls, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> Lexicon:
        """*groups*: (group, [(name, regex), …]) in priority order; regexes in lower case."""
        items: list[tuple[str, str]] = []
        names: dict[str, tuple[str, str]] = {}
        for group, patterns in groups:
            for name, rx in patterns:
                for variant in expand_leading(rx):
                    marker = f"m{len(names)}"
                    names[marker] = (group, name)
                    items.append((variant, marker))
        return cls(re.compile(r"(?<!\w)" + _tree(items)), names, tuple(g for g, _ in groups))

    def scan(
        self, text: str, start: int = 0, end: int | None = None
    ) -> dict[str, list[tuple[str, int, int]]]:
        """group → [(pattern name, start, end), …] for *text* (lower-cased) between *start* and *end*."""
        end = len(text) if end is None else end
        found: dict[str, list[tuple[str, int, int]]] = {g: [] for g in self.groups}
        reach = dict.fromkeys(self.groups, -1)
        search, names = self.regex.search, self.names
        m = search(text, start, end)
        while m is not None:
            group, name = names[m.lastgroup or ""]
            s = m.start()
            if s >= reach[group]:
                found[group].append((name, s, m.end()))
                reach[group] = m.end()
            m = search(text, s + 1, end)
        return found
