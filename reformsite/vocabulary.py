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

import yaml

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

    @property
    def accepted_units(self) -> tuple[str, ...]:
        return (self.unit, *self.units)


class Vocabulary(Mapping[str, Indicator]):
    """Read-only mapping key → :class:`Indicator`, plus the concepts the extractor matches."""

    def __init__(self, indicators: dict[str, Indicator], concepts: dict[str, Concept]) -> None:
        self._indicators = indicators
        self.concepts: Mapping[str, Concept] = concepts

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
    return Vocabulary(indicators, concepts)


@cache
def load_vocabulary() -> Vocabulary:
    """The bundled vocabulary, parsed once per process."""
    text = resources.files("reformsite").joinpath("data/indicators.yaml").read_text(encoding="utf-8")
    return parse_vocabulary(yaml.safe_load(text))


# --------------------------------------------------------------------------------------------------
# Many-alternative regular expressions, matched fast by dispatching on the first character.
#
# Python's ``re`` tries every alternative of ``a|b|c|…`` at every position.  With a hundred cue phrases
# that dominated extraction time, so :class:`Alternation` groups the alternatives by the characters they
# can start with and, at each word start, runs only the group for that character.

try:  # private but stable across CPython 3.11–3.13; without it every alternative goes in every bucket
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _C = _P = None  # type: ignore[assignment]

_WORD_START = re.compile(r"(?<!\w)\w")


def _first(seq: object) -> tuple[set[str] | None, bool]:
    """Characters a parsed pattern can start with (None: any) and whether it can match empty."""
    chars: set[str] = set()
    for op, av in seq:  # type: ignore[attr-defined]
        item, nullable = _first_item(op, av)
        if item is None:
            return None, False
        chars |= item
        if not nullable:
            return chars, False
    return chars, True


def _first_item(op: object, av: object) -> tuple[set[str] | None, bool]:
    if op is _C.LITERAL:
        return {chr(av)}, False  # type: ignore[arg-type]
    if op is _C.IN:
        chars: set[str] = set()
        for sub_op, sub_av in av:  # type: ignore[attr-defined]
            if sub_op is _C.LITERAL:
                chars.add(chr(sub_av))
            elif sub_op is _C.CATEGORY and sub_av is _C.CATEGORY_DIGIT:
                chars.update("0123456789")
            elif sub_op is _C.RANGE and sub_av[1] - sub_av[0] < 400:
                chars.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
            else:
                return None, False
        return chars, False
    if op is _C.SUBPATTERN:
        return _first(av[-1])  # type: ignore[index]
    if op is _C.BRANCH:
        chars, nullable = set(), False
        for branch in av[1]:  # type: ignore[index]
            sub, sub_nullable = _first(branch)
            if sub is None:
                return None, False
            chars |= sub
            nullable = nullable or sub_nullable
        return chars, nullable
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
        lo, _hi, sub_seq = av  # type: ignore[misc]
        sub, sub_nullable = _first(sub_seq)
        return sub, lo == 0 or sub_nullable
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return set(), True
    return None, False


def first_chars(rx: str) -> frozenset[str] | None:
    """The first characters *rx* can match, or None when that cannot be told."""
    if _P is None:
        return None
    try:
        chars, nullable = _first(_P.parse(rx))
    except Exception:
        return None
    return None if chars is None or nullable else frozenset(chars)


@dataclass(frozen=True)
class Alternation:
    """``(?P<n0>rx0)|(?P<n1>rx1)|…`` tried, in the given order, only at word starts."""

    buckets: dict[str, re.Pattern[str]]
    fallback: re.Pattern[str] | None

    @classmethod
    def build(cls, patterns: Sequence[tuple[str, str]], flags: int = 0) -> Alternation:
        """*patterns*: (group name, regex) in priority order."""
        per_char: dict[str, list[int]] = {}
        anywhere: list[int] = []
        for i, (_name, rx) in enumerate(patterns):
            chars = first_chars(rx)
            if chars is None:
                anywhere.append(i)
                continue
            for ch in chars:
                per_char.setdefault(ch, []).append(i)
                if flags & re.IGNORECASE:
                    per_char.setdefault(ch.upper(), []).append(i)
                    per_char.setdefault(ch.lower(), []).append(i)

        def compile_(indexes: Sequence[int]) -> re.Pattern[str]:
            ordered = sorted(set(indexes))
            return re.compile("|".join(f"(?P<{patterns[i][0]}>{patterns[i][1]})" for i in ordered), flags)

        buckets = {ch: compile_(idx + anywhere) for ch, idx in per_char.items()}
        return cls(buckets, compile_(anywhere) if anywhere else None)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """Non-overlapping matches starting at word starts within text[start:end], left to right."""
        end = len(text) if end is None else end
        pos = start
        for w in _WORD_START.finditer(text, start, end):
            s = w.start()
            if s < pos:
                continue
            rx = self.buckets.get(text[s], self.fallback)
            if rx is None:
                continue
            m = rx.match(text, s, end)
            if m and m.end() > s:
                yield m
                pos = m.end()
