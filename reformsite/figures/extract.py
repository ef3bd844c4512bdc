"""Figures in articles: which indicator, what value, for which place and period, and the quote.

The extractor works sentence by sentence.  For each number (see :mod:`reformsite.figures.numbers`) it decides
its *kind* from the words around it (a percentage, a count of dossiers, of procedures, a score, a rank,
a count of units that is not a figure at all), then the *concept* from the nearest cue phrase (see
``data/indicators.yaml``), and the vocabulary maps concept + kind to a key.  Deltas, targets, rules,
legal references and dates are skipped; rates are taken as written and never recomputed.

Speed: a sentence is read with one pass of a :class:`~reformsite.figures.vocabulary.Lexicon` that finds cue
phrases, periods, place words, number masks, goal words and class/rank words together; each number
then only looks those hits up.  The rules that decide whether a figure is a result or a goal, and which
cue names a rate's subject, are in :mod:`reformsite.figures.cues`; tables in :mod:`reformsite.figures.tables`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import NamedTuple

import sentencex

from reformsite.core import canonical_tones, nfc, quick_pickle

from .cues import (
    ONLINE_LEVEL_AFTER,
    PART_OF_PREVIOUS,
    PLAN_PATTERNS,
    WEAK_CONCEPTS,
    denominator_start,
    in_future,
    leader_group,
    plan_start_from,
    units_counted,
)
from .numbers import (
    LARGEST_FIGURE,
    WORD_LED_MASKS,
    WORD_NUMBER_PATTERNS,
    Number,
    find_numbers_prescanned,
    parse_number,
)
from .periods import PERIOD_PATTERNS, Period, find_periods, is_normalised, parse_period
from .tables import table_cells
from .vocabulary import Alternation, Lexicon, Vocabulary, anonymous, fold_case, fold_pattern, load_vocabulary
from .vocabulary import compile_folded as _folded

QUALIFIERS = ("exact", "over", "approx", "under", "range")
LEVELS = ("national", "province", "district", "commune", "agency", "ministry")
TIERS = ("cap_tinh", "cap_huyen", "cap_xa", "cap_huyen_xa", "toan_tinh", "toan_huyen")
CATEGORIES = {
    "tốt": "tot",
    "khá": "kha",
    "trung bình": "trung_binh",
    "yếu": "yeu",
    "kém": "kem",
    "xuất sắc": "xuat_sac",
    "good": "tot",
    "fair": "kha",
    "excellent": "xuat_sac",
    "poor": "yeu",
}
PAPI_GROUPS = {
    "cao nhất": "cao_nhat",
    "trung bình cao": "trung_binh_cao",
    "trung bình thấp": "trung_binh_thap",
    "thấp nhất": "thap_nhat",
}

TITLE_BLOCK = -1
FRONT_MATTER_BLOCK = -2


@quick_pickle(interned=("indicator", "unit", "period", "unit_name"))
@dataclass(frozen=True, slots=True)
class Figure:
    indicator: str  # vocabulary key
    value: float | int | str  # str for categories (xep_loai_*: "tot", "kha", …)
    unit: str  # ho_so, percent, diem, rank, category, tthc, luot, vnd, ngay, count
    qualifier: str  # exact, over, approx, under, range
    quote: str  # the sentence it came from, verbatim
    block: int  # index of the text block; -1 for the title, -2 for front matter
    start: int  # offset of the quote in that block
    end: int
    period: str | None = None
    period_range: str | None = None
    level: str | None = None  # national, province, district, commune, agency, ministry
    unit_name: str | None = None  # as written: "xã Tân Hoà", "thành phố Tây Ninh"
    tier: str | None = None  # cap_tinh, cap_huyen, cap_xa, cap_huyen_xa, toan_tinh, toan_huyen
    value_max: float | None = None
    rank_of: int | None = None
    rank_group: str | None = None
    breakdown: tuple[tuple[str, str], ...] = ()
    flags: tuple[str, ...] = ()  # "contradiction", "from_title", "replaces", …
    source: str = "text"  # "text" or "front_matter"


# --------------------------------------------------------------------------------------------------
# Compiled vocabulary


@dataclass(frozen=True)
class _Matcher:
    cue_rx: Alternation
    lexicon: Lexicon  # cues, place words, word numbers and number masks in one pass (see vocabulary)
    group_concepts: Mapping[str, tuple[str, ...]]  # regex group name → concepts sharing that phrase
    keys: Mapping[tuple[str, str], tuple[str, ...]]  # (concept, kind) → keys
    breakdown: Mapping[str, tuple[str, str]]
    lang: str


_INDEX_CONCEPTS = ("cchc", "i766", "sipas", "papi", "dti", "pci")
_COMPONENT_OF_766 = ("c766_cong_khai", "c766_tien_do", "c766_truc_tuyen", "c766_so_hoa", "c766_hai_long")


def _specificity(rx: str) -> tuple[int, int]:
    """Sort key for alternatives: the longest guaranteed match first ("quá hạn trung bình" before
    "quá hạn"), since Python's alternation takes the first alternative that matches at a position."""
    try:
        low, high = re._parser.parse(rx).getwidth()  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - private API; fall back to the pattern's length
        return len(rx), len(rx)
    return low + min(high, 60), low


def _cue_concepts(m: _Matcher, phrase: str, pattern: str) -> tuple[str, ...]:
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
    _matcher("vi")
    for concept in load_vocabulary().concepts.values():   # the patterns that name a cue's concepts
        for rx in concept.patterns.get("vi", ()):
            _compiled(rx)


@cache
def _matcher(lang: str) -> _Matcher:
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
            ("tier", _TIER_PATTERNS),
            ("unit", _UNIT_TYPE_PATTERNS),
            ("wordnum", WORD_NUMBER_PATTERNS),
            ("mask", [(f"m{i}", rx) for i, rx in enumerate(WORD_LED_MASKS)]),
            ("plan", [(name, fold_pattern(rx)) for name, rx in PLAN_PATTERNS]),
            ("target", [("target", anonymous(_TARGET.pattern))]),
            ("per_time", [("per_time", anonymous(_PER_TIME.pattern))]),
            ("zero", [("zero", anonymous(_ZERO.pattern))]),
            ("category", [("category", anonymous(_CATEGORY.pattern))]),
            ("papi", [("papi", anonymous(_PAPI_GROUP.pattern))]),
            ("word_rank", [("word_rank", anonymous(_WORD_RANK.pattern))]),
        ]
    )
    return _Matcher(cue_rx, lexicon, groups, {k: tuple(v) for k, v in keys.items()}, breakdown, lang)


# --------------------------------------------------------------------------------------------------
# Sentences

_ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:TP|Tp|TX|Tx|TT|P|Q|ThS|TS|PGS|GS|BS|Th\.S|v\.v|St|[A-ZĐ])\.\s*$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of *text* (offsets into it).

    sentencex does the general work; it does not know Vietnamese administrative abbreviations, so a
    split right after "TP." or "TX." (as in "TP. Tây Ninh") is undone.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in sentencex.segment("vi", text):
        start, end = pos, pos + len(piece)
        pos = end
        # only the tail can end in an abbreviation (the longest, "Th.S.", plus spaces fits in 16)
        if spans and _ABBREVIATION_END.search(text[max(spans[-1][0], spans[-1][1] - 16) : spans[-1][1]]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    out = []
    for s, e in spans:
        raw = text[s:e]
        s2 = s + (len(raw) - len(raw.lstrip()))
        e2 = e - (len(raw) - len(raw.rstrip()))
        if e2 > s2:
            out.append((s2, e2))
    return out


# --------------------------------------------------------------------------------------------------
# Places named in a sentence


class _Unit(NamedTuple):  # a tuple, cheap to create: one for every figure
    level: str | None
    name: str | None
    tier: str | None = None


class _Mention(NamedTuple):  # a tuple, cheap to create: one for every place word
    start: int
    end: int
    level: str | None
    name: str | None = None  # None: an anaphora ("UBND xã", "Thành phố") or a tier
    tier: str | None = None


_TYPE_LEVEL = {
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "đặc khu": "commune",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "thành phố": "district",
    "tp.": "district",
    "tx.": "district",
    "tt.": "commune",
    "tỉnh": "province",
}
_CENTRAL_CITIES = ("hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế")
# Both run on lower-cased text as prefix trees tried at word starts (see vocabulary.Alternation).
_UNIT_TYPE_PATTERNS = [
    (w, re.escape(w))
    for w in ("thành phố", "thị xã", "thị trấn", "đặc khu", "phường", "huyện", "quận", "tỉnh")
] + [("xã", "xã(?! hội)"), ("tp.", r"tp\."), ("tx.", r"tx\."), ("tt.", r"tt\.")]
_TIER_PATTERNS = [
    ("cap_huyen_xa", "cấp huyện(?:,| và) (?:cấp )?xã|hai cấp|cả hai cấp"),
    ("cap_tinh", "cấp tỉnh"),
    ("cap_huyen", "cấp (?:huyện|thành phố|thị xã|quận)"),
    ("cap_xa", "cấp xã|(?:ubnd )?các (?:xã|phường|thị trấn)(?:,? (?:phường|xã|thị trấn))*"),
    # "xã, phường" is a tier, but "xã, phường Long Hoa" names a ward (checked on the original text)
    ("cap_xa_pair", "(?:xã|phường),? (?:phường|xã|thị trấn)(?:,? thị trấn)?"),
    ("toan_tinh", "toàn tỉnh"),
    ("toan_huyen", "toàn (?:huyện|thị xã|thành phố|quận)"),
    ("national", "cả nước|toàn quốc|nationwide"),
]
_UNIT_TYPE_RX = Alternation.build(_UNIT_TYPE_PATTERNS)
_TIER_RX = Alternation.build(_TIER_PATTERNS)
_CAPITAL_NEXT = re.compile(r"\s*[A-ZĐ]")
# A capital letter, Vietnamese ones included: the place after an agency's type word is a proper name
# ("Trung tâm Phục vụ hành chính công xã tiếp nhận …" names no place).
_UPPER = "[A-ZĐÁÀẢÃẠÂẤẦẨẪẬĂẮẰẲẴẶÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ]"
_AGENCY_RX = re.compile(
    r"(?P<agency>(?:Trung tâm Phục vụ hành chính công|Trung tâm Hành chính công|TTPVHCC|Trung tâm PVHCC"
    r"|Chi nhánh Văn phòng Đăng ký đất đai|Văn phòng Đăng ký đất đai|Chi nhánh VPĐKĐĐ|VPĐKĐĐ)"
    r"(?:\s+(?:tỉnh|huyện|thị xã|thành phố|TP\.|xã|phường|quận)\s+(?:" + _UPPER + r"[\w'-]*\s?){1,3})?"
    r"|Sở\s+(?:[A-ZĐ][\w-]*\s?){1,4}|Bộ\s+(?!phận|chỉ|Chính)(?:[A-ZĐ][\w-]*\s?){1,3})"
)
_AGENCY_HINTS = ("Sở", "Bộ", "Trung tâm", "Văn phòng", "Chi nhánh", "VPĐKĐĐ", "TTPVHCC")
_TOKEN_RX = re.compile(r"\s*([^\W_][\w'’-]*)")


def _name_tokens(text: str, pos: int, allow_digits: bool) -> int:
    """End of up to three capitalised words (a place name) starting at *pos*; *pos* if there are none."""
    end = pos
    for _ in range(3):
        m = _TOKEN_RX.match(text, end)
        if not m:
            break
        word = m.group(1)
        if not (word[0].isupper() or (allow_digits and word.isdigit())):
            break
        end = m.end()
        if word.isdigit():
            break
    return end


def _unit_mentions(
    text: str, low: str | None = None, hits: Mapping[str, list[tuple[str, int, int]]] | None = None
) -> list[_Mention]:
    """Places, tiers and agencies named in *text*; *hits*: its :class:`Lexicon` scan, when done already."""
    low = fold_case(text) if low is None else low
    if hits is None:
        hits = {
            "tier": [(_TIER_RX.name(m), m.start(), m.end()) for m in _TIER_RX.finditer(low)],
            "unit": [(_UNIT_TYPE_RX.name(m), m.start(), m.end()) for m in _UNIT_TYPE_RX.finditer(low)],
        }
    mentions: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _AGENCY_RX.finditer(text) if any(h in text for h in _AGENCY_HINTS) else ():
        name = m.group(0).strip()
        level = "ministry" if name.startswith("Bộ") else "agency"
        mentions.append(_Mention(m.start(), m.start() + len(name), level, name))
        taken.append(m.span())
    for tier, ts, te in hits["tier"]:
        if any(a < te and ts < b for a, b in taken):
            continue
        if tier == "cap_xa_pair":
            if _CAPITAL_NEXT.match(text, te):
                continue
            tier = "cap_xa"
        if tier == "national":
            mentions.append(_Mention(ts, te, "national", "cả nước"))
        else:
            mentions.append(_Mention(ts, te, None, None, tier))
        taken.append((ts, te))
    for type_word, us, ue in hits["unit"]:
        if any(a < ue and us < b for a, b in taken):
            continue
        level = _TYPE_LEVEL[type_word]
        end = _name_tokens(text, ue, allow_digits=level in ("commune", "district"))
        if end > ue:
            name = text[us:end].strip()
            if level == "district" and name.lower().split(maxsplit=1)[-1] in _CENTRAL_CITIES:
                level = "province"
            mentions.append(_Mention(us, end, level, name))
        else:
            mentions.append(_Mention(us, ue, level))
    mentions.sort(key=lambda x: x.start)
    return mentions


def _resolve_unit(mention: _Mention, default: _Unit | None) -> _Unit:
    if mention.name is not None:
        return _Unit(mention.level, mention.name)
    if mention.tier is not None:
        if default is None:
            return _Unit(None, None, mention.tier)
        if mention.tier == "cap_xa" and default.level == "commune":
            return default  # "các xã" said in a commune article still means the commune
        return _Unit(default.level, default.name, mention.tier)
    if default is not None and default.level == mention.level:
        return default
    return _Unit(mention.level, None)


# --------------------------------------------------------------------------------------------------
# Number kinds and contexts

_HEAD_NOUN = _folded(
    r"\s*(?:"
    r"(?P<ho_so>(?:bộ\s+)?(?:hồ\s+sơ|HS|dossiers?|applications?|files)(?![\w]))"
    r"|(?P<tthc>(?:thủ\s+tục|TTHC|dịch\s+vụ\s+công|DVC\w*|(?:administrative\s+)?procedures?)(?!\w))"
    r"|(?P<luot>(?:lượt|visits?|transactions?)(?!\w))"
    r"|(?P<vnd>(?:đồng|VNĐ|VND|đ|dong)(?!\w))"
    r"|(?P<ngay>(?:ngày|days?)(?!\w))"
    r"|(?P<share>tổng(?:\s+số)?(?!\w))"
    r"|(?P<co_quan>(?:cơ\s+quan|đơn\s+vị|agencies)(?!\w))"
    r"|(?P<count>(?:văn\s+bản|chứng\s+thư|chữ\s+ký\s+số|thư|kết\s+quả|documents?|letters?)(?!\w))"
    r"|(?P<unit>(?:cấp|huyện|xã|phường|thị\s+trấn|thị\s+xã|quận|tỉnh|thành\s+phố|địa\s+phương|sở|ban|ngành|cán\s+bộ"
    r"|công\s+chức|viên\s+chức|biên\s+chế|người|CBCC|CB|CC|đồng\s+chí|ấp|khu\s+phố|thôn|bản|tổ|doanh\s+nghiệp|hộ"
    r"|trường|phòng|điểm\s+cầu|máy|lớp|đợt|cuộc|buổi|lần|tin|bài|năm|tháng|tuần|quý|nhiệm\s+vụ|mô\s+hình"
    r"|chỉ\s+tiêu|tiêu\s+chí|lĩnh\s+vực|nhóm|thành\s+viên|tuyến|cửa|provinces?|districts?|communes?|officials?"
    # "17 bộ, cơ quan ngang bộ": ministries ("bộ hồ sơ" is a dossier, above; "bộ thủ tục" a set)
    r"|bộ(?!\s+(?:thủ\s+tục|TTHC|chỉ\s+số|tiêu\s+chí|phận)))(?!\w))"
    r")"
)
_DIEM_AFTER = _folded(r"\s*(?:/\s*\d+(?:[.,]\d+)?\s*)?(?:điểm|points?)(?!\w)")
_RANK_BEFORE = _folded(
    r"(?:(?<!lần )(?<!\w)thứ|thứ\s+hạng|xếp\s+hạng|vị\s+trí(?:\s+thứ)?|hạng|(?<!\w)top"
    r"|ranking|ranked|rank)\s*$"
)
# Cheap substring gates: the anchored searches below try every position of their window.
_RANK_HINTS = ("thứ", "hạng", "vị trí", "top", "rank")
_DELTA_HINTS = ("tăng", "giảm", "tụt", "nhích", "cải thiện", "hơn", "chênh", "so với", "by", "up", "down")
_DELTA_BEFORE = _folded(
    r"(?:(?<!\w)(?:tăng|giảm|tụt|nhích|cải\s+thiện)(?:\s+(?:thêm|được|mạnh|nhẹ|hơn))?"
    r"|cao\s+hơn|thấp\s+hơn|nhiều\s+hơn|ít\s+hơn|chênh\s+lệch|so\s+với|increased\s+by|decreased\s+by|up|down)"
    r"\s*(?:khoảng|gần|hơn|trên|xấp\s+xỉ)?\s*$"
)
_DELTA_AFTER = _folded(
    r"^\s*(?:%|điểm(?:\s+phần\s+trăm)?|hồ\s+sơ|HS)?\s*(?:bậc|so\s+với|so\s+cùng\s+kỳ|điểm\s+phần\s+trăm|percentage\s+points?"
    r"|(?:higher|lower|more|less|up|down|better|worse)\s+(?:than|from|on|against|compared)(?!\w)"
    r"|(?:increase|decrease|rise|drop|improvement)(?!\w))"
)
_TARGET = _folded(
    r"(?:phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu\s+(?:đề\s+ra|giao|được\s+giao)|đề\s+ra|phải\s+đạt|cần\s+đạt|sẽ\s+đạt"
    r"|tối\s+thiểu|ít\s+nhất|đặt\s+ra|yêu\s+cầu\s+đạt|bảo\s+đảm\s+đạt|đảm\s+bảo\s+đạt|target|at\s+least)"
)
_PER_TIME = _folded(
    r"(?:bình\s+quân|trung\s+bình)\s+(?:mỗi|một|hằng|hàng)\s+(?:ngày|tháng|tuần|năm)|mỗi\s+ngày"
)
_WEAK = _folded(r"(?:t[ỷỉ]\s+lệ|chiếm|đạt|bằng|với|rate)")
_SCOPE_BEFORE = _folded(r"(?<!\w)(?:across|among|of|in|trong\s+(?:số\s+)?|trên|giữa)(?:\s+(?:the|all))?\s+$")
_REACHED = _folded(r"(?:đạt|với|là|with|scored|reached|was|is|of|at)\s*$")
_COMPARED_KIND = "compared"
_COMPARED = _folded(r"(?:so\s+với|cùng\s+kỳ|than(?:\s+in)?|compared\s+(?:with|to)|against)\s*$")
_CLAUSE_END = _folded(r"\s*(?:on\s+average|bình\s+quân|trung\s+bình)?\s*(?:[,.;)]|(?:và|and)\s|$)")
_BOUNDARY = re.compile(r"[;:]")
# "và" ("and") ends a figure's phrase, except inside "trước và đúng hạn" ("on time and ahead of
# schedule"); neither does an abbreviation in parentheses, "(TTHC)" (see _short_right), nor the comma
# of "37 hồ sơ chậm, quá hạn".
_SHORT_STOP = re.compile(
    r"[;:.()]|(?<!chậm)(?<!trễ),|,(?!\s*quá\s+(?:hạn|hẹn))"
    r"|\s(?:và(?!\s+(?:đúng|trước|sớm)(?!\w))|trong đó|tỷ lệ|tỉ lệ|and(?!\s+(?:on|ahead|before)(?!\w)))\s"
)
_ABBREVIATION_IN_PARENS = re.compile(r"\(\w{2,10}\)")
_LONG_STOP = re.compile(r"[;.()]|,?\s(?:trong\s+đó|đồng\s+thời)(?!\w)")
_DIGIT = re.compile(r"\d")
# Sentences without a digit are only looked at when they hold one of these (lower-cased) phrases.
_ORDINALS_EN = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_GATE_WORDS = (
    "không có",
    "không để",
    "không còn",
    "không phát sinh",
    "xếp loại",
    "đạt loại",
    "đứng đầu",
    "đứng cuối",
    "đứng thứ",
    "xếp thứ",
    "dẫn đầu",
    "quán quân",
    "thứ nhất",
    "nhóm",
    "(tốt)",
    "(khá)",
    "(good)",
    "no late",
    "no overdue",
    "rated",
    "classified",
    # English ranks in words ("came first", "was seventh", "topped the"): _WORD_RANK reads them
    "first",
    *_ORDINALS_EN,
    "topped",
    "top the",
    "led the",
    "last",
)
_GATE_WORD_NUMBER = Alternation.build(
    [("n", r"(?:hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|một)\s+(?:hồ|hs|thủ|tthc|thư|lượt|cơ|văn)")]
)
_INDEX_WORDS = ("chỉ số", "sipas", "papi", "dti", "pci", "par", "766", "index")
_PERIOD_WORDS = (
    "quý",
    "đầu năm",
    "năm nay",
    "năm qua",
    "năm trước",
    "hiện nay",
    "hiện tại",
    "đến nay",
    "quarter",
    "first",
)


def _gated(text: str, low: str) -> bool:
    """Worth the full analysis: a digit, a number word before a counted noun, or a rank/class/zero phrase."""
    return (
        bool(_DIGIT.search(text))
        or any(w in low for w in _GATE_WORDS)
        or any(True for _ in _GATE_WORD_NUMBER.finditer(low))
    )


_ZERO = _folded(
    r"không\s+(?:có|để|còn|phát\s+sinh|để\s+xảy\s+ra|xảy\s+ra)(?:\s+(?:xảy\s+ra|phát\s+sinh|tình\s+trạng))?"
    r"(?:\s+(?:bất\s+kỳ|một))?\s+(?:hồ\s+sơ|HS)(?:\s+nào)?(?:\s+TTHC)?"
    r"(?:\s+(?:bị|giải\s+quyết|xử\s+lý|trả\s+kết\s+quả))?\s+(?P<cue>(?:trễ|quá|chậm)(?:\s+thời)?\s+(?:hạn|hẹn))"
    r"|(?<!\w)no\s+(?:late|overdue)\s+(?:dossiers?|applications?)"
)
_CATEGORY = _folded(
    r"(?:xếp\s+loại|đạt\s+loại|được\s+xếp\s+loại|xếp\s+loại\s+mức|đạt\s+mức|loại|classified\s+as|rated)\s*[:\"“]?\s*"
    # ("xuất sắc" is not a class of the indices, INDICATORS.md §2d: a unit's own award, not extracted)
    r"(?P<cat>tốt|khá|trung\s+bình|yếu|kém|good|fair|poor)(?!\w)"
    r"|\((?P<paren>tốt|khá|good|fair)\)"
)
_PAPI_GROUP = _folded(
    r"nhóm\s+(?:có\s+điểm\s+(?:số\s+)?)?(?P<g>cao\s+nhất|trung\s+bình\s+cao|trung\s+bình\s+thấp|thấp\s+nhất)"
)
_WORD_RANK = _folded(
    r"(?P<first>đứng\s+đầu|dẫn\s+đầu|quán\s+quân|(?:xếp|đứng|ở|giữ)(?:\s+vị\s+trí)?\s+thứ\s+nhất|vị\s+trí\s+(?:số\s+1|dẫn\s+đầu)"
    r"|(?:ranked|came|placed|finished|stood)\s+(?:in\s+)?first|top(?:ped)?\s+the|led\s+the)"
    r"|(?:xếp|đứng|ở|giữ)(?:\s+vị\s+trí)?\s+thứ\s+(?P<nth>hai|ba|tư|năm|sáu|bảy|tám|chín|mười)(?!\w)"
    # English: "came second", "was seventh", "ranked 41st", and in a list "fourth in 2014, third in 2015"
    r"|(?:ranked|came|placed|finished|stood|was|were|is)\s+(?:in\s+)?"
    rf"(?:(?P<nth_en>{'|'.join(_ORDINALS_EN)})"
    r"|(?P<num_en>\d{1,3})(?:st|nd|rd|th))(?!\w)"
    rf"|(?P<nth_en2>{'|'.join(_ORDINALS_EN)})(?=\s+(?:in\s+(?:19|20)\d\d|place))"
    r"|(?P<last>đứng\s+cuối|xếp\s+cuối|chót\s+bảng|cuối\s+bảng|came\s+last|ranked\s+last|bottom\s+of)"
)
_RANK_GROUP = _folded(
    r"\s*(?:trong\s+(?:số\s+)?|trên\s+|so\s+với\s+|của\s+)?(?P<g>(?:các\s+)?(?:tỉnh|thành\s+phố|huyện|xã|phường|thị\s+trấn|sở|ban|ngành"
    r"|cơ\s+quan|đơn\s+vị|bộ|quận|thị\s+xã|địa\s+phương|provinces?|cities|localities|districts?|communes?)"
    r"(?:[^;.()\d,]|,\s*(?=(?:thị\s+trấn|phường|xã|thị\s+xã|thành\s+phố|quận|huyện|ban|ngành|sở)(?!\w))){0,50})"
)
_RANK_OF_AFTER = _folded(r"\s*(?:trong\s+(?:số\s+)?|trên\s+|/\s*|out\s+of\s+|among\s+(?:the\s+)?)(\d+)\s")
_NTH = {"hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
        **{word: n for n, word in enumerate(_ORDINALS_EN, start=2)}}
_BREAKDOWN_CUES = (
    (_folded(r"một\s+cửa\s+liên\s+thông"), ("co_che", "mot_cua_lien_thong")),
    (_folded(r"(?:theo\s+)?cơ\s+chế\s+một\s+cửa(?!\s+liên)"), ("co_che", "mot_cua")),
    (
        _folded(r"mức(?:\s+độ)?\s+([34])(?:\s*(?:,|và|-|/)\s*(?:mức(?:\s+độ)?\s+)?([34]))?"),
        ("muc_do", ""),
    ),
    (
        _folded(r"lĩnh\s+vực\s+((?:[^\W\d_]+\s?){1,3}?)(?=[,;:.(]|\s(?:tiếp|giải|đã|có|với|là|đạt|chiếm))"),
        ("linh_vuc", ""),
    ),
    (  # a field named without "lĩnh vực": "trong đó có 2.187 hồ sơ đất đai"
        _folded(r"hồ\s+sơ\s+(?:thuộc\s+)?(đất\s+đai|hộ\s+tịch|chứng\s+thực|xây\s+dựng|đăng\s+ký\s+kinh\s+doanh)"),
        ("linh_vuc", ""),
    ),
    (_folded(r"cung\s+cấp\s+thông\s+tin"), ("loai", "cung_cap_thong_tin")),
    (_folded(r"liên\s+thông\s+cùng\s+cấp"), ("loai", "lien_thong_cung_cap")),
    (_folded(r"liên\s+thông\s+(?:giữa\s+)?các\s+cấp"), ("loai", "lien_thong_cac_cap")),
    (_folded(r"thành\s+phần\s+hồ\s+sơ"), ("loai", "thanh_phan_ho_so")),
)
_BREAKDOWN_ANCHOR = _folded(r"(?:trong\s+đó|riêng|đối\s+với|về)\s*[,:]?")


def _kind(text: str, number: Number, left: str, lang: str) -> str:
    if number.percent:
        return "percent"
    window = left[-30:]
    if any(h in window for h in _RANK_HINTS) and _RANK_BEFORE.search(window):
        return "rank"
    after = text[number.end : number.end + 40]
    if _DIEM_AFTER.match(after):
        return "diem"
    m = _HEAD_NOUN.match(after)
    if m:
        kind = m.lastgroup or "bare"
        if kind == "vnd" and not number.scaled and number.value < 1000:
            return "bare"
        return kind
    if number.text.isdigit() and len(number.text) == 4 and 1990 <= number.value <= 2039:
        return "year"  # "since 2014", "2023 PAR Index": a year no period pattern took
    return "bare"


def _short_right(text: str, start: int, limit: int) -> int:
    end = min(limit, start + 60)
    m = _SHORT_STOP.search(text, start, end)
    while m and m.group() == "(" and (a := _ABBREVIATION_IN_PARENS.match(text, m.start())):
        end = min(limit, end + len(a.group()))
        m = _SHORT_STOP.search(text, a.end(), end)
    return m.start() if m else end


def _long_right(text: str, start: int, limit: int, reach: int = 90) -> int:
    m = _LONG_STOP.search(text, start, min(limit, start + reach))
    return m.start() if m else min(limit, start + reach)


# --------------------------------------------------------------------------------------------------
# Extraction


@dataclass
class _Context:
    """What a paragraph has said so far: used for sentences that leave the period, place or index implicit."""

    period: Period | None = None
    unit: _Unit | None = None
    index: str | None = None


@dataclass
class _Article:
    published: date
    lang: str
    default: _Unit | None
    title_index: str | None = None
    figures: list[Figure] = field(default_factory=list)


class _Cue(NamedTuple):  # a tuple, cheap to create: one for every cue phrase
    start: int
    end: int
    concepts: tuple[str, ...]


def _cues(m: _Matcher, text: str, start: int, end: int) -> list[_Cue]:
    """Cue phrases in text[start:end]; *text* must already be lower-cased (see :func:`_match_text`)."""
    if end <= start:
        return []
    return [_Cue(c.start(), c.end(), _cue_concepts(m, c.group(0), m.cue_rx.name(c)))
            for c in m.cue_rx.finditer(text, start, end)]


def _pick(
    m: _Matcher, cues: Sequence[_Cue], kind: str, *, last: bool = True, exclude: tuple[str, ...] = ()
) -> tuple[str, tuple[str, ...]] | None:
    """The concept (and its keys) of the nearest cue that has a key for this kind of number."""
    for cue in reversed(cues) if last else cues:
        for concept in cue.concepts:
            if concept in exclude:
                continue
            keys = m.keys.get((concept, kind))
            if keys:
                return concept, keys
    return None


def _index_concept(cues: Sequence[_Cue], number_start: int) -> str | None:
    before = [c for c in cues if c.end <= number_start and any(k in _INDEX_CONCEPTS for k in c.concepts)]
    after = [c for c in cues if c.start >= number_start and any(k in _INDEX_CONCEPTS for k in c.concepts)]
    for cue in ([before[-1]] if before else []) + after[:1]:
        return next(k for k in cue.concepts if k in _INDEX_CONCEPTS)
    return None


def _index_keys(
    m: _Matcher, index: str | None, cues: Sequence[_Cue], number_start: int, kind: str, left_start: int
) -> tuple[str, tuple[str, ...]] | None:
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
                return concept, keys
    keys = m.keys.get((index, kind))
    return (index, keys) if keys else None


def _period_for(periods: Sequence[Period], pos: int, ctx: _Context) -> Period | None:
    before = [p for p in periods if p.end <= pos]
    if before:
        return before[-1]
    after = [p for p in periods if p.start >= pos and p.kind != _COMPARED_KIND]
    if after:
        return after[0]
    return ctx.period


def _unit_for(mentions: Sequence[_Mention], pos: int, ctx: _Context, default: _Unit | None) -> _Unit | None:
    before = [x for x in mentions if x.end <= pos]
    if before:
        last = before[-1]
        if last.name is None and last.tier is None and last.level is not None:
            # A bare "xã" refers back to the unit of that level named last ("Theo UBND xã Duy Sơn, … xã tiếp
            # nhận …"), in this sentence or the ones before; the article's own unit only when none was.
            for earlier in reversed(before[:-1]):
                if earlier.level == last.level and earlier.name is not None:
                    return _Unit(earlier.level, earlier.name)
            if ctx.unit is not None and ctx.unit.level == last.level and ctx.unit.name is not None:
                return ctx.unit
        return _resolve_unit(last, default)
    return ctx.unit or default


_BREAKDOWN_HINT = _folded(
    r"một\s+cửa|mức|lĩnh\s+vực|thông\s+tin|liên\s+thông|thành\s+phần|đất\s+đai|hộ\s+tịch|chứng\s+thực|xây\s+dựng|kinh\s+doanh"
)


def _breakdown_for(text: str, seg_start: int, pos: int, right_end: int) -> tuple[tuple[str, str], ...]:
    """Breakdown cues in the figure's own phrase, or announced earlier in its ';' segment."""
    found: dict[str, str] = {}
    if not _BREAKDOWN_HINT.search(text, seg_start, right_end):
        return ()
    for region in ((pos, right_end), (seg_start, pos)):
        for rx, (name, value) in _BREAKDOWN_CUES:
            if name in found:
                continue
            hits = list(rx.finditer(text, *region))
            if not hits:
                continue
            hit = hits[-1]
            if name == "muc_do":
                value = ",".join(g for g in hit.groups() if g)
            elif name == "linh_vuc":
                from reformsite.core import slugify

                value = slugify(hit.group(1)).replace("-", "_")
            found[name] = value
    return tuple(sorted(found.items()))


def _make(
    article: _Article,
    key: str,
    value: float | int | str,
    unit: str,
    number: Number | None,
    *,
    quote: tuple[str, int, int, int],
    period: Period | None,
    place: _Unit | None,
    breakdown: tuple[tuple[str, str], ...] = (),
    rank_of: int | None = None,
    rank_group: str | None = None,
    qualifier: str | None = None,
) -> Figure:
    text, block, start, end = quote
    q = qualifier or (number.qualifier if number else "exact")
    value_max = None
    if number is not None and number.value_max is not None:
        value_max = float(number.value_max)
    return Figure(
        indicator=key,
        value=value,
        unit=unit,
        qualifier=q,
        quote=text,
        block=block,
        start=start,
        end=end,
        period=period.value if period else None,
        period_range=period.period_range if period else None,
        level=place.level if place else None,
        unit_name=place.name if place else None,
        tier=place.tier if place else None,
        value_max=value_max,
        rank_of=rank_of,
        rank_group=rank_group,
        breakdown=breakdown,
    )


def _unit_of(key: str, kind: str, vocab: Vocabulary) -> str:
    indicator = vocab[key]
    if kind in indicator.accepted_units and kind != "bare":
        return kind
    return indicator.unit


def _sentence_figures(
    article: _Article,
    text: str,
    match_text: str,
    s0: int,
    s1: int,
    block: int,
    ctx: _Context,
    quote: tuple[str, int, int, int] | None = None,
) -> list[Figure]:
    """Figures of the sentence text[s0:s1] (offsets are into the whole block); *quote* (text, block,
    start, end) stands for the sentence in the figures when it was composed (a table cell's)."""
    m = _matcher(article.lang)
    vocab = load_vocabulary()
    sentence = text[s0:s1]
    orig = match_text[s0:s1]
    quote = quote or (sentence, block, s0, s1)
    # Every scan below runs on the lower-cased text with case-blind patterns (see compile_folded);
    # only rank groups are cut from the original.
    low = msent = fold_case(orig)
    gated = _gated(msent, low)
    if not gated:
        periods = (
            find_periods(msent, published=article.published) if any(w in low for w in _PERIOD_WORDS) else []
        )
        if periods:
            ctx.period = periods[-1]
        if any(w in low for w in _INDEX_WORDS):
            index = _index_concept(_cues(m, low, 0, len(msent)), len(msent))
            if index:
                ctx.index = index
        return []
    hits = m.lexicon.scan(low)
    # "cao hơn 0,33% so với năm 2022": the year compared with is not the period of what comes before it
    # (but "So với năm 2023, khi tỉnh đạt 78,66%" is the period of what follows)
    periods = [
        replace(p, kind=_COMPARED_KIND) if _COMPARED.search(msent, max(0, p.start - 16), p.start) else p
        for p in find_periods(msent, published=article.published, hits=hits["period"])
    ]
    numbers = find_numbers_prescanned(
        orig,
        low,
        lang=article.lang,
        masked=[(p.start, p.end) for p in periods] + [(s, e) for _, s, e in hits["mask"]],
        word_numbers=[(w, s) for w, s, _ in hits["wordnum"]],
    )
    cues = [_Cue(s, e, _cue_concepts(m, low[s:e], name)) for name, s, e in hits["cue"]]
    mentions = _unit_mentions(sentence, low, hits)
    out: list[Figure] = []
    prev: tuple[Number, str, tuple[str, ...], Figure | None] | None = None  # number, concept, keys, figure
    prev_prev: tuple[Number, str, tuple[str, ...], Figure | None] | None = None  # the figure before prev

    def emit(fig: Figure) -> Figure:
        out.append(fig)
        return fig

    prev_phrase_end = 0
    unit_count_end = 0
    unit_fraction = False
    # goals, targets ("tối thiểu") and rates per day come from the one scan, checked for each number
    plan_pos = plan_start_from(hits["plan"], len(msent))
    any_breakdown = _BREAKDOWN_HINT.search(msent) is not None  # most sentences have none: skip per number
    targets = [(a, b) for _, a, b in hits["target"]]
    per_time = [(a, b) for _, a, b in hits["per_time"]]
    # digits that are part of a place name ("xã Sơn Kim 1", "Phường 3"), and "một" ("một hồ sơ chậm …
    # gây phiền hà"), which is the article "a" far more often than the count 1
    named = [(x.start, x.end) for x in mentions if x.name]
    numbers = [
        n
        for n in numbers
        if not (n.word and n.value == 1) and not any(a <= n.start and n.end <= b for a, b in named)
    ]
    for i, number in enumerate(numbers):
        prev_end = numbers[i - 1].end if i else 0
        seg_start = _segment_start(msent, number.start)
        # the previous number's own noun phrase ("1.105 HS trực tuyến") says nothing about this one
        left_start = max(prev_end, seg_start, min(prev_phrase_end, number.start))
        left = msent[left_start : number.start]
        next_start = numbers[i + 1].start if i + 1 < len(numbers) else len(msent)
        kind = _kind(msent, number, msent[max(0, number.start - 40) : number.start], article.lang)
        after = msent[number.end : number.end + 30]
        if kind == "year":
            prev = None
            continue
        if kind in ("unit", "co_quan") and not _cues_have(
            m, cues, left_start, _long_right(msent, number.end, next_start), "chu_ky_so_co_quan"
        ):
            prev = None
            # "Across the 63 provinces, the average score was 81.15%": units that bound the scope, not
            # units that reached a threshold ("5/9 xã đạt ... trên 80%")
            if not _SCOPE_BEFORE.search(msent, max(0, number.start - 20), number.start):
                unit_count_end = number.end
                unit_fraction = number.denominator is not None
            continue
        if (
            unit_count_end
            and (number.percent or unit_fraction)
            and not _BOUNDARY.search(msent, unit_count_end, number.start)
        ):
            # "5/9 xã đạt tỷ lệ ... trên 80%", "9/10 cán bộ đạt 90%": a threshold met by some units
            prev = None
            continue
        if kind == "co_quan":
            kind = "count"
        before = msent[max(0, number.start - 30) : number.start]
        if (any(h in before for h in _DELTA_HINTS) and _DELTA_BEFORE.search(before)) or _DELTA_AFTER.match(
            after
        ):
            prev = None
            continue
        window = max(seg_start, number.start - 80)
        if (
            plan_pos < number.start
            or any(window <= a and b <= number.start for a, b in targets)
            or any(left_start <= a and b <= number.start for a, b in per_time)
        ):
            prev = None
            continue
        place = _unit_for(mentions, number.start, ctx, article.default)
        period = _period_for(periods, number.start, ctx)
        if period is not None and in_future(period.value, article.published):
            prev = None
            continue
        short_end = _short_right(msent, number.end, next_start)
        prev_phrase_end = short_end
        breakdown = _breakdown_for(msent, seg_start, number.start, short_end) if any_breakdown else ()
        left_cues = [c for c in cues if left_start <= c.start and c.end <= number.start]
        right_cues = [c for c in cues if number.end <= c.start and c.end <= short_end]

        if kind in ("rank", "diem", "bare") or (kind == "percent" and not left_cues):
            index = (
                _index_concept([c for c in cues if c.end <= number.start] or cues, number.start)
                or ctx.index
                or article.title_index
            )
            picked_index = None
            if kind in ("rank", "diem"):
                picked_index = _index_keys(m, index, cues, number.start, kind, 0)
            elif kind in ("bare", "percent"):
                near = _pick(m, left_cues, kind)
                if near and near[0] in _INDEX_CONCEPTS:
                    picked_index = near
            if kind == "rank":
                if picked_index:
                    rank_of = int(number.denominator) if number.denominator else None
                    if rank_of is None:
                        r = _RANK_OF_AFTER.match(msent, number.end)
                        rank_of = int(r.group(1)) if r else None
                    g = _RANK_GROUP.match(msent, number.end)
                    group = orig[g.start("g") : g.end("g")].strip(" ,") if g else None
                    for key in picked_index[1]:
                        emit(
                            _make(
                                article,
                                key,
                                number.value,
                                "rank",
                                number,
                                quote=quote,
                                period=period,
                                place=place,
                                rank_of=rank_of,
                                rank_group=group,
                                qualifier="exact",
                            )
                        )
                prev = None
                continue
            if picked_index:
                scale = (("thang_diem", str(int(number.denominator))),) if number.denominator else ()
                fig = None
                for key in picked_index[1]:
                    fig = emit(
                        _make(
                            article,
                            key,
                            number.value,
                            _unit_of(key, kind, vocab),
                            number,
                            quote=quote,
                            period=period,
                            place=place,
                            breakdown=scale,
                        )
                    )
                prev = (number, picked_index[0], picked_index[1], fig)
                continue
            if kind == "diem":
                prev = None
                continue

        # general case: the nearest cue that has a key for this kind of number
        picked = None
        if kind == "percent":
            head = _HEAD_NOUN.match(msent, number.end)
            if head and head.lastgroup not in (None, "vnd", "ngay"):
                long_end = _long_right(
                    msent, number.end, next_start, 140 if head.lastgroup == "co_quan" else 90
                )
                after_cues = [c for c in cues if number.end <= c.start and c.end <= long_end]
                if head.lastgroup == "share":
                    # "hồ sơ trực tuyến chiếm 18,9% tổng số hồ sơ giải quyết": after "tổng số" comes the
                    # whole the share is of, which names the rate only when it says more than "giải quyết"
                    after_cues = _strong(after_cues)
                at_head = [c for c in after_cues if c.start < head.end()]
                picked = _pick(m, at_head, kind) or _pick(m, after_cues, kind)
                if picked and head.lastgroup == "co_quan":
                    picked = _refine_by_agency(m, picked, kind)
            if (
                picked is None
                and prev is not None
                and prev[0].end == prev_end
                and not prev[0].denominator
                and re.fullmatch(r"\s*\(\s*", left)
            ):
                # "708 hồ sơ quá hạn (1,37%)": an outcome's count, then its share; but in "1.105 HS trực
                # tuyến (100%)" the share of a channel's dossiers is of what is not said
                keys = m.keys.get((prev[1], "percent")) if prev[1] in _OUTCOMES else None
                if not keys:
                    prev = None
                    continue
                picked = (prev[1], keys)
            if (
                picked is None
                and prev is not None
                and prev_prev is not None
                and i >= 2
                and numbers[i - 2] is prev_prev[0]
                and not prev_prev[0].percent
                and prev[0].end == prev_end
                and not _strong(left_cues)
                and (cut := denominator_start(msent, prev_prev[0].end, prev[0].start)) is not None
            ):
                # "115.665 hồ sơ trực tuyến toàn trình trên tổng số 168.746 hồ sơ đã giải quyết, tương ứng
                # 68,54%": the share is the first count's part of the second, named before "trên tổng số"
                part = [c for c in cues if prev_prev[0].end <= c.start and c.end <= cut]
                picked = _pick(m, _strong(part), kind)
            if picked is None:
                subject = _rate_subject_cues(msent, left_cues, left_start, number.start)
                strong = _pick(m, _strong(subject), kind) or _pick(m, subject, kind)
                weak_only = strong is None
                if (
                    prev is not None
                    and prev[0].end == prev_end
                    and (
                        weak_only
                        and (
                            _WEAK.search(left)
                            or (
                                (prev[0].denominator and left.strip(" (") in ("", "HS", "hồ sơ"))
                                or (prev[0].denominator and _only_filler(left))
                            )
                        )
                    )
                ):
                    keys = m.keys.get((prev[1], "percent"))
                    if keys:
                        picked = (prev[1], keys)
                if picked is None and not _strong(subject):
                    # "resolved 99.29% of them on time": a bare verb before, the rate's own word after
                    picked = _pick(m, _strong(right_cues), kind)
                if picked is None:
                    picked = strong
            if picked is None:
                long_end = _long_right(msent, number.end, next_start)
                picked = _pick(m, [c for c in cues if number.end <= c.start and c.end <= long_end], kind)
            if picked is None:
                # an uncued percentage in a sentence about an index is that index's value, and so is one
                # that a sentence with no cue at all says something "đạt": "Chỉ số CCHC năm 2023 của các
                # bộ được công bố. Bộ Tư pháp đạt 89,95%."
                index = _index_concept([c for c in cues if c.end <= number.start], number.start)
                said_reached = _REACHED.search(left) and _CLAUSE_END.match(msent, number.end)
                if index is None and not cues and said_reached:
                    index = ctx.index or article.title_index
                picked = _index_keys(m, index, cues, number.start, kind, 0)
            if (
                picked
                and picked[0] in ("qlvb", "chu_ky_so")
                and (re.search(r"cơ\s+quan|đơn\s+vị", left) or (head and head.lastgroup == "co_quan"))
            ):
                picked = _refine_by_agency(m, picked, kind)
        elif kind == "bare":
            if not re.search(r"hồ\s+sơ|(?<!\w)hs(?!\w)|dossier", msent):
                prev = None
                continue
            picked = _pick(m, right_cues, "ho_so", last=False) or _pick(m, left_cues, "ho_so")
            kind = "ho_so" if picked else kind
        else:
            picked = _pick(m, right_cues, kind) or _pick(m, left_cues, kind)
            if kind == "ho_so" and number.denominator is None:  # ("x/y hồ sơ": settled of total)
                picked, level = _dossier_channel(m, msent, number, picked, left_cues, right_cues)
                if level:
                    breakdown = tuple(sorted({**dict(breakdown), "muc_do": level}.items()))
            if (
                kind == "ho_so"
                and picked is None
                and prev is not None
                and prev[3] is not None
                and PART_OF_PREVIOUS.search(left)
            ):
                picked = (prev[1], prev[2])  # "…, trong đó 2.187 hồ sơ đất đai": part of the previous figure
            if picked is None and kind in ("luot", "count", "vnd"):
                long_end = _long_right(msent, number.end, next_start)
                picked = _pick(m, [c for c in cues if number.end <= c.start and c.end <= long_end], kind)
            if picked is None and kind == "tthc":
                picked = ("so_tthc", ("so_tthc",))
            if picked is None and kind == "ho_so" and number.denominator is not None:
                # "3.172/3.172 HS (100%)" with no verb: numerator achieved, denominator total (INDICATORS §4)
                picked = ("giai_quyet", m.keys[("giai_quyet", "ho_so")])
            if (
                picked
                and kind == "count"
                and picked[0] == "chu_ky_so"
                and re.match(r"\s*(?:cơ\s+quan|đơn\s+vị)", after)
            ):
                picked = _refine_by_agency(m, picked, "count")
        if picked is None:
            prev = None
            continue
        concept, keys = picked
        extra = m.breakdown.get(concept)
        bd = tuple(sorted({**dict(breakdown), **({extra[0]: extra[1]} if extra else {})}.items()))
        fig = None
        if kind == "ho_so" and number.denominator is not None:
            if concept in ("tiep_nhan_giai_quyet", "giai_quyet", "tiep_nhan"):
                fig = emit(
                    _make(
                        article,
                        "hs_da_giai_quyet",
                        number.value,
                        "ho_so",
                        number,
                        quote=quote,
                        period=period,
                        place=place,
                        breakdown=bd,
                    )
                )
                emit(
                    _make(
                        article,
                        "hs_can_giai_quyet",
                        number.denominator,
                        "ho_so",
                        number,
                        quote=quote,
                        period=period,
                        place=place,
                        breakdown=bd,
                    )
                )
                concept = "giai_quyet"
            else:
                for key in keys:
                    fig = emit(
                        _make(
                            article,
                            key,
                            number.value,
                            "ho_so",
                            number,
                            quote=quote,
                            period=period,
                            place=place,
                            breakdown=bd,
                        )
                    )
        else:
            for key in keys:
                fig = emit(
                    _make(
                        article,
                        key,
                        number.value,
                        _unit_of(key, kind, vocab),
                        number,
                        quote=quote,
                        period=period,
                        place=place,
                        breakdown=bd,
                    )
                )
        prev_prev, prev = prev, (number, concept, keys, fig)

    for _, pos, zero_end in hits["zero"]:
        place = _unit_for(mentions, pos, ctx, article.default)
        period = _period_for(periods, pos, ctx)
        if _stated_as_goal(plan_pos, pos, period, article):
            continue
        bd = _breakdown_for(msent, _segment_start(msent, pos), pos, zero_end)
        out.append(
            _make(
                article, "hs_tre_han", 0, "ho_so", None, quote=quote, period=period, place=place, breakdown=bd
            )
        )
    out.extend(
        _categories_and_word_ranks(article, msent, orig, hits, plan_pos, cues, mentions, periods, ctx, quote)
    )
    out.sort(key=lambda f: f.start)

    if stated := [p for p in periods if p.kind != _COMPARED_KIND]:
        ctx.period = stated[-1]
    index = _index_concept(cues, len(msent))
    if index:
        ctx.index = index
    if out:
        last = out[-1]
        ctx.unit = _Unit(last.level, last.unit_name, last.tier)
    return _split_on_time(out, msent, cues)


def _strong(cues: Sequence[_Cue]) -> list[_Cue]:
    """The cues that name more than a bare verb ("giải quyết", "tiếp nhận"; see WEAK_CONCEPTS)."""
    return [c for c in cues if not WEAK_CONCEPTS.issuperset(c.concepts)]


def _rate_subject_cues(text: str, cues: Sequence[_Cue], start: int, end: int) -> Sequence[_Cue]:
    """The cues of a rate's subject: those before its denominator ("trên tổng số hồ sơ giải quyết")."""
    cut = denominator_start(text, start, end)
    if cut is None:
        return cues
    return [c for c in cues if c.start < cut] or cues


_ONLINE = ("truc_tuyen", "toan_trinh", "mot_phan")
# What happened to dossiers, as opposed to how they came in: a share in parentheses right after such a
# count is that outcome's rate.
_OUTCOMES = frozenset({"dung_han", "dung_han_gom", "truoc_han", "tre_han", "rut_tra_lai", "dang_qua_han"})


def _dossier_channel(
    m: _Matcher,
    text: str,
    number: Number,
    picked: tuple[str, tuple[str, ...]] | None,
    left_cues: Sequence[_Cue],
    right_cues: Sequence[_Cue],
) -> tuple[tuple[str, tuple[str, ...]] | None, str | None]:
    """A count of dossiers received or settled online is the online count: "278 hồ sơ dịch vụ công mức
    độ 3" (with its level), "Qua dịch vụ công trực tuyến, xã đã tiếp nhận 214 hồ sơ"."""
    level = ONLINE_LEVEL_AFTER.match(text, number.end)
    if level:
        return ("truc_tuyen", m.keys[("truc_tuyen", "ho_so")]), level.group(1)
    if picked is not None and picked[0] in WEAK_CONCEPTS:
        online = [c for c in (*left_cues, *right_cues) if any(k in _ONLINE for k in c.concepts)]
        if online:
            return _pick(m, online, "ho_so") or picked, None
    return picked, None


def _stated_as_goal(plan_pos: int, pos: int, period: Period | None, article: _Article) -> bool:
    """A zero, class or rank at *pos* that the sentence gives as a goal (its goals start at
    *plan_pos*), or for a period to come."""
    return plan_pos < pos or (period is not None and in_future(period.value, article.published))


def _of_other_units(text: str, pos: int) -> bool:
    """A class or rank at *pos* that belongs to counted units: "8 sở được xếp loại tốt"."""
    return units_counted(text[_segment_start(text, pos) : pos])


def _segment_start(text: str, pos: int) -> int:
    """Start of the ';' or ':' segment of *text* that holds *pos*."""
    return max(text.rfind(";", 0, pos), text.rfind(":", 0, pos)) + 1


def _only_filler(left: str) -> bool:
    return len(left.strip()) <= 60 and not re.search(r"\d", left)


def _cues_have(m: _Matcher, cues: Sequence[_Cue], start: int, end: int, concept: str) -> bool:
    return any(start <= c.start and c.end <= end and concept in c.concepts for c in cues)


def _refine_by_agency(
    m: _Matcher, picked: tuple[str, tuple[str, ...]], kind: str
) -> tuple[str, tuple[str, ...]]:
    """ "N% cơ quan ... quản lý văn bản" is the agencies' share, not the officials'."""
    refined = {"qlvb": "qlvb_co_quan", "chu_ky_so": "chu_ky_so_co_quan"}.get(picked[0])
    keys = m.keys.get((refined, kind)) if refined else None
    return (refined, keys) if refined and keys else picked


def _split_on_time(figures: list[Figure], text: str, cues: Sequence[_Cue]) -> list[Figure]:
    """ "đúng hạn" counted next to a separate "trước hạn" figure is the exactly-on-time part only."""
    has_early = {
        (f.period, f.unit_name, f.tier, f.breakdown)
        for f in figures
        if f.indicator in ("hs_truoc_han", "ty_le_truoc_han")
    }
    if not has_early:
        return figures
    combined = re.compile(
        r"(?:đúng|trước|sớm)(?:\s+thời)?\s+(?:hạn|hẹn)\s*(?:,|và|hoặc|/|-)\s*(?:đúng|trước|sớm)"
        r"|(?:đúng|trước|sớm)\s+(?:và|,)\s+(?:đúng|trước|sớm)"
    )
    out = []
    for f in figures:
        if (
            f.indicator in ("hs_dung_han", "ty_le_dung_han")
            and (f.period, f.unit_name, f.tier, f.breakdown) in has_early
            and not combined.search(f.quote)
        ):
            f = replace(f, indicator=f.indicator.replace("dung_han", "dung_han_rieng"))
        out.append(f)
    return out


def _categories_and_word_ranks(
    article: _Article,
    msent: str,
    orig: str,
    hits: Mapping[str, list[tuple[str, int, int]]],
    plan_pos: int,
    cues: Sequence[_Cue],
    mentions: Sequence[_Mention],
    periods: Sequence[Period],
    ctx: _Context,
    quote: tuple[str, int, int, int],
) -> list[Figure]:
    """Classes, PAPI groups and ranks in words; the patterns are re-matched at the places the sentence's
    Lexicon scan found them, for their groups."""
    out: list[Figure] = []
    for c in (_CATEGORY.match(msent, at) for _, at, _ in hits["category"]):
        if c is None:
            continue
        if _stated_as_goal(
            plan_pos, c.start(), _period_for(periods, c.start(), ctx), article
        ) or _of_other_units(msent, c.start()):
            continue
        index = _index_concept(cues, c.start()) or ctx.index or article.title_index
        if c.group("paren") and index != "i766":
            continue
        index = index if index in ("cchc", "i766") else "cchc"
        key = "xep_loai_766" if index == "i766" else "xep_loai_cchc"
        word = " ".join((c.group("cat") or c.group("paren")).lower().split())
        out.append(
            _make(
                article,
                key,
                CATEGORIES[word],
                "category",
                None,
                quote=quote,
                period=_period_for(periods, c.start(), ctx),
                place=_unit_for(mentions, c.start(), ctx, article.default),
            )
        )
    for g in (_PAPI_GROUP.match(msent, at) for _, at, _ in hits["papi"]):
        if g is None:
            continue
        index = _index_concept(cues, g.start()) or ctx.index
        if index == "papi":
            out.append(
                _make(
                    article,
                    "nhom_papi",
                    PAPI_GROUPS[" ".join(g.group("g").lower().split())],
                    "category",
                    None,
                    quote=quote,
                    period=_period_for(periods, g.start(), ctx),
                    place=_unit_for(mentions, g.start(), ctx, article.default),
                )
            )
    m = _matcher(article.lang)
    for w in (_WORD_RANK.match(msent, at) for _, at, _ in hits["word_rank"]):
        if w is None:
            continue
        if (
            leader_group(msent[: w.start()])
            or _stated_as_goal(plan_pos, w.start(), _period_for(periods, w.start(), ctx), article)
            or _of_other_units(msent, w.start())
        ):
            continue
        index = _index_concept(cues, w.start()) or ctx.index or article.title_index
        picked = _index_keys(m, index, cues, w.start(), "rank", 0)
        if not picked:
            continue
        r = _RANK_OF_AFTER.match(msent, w.end()) or re.search(
            r"(\d+)\s+(?:tỉnh|địa\s+phương|huyện|xã|đơn\s+vị|sở)", msent[w.end() : w.end() + 60]
        )
        rank_of = int(r.group(1)) if r else None
        nth = w.group("nth") or w.group("nth_en") or w.group("nth_en2")
        if w.group("first"):
            value: int | None = 1
        elif nth:
            value = _NTH[nth.lower()]
        elif w.group("num_en"):
            value = int(w.group("num_en"))
        else:
            value = rank_of
        if value is None:
            continue
        g = _RANK_GROUP.match(msent, w.end())
        # "fourth in 2014, third in 2015": a period right after the rank is its own
        right_after = [p for p in periods
                       if 0 <= p.start - w.end() <= 4 and not msent[w.end() : p.start].split()]
        period = right_after[0] if right_after else _period_for(periods, w.start(), ctx)
        for key in picked[1]:
            out.append(
                _make(
                    article,
                    key,
                    value,
                    "rank",
                    None,
                    quote=quote,
                    period=period,
                    place=_unit_for(mentions, w.start(), ctx, article.default),
                    rank_of=rank_of,
                    rank_group=orig[g.start("g") : g.end("g")].strip(" ,") if g else None,
                )
            )
    return out


# Old-style tone placement ("hoà", "thuỵ") in NFC text, and its new-style spelling, pair by pair: the
# same result as text.canonical_tones() without decomposing and recomposing the whole paragraph.
_OLD_VOWELS = {"oO": "àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ", "uU": "ỳýỷỹỵỲÝỶỸỴ"}
_OLD_TONE_PAIRS = {
    a + b: canonical_tones(a + b) for firsts, seconds in _OLD_VOWELS.items() for a in firsts for b in seconds
}
# (starts with a plain character class so that re skips ahead in C; the "qu" check comes second)
_OLD_TONES = re.compile(
    r"[oOuU](?<![qQ][oOuU])(?:(?<=[oO])[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|(?<=[uU])[ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])"
)


def _match_text(text: str) -> str:
    """The text cue patterns run on: new-style tones ("hoá" → "hóa"), same length as *text*."""
    return _OLD_TONES.sub(lambda m: _OLD_TONE_PAIRS[m.group()], text)


def _default_from(title: str, blocks: Sequence[str]) -> _Unit | None:
    for text in (title, *blocks[:3]):
        for mention in _unit_mentions(text):
            if mention.name is not None and mention.level in ("commune", "district", "province"):
                return _Unit(mention.level, mention.name)
    return None


def extract_figures(
    blocks: Sequence[str],
    *,
    title: str,
    published: date,
    lang: str = "vi",
    default_unit: tuple[str, str] | None = None,
) -> list[Figure]:
    """Every figure stated in an article, in reading order (title figures that restate the body dropped).

    *blocks* are the article's paragraphs as plain text (NFC; offsets refer to the NFC text).
    *default_unit* is (level, unit_name) of the article's main place, used for sentences that name no
    unit or refer to it as "UBND xã", "Thành phố"; without it, the first place named in the title or the
    opening paragraphs stands in.
    """
    lang = "en" if lang.lower().startswith("en") else "vi"
    title = nfc(title or "")
    norm_blocks = [nfc(b) for b in blocks]
    default = _Unit(*default_unit) if default_unit else _default_from(title, norm_blocks)
    article = _Article(published, lang, default)
    title_match = _match_text(title)
    article.title_index = _index_concept(
        _cues(_matcher(lang), fold_case(title_match), 0, len(title_match)), len(title_match)
    )
    figures: list[Figure] = []
    cells = {c.block: c for c in table_cells(norm_blocks)}
    for block_index, text in enumerate(norm_blocks):
        if not text.strip():
            continue
        cell = cells.get(block_index)
        if cell is not None:  # a table's value, read with its row label and column header
            composed = cell.sentence()
            quote = (text, block_index, 0, len(text))
            figures.extend(
                _sentence_figures(
                    article, composed, _match_text(composed), 0, len(composed), block_index, _Context(), quote
                )
            )
            continue
        match_text = _match_text(text)
        if not _gated(match_text, fold_case(match_text)):
            continue  # no sentence of it can hold a figure, and the context it sets ends with it
        ctx = _Context()
        for s0, s1 in split_sentences(text):
            figures.extend(_sentence_figures(article, text, match_text, s0, s1, block_index, ctx))
    title_figures: list[Figure] = []
    if title.strip():
        ctx = _Context()
        title_figures = [
            replace(f, flags=(*f.flags, "from_title"))
            for f in _sentence_figures(article, title, title_match, 0, len(title), TITLE_BLOCK, ctx)
        ]
    figures = _dedupe(figures)
    kept_title = [f for f in title_figures if not any(_restates(f, b) for b in figures)]
    return _flag_contradictions(kept_title + figures)


def _identity(f: Figure) -> tuple[object, ...]:
    return (f.indicator, f.unit, f.period, f.unit_name, f.tier, f.breakdown, f.rank_of, f.rank_group, f.level)


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """The same figure stated twice (same identity and value) is kept once, at its first mention."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in figures:
        key = (*_identity(f), f.value, f.qualifier)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def _restates(title_fig: Figure, body_fig: Figure) -> bool:
    """A headline figure ("Trên 7.600 hồ sơ", "hơn 4,5 ngàn") that the body states more exactly."""
    if (
        title_fig.indicator not in load_vocabulary().equivalent(body_fig.indicator)
        or title_fig.unit != body_fig.unit
    ):
        return False
    a, b = title_fig.value, body_fig.value
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if a == b:
        return True
    q = title_fig.qualifier
    if q == "exact":  # a headline rounds ("99,8%" for 99,81%; "4,5 ngàn" for 4.528), no more
        return _rounds_to(b, a)
    if (q == "over" and b < a) or (q == "under" and b > a):
        return False
    return abs(a - b) <= 0.1 * max(abs(a), abs(b))


def _rounds_to(exact: float, shown: float) -> bool:
    """Whether *shown* is *exact* rounded to as many places as *shown* is written with."""
    if float(shown).is_integer():
        digits = str(int(shown))
        zeros = len(digits) - len(digits.rstrip("0")) if int(shown) else 0
        return round(exact, -zeros) == shown
    places = len(repr(float(shown)).partition(".")[2])
    return round(exact, places) == shown


def _flag_contradictions(figures: list[Figure]) -> list[Figure]:
    values: dict[tuple[object, ...], set[object]] = {}
    for f in figures:
        if f.block != TITLE_BLOCK:
            values.setdefault(_identity(f), set()).add(f.value)
    out = []
    for f in figures:
        if (
            f.block != TITLE_BLOCK
            and len(values.get(_identity(f), ())) > 1
            and "contradiction" not in f.flags
        ):
            f = replace(f, flags=(*f.flags, "contradiction"))
        out.append(f)
    return out


# --------------------------------------------------------------------------------------------------
# Editor's figures (front matter)

_FM_FIELDS = {
    "indicator",
    "value",
    "unit",
    "qualifier",
    "period",
    "unit_name",
    "level",
    "quote",
    "replaces",
    "tier",
    "value_max",
    "rank_of",
    "rank_group",
    "period_range",
}


def figures_from_front_matter(items: object, *, published: date) -> tuple[list[Figure], list[str]]:
    """The editor's ``figures:`` list as :class:`Figure` objects, plus one message per problem.

    Each item is a mapping {indicator, value, unit?, qualifier?, period?, unit_name?, level?, quote?,
    replaces?}.  ``period`` may be normalised ("2024-Q1") or written as in an article ("quý I.2024").
    ``replaces: true`` makes the figure replace every extracted figure of the same indicator, whatever
    their period and place (to correct a misattributed figure).
    """
    if items is None:
        return [], []
    if not isinstance(items, list):
        return [], ["figures: expected a list of mappings"]
    vocab = load_vocabulary()
    figures: list[Figure] = []
    errors: list[str] = []
    for i, item in enumerate(items):
        where = f"figures[{i}]"
        if not isinstance(item, Mapping):
            errors.append(f"{where}: expected a mapping with at least 'indicator' and 'value'")
            continue
        unknown = sorted(set(map(str, item)) - _FM_FIELDS)
        for name in unknown:
            hint = difflib.get_close_matches(name, sorted(_FM_FIELDS), n=1)
            errors.append(
                f"{where}: unknown field {name!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
            )
        key = str(item.get("indicator", "")).strip()
        if key not in vocab:
            hint = difflib.get_close_matches(key, list(vocab), n=1, cutoff=0.6)
            errors.append(
                f"{where}: unknown indicator {key!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
            )
            continue
        indicator = vocab[key]
        unit = str(item.get("unit") or indicator.unit)
        if unit not in indicator.accepted_units or unit == "bare":
            errors.append(f"{where}: unit {unit!r} does not fit {key} (expected {indicator.unit!r})")
            continue
        value = _fm_value(item.get("value"), unit)
        if value is None:
            wanted = (
                "one of " + ", ".join(sorted(set(CATEGORIES.values()))) if unit == "category"
                else "a number of at most 18 digits"
            )
            shown = repr(item.get("value"))
            shown = shown if len(shown) <= 40 else shown[:37] + "…"
            errors.append(f"{where}: bad value {shown} for {key} (expected {wanted})")
            continue
        qualifier = str(item.get("qualifier") or "exact")
        if qualifier not in QUALIFIERS:
            errors.append(f"{where}: bad qualifier {qualifier!r} (expected one of {', '.join(QUALIFIERS)})")
            continue
        period = item.get("period")
        if period is not None:
            text = str(period)
            period = text if is_normalised(text) else parse_period(text, published=published)
            if period is None:
                errors.append(
                    f"{where}: cannot read period {text!r} (write e.g. 2024, 2024-Q1, 2024-H1, 2024-08)"
                )
                continue
        level = item.get("level")
        if level is not None and level not in LEVELS:
            errors.append(f"{where}: bad level {level!r} (expected one of {', '.join(LEVELS)})")
            continue
        tier = item.get("tier")
        if tier is not None and tier not in TIERS:
            errors.append(f"{where}: bad tier {tier!r} (expected one of {', '.join(TIERS)})")
            continue
        flags = ("replaces",) if item.get("replaces") is True else ()
        rank_of = item.get("rank_of")
        if rank_of is not None and (type(rank_of) is not int or not 0 < rank_of < LARGEST_FIGURE):
            errors.append(f"{where}: bad rank_of {str(rank_of)[:40]!r} (expected a whole number above 0, "
                          "the number of units ranked)")
            continue
        figures.append(
            Figure(
                indicator=key,
                value=value,
                unit=unit,
                qualifier=qualifier,
                quote=str(item.get("quote") or ""),
                block=FRONT_MATTER_BLOCK,
                start=0,
                end=0,
                period=period,
                period_range=str(item["period_range"]) if item.get("period_range") else None,
                level=level,
                unit_name=str(item["unit_name"]) if item.get("unit_name") else None,
                tier=tier,
                value_max=_fm_value(item.get("value_max"), "percent")
                if item.get("value_max") is not None
                else None,
                rank_of=int(rank_of) if isinstance(rank_of, int) else None,
                rank_group=str(item["rank_group"]) if item.get("rank_group") else None,
                flags=flags,
                source="front_matter",
            )
        )
    return figures, errors


def _fm_value(raw: object, unit: str) -> float | int | str | None:
    if unit == "category":
        text = " ".join(str(raw or "").lower().replace("_", " ").split())
        value = CATEGORIES.get(text) or PAPI_GROUPS.get(text)
        return value
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str):
        text = raw.strip().rstrip("%").strip()
        raw = parse_number(text) if text else None
    if isinstance(raw, int | float) and -LARGEST_FIGURE < raw < LARGEST_FIGURE:
        return raw              # (not a value no figure has, nor YAML's .inf and .nan: NaN compares false)
    return None


def merge_figures(extracted: list[Figure], editor: list[Figure]) -> list[Figure]:
    """Extracted figures plus the editor's; an editor figure replaces extracted ones it corrects.

    It replaces those with the same indicator, period and unit name, or, with ``replaces: true``,
    every extracted figure of its indicator.
    """
    same = {(f.indicator, f.period, f.unit_name) for f in editor}
    wholesale = {f.indicator for f in editor if "replaces" in f.flags}
    kept = [
        f
        for f in extracted
        if f.indicator not in wholesale and (f.indicator, f.period, f.unit_name) not in same
    ]
    return kept + list(editor)
