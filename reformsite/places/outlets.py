"""News outlets and government portals: which paper a URL or a byline mark belongs to.

The outlet often names the province an article is about when the text does not ("BTNO - Ngày
12.4, UBND thành phố …" is Tây Ninh), so the place tagger and the importer both read this table.
The data lives in ``data/outlets.yaml``; this module only indexes it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from reformsite.core import load_yaml, name_key


@dataclass(frozen=True)
class Outlet:
    domain: str  # "baodongkhoi.vn": the outlet's main domain, even when matched through an older one
    name: str  # "Báo Đồng Khởi"
    code: str | None  # "BDK": the mark in front of leads and bylines
    province: str | None  # old-era province without type word ("Bến Tre"); None for national outlets
    district: str | None = None  # a district's or city's portal: the district it serves ("Huế")
    commune: str | None = None  # a commune's or ward's portal


@dataclass(frozen=True)
class _Index:
    by_domain: dict[str, Outlet]
    by_code: dict[str, Outlet]


def _code_key(code: str) -> str:
    # Bylines are typed by hand: "ĐTO", "DTO", "(Đto)" all mean Đồng Tháp Online.
    return name_key(code.strip().strip("()[]").strip(), fold=True)


@functools.cache
def _index() -> _Index:
    raw = load_yaml(resources.files("reformsite").joinpath("data/outlets.yaml").read_text("utf-8"))
    by_domain: dict[str, Outlet] = {}
    by_code: dict[str, Outlet] = {}
    for entry in raw["outlets"]:
        outlet = Outlet(
            domain=entry["domain"].lower(),
            name=entry["name"],
            code=str(entry["code"]) if entry.get("code") else None,
            province=entry.get("province"),
            district=entry.get("district"),
            commune=entry.get("commune"),
        )
        for domain in (outlet.domain, *entry.get("also", ())):
            if domain.lower() in by_domain:
                raise ValueError(f"outlets.yaml: domain {domain} is listed twice")
            by_domain[domain.lower()] = outlet
        if outlet.code:
            key = _code_key(outlet.code)
            if key in by_code:
                raise ValueError(f"outlets.yaml: code {outlet.code} is listed twice")
            by_code[key] = outlet
    return _Index(by_domain, by_code)


def _host(url: str) -> str:
    url = url.strip()
    # A bare "baodongkhoi.vn/abc" has no scheme; urlsplit would read it all as a path.
    if "//" not in url:
        url = "//" + url
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def outlet_for_url(url: str | None) -> Outlet | None:
    """The outlet whose domain is the URL's host or one of its parent domains; "www." is ignored."""
    if not url:
        return None
    host = _host(url)
    by_domain = _index().by_domain
    labels = host.split(".")
    # Longest suffix first, so "mocaybac.bentre.gov.vn" finds bentre.gov.vn, never a bare "gov.vn".
    for start in range(len(labels) - 1):
        outlet = by_domain.get(".".join(labels[start:]))
        if outlet is not None:
            return outlet
    return None


def outlet_for_code(code: str) -> Outlet | None:
    """The outlet that signs with *code* ("BTNO", "(BDK)", "dto"); a domain mark such as
    "Baohatinh.vn" is looked up as a domain."""
    if not code or not code.strip():
        return None
    outlet = _index().by_code.get(_code_key(code))
    if outlet is None and "." in code:
        outlet = outlet_for_url(code.strip().strip("()[]"))
    return outlet


# A mark in front of a lead: "BTNO - ", "(GLO) - ", "(Baohatinh.vn) – ".
_LEAD_MARK = re.compile(r"\(?(?P<mark>[^()\s]{2,30}?)\)?[^\S\n]*[-–—]+[^\S\n]*(?=[^\W\d_])")


def without_outlet_mark(text: str) -> str:
    """*text* without the mark of a known outlet in front of it (an unknown mark is kept: "TP.HCM -"
    could begin a sentence)."""
    match = _LEAD_MARK.match(text)
    if match is None or outlet_for_code(match.group("mark")) is None:
        return text
    return text[match.end():]


def all_outlets() -> tuple[Outlet, ...]:
    """Every outlet once, in file order."""
    return tuple(dict.fromkeys(_index().by_domain.values()))
