"""Places named in a sentence: units with their type word ("xã Tân Hoà"), tiers ("cấp xã", "toàn tỉnh"),
agencies, and the bare type words that refer back to one ("UBND xã")."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from .vocabulary import Alternation, fold_case
from .wording import any_of


class Unit(NamedTuple):  # a tuple, cheap to create: one for every figure
    level: str | None
    name: str | None
    tier: str | None = None


class Mention(NamedTuple):  # a tuple, cheap to create: one for every place word
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
UNIT_TYPE_PATTERNS = [
    (w, re.escape(w))
    for w in ("thành phố", "thị xã", "thị trấn", "đặc khu", "phường", "huyện", "quận", "tỉnh")
] + [("xã", "xã(?! hội)"), ("tp.", r"tp\."), ("tx.", r"tx\."), ("tt.", r"tt\.")]
TIER_PATTERNS = [
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
_UNIT_TYPE_RX = Alternation.build(UNIT_TYPE_PATTERNS)
_TIER_RX = Alternation.build(TIER_PATTERNS)
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
_AGENCY_HINTS = any_of(("Sở", "Bộ", "Trung tâm", "Văn phòng", "Chi nhánh", "VPĐKĐĐ", "TTPVHCC"))
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


def unit_mentions(
    text: str, low: str | None = None, hits: Mapping[str, list[tuple[str, int, int]]] | None = None
) -> list[Mention]:
    """Places, tiers and agencies named in *text*; *hits*: its :class:`Lexicon` scan, when done already."""
    low = fold_case(text) if low is None else low
    if hits is None:
        hits = {
            "tier": [(_TIER_RX.name(m), m.start(), m.end()) for m in _TIER_RX.finditer(low)],
            "unit": [(_UNIT_TYPE_RX.name(m), m.start(), m.end()) for m in _UNIT_TYPE_RX.finditer(low)],
        }
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _AGENCY_RX.finditer(text) if _AGENCY_HINTS.search(text) else ():
        name = m.group(0).strip()
        level = "ministry" if name.startswith("Bộ") else "agency"
        mentions.append(Mention(m.start(), m.start() + len(name), level, name))
        taken.append(m.span())
    for tier, ts, te in hits["tier"]:
        if any(a < te and ts < b for a, b in taken):
            continue
        if tier == "cap_xa_pair":
            if _CAPITAL_NEXT.match(text, te):
                continue
            tier = "cap_xa"
        if tier == "national":
            mentions.append(Mention(ts, te, "national", "cả nước"))
        else:
            mentions.append(Mention(ts, te, None, None, tier))
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
            mentions.append(Mention(us, end, level, name))
        else:
            mentions.append(Mention(us, ue, level))
    mentions.sort(key=lambda x: x.start)
    return mentions


def resolve_unit(mention: Mention, default: Unit | None) -> Unit:
    if mention.name is not None:
        return Unit(mention.level, mention.name)
    if mention.tier is not None:
        if default is None:
            return Unit(None, None, mention.tier)
        if mention.tier == "cap_xa" and default.level == "commune":
            return default  # "các xã" said in a commune article still means the commune
        return Unit(default.level, default.name, mention.tier)
    if default is not None and default.level == mention.level:
        return default
    return Unit(mention.level, None)


def default_unit_from(title: str, blocks: Sequence[str]) -> Unit | None:
    """The article's own unit when the caller gives none: the first commune, district or province
    named in the title or the opening paragraphs."""
    for text in (title, *blocks[:3]):
        for mention in unit_mentions(text):
            if mention.name is not None and mention.level in ("commune", "district", "province"):
                return Unit(mention.level, mention.name)
    return None

