"""Numbers as Vietnamese (and English) news writes them.

Vietnamese uses a dot for thousands and a comma for decimals ("4.572", "96,4%"), but the press also
writes dot-decimal percentages ("86.45%"), scale words ("5,65 ngàn", "1,488 triệu", "04 ngàn 398"),
fractions ("4.572/4.572", "9/20"), ranges ("từ 70 - 80%") and small numbers in words ("ba hồ sơ").
Dates are written with the same characters ("12.12", "2.1.2018", "14-2", "13/04/2024"), as are legal
references ("766/QĐ-TTg") and phone numbers, so :func:`find_numbers` masks those first.

Only this module knows about notation; the extractor sees :class:`Number` values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reformsite.vocabulary import Alternation

QUALIFIERS = ("exact", "over", "approx", "under", "range")

_SCALES = {
    "ngàn": 1_000,
    "nghìn": 1_000,
    "ngàn tỷ": 10**12,
    "nghìn tỷ": 10**12,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}

WORD_NUMBERS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "nhất": 1,
}

# Nouns that make a word number a count ("ba hồ sơ"); without one, "năm" is a year and "một" is "one-stop".
_COUNTED = r"(?:hồ\s+sơ|HS|thủ\s+tục|TTHC|thư|lượt|cơ\s+quan|văn\s+bản|trường\s+hợp|ngày)"

_NUM_VI = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d{1,2}(?=\s?(?:%|điểm))|\d+"
_NUM_EN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+"
_SCALE_RE = r"ngàn\s+tỷ|nghìn\s+tỷ|ngàn|nghìn|triệu|tỷ|tỉ|thousand|million|billion"


def _number_regex(num: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w.,/\-])(?P<a>{num})"
        rf"(?:\s*(?P<scale>{_SCALE_RE})(?!\w)(?:\s+(?P<rest>\d{{1,3}})(?![\d.,]))?)?"
        rf"(?:\s*/\s*(?P<den>{num})(?!\s*[/\-]\s*\d))?"
        rf"(?:\s*(?:-|–|đến|tới|to)\s*(?P<b>{num})(?=\s?%))?"
        rf"(?P<pct>\s?%|\s+phần\s+trăm|\s+percent)?"
        rf"(?![\w/]|[.,]\d)",
        re.IGNORECASE,
    )


_NUMBER = {"vi": _number_regex(_NUM_VI), "en": _number_regex(_NUM_EN)}

_WORD_NUMBER = re.compile(
    r"(?<!\w)(?P<w>" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + rf")\s+(?={_COUNTED}(?!\w))",
    re.IGNORECASE,
)

_WORD_HINT = re.compile(r"hai|ba|bốn|tư|năm|sáu|bảy|bẩy|tám|chín|mười|một", re.IGNORECASE)

# Spans that look numeric but are not quantities.  Order does not matter: every match is masked.
_MASK_PATTERNS = (
    # dates: 2.1.2018, 17.5.2018, 13/04/2024, 1/7/2025, 14-2-2024
    r"(?<![\d.,])\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}(?![\d.,]*\d)",
    # day.month or day-month with 1–2 digit parts ("Ngày 12.4", "14-2"), never followed by % or điểm
    r"(?<![\d.,/])\d{1,2}[.\-]\d{1,2}(?![\d/]|[.,]\d|\s?%|\s*(?:điểm|points?)|\s*(?:-|–)\s*\d)",
    # lunar dates: "(27 Tết)", "mùng 5 Tết", "15 tháng Giêng"
    r"(?:mùng\s+)?\d{1,2}\s+(?:Tết|tháng\s+Giêng|tháng\s+Chạp|âm\s+lịch)",
    # "ngày 14/2", "từ ngày 1/7", "đến 20/8"
    r"(?:ngày|từ|đến|tới|hôm)\s+\d{1,2}/\d{1,2}(?!\d|/\d)",
    # legal references: 766/QĐ-TTg, 61/2018/NĐ-CP, Nghị định 61, Chỉ thị số 10
    r"\d+(?:/\d{2,4})?/[A-ZĐ][\w\-/.]*",
    r"(?:Quyết\s+định|Nghị\s+định|Thông\s+tư|Chỉ\s+thị|Nghị\s+quyết|Kế\s+hoạch|Công\s+văn|Luật|Đề\s+án"
    r"|Chương\s+trình|Thông\s+báo|Hướng\s+dẫn|Điều|Khoản|Mục|QĐ|NĐ|TT|KH|CV|NQ|CT|số)(?:\s+liên\s+tịch)?"
    r"(?:\s+số)?\s*:?\s*\d[\d./\-]*(?:/[\w\-]+)*",
    r"(?:bộ\s+chỉ\s+số|chỉ\s+số)\s+766",
    # phone numbers: 0276.3822.123, 0913 123 456, 0913123456
    r"(?<![\d.,])0\d{2,3}[.\s]\d{3}[.\s]?\d{3,4}(?![\d.,]*\d)",
    r"(?<![\d.,])0\d{9,10}(?!\d)",
    r"(?:ĐT|SĐT|điện\s+thoại|hotline|fax)\s*:?\s*[\d.\s()+]{6,}",
    # page noise: view counters, "Thống kê truy cập"
    r"(?:lượt\s+xem|lượt\s+đọc|views?|truy\s+cập\s+(?:hôm\s+nay|trong\s+ngày|tổng))\s*:?\s*\d[\d.,]*",
    # rules and durations: "8 giờ làm việc", "trong vòng 3 ngày", "không quá 5 ngày"
    r"\d+\s*(?:giờ|tiếng|phút|h)(?!\w)",
    r"(?:trong\s+vòng|trong\s+thời\s+hạn|thời\s+hạn|không\s+quá|tối\s+đa|tối\s+thiểu|chậm\s+nhất|rút\s+ngắn(?:\s+\w+){0,3}\s+còn"
    r"|sau|trước)\s+\d+\s*(?:ngày|tháng|tuần|năm)(?!\w)",
    # online service level "mức độ 3, 4", "mức 4" (a breakdown, not a quantity)
    r"mức(?:\s+độ)?\s+[1-4](?:\s*(?:,|và|-|/)\s*(?:mức(?:\s+độ)?\s+)?[1-4])*(?!\d)",
    # ordinals and versions: "lần thứ 3", "4.0", "Top 10", "khóa 1"
    r"lần\s+thứ\s+\d+|\d\.0(?!\d)|top\s+\d+|khóa\s+\d+|khoá\s+\d+|kỳ\s+họp\s+thứ\s+\d+",
    # year spans "2021-2025", "giai đoạn 2021 - 2025"
    r"(?<!\d)(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d(?!\d)",
    r"(?:năm|giai\s+đoạn|niên\s+độ|khóa|nhiệm\s+kỳ)\s+(?:19|20)\d\d(?!\d)",
)
# Only tried at word starts, dispatched on the first character (see vocabulary.Alternation).
_MASKS = Alternation.build([(f"m{i}", rx) for i, rx in enumerate(_MASK_PATTERNS)], re.IGNORECASE)

_QUALIFIER_BEFORE = re.compile(
    r"(?:(?P<over>hơn|trên|vượt(?:\s+mức)?|ngoài|over|more\s+than|above)"
    r"|(?P<approx>gần\s+như|gần|khoảng|xấp\s+xỉ|ước\s+đạt|ước\s+tính|ước|chừng|nearly|about|around|almost)"
    r"|(?P<under>dưới|chưa\s+đến|chưa\s+tới|không\s+tới|under|below|less\s+than)"
    r"|(?P<from>từ|from))\s*\(?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Number:
    """One quantity found in a text, with its span and how it was written."""

    value: int | float
    start: int
    end: int
    text: str
    qualifier: str = "exact"
    value_max: int | float | None = None
    denominator: int | float | None = None
    percent: bool = False
    scaled: bool = False  # written with ngàn/triệu/tỷ
    word: bool = False  # written in words ("ba hồ sơ")


def _tidy(value: float) -> int | float:
    """Integers stay integers so that 4.572 compares equal to 4572 and prints without ".0"."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def parse_number(token: str, *, lang: str = "vi") -> int | float | None:
    """Parse one bare numeral written in *lang*'s conventions; None when it is not one.

    vi: "4.572" → 4572, "96,4" → 96.4, "1,488" → 1.488 (comma is always decimal), "86.45" → 86.45
    (one or two digits after a dot are decimals), "01" → 1.  en: "52,761" → 52761, "99.29" → 99.29.
    Word numbers ("bảy") are accepted too.  Scale words: "5,65 ngàn" → 5650.
    """
    text = " ".join(token.strip().split())
    if not text:
        return None
    word = WORD_NUMBERS.get(text.lower())
    if word is not None:
        return word
    scale = 1
    parts = text.rsplit(" ", 1)
    if len(parts) == 2 and parts[1].lower() in _SCALES:
        text, scale = parts[0], _SCALES[parts[1].lower()]
    thousands, decimal = (".", ",") if lang != "en" else (",", ".")
    if lang != "en" and re.fullmatch(r"\d+\.\d{1,2}", text):
        thousands, decimal = ",", "."  # dot-decimal, as in "86.45%"
    if re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})+(?:\{decimal}\d+)?", text):
        text = text.replace(thousands, "")
    elif not re.fullmatch(rf"\d+(?:\{decimal}\d+)?", text):
        return None
    value = float(text.replace(decimal, ".")) if decimal in text else int(text)
    return _tidy(value * scale)


def mask_spans(text: str, near: Iterable[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of *text* that only look numeric: dates, legal references, phones, rules, counters.

    With *near* (spans of candidate numbers) only the text around them is scanned: masks always end
    in or just after a number, and scanning whole paragraphs was the extractor's main cost.
    """
    if near is None:
        return [m.span() for m in _MASKS.finditer(text)]
    spans: list[tuple[int, int]] = []
    scanned_to = 0
    for s, e in near:
        ws, we = max(scanned_to, s - 48), min(len(text), e + 24)
        if we <= ws:
            continue
        for m in _MASKS.finditer(text, ws, min(len(text), we + 40)):
            if m.start() >= we:
                break
            spans.append(m.span())
            scanned_to = max(scanned_to, m.end())
        scanned_to = max(scanned_to, we)
    return spans


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _qualifier(text: str, start: int) -> tuple[str, int]:
    """The qualifier written just before *start* ("hơn 3000" → over) and where it begins."""
    window = text[max(0, start - 24) : start]
    m = _QUALIFIER_BEFORE.search(window)
    if not m:
        return "exact", start
    begin = start - len(window) + m.start()
    # "cao hơn 0.66%" and "nhiều hơn" are comparisons (deltas), not qualifiers; the extractor drops them.
    kind = next(k for k in ("over", "approx", "under", "from") if m.group(k))
    return ("exact" if kind == "from" else kind), begin


def find_numbers(text: str, *, lang: str = "vi", masked: Iterable[tuple[int, int]] = ()) -> list[Number]:
    """Every quantity in *text*, left to right, skipping masked spans and things that only look numeric."""
    candidates = list(_NUMBER["en" if lang == "en" else "vi"].finditer(text))
    spans = mask_spans(text, [m.span() for m in candidates])
    spans.extend(masked)
    found: list[Number] = []
    for m in candidates:
        # a mask touching only the tail of a longer match must not hide the number itself
        if _covered(m.start(), m.end(), spans) and _covered(m.start("a"), m.end("a"), spans):
            continue
        number = _from_match(m, lang)
        if number is not None:
            qualifier, _ = _qualifier(text, m.start())
            if number.value_max is not None:
                qualifier = "range"
            found.append(_replace_qualifier(number, qualifier))
    for m in _WORD_NUMBER.finditer(text) if _WORD_HINT.search(text) else ():
        if _covered(m.start(), m.end(), spans):
            continue
        value = WORD_NUMBERS[m.group("w").lower()]
        if m.group("w").lower() == "nhất":
            continue
        found.append(Number(value, m.start("w"), m.end("w"), m.group("w"), word=True))
    found.sort(key=lambda n: n.start)
    return found


def _replace_qualifier(number: Number, qualifier: str) -> Number:
    if number.qualifier == qualifier:
        return number
    return Number(
        number.value,
        number.start,
        number.end,
        number.text,
        qualifier,
        number.value_max,
        number.denominator,
        number.percent,
        number.scaled,
        number.word,
    )


def _from_match(m: re.Match[str], lang: str) -> Number | None:
    value = parse_number(m.group("a"), lang=lang)
    if value is None:
        return None
    scaled = False
    if m.group("scale"):
        scale = _SCALES[" ".join(m.group("scale").lower().split())]
        value = _tidy(value * scale)
        scaled = True
        if m.group("rest"):  # "04 ngàn 398" = 4398
            value = _tidy(value + int(m.group("rest")))
    denominator = parse_number(m.group("den"), lang=lang) if m.group("den") else None
    value_max = parse_number(m.group("b"), lang=lang) if m.group("b") else None
    return Number(
        value, m.start(), m.end(), m.group(0), "exact", value_max, denominator, bool(m.group("pct")), scaled
    )


def format_vi(value: int | float) -> str:
    """Write *value* the Vietnamese way: 4572 → "4.572", 96.4 → "96,4"."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, frac = f"{value:.6f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac
