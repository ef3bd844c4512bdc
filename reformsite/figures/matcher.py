"""The vocabulary compiled for reading: cue phrases and the keys they give each kind of number, and
the lookups of the cues a sentence holds (the nearest cue with a key, the index a sentence is about)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from .cues import PLAN_PATTERNS, WEAK_CONCEPTS, denominator_start
from .mentions import TIER_PATTERNS, UNIT_TYPE_PATTERNS
from .numbers import WORD_LED_MASKS, WORD_NUMBER_PATTERNS
from .periods import PERIOD_PATTERNS
from .vocabulary import Alternation, Lexicon, anonymous, fold_pattern, load_vocabulary
from .wording import CATEGORY, PAPI_GROUP, PER_TIME, TARGET, WORD_RANK, ZERO


@dataclass(frozen=True)
class Matcher:
    cue_rx: Alternation
    lexicon: Lexicon  # cues, place words, word numbers and number masks in one pass (see vocabulary)
    group_concepts: Mapping[str, tuple[str, ...]]  # regex group name → concepts sharing that phrase
    keys: Mapping[tuple[str, str], tuple[str, ...]]  # (concept, kind) → keys
    breakdown: Mapping[str, tuple[str, str]]
    lang: str


INDEX_CONCEPTS = ("cchc", "i766", "sipas", "papi", "dti", "pci")
_COMPONENT_OF_766 = ("c766_cong_khai", "c766_tien_do", "c766_truc_tuyen", "c766_so_hoa", "c766_hai_long")


def _specificity(rx: str) -> tuple[int, int]:
    """Sort key for alternatives: the longest guaranteed match first ("quá hạn trung bình" before
    "quá hạn"), since Python's alternation takes the first alternative that matches at a position."""
    try:
        low, high = re._parser.parse(rx).getwidth()  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - private API; fall back to the pattern's length
        return len(rx), len(rx)
    return low + min(high, 60), low


def cue_concepts(m: Matcher, phrase: str, pattern: str) -> tuple[str, ...]:
    """The concepts of a cue *phrase* that the cue pattern named *pattern* found.  A pattern that
    looks past its phrase ("nhận(?= \\d)") matches no phrase alone: the pattern itself says."""
    return _concepts_of(m.lang, phrase) or m.group_concepts[pattern]


@cache
def _concepts_of(lang: str, phrase: str) -> tuple[str, ...]:
    """Every concept one of whose patterns matches the whole *phrase* ("mức độ hài lòng" is both the
    satisfaction rate and the 766 component).  Cached: cue phrases repeat across articles."""
    vocab = load_vocabulary()
    return tuple(
        c.name
        for c in vocab.concepts.values()
        if any(_compiled(rx).fullmatch(phrase) for rx in c.patterns.get(lang, ()))
    )


@cache
def _compiled(rx: str) -> re.Pattern[str]:
    return re.compile(rx, re.IGNORECASE)


def prepare_extractor() -> None:
    """Compile the extractor's Vietnamese patterns now (about a second): called before a build forks
    its workers, so that they inherit them instead of each compiling its own."""
    matcher_for("vi")
    for concept in load_vocabulary().concepts.values():   # the patterns that name a cue's concepts
        for rx in concept.patterns.get("vi", ()):
            _compiled(rx)


@cache
def matcher_for(lang: str) -> Matcher:
    vocab = load_vocabulary()
    by_pattern: dict[str, list[str]] = {}
    for concept in vocab.concepts.values():
        for rx in concept.patterns.get(lang, ()):
            by_pattern.setdefault(rx, []).append(concept.name)
    # Longer phrases first: Python's alternation takes the first alternative that matches at a position,
    # so "thanh toán trực tuyến" must be tried before "trực tuyến".
    ordered = sorted(by_pattern, key=_specificity, reverse=True)
    groups = {f"c{i}": tuple(by_pattern[rx]) for i, rx in enumerate(ordered)}
    # Cues are matched on lower-cased text without IGNORECASE and only at word starts: both make the
    # long alternation several times cheaper, and it is the extractor's hottest loop.
    cue_rx = Alternation.build([(f"c{i}", rx.lower()) for i, rx in enumerate(ordered)])
    keys: dict[tuple[str, str], list[str]] = {}
    for indicator in vocab.values():
        for cue in indicator.cues:
            for unit in indicator.accepted_units:
                keys.setdefault((cue, unit), []).append(indicator.key)
    breakdown = {c.name: c.breakdown for c in vocab.concepts.values() if c.breakdown}
    lexicon = Lexicon.build(
        [
            ("cue", [(f"c{i}", rx.lower()) for i, rx in enumerate(ordered)]),
            ("period", PERIOD_PATTERNS),
            ("tier", TIER_PATTERNS),
            ("unit", UNIT_TYPE_PATTERNS),
            ("wordnum", WORD_NUMBER_PATTERNS),
            ("mask", [(f"m{i}", rx) for i, rx in enumerate(WORD_LED_MASKS)]),
            ("plan", [(name, fold_pattern(rx)) for name, rx in PLAN_PATTERNS]),
            ("target", [("target", anonymous(TARGET.pattern))]),
            ("per_time", [("per_time", anonymous(PER_TIME.pattern))]),
            ("zero", [("zero", anonymous(ZERO.pattern))]),
            ("category", [("category", anonymous(CATEGORY.pattern))]),
            ("papi", [("papi", anonymous(PAPI_GROUP.pattern))]),
            ("word_rank", [("word_rank", anonymous(WORD_RANK.pattern))]),
        ]
    )
    return Matcher(cue_rx, lexicon, groups, {k: tuple(v) for k, v in keys.items()}, breakdown, lang)


class Cue(NamedTuple):  # a tuple, cheap to create: one for every cue phrase
    start: int
    end: int
    concepts: tuple[str, ...]


class Pick(NamedTuple):
    """The concept a number is read as, and the vocabulary keys that concept gives its kind."""

    concept: str
    keys: tuple[str, ...]


def find_cues(m: Matcher, text: str, start: int, end: int) -> list[Cue]:
    """Cue phrases in text[start:end]; *text* must already be lower-cased (see
    :func:`reformsite.figures.extract._match_text`)."""
    if end <= start:
        return []
    return [Cue(c.start(), c.end(), cue_concepts(m, c.group(0), m.cue_rx.name(c)))
            for c in m.cue_rx.finditer(text, start, end)]


def pick(
    m: Matcher, cues: Sequence[Cue], kind: str, *, last: bool = True, exclude: tuple[str, ...] = ()
) -> Pick | None:
    """The concept (and its keys) of the nearest cue that has a key for this kind of number."""
    for cue in reversed(cues) if last else cues:
        for concept in cue.concepts:
            if concept in exclude:
                continue
            keys = m.keys.get((concept, kind))
            if keys:
                return Pick(concept, keys)
    return None


def index_concept(cues: Sequence[Cue], number_start: int) -> str | None:
    before = [c for c in cues if c.end <= number_start and any(k in INDEX_CONCEPTS for k in c.concepts)]
    after = [c for c in cues if c.start >= number_start and any(k in INDEX_CONCEPTS for k in c.concepts)]
    for cue in ([before[-1]] if before else []) + after[:1]:
        return next(k for k in cue.concepts if k in INDEX_CONCEPTS)
    return None


_ABOUT_END = re.compile(r"(?:(?<!\w)về|(?<!\w)in|(?<!\w)on)\s*(?:the\s+)?$")


def index_named_after(text: str, cues: Sequence[Cue], number_end: int, limit: int) -> str | None:
    """The index a value is "về" (about) right after it: "xếp thứ 5 toàn quốc về Chỉ số CCHC"."""
    for cue in cues:
        near = number_end <= cue.start < min(limit, number_end + 40)
        if near and _ABOUT_END.search(text, number_end, cue.start):
            index = next((k for k in cue.concepts if k in INDEX_CONCEPTS), None)
            if index and not re.search(r"[,;.]", text[number_end : cue.start]):
                return index
    return None


def index_keys(
    m: Matcher, index: str | None, cues: Sequence[Cue], number_start: int, kind: str, left_start: int
) -> Pick | None:
    if index is None or index == "pci":
        return None
    if index == "i766":
        comps = [
            c
            for c in cues
            if left_start <= c.end <= number_start and any(k in _COMPONENT_OF_766 for k in c.concepts)
        ]
        index_cues = [c for c in cues if c.end <= number_start and "i766" in c.concepts]
        if comps and (not index_cues or comps[-1].start > index_cues[-1].start):
            concept = next(k for k in comps[-1].concepts if k in _COMPONENT_OF_766)
            keys = m.keys.get((concept, kind))
            if keys:
                return Pick(concept, keys)
    keys = m.keys.get((index, kind))
    return Pick(index, keys) if keys else None


def strong_cues(cues: Sequence[Cue]) -> list[Cue]:
    """The cues that name more than a bare verb ("giải quyết", "tiếp nhận"; see WEAK_CONCEPTS)."""
    return [c for c in cues if not WEAK_CONCEPTS.issuperset(c.concepts)]


def rate_subject_cues(text: str, cues: Sequence[Cue], start: int, end: int) -> Sequence[Cue]:
    """The cues of a rate's subject: those before its denominator ("trên tổng số hồ sơ giải quyết")."""
    cut = denominator_start(text, start, end)
    if cut is None:
        return cues
    return [c for c in cues if c.start < cut] or cues


def cues_have(m: Matcher, cues: Sequence[Cue], start: int, end: int, concept: str) -> bool:
    return any(start <= c.start and c.end <= end and concept in c.concepts for c in cues)


def refine_by_agency(m: Matcher, picked: Pick, kind: str) -> Pick:
    """ "N% cơ quan ... quản lý văn bản" is the agencies' share, not the officials'."""
    refined = {"qlvb": "qlvb_co_quan", "chu_ky_so": "chu_ky_so_co_quan"}.get(picked.concept)
    keys = m.keys.get((refined, kind)) if refined else None
    return Pick(refined, keys) if refined and keys else picked


_SERVICES = re.compile(r"dịch\s+vụ\s+công|(?<!\w)dvc")
_DOSSIERS = re.compile(r"hồ\s+sơ|(?<!\w)hs(?!\w)")


def refine_by_services(m: Matcher, picked: Pick | None, left: str) -> Pick | None:
    """ "tỷ lệ dịch vụ công trực tuyến một phần chiếm 38,29%" is a share of the services offered
    online, not of the dossiers filed online: its subject names services and no dossier."""
    online = picked is not None and picked.concept in ("truc_tuyen", "toan_trinh", "mot_phan")
    if online and _SERVICES.search(left) and not _DOSSIERS.search(left):
        return Pick("dvc_cung_cap", m.keys[("dvc_cung_cap", "percent")])
    return picked
