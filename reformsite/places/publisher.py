"""Who published an article: the unit whose newspaper or government portal it comes from.

A provincial paper writes "toàn tỉnh" and "UBND huyện" and never its own province's name; a district's
portal never names its district.  The source URL says it: the outlets table knows the papers, and a
government portal's host names its province, then its district or commune, from the right
("bencat.binhduong.gov.vn", "lakhe.hadong.hanoi.gov.vn"); a section of the path can name a unit
too ("…/huyen-chau-thanh/…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from .gazetteer import Era, Gazetteer, Place
from .names import REFORM_DATE
from .outlets import outlet_for_url

# A section of a URL path that names a unit: "huyen-chau-thanh", "thi-xa-ben-cat", "phuong-1".
_SECTION = re.compile(r"^(huyen|quan|thi-xa|thanh-pho|tp|xa|phuong|thi-tran|dac-khu)-([a-z0-9-]+)$")
_SECTION_LEVEL = {"huyen": "district", "quan": "district", "thi-xa": "district", "thanh-pho": "district",
                  "tp": "district", "xa": "commune", "phuong": "commune", "thi-tran": "commune",
                  "dac-khu": "commune"}


@dataclass(frozen=True)
class Publisher:
    place: Place
    by: str          # "outlet" (the outlets table) or "url" (a portal's host, a section of the path)


def publisher_of(url: str | None, published: date, gazetteer: Gazetteer) -> Publisher | None:
    """The most specific unit the source URL shows the article to be published by, in the era of
    the publication date; None for national outlets and unknown hosts."""
    if not url:
        return None
    era: Era = "old" if published < REFORM_DATE else "new"
    found = _from_outlet(url, gazetteer)
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host.endswith(".gov.vn"):
        found = _from_portal(host.split(".")[:-2], found, gazetteer) or found
    if found is not None:
        found = _from_path(parts.path, found, gazetteer) or found
    if found is None:
        return None
    place = gazetteer.in_era(found.place, era)
    return Publisher(place, found.by) if place is not None else None


def _from_outlet(url: str, gazetteer: Gazetteer) -> Publisher | None:
    outlet = outlet_for_url(url)
    if outlet is None or outlet.province is None:
        return None
    provinces = [p for p in gazetteer.lookup(outlet.province, era="old") if p.level == "province"]
    if len(provinces) != 1:
        return None
    place = provinces[0]
    for name in (outlet.district, outlet.commune):
        if name and (inner := _unique_inside(gazetteer.lookup(name), place, gazetteer)) is not None:
            place = inner
    return Publisher(place, "outlet")


def _from_portal(labels: list[str], known: Publisher | None, gazetteer: Gazetteer) -> Publisher | None:
    """Host labels before "gov.vn", right to left: the province, then a district or commune in it,
    then a commune in that.  A label that names no unit inside (a department: "sonoivu", "stttt")
    ends the reading."""
    if not labels:
        return None
    place = known.place if known is not None else None
    if place is None:
        provinces = [p for p in map(gazetteer.get, gazetteer.folded_ids(labels[-1])) if p.level == "province"]
        if not provinces:
            return None
        place = provinces[0]
    deeper = None
    for label in reversed(labels[:-1]):
        inner = _unique_inside(map(gazetteer.get, gazetteer.folded_ids(label)), place, gazetteer)
        if inner is None:
            break
        place = deeper = inner
    if deeper is None and known is not None:
        return None
    return Publisher(place, "url")


def _from_path(path: str, known: Publisher, gazetteer: Gazetteer) -> Publisher | None:
    """A section of the path that names a unit inside the publisher's ("…/huyen-chau-thanh/…");
    the last segment is the article's own slug and is not read."""
    for segment in path.lower().strip("/").split("/")[:-1]:
        if (m := _SECTION.match(segment)) is None:
            continue
        level = _SECTION_LEVEL[m.group(1)]
        candidates = [p for p in map(gazetteer.get, gazetteer.folded_ids(m.group(2).replace("-", "")))
                      if p.level == level]
        if (inner := _unique_inside(candidates, known.place, gazetteer)) is not None:
            return Publisher(inner, "url")
    return None


def _unique_inside(candidates, area: Place, gazetteer: Gazetteer) -> Place | None:
    """The one candidate strictly inside *area* (old units preferred over new ones), or None."""
    inside = [c for c in candidates if c.id != area.id and gazetteer.within(c, area)]
    for era in ("old", "new"):
        same = [c for c in inside if c.era == era]
        if same:
            return same[0] if len(same) == 1 else None
    return None
