"""The shape of a scraped line: sentence or caption, headline or banner, noise or byline.

A scraper copies everything the page shows and marks none of it, so each line is judged by its
shape: an article paragraph is a sentence (or several) ending in punctuation; captions, banners and
link lists are short and unpunctuated; bylines are a few capitalised words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reformsite.core import nfc


@dataclass(frozen=True)
class Line:
    text: str  # NFC, spaces collapsed
    raw: str  # as scraped (spaces kept): runs of spaces mark a banner of menu items
    gap: int  # blank lines before it; two or more usually mean an image was there
    number: int = 0  # where it stood on the page (the n-th line that is not blank)


# --- normalisation -------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t]")


def split_lines(raw: str) -> list[Line]:
    """NFC lines without the BOM, CR, invisible characters and blank lines (counted in ``gap``)."""
    text = nfc(raw).translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    gap = 0
    for line in text.split("\n"):
        spaced = _SPACES.sub(" ", line).strip()
        if not spaced:
            gap += 1
            continue
        lines.append(Line(" ".join(spaced.split()), spaced, gap, len(lines)))
        gap = 0
    return lines


# --- shape of a line -----------------------------------------------------------------------------

CLOSERS = "”\"’'»)]*_ "
_BOUNDARY = re.compile(r"[.!?…]+[”\"’)]*\s+[“\"(]?(\w)")


def words(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """True when *text* ends like a sentence, looking past closing quotes and a trailing
    parenthetical attribution ('… theo quy định”. (Chủ tịch UBND xã …)')."""
    text = text.rstrip()
    if text.endswith(")") and (open_at := text.rfind("(")) > 0:
        before = text[:open_at].rstrip(CLOSERS)
        if before and before[-1] in ".!?…":
            return True
    text = text.rstrip(CLOSERS)
    return bool(text) and text[-1] in ".!?…;:"


def sentences(text: str) -> int:
    """Sentence count; "TP. Tây Ninh" is not a boundary (capital before the period)."""
    count = 1
    for match in _BOUNDARY.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        if (before.islower() or before.isdigit() or before in "”\"’)%") and match.group(1).isupper():
            count += 1
    return count


def is_paragraph(text: str) -> bool:
    """An article paragraph rather than a caption, label or headline."""
    if words(text) >= 30 or sentences(text) > 1:
        return True
    return ends_sentence(text) and not short_caption(text)


def short_caption(text: str) -> bool:
    # "Quang cảnh hội nghị." — one short sentence without a comma: how captions are written.
    return words(text) <= 12 and sentences(text) == 1 and not re.search(r"[,;:“\"]", text)


# --- page noise ----------------------------------------------------------------------------------

_NOISE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"google news",
        r"^lượt (xem|đọc|thích)\s*:?\s*[\d.,]*$",
        r"^(image )?advertisement$|^quảng cáo$|^tài trợ$",
        r"^anh[-_]tin[-_]bai",
        r"^[\w.-]+\.(jpe?g|png|webp|gif)$",
        r"^!\[[^\]]*\]\([^)]*\)$",  # a Markdown image line
        r"^(thống kê truy cập|đang online|đang truy cập|trực tuyến|hôm nay|hôm qua|tuần này|tháng này"
        r"|năm nay|tổng truy cập|tổng lượt truy cập|lượt truy cập|số lượt truy cập|khách|thành viên)"
        r"\s*:?\s*[\d.,]*$",
        r"^[\d.,\s]+$",  # a bare counter: "4,287"
        r"^((chia sẻ|share|in bài|in trang|bản in|gửi bài|gửi email|gửi cho bạn bè|lưu bài|lưu tin|"
        r"bình luận|facebook|zalo|twitter|linkedin|email|e-mail|copy link|sao chép liên kết|in|print|"
        r"tweet|thích|like|quay lại|về đầu trang|lên đầu trang|trở về|xem thêm|đọc tiếp|báo lỗi|"
        r"theo dõi)\s*[|/,·•:\-]?\s*)+$",
        r"^(slideshow|slide show|gallery|album( ảnh)?|bộ ảnh|phóng sự ảnh|ảnh|xem ảnh|xem album|"
        r"xem ảnh lớn|video|clip|emagazine|infographic|trước|sau|tiếp|previous|next|«|»|‹|›)"
        r"(\s*\(?\d+\s*/\s*\d+\)?)?$",
        r"^\(?\d+\s*/\s*\d+\)?$",  # "3 / 6" in a slideshow
        r"^(ảnh|video|clip|nguồn ảnh)\s*:\s*.{1,40}$",  # a bare photo credit
        r"^(từ khoá|từ khóa|tags?|keywords?)\s*:",
        r"^(©|copyright|bản quyền)",
        r"^(cỡ chữ|font size|a-\s*a\s*a\+)",
        r"^(nghe|đọc) (bài|tin)( viết| này)?$|^(tạm dừng|phát)$",
        r"^trang chủ\b.{0,60}$",
        # A skip link: "Bỏ qua nội dung", "Chuyển đến nội dung chính", "Skip to main content".
        r"^(bỏ qua|chuyển (đến|tới)|đi (đến|tới)|nhảy (đến|tới)|về) (phần )?nội dung( chính)?$",
        r"^skip (to|navigation)\b.{0,30}$",
    )
]
RELATED = re.compile(
    r"^(tin|bài|bài viết|tin tức)( liên quan| cùng chuyên mục| khác| cùng chủ đề| mới( nhất)?| đọc nhiều"
    r"| xem nhiều| nổi bật)|^(các|những) (tin|bài|bài viết) (khác|liên quan|cùng chuyên mục)"
    r"|^(có thể bạn quan tâm|đọc thêm|xem thêm|cùng chuyên mục|đọc nhiều|xem nhiều)",
    re.IGNORECASE,
)
LINK_LINE = re.compile(r"^[-*+•·]?\s*\[[^\]]+\]\((?P<url>[^)\s]+)\)\s*$")
BULLET = re.compile(r"^[-*+•·▪►–]\s+")
# Section names newspapers print above the headline; a line made only of these is a banner.
_SECTIONS = {
    "thời sự", "chính trị", "thời sự - chính trị", "cải cách hành chính", "kinh tế", "xã hội",
    "văn hoá", "văn hóa", "thể thao", "pháp luật", "tin tức", "tin tức - sự kiện", "tin tức sự kiện",
    "địa phương", "trong tỉnh", "trong nước", "quốc tế", "trang chủ", "tin trong tỉnh",
    "chuyển đổi số", "xây dựng đảng", "quốc phòng - an ninh", "giáo dục", "y tế", "nông nghiệp",
    "tin chi tiết", "chi tiết tin", "chi tiết", "tin tức chi tiết", "chi tiết tin tức", "nội dung chi tiết",
    "tin hoạt động", "tin tổng hợp", "tin mới", "tin nổi bật",
}
# "Tin cải cách hành chính", "Chuyên mục: Xây dựng chính quyền": a section's name with its label.
_SECTION_LABEL = re.compile(r"^(?:tin|tin tức|bản tin|chuyên mục|chuyên trang)\s*:?\s+")


def is_noise(text: str) -> bool:
    return any(p.search(text) for p in _NOISE)


# The paper's or portal's own name printed above the headline: "BÁO ĐỒNG THÁP ĐIỆN TỬ", "Báo Quảng
# Ninh điện tử", "CỔNG THÔNG TIN - GIAO TIẾP ĐIỆN TỬ TỈNH VĨNH PHÚC" ("Báo cáo …" is a headline).
_MASTHEAD_START = re.compile(
    r"^(?:báo(?!\s+cáo)|cổng\s+thông\s+tin|trang\s+thông\s+tin|tạp\s+chí|đài\s+phát\s+thanh)\s",
    re.IGNORECASE)
_MASTHEAD_MARK = re.compile(r"(?:điện\s+tử|online|\.vn|cơ\s+quan\s+của)", re.IGNORECASE)


# An agency's name in capitals above its portal's pages: "SỞ NỘI VỤ TỈNH YÊN BÁI", "BỘ XÂY DỰNG - CỔNG
# THÔNG TIN ĐIỆN TỬ"; a headline in capitals says what happened after the place's name.
_AGENCY = re.compile(
    r"^(?:sở|bộ|ban|uỷ ban|ủy ban|ubnd|văn phòng|trung tâm|cục|chi cục|tổng cục|hội đồng|đảng bộ|huyện uỷ|"
    r"huyện ủy|tỉnh uỷ|tỉnh ủy)\s(?:.{0,60}\s(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường)"
    r"(?:\s+\S+){1,4}|.{0,60}[-–|]\s*(?:cổng|trang) thông tin(?: điện tử)?)$",
    re.IGNORECASE)


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def is_masthead(text: str) -> bool:
    if words(text) > 20 or text.rstrip().endswith((".", ":")):
        return False
    if _AGENCY.match(text) and words(text) <= 14 and _shouting(text):
        return True
    if not _MASTHEAD_START.match(text):
        return False
    return _shouting(text) or bool(_MASTHEAD_MARK.search(text))


def is_banner(line: Line) -> bool:
    """A menu or breadcrumb line (items set apart by runs of spaces or by » > | separators), a
    section's name, a link set between bars ("| Tin liên quan |"), or the outlet's masthead."""
    if re.search(r"\S\s{2,}\S", line.raw) or re.search(r"\s[»›>|/]\s", line.text):
        return True
    text = line.text
    if len(re.findall(r"[»›>]", text)) >= 2 and words(text) <= 15 and not ends_sentence(text):
        return True     # a breadcrumb written without spaces: "Trang chủ>Tin tức>Tin chi tiết"
    if text.startswith("|") and text.endswith("|"):
        return True
    if is_masthead(text):
        return True
    pieces = [p.strip().lower() for p in re.split(r"\s{2,}|\s[-»›>|/]\s", line.raw) if p.strip()]
    return all(p in _SECTIONS or _SECTION_LABEL.sub("", p) in _SECTIONS for p in pieces)


def is_headline(line: Line) -> bool:
    """A title: no final period, long enough to say something, one sentence."""
    text = line.text
    if is_noise(text) or is_banner(line) or LINK_LINE.match(text) or BULLET.match(text):
        return False
    if text.rstrip(CLOSERS).endswith((".", ";", ":")):
        return False
    return 5 <= words(text) <= 40 and len(text) >= 20 and sentences(text) == 1


# --- bylines -------------------------------------------------------------------------------------

CREDIT = re.compile(
    r"^(?:(?:bài|tin|ảnh|clip|video)(?:\s*(?:,|và|&|\+|-|/)\s*(?:bài|tin|ảnh|clip|video))*|"
    r"tác giả|phóng viên|nhóm phóng viên|nhóm pv|pv|thực hiện)\s*:\s*(?P<who>.+?)\.?$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:\.[^\W\d_]+)*\.?$")
# Menu and widget labels printed in Title Case look like names: "Thống Kê", "Liên Hệ".
_NOT_NAMES = {
    "thống kê", "liên hệ", "trang chủ", "tin tức", "bình luận", "chia sẻ", "đăng nhập", "đăng ký",
    "giới thiệu", "tìm kiếm", "văn bản", "thủ tục hành chính", "dịch vụ công", "hỏi đáp", "sơ đồ trang",
    "xem thêm", "quay lại", "in bài", "tin liên quan", "bài viết khác", "cải cách hành chính",
}


def _is_name(text: str) -> bool:
    parts = text.split()
    return (2 <= len(parts) <= 4 and all(_NAME_WORD.match(w) and w[0].isupper() for w in parts)
            and text.lower() not in _NOT_NAMES)


def byline(text: str) -> str | None:
    """The author named by a byline line, or None.  "Bài, ảnh: Huỳnh Đức" → "Huỳnh Đức";
    "Linh Thuỳ" → "Linh Thuỳ"; "Minh Anh - Thanh Tâm (TTXVN)" → "Minh Anh, Thanh Tâm"."""
    if credit := CREDIT.match(text):
        who = credit.group("who").strip()
        head = text.split(":", 1)[0].lower()
        # "Ảnh: X" alone credits the photographer, not the writer.
        return who if any(k in head for k in ("bài", "tin", "tác giả", "phóng viên", "pv", "thực hiện")) \
            and len(who) <= 60 else None
    if len(text) > 60:
        return None
    bare = re.sub(r"\s*\([^()]{1,20}\)$", "", text).strip()
    names = [n for n in re.split(r"\s*(?:\s-\s|–|,|&|\svà\s)\s*", bare) if n]
    if names and all(_is_name(n) for n in names):
        return ", ".join(names)
    return None
