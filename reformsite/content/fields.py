"""The front matter's fields, read and validated group by group; each problem is reported at the
line and column of the field it is about, with a hint saying what to write instead.

Which fields there are, and how the simple ones are read, is data/front_matter.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from typing import Any

from reformsite.config import DEFAULT_LABELS, LANGUAGES
from reformsite.core import (
    DateError,
    Diagnostic,
    Severity,
    invalid_character,
    load_yaml,
    nfc,
    parse_date,
    slugify,
    url_problem,
    without_invalid,
)

_TABLE = load_yaml(resources.files("reformsite").joinpath("data/front_matter.yaml").read_text("utf-8"))
TEXT_FIELDS: tuple[str, ...] = tuple(_TABLE["text"])
NAME_LISTS: dict[str, str | None] = _TABLE["names"]
FLAGS: dict[str, bool] = _TABLE["flags"]
KNOWN_FIELDS = frozenset({*TEXT_FIELDS, *NAME_LISTS, *FLAGS, *_TABLE["own"], *_TABLE["generators"]})

_GENERATOR_FIELDS = frozenset(k.lower() for k in _TABLE["generators"])
_LABEL = re.compile(r"^\s*\[(?P<label>[^\]\n]{1,30})\]\s*")
_SAFE_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _string_list(value: Any, *, separator: str | None) -> tuple[str, ...] | None:
    """A list of strings, or a string split on *separator* (None: whitespace, as Jekyll does)."""
    if value is None:
        return ()
    if isinstance(value, str):
        parts = value.split(separator) if separator else value.split()
        return tuple(nfc(p.strip()) for p in parts if p.strip())
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return tuple(nfc(str(v).strip()) for v in value if str(v).strip())
    return None


def split_label(title: str, labels: tuple[str, ...] = DEFAULT_LABELS) -> tuple[str, str | None, str | None]:
    """" [Tot] Tân Thành Bình …" → ("Tân Thành Bình …", "tot", "Tot") for a label of *labels*
    (slugs); any other bracketed prefix ("[Part 5] …") stays in the title."""
    if (match := _LABEL.match(title)) and slugify(match.group("label")) in labels:
        label_text = match.group("label").strip()
        return title[match.end():].strip(), slugify(label_text) or None, label_text
    return title.strip(), None, None


def check_link(value: str) -> str | None:
    """Why *value* may not be used as a link or image address (href/src), or None when it is safe."""
    return url_problem(value)


def check_url_path(value: str) -> str | None:
    """Why *value* may not be used as a site path (slug or permalink), or None when it is safe."""
    if "\x00" in value:
        return "contains a NUL character"
    if "\\" in value:
        return "contains a backslash"
    parts = [p for p in value.strip("/").split("/") if p]
    if any(p in (".", "..") for p in parts):
        return "tries to leave the site with '..'"
    if any(len(p.encode()) > 200 for p in parts):
        return "has a path segment longer than 200 bytes"
    if any(not _SAFE_SEGMENT.match(p) for p in parts):
        return "may only contain lower-case ASCII letters, digits, '-', '_' and '.'"
    return None


def _first_invalid(value: Any) -> str | None:
    """The first character of the texts in *value* (keys too) that is not valid text, or None."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if (bad := invalid_character(item)) is not None:
                return bad
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return None


def _cleaned(value: Any) -> Any:
    """*value* with the characters invalid_character finds removed from its texts."""
    if isinstance(value, str):
        return without_invalid(value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


# Fields that make an address or a path: a character removed would give another one than written.
_ADDRESS_FIELDS = frozenset({"slug", "permalink", "url", "source_url", "image", "aliases", "redirect_from"})


def _absent(meta: dict[str, Any], key: str) -> bool:
    return key not in meta or meta[key] in (None, "")


class Fields:
    """One file's front matter, read field group by field group into *problems*.

    A field that is wrong is reported and read as absent (or as its default), so that every
    problem of the file is found in one pass."""

    def __init__(self, path: str, meta: dict[str, Any], positions: dict[str, tuple[int, int]],
                 fm_line: int, problems: list[Diagnostic]) -> None:
        self.path = path
        self.meta = meta
        self.positions = positions
        self.fm_line = fm_line
        self.problems = problems

    def fail(self, key: str | None, message: str, hint: str, severity: Severity = Severity.ERROR) -> None:
        """A problem at *key*'s value, or at the front matter's first line (key None: a missing field)."""
        line, col = self.positions.get(key, (self.fm_line, 1)) if key else (self.fm_line, 1)
        self.problems.append(Diagnostic(self.path, line, col, message, hint, severity))

    def clean_invalid_text(self) -> None:
        """Remove the characters that are not valid text (NUL and other control characters, half
        a UTF-16 pair from JSON's "\\ud800") with a warning; in a field name or an address (slug,
        permalink, image …) they are an error, and the field is dropped."""
        for key in list(self.meta):
            if (bad := _first_invalid([key, self.meta[key]])) is None:
                continue
            shown = key.encode("utf-8", "backslashreplace").decode("utf-8")
            shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in shown)
            if invalid_character(key) is not None or key in _ADDRESS_FIELDS:
                self.fail(key, f"'{shown}' holds a character that is not valid text ({bad})",
                          "delete the character; write the text with ordinary letters")
                del self.meta[key]
                continue
            self.fail(key, f"'{shown}' holds a character that is not valid text ({bad}): it is left out",
                      "delete the character; write the text with ordinary letters", Severity.WARNING)
            self.meta[key] = _cleaned(self.meta[key])

    def warn_unknown(self) -> None:
        for key in sorted(set(self.meta) - KNOWN_FIELDS):
            if key.lower() in _GENERATOR_FIELDS:
                continue            # Hugo's keys are case-insensitive: linktitle is linkTitle
            close = [k for k in KNOWN_FIELDS if slugify(k) == slugify(key) or key.lower() == k]
            hint = f"did you mean '{close[0]}'?" if close else "unknown fields are kept but not used"
            self.fail(key, f"unknown field '{key}'", hint, Severity.WARNING)

    def title(self, labels: tuple[str, ...] = DEFAULT_LABELS) -> tuple[str | None, str | None, str | None]:
        """(title, label, label as written), the label taken from the title's "[Tot] " prefix
        when it is one of *labels*."""
        raw = self.meta.get("title")
        if raw is None:
            self.fail(None, "missing required field 'title'", "add a line such as: "
                      "title: \"Tân Thành Bình thực hiện tốt công tác cải cách hành chính\"")
            return None, None, None
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            self.fail("title", f"'title' must be text, not {type(raw).__name__}",
                      "put the whole title on one line in quotes")
            return None, None, None
        title, label, label_text = split_label(nfc(str(raw)), labels)
        if not title:
            self.fail("title", "the title is empty", "write the article's headline after 'title:'")
        return title, label, label_text

    def dates(self, kind: str) -> tuple[dt.datetime | None, dt.datetime | None]:
        """(date, updated); a *kind* "page" and a draft may have no date."""
        date = updated = None
        is_draft = self.meta.get("draft") is True or self.meta.get("published") is False
        if _absent(self.meta, "date") and kind == "page":
            pass  # standalone pages ("Giới thiệu") are not news and need no date
        elif _absent(self.meta, "date") and is_draft:
            # Imported articles whose date was not found are written as undated drafts.
            self.fail(None, "this draft has no date; it is shown only with --drafts, dated at build time",
                      "add a line such as: date: 04/11/2024 08:00 before publishing it", Severity.WARNING)
        elif _absent(self.meta, "date"):
            self.fail(None, "missing required field 'date'", "add a line such as: date: 04/11/2024 08:00")
        else:
            try:
                date = parse_date(self.meta["date"])
            except DateError as exc:
                self.fail("date", str(exc), DateError.hint)
        if self.meta.get("updated") not in (None, ""):
            try:
                updated = parse_date(self.meta["updated"])
            except DateError as exc:
                self.fail("updated", f"'updated': {exc}", DateError.hint)
        return date, updated

    def name_lists(self) -> dict[str, tuple[str, ...]]:
        """Each of NAME_LISTS as a tuple of names (empty when absent or wrong)."""
        lists: dict[str, tuple[str, ...]] = {}
        for key, separator in NAME_LISTS.items():
            value = _string_list(self.meta.get(key), separator=separator)
            if value is None:
                self.fail(key, f"'{key}' must be a list of names or a text",
                          f"e.g. {key}: [Cải cách hành chính, Chuyển đổi số]")
                value = ()
            lists[key] = value
        return lists

    def flags(self) -> dict[str, bool]:
        """Each of FLAGS as true or false (its default when absent or wrong)."""
        flags: dict[str, bool] = {}
        for key, default in FLAGS.items():
            value = self.meta.get(key, default)
            if not isinstance(value, bool):
                self.fail(key, f"'{key}' must be true or false, not {value!r}",
                          f"write {key}: true or {key}: false")
                value = default
            flags[key] = value
        return flags

    def texts(self) -> dict[str, str | None]:
        """Each of TEXT_FIELDS as one line of NFC text, or None when absent or not text."""
        texts: dict[str, str | None] = {}
        for key in TEXT_FIELDS:
            value = self.meta.get(key)
            if value is not None and not isinstance(value, str | int | float):
                self.fail(key, f"'{key}' must be text, not {type(value).__name__}", "write it on one line")
                value = None
            texts[key] = nfc(str(value)).strip() if value is not None else None
        return texts

    def language(self, written: str | None) -> str | None:
        """"vi" or "en" from `lang` as *written* ("vi-VN", "EN"), or None: the site's language."""
        lang = (written or "").lower().replace("_", "-").partition("-")[0] or None
        if lang is not None and lang not in LANGUAGES:
            self.fail("lang", f"unknown language {written!r}: the site's language is used",
                      "write lang: vi or lang: en (English pages read numbers as 52,761 and 99.29%)",
                      Severity.WARNING)
            return None
        return lang

    def link(self, key: str, value: str | None) -> str | None:
        """*value* of the address field *key* (source_url, image), or None when it is not safe."""
        if value and (reason := check_link(value)) is not None:
            self.fail(key, f"'{key}' {reason}", "use an https:// address or a path inside the site")
            return None
        return value

    def slug(self, value: str | None) -> str | None:
        if value is not None and (reason := check_url_path(value)) is not None:
            self.fail("slug", f"slug {value!r} {reason}",
                      "use letters, digits and hyphens, e.g. slug: tan-thanh-binh")
            return None
        return value

    def permalink(self, value: str | None) -> str | None:
        """*value* as a site path from "/"; a folder's path ends with "/"."""
        if value is None:
            return None
        reason = check_url_path(value)
        if reason is None and not value.startswith("/"):
            reason = "must start with '/'"
        if reason is not None:
            self.fail("permalink", f"permalink {value!r} {reason}", "e.g. permalink: /bai-viet/ten-bai/")
            return None
        if not value.endswith("/") and "." not in value.rsplit("/", 1)[-1]:
            value += "/"
        return value

    def places(self) -> tuple[str, ...] | None:
        """The places the editor names (overriding the tagger's), or None when the field is absent."""
        if "places" not in self.meta:
            return None
        places = _string_list(self.meta["places"], separator=";")
        if places is None:
            self.fail("places", "'places' must be a list of place names",
                      'e.g. places: ["xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre"]')
        return places
