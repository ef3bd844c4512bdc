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
from typing import NamedTuple

from .vocabulary import Alternation, compile_folded, fold_case

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
# The same numerals written to start with one plain digit, so that re skips ahead to the digits in C
# (a pattern that starts with a look-behind or a repeat is tried at every position).
_NUM_HEAD = {
    "vi": r"\d(?<![\w.,/\-]\d)(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*,\d+|\d*\.\d{1,2}(?=\s?(?:%|điểm))|\d*)",
    "en": r"\d(?<![\w.,/\-]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d*)",
}
_SCALE_RE = r"ngàn\s+tỷ|nghìn\s+tỷ|ngàn|nghìn|triệu|tỷ|tỉ|thousand|million|billion"


def _number_regex(num: str, head: str) -> re.Pattern[str]:
    """Run on lower-cased text (see :func:`find_numbers`)."""
    return compile_folded(
        rf"(?P<a>{head})"
        rf"(?:\s*(?P<scale>{_SCALE_RE})(?!\w)(?:\s+(?P<rest>\d{{1,3}})(?![\d.,]))?)?"
        rf"(?:\s*/\s*(?P<den>{num})(?!\s*[/\-]\s*\d))?"
        rf"(?:\s*(?:-|–|đến|tới|to)\s*(?P<b>{num})(?=\s?%))?"
        rf"(?P<pct>\s?%|\s+phần\s+trăm|\s+per\s*cent)?"
        rf"(?![\w/]|[.,]\d)"
    )


_NUMBER = {"vi": _number_regex(_NUM_VI, _NUM_HEAD["vi"]), "en": _number_regex(_NUM_EN, _NUM_HEAD["en"])}

# One pattern per word, as a prefix tree tried at word starts (see vocabulary.Alternation).
WORD_NUMBER_PATTERNS = tuple(
    (w, rf"{w}\s+(?={_COUNTED.lower()}(?!\w))") for w in sorted(WORD_NUMBERS, key=len, reverse=True)
)
_WORD_NUMBER = Alternation.build(WORD_NUMBER_PATTERNS)

# Spans that look numeric but are not quantities.  Order does not matter: every match is masked.
# All are tried at word starts only, on lower-cased text.  Those that start with a word are one prefix
# tree (see vocabulary.Alternation); those that start with a digit are one regex that starts with that
# digit, so that re skips ahead to the digits in C.
WORD_LED_MASKS = (
    # lunar dates: "mùng 5 Tết"
    r"mùng\s+\d{1,2}\s+(?:tết|tháng\s+giêng|tháng\s+chạp|âm\s+lịch)",
    # "ngày 14/2", "từ ngày 1/7", "đến 20/8"
    r"(?:ngày|từ|đến|tới|hôm)\s+\d{1,2}/\d{1,2}(?!\d|/\d)",
    # legal references: Nghị định 61, Chỉ thị số 10
    r"(?:quyết\s+định|nghị\s+định|thông\s+tư|chỉ\s+thị|nghị\s+quyết|kế\s+hoạch|công\s+văn|luật|đề\s+án"
    r"|chương\s+trình|thông\s+báo|hướng\s+dẫn|điều|khoản|mục|qđ|nđ|tt|kh|cv|nq|ct)(?:\s+liên\s+tịch)?"
    r"(?:\s+số)?\s*:?\s*\d[\d./\-]*(?:/[\w\-]+)*",
    # "văn bản số 123/UBND-NC", "số 61/2018/NĐ-CP" (but "tổng số 168.746 hồ sơ" is a quantity, and
    # "vị trí số 2/63" a rank: a document's number has letters after a slash)
    r"số\s*:?\s*\d[\d.\-]*(?:/[\w\-]+)*/[\d\-]*[^\W\d][\w\-]*",
    r"(?:bộ\s+chỉ\s+số|chỉ\s+số)\s+766",
    # phone numbers after a label
    r"(?:đt|sđt|điện\s+thoại|hotline|fax)\s*:?\s*[\d.\s()+]{6,}",
    # page noise: view counters, "Thống kê truy cập"
    r"(?:lượt\s+xem|lượt\s+đọc|views?|truy\s+cập\s+(?:hôm\s+nay|trong\s+ngày|tổng))\s*:?\s*\d[\d.,]*",
    # rules and durations: "trong vòng 3 ngày", "không quá 5 ngày"
    r"(?:trong\s+vòng|trong\s+thời\s+hạn|thời\s+hạn|không\s+quá|tối\s+đa|tối\s+thiểu|chậm\s+nhất|rút\s+ngắn(?:\s+\w+){0,3}\s+còn"
    r"|sau|trước)\s+\d+\s*(?:ngày|tháng|tuần|năm)(?!\w)",
    # online service level "mức độ 3, 4", "mức 4" (a breakdown, not a quantity)
    r"mức(?:\s+độ)?\s+[1-4](?:\s*(?:,|và|-|/)\s*(?:mức(?:\s+độ)?\s+)?[1-4])*(?!\d)",
    r"levels?\s+[1-4](?:\s*(?:,|and|-|/)\s*[1-4])*(?!\d)",
    # ordinals: "lần thứ 3", "Top 10", "khóa 1"
    r"lần\s+thứ\s+\d+|top\s+\d+|khóa\s+\d+|khoá\s+\d+|kỳ\s+họp\s+thứ\s+\d+",
    # "giai đoạn 2021 - 2025", "năm 2024"
    r"(?:năm|giai\s+đoạn|niên\s+độ|khóa|nhiệm\s+kỳ)\s+(?:19|20)\d\d(?!\d)",
)
# Each is what follows the first digit, which the regex has already consumed (look-behinds count it).
_DIGIT_LED_MASKS = (
    # dates: 2.1.2018, 17.5.2018, 13/04/2024, 1/7/2025, 14-2-2024
    r"(?<![\d.,]\d)\d?[./\-]\d{1,2}[./\-]\d{2,4}(?![\d.,]*\d)",
    # day.month or day-month with 1–2 digit parts ("Ngày 12.4", "14-2"), never followed by % or điểm
    r"(?<![\d.,/]\d)\d?[.\-]\d{1,2}(?![\d/]|[.,]\d|\s?%|\s*(?:điểm|points?|phần\s+trăm|per\s*cent)|\s*(?:-|–)\s*\d)",
    # lunar dates: "(27 Tết)", "15 tháng Giêng"
    r"\d?\s+(?:tết|tháng\s+giêng|tháng\s+chạp|âm\s+lịch)",
    # legal references: 766/QĐ-TTg, 61/2018/NĐ-CP
    r"\d*(?:/\d{2,4})?/[a-zđ][\w\-/.]*",
    # phone numbers: 0276.3822.123, 0913 123 456, 0913123456
    r"(?<=0)(?<![\d.,]\d)\d{2,3}[.\s]\d{3}[.\s]?\d{3,4}(?![\d.,]*\d)",
    r"(?<=0)(?<![\d.,]\d)\d{9,10}(?!\d)",
    # rules and durations: "8 giờ làm việc"
    r"\d*\s*(?:giờ|tiếng|phút|h)(?!\w)",
    # versions: "4.0"
    r"\.0(?!\d)",
    # year spans "2021-2025"
    r"(?:(?<=1)9|(?<=2)0)\d\d\s*[-–]\s*(?:19|20)\d\d(?!\d)",
)
_MASKS = Alternation.build([(f"m{i}", rx) for i, rx in enumerate(WORD_LED_MASKS)])
_DIGIT_MASKS = re.compile(r"\d(?<!\w\d)(?:" + "|".join(_DIGIT_LED_MASKS) + ")")

# Qualifier words written just before a number ("hơn 3000", "gần như 100%", "khoảng (5"), looked up by
# the last one or two words before it: a dictionary look-up instead of a regex search for every number.
_QUALIFIERS = {
    **dict.fromkeys(("hơn", "trên", "vượt", "vượt mức", "ngoài", "over", "more than", "above"), "over"),
    **dict.fromkeys(
        (
            "gần như",
            "gần",
            "khoảng",
            "xấp xỉ",
            "ước đạt",
            "ước tính",
            "ước",
            "chừng",
            "nearly",
            "about",
            "around",
            "almost",
        ),
        "approx",
    ),
    **dict.fromkeys(("dưới", "chưa đến", "chưa tới", "không tới", "under", "below", "less than"), "under"),
    **dict.fromkeys(("từ", "from"), "exact"),  # "từ 70 - 80%": a range, said by the number itself
}
_PUNCTUATION = "([{\"“'‘,;:.!?-–"


class Number(NamedTuple):  # a tuple: one is made for every number of every article, 10× cheaper
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


# (thousands separator, decimal mark) → (grouped numeral, plain numeral), compiled once
_NUMERAL_FORMS = {
    (t, d): (re.compile(rf"\d{{1,3}}(?:\{t}\d{{3}})+(?:\{d}\d+)?"), re.compile(rf"\d+(?:\{d}\d+)?"))
    for t, d in ((".", ","), (",", "."))
}
_DOT_DECIMAL = re.compile(r"\d+\.\d{1,2}")


def parse_number(token: str, *, lang: str = "vi") -> int | float | None:
    """Parse one bare numeral written in *lang*'s conventions; None when it is not one.

    vi: "4.572" → 4572, "96,4" → 96.4, "1,488" → 1.488 (comma is always decimal), "86.45" → 86.45
    (one or two digits after a dot are decimals), "01" → 1.  en: "52,761" → 52761, "99.29" → 99.29.
    Word numbers ("bảy") are accepted too.  Scale words: "5,65 ngàn" → 5650.
    """
    if token.isascii() and token.isdigit():  # the common case, "2018", "125"
        return int(token)
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
    if lang != "en" and _DOT_DECIMAL.fullmatch(text):
        thousands, decimal = ",", "."  # dot-decimal, as in "86.45%"
    grouped, plain = _NUMERAL_FORMS[(thousands, decimal)]
    if grouped.fullmatch(text):
        text = text.replace(thousands, "")
    elif not plain.fullmatch(text):
        return None
    value = float(text.replace(decimal, ".")) if decimal in text else int(text)
    return _tidy(value * scale)


def mask_spans(text: str, near: Iterable[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of *text* that only look numeric: dates, legal references, phones, rules, counters.

    With *near* (spans of candidate numbers) only the text around them is scanned: masks always end
    in or just after a number, and scanning whole paragraphs was the extractor's main cost.
    """
    return _mask_spans(fold_case(text), near)


def _mask_spans(low: str, near: Iterable[tuple[int, int]] | None) -> list[tuple[int, int]]:
    text = low
    if near is None:
        return [m.span() for m in _DIGIT_MASKS.finditer(text)] + [m.span() for m in _MASKS.finditer(text)]
    spans: list[tuple[int, int]] = []
    scanned_to = 0
    for s, e in near:
        ws, we = max(scanned_to, s - 48), min(len(text), e + 24)
        if we <= ws:
            continue
        for rx in (_DIGIT_MASKS, _MASKS.regex):
            for m in rx.finditer(text, ws, min(len(text), we + 40)):
                if m.start() >= we:
                    break
                spans.append(m.span())
                scanned_to = max(scanned_to, m.end())
        scanned_to = max(scanned_to, we)
    return spans


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    # a plain loop: called for every number, and any() over a generator costs twice as much
    for s, e in spans:  # noqa: SIM110
        if s < end and start < e:
            return True
    return False


def _qualifier(text: str, start: int) -> tuple[str, int]:
    """The qualifier written just before *start* ("hơn 3000" → over) and where it begins (*text* folded).

    "cao hơn 0.66%" and "nhiều hơn" are comparisons (deltas), not qualifiers; the extractor drops them."""
    window = text[max(0, start - 24) : start].rstrip()
    if window.endswith("("):
        window = window[:-1].rstrip()
    words = window.rsplit(None, 2)[-2:]
    if not words:
        return "exact", start
    words[-1] = words[-1].lstrip(_PUNCTUATION)
    for phrase in ((" ".join(words).lstrip(_PUNCTUATION),) if len(words) == 2 else ()) + (words[-1],):
        kind = _QUALIFIERS.get(phrase)
        if kind is not None:
            return kind, max(0, start - 24) + text.rfind(phrase, max(0, start - 24), start) - max(
                0, start - 24
            )
    return "exact", start


def find_numbers(text: str, *, lang: str = "vi", masked: Iterable[tuple[int, int]] = ()) -> list[Number]:
    """Every quantity in *text*, left to right, skipping masked spans and things that only look numeric."""
    low = fold_case(text)
    word_masks = [m.span() for m in _MASKS.finditer(low)]
    word_numbers = [(_WORD_NUMBER.name(m), m.start()) for m in _WORD_NUMBER.finditer(low)]
    return find_numbers_prescanned(
        text, low, lang=lang, masked=[*word_masks, *masked], word_numbers=word_numbers
    )


def find_numbers_prescanned(
    text: str,
    low: str,
    *,
    lang: str,
    masked: Sequence[tuple[int, int]],
    word_numbers: Sequence[tuple[str, int]],
) -> list[Number]:
    """:func:`find_numbers` for a caller that has already found, in *low* (*text* lower-cased), the
    spans of :data:`WORD_LED_MASKS` (part of *masked*) and the :data:`WORD_NUMBER_PATTERNS` ((word,
    start) pairs), as the extractor does with one :class:`~reformsite.figures.vocabulary.Lexicon` pass."""
    candidates = list(_NUMBER["en" if lang == "en" else "vi"].finditer(low))
    spans = [m.span() for m in _DIGIT_MASKS.finditer(low)] if candidates else []
    spans.extend(masked)
    found: list[Number] = []
    for m in candidates:
        # a mask touching only the tail of a longer match must not hide the number itself
        if _covered(m.start(), m.end(), spans) and _covered(m.start("a"), m.end("a"), spans):
            continue
        number = _from_match(m, lang, text, _qualifier(low, m.start())[0])
        if any(v is not None and _too_large(v) for v in (number.value, number.value_max, number.denominator)):
            continue        # a code or an identifier, not a count
        found.append(number)
    for word, start in word_numbers:
        end = start + len(word)
        if word == "nhất" or _covered(start, end, spans):
            continue
        found.append(Number(WORD_NUMBERS[word], start, end, text[start:end], word=True))
    found.sort(key=lambda n: n.start)
    return found


# No reform figure comes near it (a national budget in đồng is some 10^15), and beyond it a value
# no longer converts to a float for charts and sorting, nor fits the open data's 64-bit integers.
LARGEST_FIGURE = 10**18


def _too_large(value: int | float) -> bool:
    return not -LARGEST_FIGURE < value < LARGEST_FIGURE


def _numeral(token: str, lang: str) -> int | float:
    """The value of a numeral that :data:`_NUMBER` matched: its shape is known, so it is converted
    directly (what :func:`parse_number` would return, without its checks)."""
    if token.isdigit():
        return int(token)
    if lang == "en":
        token = token.replace(",", "")
        return _tidy(float(token)) if "." in token else int(token)
    if "." in token:
        if "," not in token and len(token) - token.rindex(".") <= 3:  # dot-decimal, as in "86.45%"
            return _tidy(float(token))
        token = token.replace(".", "")
    return _tidy(float(token.replace(",", "."))) if "," in token else int(token)


def _from_match(m: re.Match[str], lang: str, text: str, qualifier: str) -> Number:
    """The number of a match on the folded text; *text* is the original, for the number's spelling."""
    a, scale_word, rest, den, b, pct = m.group("a", "scale", "rest", "den", "b", "pct")
    value = _numeral(a, lang)
    if scale_word:
        value = _tidy(value * _SCALES[" ".join(scale_word.split())])
        if rest:  # "04 ngàn 398" = 4398
            value = _tidy(value + int(rest))
    value_max = _numeral(b, lang) if b else None
    start, end = m.span()
    return Number(
        value,
        start,
        end,
        text[start:end],
        "range" if value_max is not None else qualifier,
        value_max,
        _numeral(den, lang) if den else None,
        bool(pct),
        bool(scale_word),
    )


def format_vi(value: int | float) -> str:
    """Write *value* the Vietnamese way: 4572 → "4.572", 96.4 → "96,4"."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, frac = f"{value:.6f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac
