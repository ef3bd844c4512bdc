"""A figure: one indicator's value for one place and period, with the sentence that states it, and
the values its fields can take."""

from __future__ import annotations

from dataclasses import dataclass

from reformsite.core import quick_pickle

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

