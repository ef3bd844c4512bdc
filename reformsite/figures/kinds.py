"""Which concept a number is read as, one picker per kind of number: an index's value (ranks,
scores, bare values near an index's name), a rate, a count of dossiers, of procedures, of visits or
money, of documents; and the shares and parts that lean on the number before them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .cues import ONLINE_LEVEL_AFTER, PART_OF_PREVIOUS, WEAK_CONCEPTS, denominator_start
from .matcher import (
    INDEX_CONCEPTS,
    Cue,
    Matcher,
    Pick,
    index_concept,
    index_keys,
    index_named_after,
    pick,
    rate_subject_cues,
    refine_by_agency,
    refine_by_services,
    strong_cues,
)
from .numbers import Number
from .ranks import within_region
from .state import NumberAt, Sentence, Taken, unit_of
from .wording import CLAUSE_END, HEAD_NOUN, RANK_GROUP, RANK_OF_AFTER, REACHED, WEAK, long_right, only_filler

_ONLINE = ("truc_tuyen", "toan_trinh", "mot_phan")
# What happened to dossiers, as opposed to how they came in: a share in parentheses right after such a
# count is that outcome's rate.
_OUTCOMES = frozenset({"dung_han", "dung_han_gom", "truoc_han", "tre_han", "rut_tra_lai", "dang_qua_han"})
_OPEN_PAREN = re.compile(r"\s*\(\s*")
_DOSSIER_WORD = re.compile(r"hồ\s+sơ|(?<!\w)hs(?!\w)|dossier")
_AGENCY_WORD = re.compile(r"cơ\s+quan|đơn\s+vị")
_AGENCY_NEXT = re.compile(r"\s*(?:cơ\s+quan|đơn\s+vị)")


# --------------------------------------------------------------------------------------------------
# Ranks, scores and values of an index


def read_as_index(s: Sentence, at: NumberAt) -> bool:
    """Read a rank, a score, or a bare number or uncued rate next to an index's name as that index's
    value (emitting its figures); whether the number is done with (read, or a score of no index)."""
    kind, number = at.kind, at.number
    if not (kind in ("rank", "diem", "bare") or (kind == "percent" and not at.left_cues)):
        return False
    index = (
        index_named_after(s.text, s.cues, number.end, at.next_start)
        or index_concept([c for c in s.cues if c.end <= number.start] or s.cues, number.start)
        or s.ctx.index
        or s.article.title_index
    )
    picked = None
    if kind in ("rank", "diem"):
        picked = index_keys(s.m, index, s.cues, number.start, kind, 0)
    else:
        near = pick(s.m, at.left_cues, kind)
        if near and near.concept in INDEX_CONCEPTS:
            picked = near
    if kind == "rank":
        if picked:
            _emit_rank(s, at, picked)
        s.prev = None
        return True
    if picked:
        _emit_index_value(s, at, picked)
        return True
    if kind == "diem":
        s.prev = None
        return True
    return False


def _emit_rank(s: Sentence, at: NumberAt, picked: Pick) -> None:
    number = at.number
    rank_of = int(number.denominator) if number.denominator else None
    if rank_of is None:
        r = RANK_OF_AFTER.match(s.text, number.end)
        rank_of = int(r.group(1)) if r else None
    g = RANK_GROUP.match(s.text, number.end)
    group = s.orig[g.start("g") : g.end("g")].strip(" ,") if g else None
    place, rank_of, group = within_region(s, number.end, at.place, rank_of, group)
    for key in picked.keys:
        s.emit(key, number.value, "rank", number=number, period=at.period, place=place,
               rank_of=rank_of, rank_group=group, qualifier="exact")


def _emit_index_value(s: Sentence, at: NumberAt, picked: Pick) -> None:
    number = at.number
    scale = (("thang_diem", str(int(number.denominator))),) if number.denominator else ()
    figure = None
    for key in picked.keys:
        figure = s.emit(key, number.value, unit_of(key, at.kind, s.vocab), number=number,
                        period=at.period, place=at.place, breakdown=scale)
    s.prev = Taken(number, picked.concept, picked.keys, figure)


# --------------------------------------------------------------------------------------------------
# Rates


def pick_rate(s: Sentence, at: NumberAt) -> Pick | None:
    """A percentage: the rate its head noun, the count before it, its subject or the index names."""
    head = HEAD_NOUN.match(s.text, at.number.end)
    picked = _named_after(s, at, head)
    if picked is None and _share_in_parens(s.prev, at):
        return _outcome_share(s.m, s.prev)
    if picked is None:
        picked = _part_of_whole(s, at)
    if picked is None:
        picked = _rate_of_subject(s, at)
    if picked is None:
        picked = _cued_after(s, at)
    if picked is None:
        picked = _uncued_index_value(s, at)
    if (
        picked
        and picked.concept in ("qlvb", "chu_ky_so")
        and (_AGENCY_WORD.search(at.left) or (head and head.lastgroup == "co_quan"))
    ):
        picked = refine_by_agency(s.m, picked, "percent")
    return refine_by_services(s.m, picked, at.left)


def _named_after(s: Sentence, at: NumberAt, head: re.Match[str] | None) -> Pick | None:
    """ "18,9% tổng số hồ sơ …", "95% cơ quan …": a rate followed by the noun it is a share of."""
    if not head or head.lastgroup in (None, "vnd", "ngay"):
        return None
    number = at.number
    long_end = long_right(s.text, number.end, at.next_start, 140 if head.lastgroup == "co_quan" else 90)
    after_cues: Sequence[Cue] = [c for c in s.cues if number.end <= c.start and c.end <= long_end]
    if head.lastgroup == "share":
        # "hồ sơ trực tuyến chiếm 18,9% tổng số hồ sơ giải quyết": after "tổng số" comes the
        # whole the share is of, which names the rate only when it says more than "giải quyết"
        after_cues = strong_cues(after_cues)
    at_head = [c for c in after_cues if c.start < head.end()]
    picked = pick(s.m, at_head, "percent") or pick(s.m, after_cues, "percent")
    if picked and head.lastgroup == "co_quan":
        picked = refine_by_agency(s.m, picked, "percent")
    return picked


def _share_in_parens(prev: Taken | None, at: NumberAt) -> bool:
    """ "708 hồ sơ quá hạn (1,37%)": a share in parentheses right after a count."""
    return (
        prev is not None
        and prev.number.end == at.prev_end
        and not prev.number.denominator
        and _OPEN_PAREN.fullmatch(at.left) is not None
    )


def _outcome_share(m: Matcher, prev: Taken | None) -> Pick | None:
    """The rate of an outcome's count; but in "1.105 HS trực tuyến (100%)" the share of a channel's
    dossiers is of what is not said, and no figure."""
    assert prev is not None
    keys = m.keys.get((prev.concept, "percent")) if prev.concept in _OUTCOMES else None
    return Pick(prev.concept, keys) if keys else None


def _part_of_whole(s: Sentence, at: NumberAt) -> Pick | None:
    """ "115.665 hồ sơ trực tuyến toàn trình trên tổng số 168.746 hồ sơ đã giải quyết, tương ứng
    68,54%": the share is the first count's part of the second, named before "trên tổng số"."""
    prev, first = s.prev, s.prev_prev
    if (
        prev is None
        or first is None
        or at.i < 2
        or s.numbers[at.i - 2] is not first.number
        or first.number.percent
        or prev.number.end != at.prev_end
        or strong_cues(at.left_cues)
    ):
        return None
    cut = denominator_start(s.text, first.number.end, prev.number.start)
    if cut is None:
        return None
    part = [c for c in s.cues if first.number.end <= c.start and c.end <= cut]
    return pick(s.m, strong_cues(part), "percent")


def _rate_of_subject(s: Sentence, at: NumberAt) -> Pick | None:
    """The rate its subject names; with only a bare verb before it, the rate of the count just before
    it, or the rate's own word after it ("resolved 99.29% of them on time")."""
    m, left = s.m, at.left
    subject = rate_subject_cues(s.text, at.left_cues, at.left_start, at.number.start)
    strong = pick(m, strong_cues(subject), "percent") or pick(m, subject, "percent")
    picked = None
    prev = s.prev
    if (
        strong is None
        and prev is not None
        and prev.number.end == at.prev_end
        and (WEAK.search(left) or (prev.number.denominator and _says_nothing_more(left)))
    ):
        keys = m.keys.get((prev.concept, "percent"))
        if keys:
            picked = Pick(prev.concept, keys)
    if picked is None and not strong_cues(subject):
        picked = pick(m, strong_cues(at.right_cues), "percent")
    if picked is None:
        picked = strong
    return picked


def _says_nothing_more(left: str) -> bool:
    """ "4.572/4.572 hồ sơ (100%)": nothing but the noun or a few words without a number between."""
    return left.strip(" (") in ("", "HS", "hồ sơ") or only_filler(left)


def _cued_after(s: Sentence, at: NumberAt) -> Pick | None:
    """The nearest cue after the number, within its longer phrase."""
    number = at.number
    long_end = long_right(s.text, number.end, at.next_start)
    return pick(s.m, [c for c in s.cues if number.end <= c.start and c.end <= long_end], at.kind)


def _uncued_index_value(s: Sentence, at: NumberAt) -> Pick | None:
    """An uncued percentage in a sentence about an index is that index's value, and so is one that a
    sentence with no cue at all says something "đạt": "Chỉ số CCHC năm 2023 của các bộ được công bố.
    Bộ Tư pháp đạt 89,95%."."""
    start = at.number.start
    index = index_concept([c for c in s.cues if c.end <= start], start)
    said_reached = REACHED.search(at.left) and CLAUSE_END.match(s.text, at.number.end)
    if index is None and not s.cues and said_reached:
        index = s.ctx.index or s.article.title_index
    return index_keys(s.m, index, s.cues, start, "percent", 0)


# --------------------------------------------------------------------------------------------------
# Counts


def pick_bare(s: Sentence, at: NumberAt) -> Pick | None:
    """A number with no noun of its own, in a sentence about dossiers: a count of dossiers."""
    if not _DOSSIER_WORD.search(s.text):
        return None
    picked = pick(s.m, at.right_cues, "ho_so", last=False) or pick(s.m, at.left_cues, "ho_so")
    if picked:
        at.kind = "ho_so"
    return picked


def pick_near(s: Sentence, at: NumberAt) -> Pick | None:
    """The nearest cue in the number's own phrase after it, else before it."""
    return pick(s.m, at.right_cues, at.kind) or pick(s.m, at.left_cues, at.kind)


def pick_dossiers(s: Sentence, at: NumberAt) -> Pick | None:
    """A count of dossiers: by its cue or channel, as part of the figure before it, or ("x/y hồ sơ")
    settled of total."""
    number = at.number
    picked = pick_near(s, at)
    if number.denominator is None:
        picked, level = _dossier_channel(s.m, s.text, number, picked, at.left_cues, at.right_cues)
        if level:
            at.breakdown = tuple(sorted({**dict(at.breakdown), "muc_do": level}.items()))
    prev = s.prev
    if picked is None and prev is not None and prev.figure is not None and PART_OF_PREVIOUS.search(at.left):
        # "…, trong đó 2.187 hồ sơ đất đai": part of the previous figure
        picked = Pick(prev.concept, prev.keys)
    if picked is None and number.denominator is not None:
        # "3.172/3.172 HS (100%)" with no verb: numerator achieved, denominator total (INDICATORS §4)
        picked = Pick("giai_quyet", s.m.keys[("giai_quyet", "ho_so")])
    return picked


def _dossier_channel(
    m: Matcher,
    text: str,
    number: Number,
    picked: Pick | None,
    left_cues: Sequence[Cue],
    right_cues: Sequence[Cue],
) -> tuple[Pick | None, str | None]:
    """A count of dossiers received or settled online is the online count: "278 hồ sơ dịch vụ công mức
    độ 3" (with its level), "Qua dịch vụ công trực tuyến, xã đã tiếp nhận 214 hồ sơ"."""
    level = ONLINE_LEVEL_AFTER.match(text, number.end)
    if level:
        return Pick("truc_tuyen", m.keys[("truc_tuyen", "ho_so")]), level.group(1)
    if picked is not None and picked.concept in WEAK_CONCEPTS:
        online = [c for c in (*left_cues, *right_cues) if any(k in _ONLINE for k in c.concepts)]
        if online:
            return pick(m, online, "ho_so") or picked, None
    return picked, None


def pick_procedures(s: Sentence, at: NumberAt) -> Pick | None:
    """A count of procedures: by its cue, else the number of procedures."""
    return pick_near(s, at) or Pick("so_tthc", ("so_tthc",))


def pick_counted(s: Sentence, at: NumberAt) -> Pick | None:
    """A count of visits or a sum of money: by its cue, near or further after it."""
    return pick_near(s, at) or _cued_after(s, at)


def pick_documents(s: Sentence, at: NumberAt) -> Pick | None:
    """A count of documents or signatures; "N chữ ký số cơ quan" counts the agencies' signatures."""
    picked = pick_near(s, at) or _cued_after(s, at)
    if picked and picked.concept == "chu_ky_so" and _AGENCY_NEXT.match(at.after):
        picked = refine_by_agency(s.m, picked, "count")
    return picked


PICKERS: dict[str, Callable[[Sentence, NumberAt], Pick | None]] = {
    "percent": pick_rate,
    "bare": pick_bare,
    "ho_so": pick_dossiers,
    "tthc": pick_procedures,
    "luot": pick_counted,
    "vnd": pick_counted,
    "count": pick_documents,
}
