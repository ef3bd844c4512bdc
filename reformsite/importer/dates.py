"""Datelines of Vietnamese news pages: "Cập nhật ngày: 13/04/2024 - 19:42", "Thứ Bảy, 13/04/2024
19:42", "13-04-2024", ISO 8601 in HTML metadata.  Times without a zone are Vietnam time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from reformsite.core import VIETNAM

from .lines import byline

_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\2\s?((?:19|20)\d{2})(?!\d)")
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})", re.IGNORECASE)
_ISO = re.compile(
    r"((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?"
)
_TIME = re.compile(r"(?<![\d/.:])(\d{1,2})\s?[:hg]\s?(\d{2})(?![\d/])")
_DATE_LABEL = re.compile(
    r"^(cập nhật|ngày cập nhật|ngày đăng|đăng ngày|đăng lúc|đăng tải|ngày xuất bản|xuất bản|"
    r"thời gian( đăng)?|published|updated?|posted)\b",
    re.IGNORECASE,
)
_PUBLISHED_LABEL = re.compile(r"^(ngày đăng|đăng|ngày xuất bản|xuất bản|published|posted)", re.IGNORECASE)
_DATE_FILLER = re.compile(
    r"\b(thứ (hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ nhật|cn|t[2-7]|gmt\s*\+\s*0?7(:00)?|utc\s*\+\s*0?7|"
    r"ngày|lúc|giờ|cập nhật|đăng|am|pm|sa|ch)\b",
    re.IGNORECASE,
)


def parse_iso(value: str) -> datetime | None:
    """An ISO 8601 date from HTML metadata; naive times are Vietnam time."""
    match = _ISO.search(value)
    if not match:
        return None
    y, mo, d, hh, mm, ss, zone = match.groups()
    try:
        when = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    if zone:
        offset = timedelta(0) if zone == "Z" else (
            (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:])))
        return when.replace(tzinfo=timezone(offset)).astimezone(VIETNAM)
    return when.replace(tzinfo=VIETNAM)


def _date_in(text: str) -> tuple[datetime | None, str]:
    """The first date and time in *text*, and what is left once they are taken out."""
    found = _DATE.search(text)
    if found:
        day, month, year = int(found.group(1)), int(found.group(3)), int(found.group(4))
    elif found := _LONG_DATE.search(text):
        day, month, year = int(found.group(1)), int(found.group(2)), int(found.group(3))
    elif (found := _ISO.search(text)) and (when := parse_iso(found.group(0))):
        return when, text.replace(found.group(0), " ")
    else:
        return None, text
    rest = text[: found.start()] + " " + text[found.end():]
    hour = minute = 0
    if clock := _TIME.search(rest):
        hour, minute = int(clock.group(1)), int(clock.group(2))
        rest = rest[: clock.start()] + " " + rest[clock.end():]
    try:
        return datetime(year, month, day, hour, minute, tzinfo=VIETNAM), rest
    except ValueError:  # 31/02, 25:61: not a date after all
        try:
            return datetime(year, month, day, tzinfo=VIETNAM), rest
        except ValueError:
            return None, text


def meta_date(text: str) -> tuple[datetime | None, bool] | None:
    """For a dateline ("Cập nhật ngày: 13/04/2024 - 19:42", "Thứ Bảy, 13/04/2024 19:42"):
    (its date, whether it is the publication rather than update date).  None for other lines,
    so dates inside article sentences are never taken for the article's date."""
    if len(text.split()) > 16:
        return None
    labelled = bool(_DATE_LABEL.match(text))
    when, rest = _date_in(text)
    if when is None:
        return (None, False) if labelled and re.search(r"\d", text) else None
    rest = _DATE_FILLER.sub(" ", rest)
    rest = re.sub(r"[\s|,;:()\[\]/–—-]+", " ", rest).strip()
    if labelled or not rest or (len(rest.split()) <= 2 and not rest[:1].isupper()):
        return when, bool(_PUBLISHED_LABEL.match(text))
    if byline(rest):
        return when, False      # "Tuấn Điệp - 05/08/2025 - 09:17": the author, then the date
    return None
