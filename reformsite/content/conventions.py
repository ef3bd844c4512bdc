"""Jekyll's and Hugo's conventions for a content file: what its path says (the date and slug of
`_posts/2024-03-05-hop-bao.md`, a post's categories, Hugo's sections and section pages), their
front matter fields as reformsite's, and the URL the file had on the old site.

An article keeps that URL when the site's permalink style is taken from the generator's config;
otherwise it gets the portal's URL and the old one becomes a redirect.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from reformsite.config import Origin
from reformsite.core import fold_diacritics, nfc, slugify

from .files import JEKYLL_POSTS

# Jekyll's file name of a post: the date, then the slug ("2017-2-5-x" is a valid one).
_DATED_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_TOKEN = re.compile(r":([a-z_]+)")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
# Private keys of Draft.extra: the old addresses to redirect from, and when the article expires.
REDIRECT_FROM = "_redirect_from"
EXPIRES = "_expires"
# Later names of the same field, by generator: Hugo's publishDate and expiryDate in any case.
_PUBLISH = ("publishDate", "publishdate", "pubdate", "published_at")
_EXPIRY = ("expiryDate", "expirydate", "unpublishdate")
_UPDATED = ("lastmod", "last_modified_at", "modified")


@dataclass(frozen=True)
class FileFacts:
    """What a file's path says under its generator's conventions."""

    generator: str
    post: bool                      # a Jekyll post or draft
    in_drafts: bool                 # under Jekyll's _drafts/
    name_date: dt.date | None       # from "2024-03-05-slug.md"
    name_slug: str                  # the name without date and extension ("index" bundles: the folder's)
    folders: tuple[str, ...]        # Jekyll: a post's categories; Hugo: its sections
    section_page: bool              # Hugo's _index.md
    index_page: bool                # index.md: the folder's own page
    at_root: bool                   # the site's home page (index.md, content/_index.md)


def file_facts(rel: str, origin: Origin) -> FileFacts:
    path = PurePosixPath(rel)
    parts = path.parts[len(PurePosixPath(origin.content_root).parts) if origin.content_root else 0:]
    folders = tuple(parts[:-1])
    stem = path.stem
    post = origin.generator == "jekyll" and any(p in JEKYLL_POSTS for p in folders)
    if post:
        folders = folders[:min(folders.index(p) for p in JEKYLL_POSTS if p in folders)]
    name_date = None
    if (match := _DATED_NAME.match(stem)) and origin.generator != "hugo":
        try:
            name_date = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            stem = match.group(4)
        except ValueError:
            name_date = None
    index_page = stem in ("index", "_index")
    if index_page and folders and origin.generator == "hugo":
        stem = folders[-1]
    return FileFacts(origin.generator, post, post and "_drafts" in path.parts, name_date, stem,
                     folders, stem == "_index" or path.name == "_index.md", index_page,
                     index_page and not folders)


def _first_of(meta: dict[str, Any], names: tuple[str, ...]) -> Any:
    return next((meta[n] for n in names if meta.get(n) not in (None, "")), None)


def _author(value: Any) -> Any:
    """A WordPress export's {login, display_name, email}, or a list of authors, as one line."""
    if isinstance(value, dict):
        names = (value[k] for k in ("display_name", "name", "login") if isinstance(value.get(k), str))
        return next(names, None)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return value


def titleize(slug: str) -> str:
    """Jekyll's title of a post without one: "hop-giao-ban" → "Hop Giao Ban"."""
    return " ".join(word[:1].upper() + word[1:] for word in re.split(r"[-_\s]+", slug) if word)


def adapt_fields(meta: dict[str, Any], positions: dict[str, tuple[int, int]], facts: FileFacts
                 ) -> dict[str, Any]:
    """*meta* with other generators' fields read as reformsite's: url as permalink, publishDate,
    lastmod, a WordPress author, `category: 2013`, Jekyll's `tags: a b`, the date and title a
    post's file name gives; *positions* get the new keys' lines."""
    meta = dict(meta)

    def rename(names: tuple[str, ...], to: str) -> None:
        value = _first_of(meta, names)
        if value is not None and meta.get(to) in (None, ""):
            meta[to] = value
            positions.setdefault(to, next(positions[n] for n in names if n in positions) if any(
                n in positions for n in names) else (1, 1))

    rename(("url",), "permalink")
    rename(("tag",), "tags")
    rename(_UPDATED, "updated")
    published = _first_of(meta, _PUBLISH)
    if published is not None and (meta.get("date") in (None, "") or _later(published, meta["date"])):
        meta["date"] = published
        positions["date"] = next((positions[n] for n in _PUBLISH if n in positions), (1, 1))
    if "author" in meta:
        meta["author"] = _author(meta["author"])
    for key in ("category", "categories", "tags"):
        if isinstance(meta.get(key), int | float) and not isinstance(meta.get(key), bool):
            meta[key] = str(meta[key])
    if facts.generator == "jekyll" and isinstance(meta.get("tags"), str) and "," not in meta["tags"]:
        meta["tags"] = meta["tags"].split()
    if isinstance(meta.get("permalink"), str) and meta["permalink"]:
        meta["permalink"] = _permalink(meta["permalink"], facts)
    if facts.generator != "reformsite" and meta.get("summary") in (None, ""):
        rename(("description", "excerpt"), "summary")
    if meta.get("date") in (None, "") and facts.name_date is not None:
        meta["date"] = facts.name_date
    if meta.get("title") in (None, "") and facts.generator != "reformsite":
        meta["title"] = titleize(facts.name_slug if not facts.section_page else (facts.folders or ("",))[-1])
    if facts.in_drafts:
        meta["draft"] = True
    return meta


def _permalink(written: str, facts: FileFacts) -> str:
    """A permalink from "/", as Jekyll takes it without; an old site's made safe for this one
    ("/+/a+b.html" → "/a-b.html"), placeholders ("/:year/:title/") left for url_values."""
    written = written if written.startswith("/") else "/" + written
    if facts.generator == "reformsite" or ":" in written:
        return written
    return url_path(written)


def _later(first: Any, second: Any) -> bool:
    try:
        return bool(_as_datetime(first) > _as_datetime(second))
    except TypeError:
        return False


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    raise TypeError(value)


def url_path(path: str) -> str:
    """A path of the old site made safe for this one: lower case, diacritics folded, other characters
    as "-", no empty or "." segments; a folder's path ends with "/"."""
    segments = []
    for part in path.split("/"):
        part = _UNSAFE.sub("-", fold_diacritics(nfc(part)).lower()).strip("-").lstrip(".")
        if part and part not in (".", ".."):
            segments.append(part)
    folder = path.endswith("/") or not segments or "." not in segments[-1].strip(".")
    return "/" + "/".join(segments) + ("/" if folder and segments else "")


def expand(pattern: str, values: dict[str, str]) -> str:
    """A Jekyll or Hugo permalink *pattern* ("/:year/:month/:title/", "pretty") for *values*."""
    pattern = JEKYLL_STYLES.get(pattern, pattern)
    return url_path(_TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), pattern))


def url_values(facts: FileFacts, date: dt.datetime | None, slug: str, title: str,
               categories: tuple[str, ...]) -> dict[str, str]:
    """The values of the permalink placeholders of Jekyll (:title, :categories, :output_ext …)
    and Hugo (:sections, :slug, :filename …)."""
    values = {"title": slug, "slug": slug, "name": facts.name_slug, "basename": facts.name_slug,
              "filename": facts.name_slug, "slugorfilename": slug, "contentbasename": facts.name_slug,
              "categories": "/".join(slugify(c) for c in categories), "output_ext": ".html",
              "path": "/".join(facts.folders), "section": facts.folders[0] if facts.folders else "",
              "sections": "/".join(facts.folders)}
    if facts.generator == "hugo":
        values["title"] = slugify(title) or slug
    if date is not None:
        values.update(year=f"{date.year:04d}", month=f"{date.month:02d}", day=f"{date.day:02d}",
                      i_month=str(date.month), i_day=str(date.day), short_year=f"{date.year % 100:02d}",
                      y_day=f"{date.timetuple().tm_yday:03d}", hour=f"{date.hour:02d}",
                      minute=f"{date.minute:02d}", second=f"{date.second:02d}",
                      monthname=date.strftime("%B").lower())
    return values


def old_url(facts: FileFacts, origin: Origin, values: dict[str, str]) -> str:
    """Where the generator published the file: a post by the site's permalink style (Jekyll's
    default: "date"), a Jekyll page at its path (.html), a Hugo page at its sections and slug."""
    if facts.post:
        return expand(origin.permalink or "date", values)
    pretty = origin.permalink == "pretty" or (origin.permalink or "").endswith("/")
    if facts.generator == "jekyll":
        folder = "/".join(facts.folders)
        if facts.index_page:
            return url_path(folder + "/")
        return url_path(f"{folder}/{facts.name_slug}" + ("/" if pretty else ".html"))
    section = facts.folders[0] if facts.folders else ""
    if (pattern := dict(origin.sections).get(section)) and not facts.section_page:
        return expand(pattern, values)
    if facts.section_page or (facts.index_page and not values["slug"]):
        return url_path("/".join(facts.folders) + "/")
    return url_path("/".join((*facts.folders[:-1], facts.folders[-1]) if facts.index_page else
                             (*facts.folders, values["slug"])) + "/")


def redirects_from(meta: dict[str, Any]) -> tuple[str, ...]:
    """The old addresses the front matter lists (Hugo's aliases, jekyll-redirect-from's redirect_from)."""
    found: list[str] = []
    for key in ("aliases", "redirect_from"):
        value = meta.get(key)
        for item in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
            if isinstance(item, str) and item.strip() and "://" not in item:
                found.append(url_path(item.strip() if item.strip().startswith("/") else "/" + item.strip()))
    return tuple(dict.fromkeys(found))


def expiry(meta: dict[str, Any]) -> Any:
    return _first_of(meta, _EXPIRY)
