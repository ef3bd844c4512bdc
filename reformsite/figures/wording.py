"""The wording around a number: the patterns that tell its kind (a rate, a count of dossiers, a rank,
a count of units), how far its own phrase reaches, the breakdown it names, and the words of the
sentence that are not numbers but figures (zero late dossiers, classes, ranks in words)."""

from __future__ import annotations

import re

from reformsite.core import slugify

from .numbers import Number
from .vocabulary import Alternation
from .vocabulary import compile_folded as _folded

HEAD_NOUN = _folded(
    r"\s*(?:"
    r"(?P<ho_so>(?:bộ\s+)?(?:hồ\s+sơ|HS|trường\s+hợp|dossiers?|applications?|files)(?![\w]))"
    r"|(?P<ho_so_of>(?:administrative\s+)?procedures?\s+(?:dossiers?|applications?|files|outcomes?|results?)(?!\w))"
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
# "57% hồ sơ trễ hạn do người dân nộp thiếu giấy tờ": the share of a cause, not a rate
CAUSE_AFTER = _folded(r"\s*(?:(?:số\s+)?(?:hồ\s+sơ|hs)\s+)?[^\d,.;()]{0,30}?(?<!\w)(?:là\s+)?do(?!\w)")
# "đạt từ 80 điểm trở lên được xếp loại tốt": the threshold that defines a class, not a unit's class
THRESHOLD_BEFORE = _folded(
    r"(?:từ|trên|dưới|dưới\s+mức)\s+\d+(?:[.,]\d+)?\s*(?:điểm|%)(?:\s+trở\s+(?:lên|xuống))?[^\d.;]{0,30}$"
)
# "Năm 2024" is the year 2024, not the number five before it
YEAR_AFTER = re.compile(r"\s+(?:19|20)\d\d(?!\d)")
# "Thứ 3, Ngày 18/06/2024": a page's date line, not a rank
_WEEKDAY = _folded(r"(?<!\w)[2-7]\s*,\s*ngày\s+\d")
_RANK_BEFORE = _folded(
    # not an occurrence ("năm thứ 2 liên tiếp", "lần thứ 3")
    r"(?:(?<!lần )(?<!năm )(?<!kỳ )(?<!đợt )(?<!\w)thứ|thứ\s+hạng|xếp\s+hạng|vị\s+trí(?:\s+(?:thứ|số))?|hạng"
    r"|(?<!\w)top"
    r"|ranking|ranked|rank)\s*$"
)


def any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern found wherever one of *words* occurs: one search instead of a test per word."""
    return re.compile("|".join(map(re.escape, words)))


# Cheap substring gates: the anchored searches below try every position of their window.
_RANK_HINTS = any_of(("thứ", "hạng", "vị trí", "top", "rank"))
DELTA_HINTS = any_of(
    ("tăng", "giảm", "tụt", "nhích", "cải thiện", "hơn", "chênh", "so với", "by", "up", "down")
)
DELTA_BEFORE = _folded(
    r"(?:(?<!\w)(?:tăng|giảm|tụt|nhích|cải\s+thiện)(?:\s+(?:thêm|được|mạnh|nhẹ|hơn))?"
    r"|cao\s+hơn|thấp\s+hơn|nhiều\s+hơn|ít\s+hơn|chênh\s+lệch|so\s+với|increased\s+by|decreased\s+by|up|down)"
    r"\s*(?:khoảng|gần|hơn|trên|xấp\s+xỉ)?\s*$"
)
DELTA_AFTER = _folded(
    r"^\s*(?:%|điểm(?:\s+phần\s+trăm)?|hồ\s+sơ|HS)?\s*(?:bậc|so\s+với|so\s+cùng\s+kỳ|điểm\s+phần\s+trăm|percentage\s+points?"
    r"|(?:higher|lower|more|less|up|down|better|worse)\s+(?:than|from|on|against|compared)(?!\w)"
    r"|(?:increase|decrease|rise|drop|improvement)(?!\w))"
)
TARGET = _folded(
    r"(?:phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu\s+(?:đề\s+ra|giao|được\s+giao)|đề\s+ra|phải\s+đạt|cần\s+đạt|sẽ\s+đạt"
    r"|tối\s+thiểu|ít\s+nhất|đặt\s+ra|yêu\s+cầu\s+đạt|bảo\s+đảm\s+đạt|đảm\s+bảo\s+đạt|target|at\s+least)"
)
PER_TIME = _folded(
    r"(?:bình\s+quân|trung\s+bình)\s+(?:mỗi|một|hằng|hàng)\s+(?:ngày|tháng|tuần|năm)|mỗi\s+ngày"
)
WEAK = _folded(r"(?:t[ỷỉ]\s+lệ|chiếm|đạt|bằng|với|rate)")
SCOPE_BEFORE = _folded(r"(?<!\w)(?:across|among|of|in|trong\s+(?:số\s+)?|trên|giữa)(?:\s+(?:the|all))?\s+$")
REACHED = _folded(r"(?:đạt|với|là|with|scored|reached|was|is|of|at)\s*$")
COMPARED_KIND = "compared"
COMPARED = _folded(r"(?:so\s+với|cùng\s+kỳ|than(?:\s+in)?|compared\s+(?:with|to)|against)\s*$")
CLAUSE_END = _folded(r"\s*(?:on\s+average|bình\s+quân|trung\s+bình)?\s*(?:[,.;)]|(?:và|and)\s|$)")
BOUNDARY = re.compile(r"[;:]")
# "và" ("and") ends a figure's phrase, except inside "trước và đúng hạn" ("on time and ahead of
# schedule"); neither does an abbreviation in parentheses, "(TTHC)" (see short_right), nor the comma
# of "37 hồ sơ chậm, quá hạn".
_SHORT_STOP = re.compile(
    r"[;:.()]|/(?=\s*[^\W\d_])|(?<!chậm)(?<!trễ),|,(?!\s*quá\s+(?:hạn|hẹn))"
    r"|\s(?:và(?!\s+(?:đúng|trước|sớm)(?!\w))|trong đó|tỷ lệ|tỉ lệ|and(?!\s+(?:on|ahead|before)(?!\w)))\s"
)
_ABBREVIATION_IN_PARENS = re.compile(r"\(\w{2,10}\)")
_LONG_STOP = re.compile(r"[;.()]|,?\s(?:trong\s+đó|đồng\s+thời)(?!\w)")
_DIGIT = re.compile(r"\d")
# Sentences without a digit are only looked at when they hold one of these (lower-cased) phrases.
_ORDINALS_EN = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_GATE_WORDS = any_of((
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
    # English ranks in words ("came first", "was seventh", "topped the"): WORD_RANK reads them
    "first",
    *_ORDINALS_EN,
    "topped",
    "top the",
    "led the",
    "last",
))
_GATE_WORD_NUMBER = Alternation.build(
    [("n", r"(?:hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|một)\s+(?:hồ|hs|thủ|tthc|thư|lượt|cơ|văn)")]
)
INDEX_WORDS = any_of(("chỉ số", "sipas", "papi", "dti", "pci", "par", "766", "index"))
PERIOD_WORDS = any_of((
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
))


def gated(text: str, low: str) -> bool:
    """Worth the full analysis: a digit, a number word before a counted noun, or a rank/class/zero phrase."""
    return (
        bool(_DIGIT.search(text))
        or _GATE_WORDS.search(low) is not None
        or any(True for _ in _GATE_WORD_NUMBER.finditer(low))
    )


ZERO = _folded(
    r"không\s+(?:có|để|còn|phát\s+sinh|để\s+xảy\s+ra|xảy\s+ra)(?:\s+(?:xảy\s+ra|phát\s+sinh|tình\s+trạng))?"
    r"(?:\s+(?:bất\s+kỳ|một))?\s+(?:hồ\s+sơ|HS)(?:\s+nào)?(?:\s+TTHC)?"
    r"(?:\s+(?:bị|giải\s+quyết|xử\s+lý|trả\s+kết\s+quả))?\s+(?P<cue>(?:trễ|quá|chậm)(?:\s+thời)?\s+(?:hạn|hẹn))"
    r"|(?<!\w)no\s+(?:late|overdue)\s+(?:dossiers?|applications?)"
)
CATEGORY = _folded(
    r"(?:xếp\s+loại|đạt\s+loại|được\s+xếp\s+loại|xếp\s+loại\s+mức|đạt\s+mức|loại|classified\s+as|rated)\s*[:\"“]?\s*"
    # ("xuất sắc" is not a class of the indices, INDICATORS.md §2d: a unit's own award, not extracted)
    r"(?P<cat>tốt|khá|trung\s+bình|yếu|kém|good|fair|poor)(?!\w)"
    r"|\((?P<paren>tốt|khá|good|fair)\)"
)
PAPI_GROUP = _folded(
    r"nhóm\s+(?:có\s+điểm\s+(?:số\s+)?)?(?P<g>cao\s+nhất|trung\s+bình\s+cao|trung\s+bình\s+thấp|thấp\s+nhất)"
)
WORD_RANK = _folded(
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
RANK_GROUP = _folded(
    r"\s*(?:trong\s+(?:số\s+)?|trên\s+|so\s+với\s+|của\s+)?(?P<g>(?:các\s+)?(?:tỉnh|thành\s+phố|huyện|xã|phường|thị\s+trấn|sở|ban|ngành"
    r"|cơ\s+quan|đơn\s+vị|bộ|quận|thị\s+xã|địa\s+phương|provinces?|cities|localities|districts?|communes?)"
    r"(?:[^;.()\d,]|,\s*(?=(?:thị\s+trấn|phường|xã|thị\s+xã|thành\s+phố|quận|huyện|ban|ngành|sở)(?!\w))){0,50})"
)
RANK_OF_AFTER = _folded(r"\s*(?:trong\s+(?:số\s+)?|trên\s+|/\s*|out\s+of\s+|among\s+(?:the\s+)?)(\d+)\s")
NTH = {"hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
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

def number_kind(text: str, number: Number, left: str, lang: str) -> str:
    if number.percent:
        return "percent"
    window = left[-30:]
    if _RANK_HINTS.search(window) and _RANK_BEFORE.search(window):
        return "weekday" if _WEEKDAY.search(text, number.end - 1, number.end + 14) else "rank"
    after = text[number.end : number.end + 40]
    if _DIEM_AFTER.match(after):
        return "diem"
    m = HEAD_NOUN.match(after)
    if m:
        kind = {"ho_so_of": "ho_so"}.get(m.lastgroup or "bare", m.lastgroup or "bare")
        if kind == "vnd" and not number.scaled and number.value < 1000:
            return "bare"
        return kind
    if number.text.isdigit() and len(number.text) == 4 and 1990 <= number.value <= 2039:
        return "year"  # "since 2014", "2023 PAR Index": a year no period pattern took
    return "bare"


def short_right(text: str, start: int, limit: int) -> int:
    end = min(limit, start + 60)
    m = _SHORT_STOP.search(text, start, end)
    while m and m.group() == "(" and (a := _ABBREVIATION_IN_PARENS.match(text, m.start())):
        end = min(limit, end + len(a.group()))
        m = _SHORT_STOP.search(text, a.end(), end)
    return m.start() if m else end


def long_right(text: str, start: int, limit: int, reach: int = 90) -> int:
    m = _LONG_STOP.search(text, start, min(limit, start + reach))
    return m.start() if m else min(limit, start + reach)



BREAKDOWN_HINT = _folded(
    r"một\s+cửa|mức|lĩnh\s+vực|thông\s+tin|liên\s+thông|thành\s+phần|đất\s+đai|hộ\s+tịch|chứng\s+thực|xây\s+dựng|kinh\s+doanh"
)


def breakdown_for(text: str, seg_start: int, pos: int, right_end: int) -> tuple[tuple[str, str], ...]:
    """Breakdown cues in the figure's own phrase, or announced earlier in its ';' segment."""
    found: dict[str, str] = {}
    if not BREAKDOWN_HINT.search(text, seg_start, right_end):
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
                value = slugify(hit.group(1)).replace("-", "_")
            found[name] = value
    return tuple(sorted(found.items()))


def segment_start(text: str, pos: int) -> int:
    """Start of the ';' or ':' segment of *text* that holds *pos*; a colon right before the number
    ends its label ("Đã giải quyết: 18273 hồ sơ"), so the label is part of the number's segment."""
    start = max(text.rfind(";", 0, pos), text.rfind(":", 0, pos)) + 1
    if start and text[start - 1] == ":" and not text[start:pos].strip():
        start = max(text.rfind(";", 0, start - 1), text.rfind(":", 0, start - 1)) + 1
    return start


def only_filler(left: str) -> bool:
    return len(left.strip()) <= 60 and not re.search(r"\d", left)

